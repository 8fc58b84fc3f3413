"""The mid-term review on instances whose answer is worked out by hand: the years up to
Settings as_of_year hold what was actually spent, the years after it are re-planned, and
the past's own breaches are reported, not imposed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pactopt.errors import InputError
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.solver.solution import SolveStatus
from tests.model import tiny

pytestmark = pytest.mark.solve

SOURCE = "ASSUMED: test"


def _two_instruments(as_of: int | None, actuals: list[dict[str, Any]]) -> dict[str, Any]:
    """Three years (2025-2027), one domain, A (2 € of output per €) and B (1 €), each at most
    €100m a year, A at most €250m in all; the government may shift all of line L (€100m a
    year, forgoing 0.5 € of output per €); no private funder, no jobs or savings weight.

    From the first year: A 100, 100, 50 and B 0, 0, 50 (A's total cap binds): output
    2 × 250 + 50 = 550, forgone 0.5 × 300 = 150, value 400. With 2025 locked at A 40, B 60:
    A takes 100 in 2026 and 2027 (A's total 240 ≤ 250), B nothing more: output
    2 × 240 + 60 = 540, value 390. The regret of the year already spent is 400 − 390 = 10."""
    spec = tiny.base()
    spec["settings"].update(
        {"last_year": 2027, "meur_per_job": 0.0, "weight_savings": 0.0, "as_of_year": as_of}
    )
    spec["Instruments"] = [
        tiny.instrument(
            "A",
            max_total_meur=250,
            max_per_year_meur=100,
            output_per_eur_low=2.0,
            output_per_eur_central=2.0,
            output_per_eur_high=2.0,
        ),
        tiny.instrument(
            "B",
            max_per_year_meur=100,
            output_per_eur_low=1.0,
            output_per_eur_central=1.0,
            output_per_eur_high=1.0,
        ),
    ]
    spec["Funders"] = [f for f in spec["Funders"] if f["kind"] != "private"]
    spec["Eligibility"] = [e for e in spec["Eligibility"] if e["funder"] != "priv"]
    spec["BudgetLines"][0].update({"max_shift_share": 1.0, "output_forgone_per_eur": 0.5})
    spec["BudgetLines"][0]["baseline_meur"] = {2025: 100, 2026: 100, 2027: 100}
    spec["Actuals"] = actuals
    return spec


LOCKED_2025 = [
    {"instrument": "A", "funder": "gov", "spent_meur": {2025: 40}, "source": SOURCE},
    {"instrument": "B", "funder": "gov", "spent_meur": {2025: 60}, "source": SOURCE},
]


def _plan(outcome: Any) -> dict[tuple[str, int], float]:
    values = outcome.result.value_map("funding")
    plan: dict[tuple[str, int], float] = {}
    for (i, _, y), v in values.items():
        plan[(i, y)] = plan.get((i, y), 0.0) + v
    return plan


def test_the_re_plan_keeps_the_past_and_decides_the_rest(tmp_path: Path) -> None:
    free = run_solve(tiny.load(_two_instruments(None, []), tmp_path, "free.xlsx"), tmp_path / "f")
    assert free.result.objective == pytest.approx(400.0)
    data = tiny.load(_two_instruments(2025, LOCKED_2025), tmp_path)
    locked = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert locked.result.objective == pytest.approx(390.0)
    plan = _plan(locked)
    assert plan[("A", 2025)] == pytest.approx(40.0, abs=1e-9)
    assert plan[("B", 2025)] == pytest.approx(60.0, abs=1e-9)
    assert plan[("A", 2026)] == pytest.approx(100.0) and plan[("A", 2027)] == pytest.approx(100.0)
    assert plan.get(("B", 2026), 0.0) == pytest.approx(0.0, abs=1e-9)
    assert free.result.objective - locked.result.objective == pytest.approx(10.0)


def test_as_of_year_before_the_first_year_changes_nothing(tmp_path: Path) -> None:
    plain = run_solve(tiny.load(_two_instruments(None, []), tmp_path, "a.xlsx"), tmp_path / "a")
    early = run_solve(tiny.load(_two_instruments(2024, []), tmp_path, "b.xlsx"), tmp_path / "b")
    assert early.result.objective == plain.result.objective
    assert _plan(early) == _plan(plain)


def test_a_past_capacity_breach_is_reported_not_imposed(tmp_path: Path) -> None:
    """B took €130m in 2025 against its €100m a year: the fact is kept (€30m over), the
    solve goes on, and the rest is planned within the rules."""
    actuals = [{"instrument": "B", "funder": "gov", "spent_meur": {2025: 130}, "source": SOURCE}]
    spec = _two_instruments(2025, actuals)
    spec["BudgetLines"][0]["baseline_meur"][2025] = 130
    data = tiny.load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.result.status.has_solution
    (breach,) = outcome.past_breaches
    assert (breach.rule, breach.index, breach.side) == ("capacity", ("B", 2025), "upper")
    assert breach.short_meur == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("change", "cell", "words"),
    [
        ({"instrument": "Z"}, "Actuals!A3", "Z"),
        ({"funder": "nobody"}, "Actuals!B3", "nobody"),
        ({"spent_meur": {2026: 5}}, "Actuals!D3", "after Settings as_of_year"),
        ({"spent_meur": {2025: -5}}, "Actuals!C3", ""),
    ],
)
def test_bad_actuals_are_refused_by_their_cell(
    tmp_path: Path, change: dict[str, Any], cell: str, words: str
) -> None:
    row = {"instrument": "A", "funder": "gov", "spent_meur": {2025: 40}, "source": SOURCE}
    spec = _two_instruments(2025, [{**row, **change}])
    with pytest.raises(InputError) as caught:
        tiny.load(spec, tmp_path)
    where = {f"{p.sheet}!{p.cell}": p.rule for p in caught.value.errors}
    assert cell in where, where
    assert words in where[cell]


def test_as_of_year_outside_the_horizon_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        tiny.load(_two_instruments(2030, []), tmp_path)
    (problem,) = caught.value.errors
    assert problem.sheet == "Settings" and "as_of_year" in problem.rule


def test_the_review_states_progress_regret_and_the_past_s_breaches(tmp_path: Path) -> None:
    """The hand-derived plan's review: €100m spent in 2025 of a €300m pace-less plan, the
    re-plan adds €200m, the regret of the year spent is €10m of value."""
    data = tiny.load(_two_instruments(2025, LOCKED_2025), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    tables = outcome.tables
    assert tables is not None
    pact = tables.review.set_index("area").loc["Whole pact"]
    assert pact.spent_to_date_meur == pytest.approx(100.0)
    assert pact.replan_adds_meur == pytest.approx(200.0)
    text = " ".join(tables.review_text)
    assert "Mid-term review as of 2025: 1 of the pact's 3 years are spent" in text
    assert "cost €10m of value against the plan that would have been best from 2025" in text
    # output: 2 × 40 + 60 = 140 bought by the money spent, 2 × 200 = 400 added
    impacts = tables.review_impacts.set_index("figure")
    assert impacts.loc["Output, gross (€m)", "spent_to_date_buys"] == pytest.approx(140.0)
    assert impacts.loc["Output, gross (€m)", "replan_adds"] == pytest.approx(400.0)


def test_the_shipped_mid_term_review_locks_its_past_and_leads_with_the_review(
    tmp_path: Path,
) -> None:
    """On inputs/digital_pact_midterm_2025.xlsx: every locked cell is its actual to 1e-9
    (nothing else is spent in a locked year), and the results open on the Review sheet."""
    import openpyxl

    from pactopt.pipeline import write_outcome
    from pactopt.schema.parse import load_pact
    from tests.conftest import REFERENCE_XLSX

    path = REFERENCE_XLSX.parent / "digital_pact_midterm_2025.xlsx"
    data = load_pact(path)
    outcome = run_solve(data, path, SolveOptions(alternatives=False, moves=False))
    actual = data.actual_meur()
    locked = set(data.settings.locked_years)
    for (i, f, y), value in outcome.result.value_map("funding").items():
        if int(y) in locked:
            assert value == pytest.approx(actual.get((i, f, int(y)), 0.0), abs=1e-9)
    written = write_outcome(outcome, tmp_path / "r.xlsx", path)
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames[:2] == ["Review", "Summary"]
    assert wb.active is not None and wb.active.title == "Review"
    assert outcome.tables is not None
    assert outcome.tables.review_text[0].startswith("Mid-term review as of 2025: 7 of the")
    # e-government spent 1,207 of its 1,342 pace (90%): behind; the re-plan takes it to
    # 2,145, above its 2,000 floor but below its 2,300 reference amount
    verdicts = outcome.tables.review.set_index("area")["verdict"]
    assert verdicts["Digital government"] == (
        "behind so far; the re-plan reaches the floor, not the reference amount"
    )
    assert verdicts["Digital infrastructure"] == "on track"


def test_marginal_values_and_binding_rules_speak_of_the_years_left(tmp_path: Path) -> None:
    """With 2025 locked, no Binding or Marginal row names 2025: what binds there is history
    (the share rows of a locked year are not even rows of the solve)."""
    data = tiny.load(_two_instruments(2025, LOCKED_2025), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    assert not outcome.tables.binding["sentence"].str.startswith("2025").any()
    assert not outcome.tables.marginal["what"].str.contains("2025").any()
    assert outcome.tables.marginal["what"].str.contains("2026").any()


def test_the_alternatives_show_locked_years_as_locked(tmp_path: Path) -> None:
    data = tiny.load(_two_instruments(2025, LOCKED_2025), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=True))
    assert outcome.tables is not None
    years = outcome.tables.alternatives.query("kind == 'year'").set_index("id")
    assert list(years.index) == ["2025", "2026", "2027"]
    assert years.loc["2025", "verdict"] == "locked (spent)"
    assert years.loc["2025", "optimised_meur"] == pytest.approx(100.0)
    assert years.loc["2026", "verdict"] != "locked (spent)"


def test_a_past_that_leaves_a_floor_out_of_reach_is_infeasible_in_cells_and_euros(
    tmp_path: Path,
) -> None:
    """Domain D must reach €250m; 2025 is locked at €20m and the government can shift at
    most €100m a year in 2026-2027: €30m short, on the floor's cell, after a row saying
    which years are locked (exit 3)."""
    from tests.cli_runner import invoke

    actuals = [{"instrument": "A", "funder": "gov", "spent_meur": {2025: 20}, "source": SOURCE}]
    spec = _two_instruments(2025, actuals)
    spec["Domains"][0]["min_total_meur"] = 250
    path = tiny.render(spec, tmp_path / "in.xlsx")
    ran = invoke("solve", path, "-o", tmp_path / "out.xlsx")
    assert ran.code == 3, ran.stderr
    # one locked year reads as the year, not as a span of one ('2025-2025')
    locked = r"(^|[^\d-])2025 is locked to the €20m actually spent \(as_of_year 2025"
    assert re.search(locked, ran.stderr)
    assert "only 2026-2027 can still change" in ran.stderr
    assert "the floor of domain D (Domains!C3) could give way by €30m" in ran.stderr
    # from the first year the same floor is met (a plan of €300m exists)
    free = run_solve(tiny.load(_two_instruments(None, []), tmp_path, "free.xlsx"), path)
    assert free.result.status.has_solution


def test_upkeep_counts_what_was_spent_before_the_re_plan(tmp_path: Path) -> None:
    """A (1 € of output per €) must spend half of all it spent before, every year; B gives
    2 €. With A locked at €100m in 2025: 2026 A ≥ 50, B 50; 2027 A ≥ 0.5 × 150 = 75, B 25.
    Output 225 + 2 × 75 = 375, less 150 forgone: value 225."""
    actuals = [{"instrument": "A", "funder": "gov", "spent_meur": {2025: 100}, "source": SOURCE}]
    spec = _two_instruments(2025, actuals)
    a, b = spec["Instruments"]
    a.update(output_per_eur_low=1.0, output_per_eur_central=1.0, output_per_eur_high=1.0)
    a.update(maintenance_rate=0.5, max_total_meur=1000)
    b.update(output_per_eur_low=2.0, output_per_eur_central=2.0, output_per_eur_high=2.0)
    outcome = run_solve(tiny.load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(False))
    plan = _plan(outcome)
    assert plan[("A", 2026)] == pytest.approx(50.0) and plan[("A", 2027)] == pytest.approx(75.0)
    assert plan[("B", 2026)] == pytest.approx(50.0) and plan[("B", 2027)] == pytest.approx(25.0)
    assert outcome.result.objective == pytest.approx(225.0)


def test_a_curve_continues_from_the_spending_of_the_locked_years(tmp_path: Path) -> None:
    """A gives 2 € of output per € on its first €100m and a quarter of that after; B gives
    1 €. A took €100m in 2025: the re-plan gives B all €200m left (1 € > 0.5 €), where a
    curve starting afresh would have chosen A. Output 200 + 200, less 150 forgone: 250."""
    actuals = [{"instrument": "A", "funder": "gov", "spent_meur": {2025: 100}, "source": SOURCE}]
    spec = _two_instruments(2025, actuals)
    spec["Instruments"][0]["max_total_meur"] = 1000
    spec["Curves"] = [
        {"instrument": "A", "segment": 1, "upper_cum_meur": 100, "output_factor": 1.0},
        {"instrument": "A", "segment": 2, "upper_cum_meur": 1000, "output_factor": 0.25},
    ]
    for row in spec["Curves"]:
        row["source"] = SOURCE
    outcome = run_solve(tiny.load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(False))
    plan = _plan(outcome)
    assert plan.get(("A", 2026), 0.0) == pytest.approx(0.0, abs=1e-9)
    assert plan[("B", 2026)] == pytest.approx(100.0) and plan[("B", 2027)] == pytest.approx(100.0)
    assert outcome.result.objective == pytest.approx(250.0)


def test_a_pact_carried_to_fewer_years_is_told_which_totals_no_longer_fit(tmp_path: Path) -> None:
    """template --from the reference workbook to 2027-2030 keeps totals meant for twelve
    years: the template says so, and validate lists what solve would stop at (as warnings,
    exit 0) and points to the mid-term review; the shipped workbooks give no such warning."""
    import json

    from tests.cli_runner import invoke
    from tests.conftest import REFERENCE_XLSX

    short = tmp_path / "short.xlsx"
    made = invoke(
        "template", short, "--from", REFERENCE_XLSX, "--first-year", "2027", "--last-year", "2030"
    )
    assert made.code == 0 and "were set for 2019-2030" in made.stderr
    ran = invoke("validate", short, "--json")
    assert ran.code == 0
    rules = [w["rule"] for w in json.loads(ran.stdout)["warnings"]]
    assert any("Instruments!D14 = €7,000m is above 4 years" in r for r in rules), rules
    assert all(r.startswith("solve would stop here (infeasible): ") for r in rules)
    assert "set Settings as_of_year" in invoke("validate", short).stderr
    for shipped in ("digital_pact_2019_2030.xlsx", "digital_pact_midterm_2025.xlsx"):
        clean = invoke("validate", REFERENCE_XLSX.parent / shipped, "--json")
        assert json.loads(clean.stdout)["warnings"] == []


def test_actuals_from_a_csv_file_give_the_sheet_s_answer(tmp_path: Path) -> None:
    """solve --actuals FILE.csv (long form) replaces the Actuals sheet: the same re-plan."""
    import json

    from tests.cli_runner import invoke

    path = tiny.render(_two_instruments(2025, []), tmp_path / "in.xlsx")
    csv = tmp_path / "spent.csv"
    csv.write_text("instrument,funder,year,meur\nA,gov,2025,40\nB,gov,2025,60\n", encoding="utf-8")
    ran = invoke("solve", path, "--actuals", csv, "-o", tmp_path / "r.xlsx", "--json")
    assert ran.code == 0, ran.stderr
    assert json.loads(ran.stdout)["objective"] == pytest.approx(390.0)


@pytest.mark.parametrize(
    ("lines", "cell", "words"),
    [
        ("Z,gov,2025,40", "A2", "unknown instrument"),
        ("A,nobody,2025,40", "B2", "unknown funder"),
        ("A,gov,2031,40", "C2", "outside the horizon 2025-2027"),
        ("A,gov,2026,40", "C2", "after Settings as_of_year (2025)"),
        ("A,gov,2025,-4", "D2", "a number of at least 0"),
        ("A,gov,2025,lots", "D2", "a number of at least 0"),
        ("A,gov,2025,4\nA,gov,2025,5", "C3", "given twice (first on line 2)"),
    ],
)
def test_bad_actuals_lines_exit_2_naming_the_file_and_cell(
    tmp_path: Path, lines: str, cell: str, words: str
) -> None:
    import json

    from tests.cli_runner import invoke

    path = tiny.render(_two_instruments(2025, []), tmp_path / "in.xlsx")
    csv = tmp_path / "spent.csv"
    csv.write_text(f"instrument,funder,year,meur\n{lines}\n", encoding="utf-8")
    ran = invoke("solve", path, "--actuals", csv, "-o", tmp_path / "r.xlsx", "--json")
    assert ran.code == 2
    problems = json.loads(ran.stdout)["error"]["problems"]
    found = {(p["sheet"], p["cell"]): p["rule"] for p in problems}
    assert ("spent.csv", cell) in found, found
    assert words in found[("spent.csv", cell)]
    assert not (tmp_path / "r.xlsx").exists()


def test_a_project_the_past_started_is_completed(tmp_path: Path) -> None:
    """Project P on A (which yields 0.1 € per €) costs €30m in each of 2025-2027 and adds
    €5m of output: from the first year it is not worth building (B yields 2 €). With 2025
    locked and A's €30m paid, P is started: it stays built and A spends its €30m in 2026 and
    2027; B takes the remaining €70m a year."""
    actuals = [
        {"instrument": "A", "funder": "gov", "spent_meur": {2025: 30}, "source": SOURCE},
        {"instrument": "B", "funder": "gov", "spent_meur": {2025: 70}, "source": SOURCE},
    ]
    spec = _two_instruments(2025, actuals)
    a, b = spec["Instruments"]
    a.update(output_per_eur_low=0.1, output_per_eur_central=0.1, output_per_eur_high=0.1)
    b.update(output_per_eur_low=2.0, output_per_eur_central=2.0, output_per_eur_high=2.0)
    b["max_total_meur"] = 1000
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "project P",
            "output_meur": 5,
            "cost_meur": {2025: 30, 2026: 30, 2027: 30},
            "source": SOURCE,
        }
    ]
    free = run_solve(
        tiny.load(
            {**spec, "settings": {**spec["settings"], "as_of_year": None}}, tmp_path, "free.xlsx"
        ),
        tmp_path / "f",
        SolveOptions(False),
    )
    assert free.result.value_map("build")[("P",)] == pytest.approx(0.0)
    outcome = run_solve(tiny.load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(False))
    assert outcome.result.value_map("build")[("P",)] == pytest.approx(1.0)
    plan = _plan(outcome)
    assert plan[("A", 2026)] == pytest.approx(30.0) and plan[("A", 2027)] == pytest.approx(30.0)
    assert plan[("B", 2026)] == pytest.approx(70.0)


def _small_project_on_a(cost_meur: float, paid_meur: float) -> dict[str, Any]:
    """P on A costs ``cost_meur`` in 2025 alone and adds €5m of output; 2025 is locked with
    ``paid_meur`` spent on A and €50m on B."""
    actuals = [
        {"instrument": "A", "funder": "gov", "spent_meur": {2025: paid_meur}, "source": SOURCE},
        {"instrument": "B", "funder": "gov", "spent_meur": {2025: 50}, "source": SOURCE},
    ]
    spec = _two_instruments(2025, actuals)
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "project P",
            "output_meur": 5,
            "cost_meur": {2025: cost_meur},
            "source": SOURCE,
        }
    ]
    return spec


def test_a_project_cost_below_the_rounding_that_nothing_paid_is_not_started(
    tmp_path: Path,
) -> None:
    """P costs €0.03m, less than the actuals' rounding (€0.05m), and nothing was spent on A
    in 2025: P was not started, so it is not built (its 2025 cost is unpaid) and the re-plan
    is feasible. (Found by the locked-past property test: P counted as started, its cost
    row then asked 0.03 ≤ 0, and the re-plan was infeasible.)"""
    outcome = run_solve(
        tiny.load(_small_project_on_a(0.03, 0.0), tmp_path),
        tmp_path / "in.xlsx",
        SolveOptions(False),
    )
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert outcome.result.value_map("build")[("P",)] == pytest.approx(0.0)


def test_a_project_paid_to_the_rounding_is_started_and_its_gap_is_no_breach(
    tmp_path: Path,
) -> None:
    """P costs €12.34m in 2025 and €12.3m was spent on A (the actuals to €0.1m): P was
    started and stays built, its €0.04m gap is the rounding, not a breach, and the re-plan is
    feasible (the row is a fact of the past, left out of the solve)."""
    outcome = run_solve(
        tiny.load(_small_project_on_a(12.34, 12.3), tmp_path),
        tmp_path / "in.xlsx",
        SolveOptions(False),
    )
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert outcome.result.value_map("build")[("P",)] == pytest.approx(1.0)
    assert outcome.tables.past_breaches.empty


def test_an_actuals_year_outside_the_horizon_is_refused_by_its_cell(tmp_path: Path) -> None:
    import openpyxl

    from tests.cli_runner import invoke

    path = tiny.render(_two_instruments(2025, LOCKED_2025), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Actuals"]
    col = ws.max_column + 1
    ws.cell(1, col, 2031)
    ws.cell(3, col, 5)
    wb.save(path)
    ran = invoke("validate", path)
    assert ran.code == 2
    assert "Actuals!H1" in ran.stderr and "outside the horizon 2025-2027" in ran.stderr


def _with_shifts(cap_share: float, shifts: dict[str, float]) -> dict[str, Any]:
    spec = _two_instruments(2025, LOCKED_2025)
    spec["BudgetLines"][0]["max_shift_share"] = cap_share
    spec["ActualShifts"] = [
        {"budget_line": "L", "instrument": i, "shifted_meur": {2025: v}, "source": SOURCE}
        for i, v in shifts.items()
    ]
    return spec


def test_a_past_shift_cap_breach_is_reported_and_not_enforced(tmp_path: Path) -> None:
    """Line L may give 80% of its €100m a year, but in 2025 €100m left it (A 40, B 60, as
    ActualShifts says): a €20m breach of its 2025 cap, reported; the years left keep the
    cap: A takes €80m in 2026 and 2027. Output 2 × 200 + 60 = 460, less 0.5 × 260 forgone:
    value 330."""
    spec = _with_shifts(0.8, {"A": 40, "B": 60})
    outcome = run_solve(tiny.load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(False))
    assert outcome.result.objective == pytest.approx(330.0)
    plan = _plan(outcome)
    assert plan[("A", 2026)] == pytest.approx(80.0) and plan[("A", 2027)] == pytest.approx(80.0)
    (breach,) = outcome.past_breaches
    assert (breach.rule, breach.index) == ("shift_limit", ("L", 2025))
    assert breach.short_meur == pytest.approx(20.0)
    assert outcome.tables is not None
    text = " ".join(outcome.tables.review_text)
    assert "in 2025, the shift cap of line L (BudgetLines!D3, BudgetLines!H3), by €20m" in text


def test_public_money_the_shifts_did_not_cover_breaks_budget_neutrality_in_the_past(
    tmp_path: Path,
) -> None:
    """Only €70m of 2025's €100m of public spending came from line L: €30m of new money in
    a budget-neutral pact, reported as a fact of 2025; the years left stay budget-neutral."""
    spec = _with_shifts(1.0, {"A": 40, "B": 30})
    outcome = run_solve(tiny.load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(False))
    assert outcome.result.status.has_solution
    (breach,) = outcome.past_breaches
    assert (breach.rule, breach.index) == ("budget_neutral", ("gov", 2025))
    assert breach.short_meur == pytest.approx(30.0)
    new_money = outcome.result.value_map("new_money")
    assert new_money[("gov", 2026)] == pytest.approx(0.0, abs=1e-9)


def test_shifts_larger_than_the_spending_they_paid_for_are_refused(tmp_path: Path) -> None:
    spec = _with_shifts(1.0, {"A": 70, "B": 60})
    with pytest.raises(InputError) as caught:
        tiny.load(spec, tmp_path)
    (problem,) = caught.value.errors
    assert problem.sheet == "ActualShifts"
    assert "more than the €40.0m gov spent on it (Actuals)" in problem.rule


def test_the_checker_finds_no_rule_broken_in_the_years_left(tmp_path: Path) -> None:
    """The independent checker, which knows the lock and the past's facts, on the plans
    whose past breaks a shift cap and budget neutrality."""
    from pactopt.model.build import create_model
    from pactopt.solver.solve import solve_model
    from tests.checker import violations

    for k, shifts in enumerate(({"A": 40, "B": 60}, {"A": 40, "B": 30})):
        data = tiny.load(_with_shifts(0.8 if k == 0 else 1.0, shifts), tmp_path, f"{k}.xlsx")
        result = solve_model(create_model(data), data.settings, want_duals=False)
        assert violations(data, result) == []


def test_the_frontier_and_the_draws_keep_the_locked_past(tmp_path: Path) -> None:
    """Every command builds the same locked model: each frontier point and each uncertainty
    draw spends exactly the actuals in 2025."""
    from pactopt.analysis.frontier import trace_frontier
    from pactopt.pipeline import UncertaintyRequest
    from pactopt.pipeline.sweeps import run_uncertainty

    data = tiny.load(_two_instruments(2025, LOCKED_2025), tmp_path)
    for point in trace_frontier(data, 3):
        plan = _plan(point)
        assert plan[("A", 2025)] == pytest.approx(40.0, abs=1e-9)
        assert plan[("B", 2025)] == pytest.approx(60.0, abs=1e-9)
    run = run_uncertainty(data, tmp_path / "in.xlsx", UncertaintyRequest(draws=4))
    assert run.solved == 4
