"""The reference pact, optimised in budget-neutral mode: feasible, better than the reference
plan for no more public money, within the source's ranges, and verified independently."""

from __future__ import annotations

import re
from pathlib import Path

import highspy
import openpyxl
import pandas as pd
import pytest

from pactopt.analysis.impacts import evaluate_plan, total
from pactopt.pipeline import Outcome, check_reference_plan, run_solve, write_outcome
from pactopt.report.headers import header
from pactopt.report.paragraph import headline_paragraph
from pactopt.schema.parse import load_pact
from pactopt.solver.solution import SolveStatus
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.solve


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    lp = tmp_path_factory.mktemp("ref") / "reference.lp"
    return run_solve(load_pact(REFERENCE_XLSX), REFERENCE_XLSX, lp_path=lp)


def test_reference_solves_budget_neutral(outcome: Outcome) -> None:
    """Budget-neutral mode, optimal, and no rule broken according to the independent checker."""
    assert outcome.data.settings.budget_neutral
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert violations(outcome.data, outcome.result) == []


def test_net_first_and_like_for_like(outcome: Outcome) -> None:
    """Net figures are gross less what the shifted lines would have produced, on every plan;
    the announced plan, which cannot be financed within the workbook's rules, is compared as
    the nearest plan that can be: €50m less spending than announced (the least € moved), with
    its net and money figures filled; the optimised plan adds no new public money."""
    assert outcome.tables is not None
    s = outcome.tables.summary.set_index("figure")
    gross = "Gross output, before what the shifted lines produced (€m)"
    forgone = "Output forgone on shifted lines (€m)"
    mine = s["optimised"]
    assert mine["Net output (€m)"] == pytest.approx(mine[gross] - mine[forgone])
    jobs = mine["Gross jobs, before the jobs of the shifted lines"]
    assert mine["Net jobs"] == pytest.approx(jobs - mine["Jobs forgone on shifted lines"])
    announced = total(evaluate_plan(outcome.data))
    assert outcome.tables.reference_feasible is False
    assert outcome.tables.reference_comparable is True
    spent = s.loc["Total spending (€m)", "reference"]
    assert spent == pytest.approx(announced.spend_meur - 50.0, abs=0.01)
    theirs = s["reference"]
    assert theirs["Net output (€m)"] == pytest.approx(theirs[gross] - theirs[forgone])
    for filled in ("Net output (€m)", "Net jobs", "Public money, national and EU (€m)"):
        assert not pd.isna(s.loc[filled, "reference"])
    new_money = sum(v for (f, _), v in outcome.result.values["new_money"].items() if f != "eu")
    assert new_money == pytest.approx(0.0, abs=1e-6)


def test_the_reference_plan_breaks_one_rule_by_45_meur(outcome: Outcome) -> None:
    """With every instrument at its reference amount, the procurement unit's least public
    share (Instruments!H20) cannot be paid: the relaxation bends it by €45.0m in all. Held,
    the federal ICT shift cap of one year (BudgetLines!H7 for 2019 … S7 for 2030) would have
    to give way by the same €45m instead, and the Summary paragraph says that either would
    do, with both cells, the cap's cell in the column of the year it names (several years'
    caps would do: which one the LP names is not fixed, 2027 once and 2029 now)."""
    assert outcome.tables is not None
    breaches = outcome.tables.reference_breaches
    assert set(breaches["cells"]) == {"Instruments!H20"}
    assert breaches["short_meur"].sum() == pytest.approx(45.0, abs=0.05)
    paragraph = headline_paragraph(outcome.tables)
    assert "cannot be financed within the workbook's own rules" in paragraph
    said = re.search(
        r"\(Instruments!H20\) could give way by €45m in 4 years between 2019 and 2030, or, "
        r"for the same total, the shift cap of Federal ICT and operating budgets "
        r"\(BudgetLines!D7, BudgetLines!([H-S])7\) could give way by €45m in (\d{4}) \(the "
        r"rules alone do not say which\)",
        paragraph,
    )
    assert said is not None, paragraph
    assert ord(said[1]) - ord("H") == int(said[2]) - 2019


def test_the_named_alternative_would_finance_the_plan(outcome: Outcome, tmp_path: Path) -> None:
    """The alternative the Summary names is real: the year's shift cap is 17% of the line's
    budget that year (BudgetLines!D7), so a budget €265m larger lifts it by €45m, and then
    the announced plan can be financed (as `pactopt evaluate` checks it); €45m more budget
    alone (the cap lifted by €7.65m) leaves it €37.35m short."""
    assert outcome.tables is not None
    paragraph = headline_paragraph(outcome.tables)
    cell = re.search(r"BudgetLines!D7, BudgetLines!([H-S]7)\) could give way", paragraph)
    assert cell is not None, paragraph
    short = {}
    for extra in (265.0, 45.0):
        wb = openpyxl.load_workbook(REFERENCE_XLSX)
        ws = wb["BudgetLines"]
        assert ws["D7"].value == pytest.approx(0.17)
        ws[cell[1]] = ws[cell[1]].value + extra
        path = tmp_path / f"budget_{extra:.0f}.xlsx"
        wb.save(path)
        reference, _ = check_reference_plan(load_pact(path))
        short[extra] = sum(b.short or 0.0 for b in reference.breaches)
        assert reference.feasible is (extra == 265.0)
    assert short == {265.0: 0.0, 45.0: pytest.approx(45.0 - 0.17 * 45.0, abs=0.05)}


def test_every_domain_within_the_source_ranges(outcome: Outcome) -> None:
    """Each domain's optimised total lies within its floor and ceiling (the workbook keeps the
    source's ranges), and the pact within €32-37bn."""
    assert outcome.tables is not None
    for row in outcome.tables.domains.itertuples():
        assert row.min_total_meur - 1e-6 <= row.optimised_meur <= row.max_total_meur + 1e-6
    assert 32_000 - 1e-6 <= outcome.tables.domains["optimised_meur"].sum() <= 37_000 + 1e-6


def test_public_money_means_national_and_eu_everywhere(outcome: Outcome) -> None:
    """The Domains sheet's public money is national plus EU money, and sums to the Summary's
    "Public money, national and EU"; all of the EU's €1,000m goes to ecosystems, the one
    domain the audited workbook lets it fund."""
    assert outcome.tables is not None
    d = outcome.tables.domains.set_index("domain")
    assert list(d["public_meur"]) == pytest.approx(list(d["national_meur"] + d["eu_meur"]))
    summary = outcome.tables.summary.set_index("figure")
    public = summary.loc["Public money, national and EU (€m)", "optimised"]
    assert d["public_meur"].sum() == pytest.approx(public)
    assert d.loc["ECO", "eu_meur"] == pytest.approx(1000.0)
    assert d["eu_meur"].drop("ECO").abs().max() == pytest.approx(0.0, abs=1e-9)


def test_ledger_proves_total_public_spending_unchanged(outcome: Outcome) -> None:
    """Every year, total public spending after the pact equals the lines' baseline."""
    assert outcome.tables is not None
    ledger = outcome.tables.ledger.set_index("row")
    change = ledger.loc["Change in total public spending"]
    assert change.abs().max() == pytest.approx(0.0, abs=1e-6)
    shifted = ledger.loc["Shifted out of the lines", "total"]
    assert ledger.loc["Public (national) digital spending", "total"] == pytest.approx(shifted)


def test_the_ledger_names_each_shift_by_its_budget_line_and_domain(outcome: Outcome) -> None:
    """A planner reads 'Defence … → Digital trust', not 'BL_DEFENCE → TRUST' (issue 26):
    every shift row joins a budget line's name to a domain's name, and no id is left."""
    assert outcome.tables is not None
    data = load_pact(REFERENCE_XLSX)
    lines = {b.name for b in data.budget_lines}
    domains = {d.name for d in data.domains}
    ids = {b.id for b in data.budget_lines} | {d.id for d in data.domains}
    shifts = [r for r in outcome.tables.ledger["row"] if " → " in r]
    assert shifts
    for row in shifts:
        line, domain = row.split(" → ")
        assert line in lines and domain in domains, row
        assert not ids & {line, domain}, row


def test_exported_lp_solved_by_highspy_gives_the_same_objective(
    outcome: Outcome, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The --lp file, read and solved by HiGHS directly, reaches the same optimum (the best
    value; the plan shown is the least-change one, within the tolerance of it)."""
    lp = next(Path(p) for p in tmp_path_factory.getbasetemp().glob("ref*/reference.lp"))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.readModel(str(lp))
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    best = outcome.result.best_objective
    assert h.getInfo().objective_function_value == pytest.approx(best, rel=1e-7)


def test_model_size(outcome: Outcome) -> None:
    """Variable and constraint counts of the reference case (a regression guard: update with a
    note when the data or the formulation changes on purpose)."""
    assert outcome.result.is_mip  # two project binaries
    # 1045 -> 1309 constraints: yearly capacities (22 × 12) added to the reference instruments;
    # 1641 -> 1707 variables and 1309 -> 1335 constraints: curve segments filled per year
    # (2 curves × 3 segments × 12 years; 24 yearly fills + 4 segment widths − 2 totals).
    # 1335 -> 1329: project_cost rows are built only for years in which a project on the
    # instrument costs something (the cyber centre's six zero-cost years gave spend ≥ 0)
    counts = (outcome.run.variables, outcome.run.integer_variables, outcome.run.constraints)
    # 1707 -> 1443 and 1329 -> 1221: the data audit of issue 11 made EU money eligible for the
    # ecosystems domain only and dropped the two budget lines that were already digital spending
    assert counts == (1443, 2, 1221)


def test_results_workbook(outcome: Outcome, tmp_path: Path) -> None:
    """Every results sheet is written with native charts; the input is refused as target."""
    out = tmp_path / "results.xlsx"
    write_outcome(outcome, out, REFERENCE_XLSX)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [
        "Summary",
        "Moves",
        "Allocation",
        "Domains",
        "Projects",
        "Reallocation",
        "Impacts",
        "Years",
        "Marginal",
        "Binding",
        "Binding (technical)",
        "Alternatives",
        "Assumptions",
        "Glossary",
        "Run",
    ]
    alternatives = [c.value for c in wb["Alternatives"][1]]
    assert (
        alternatives[:3] == [header("kind"), header("id"), header("name")]
        and wb["Alternatives"].max_row == 1 + 39
    )
    assert len(wb["Domains"]._charts) == 2 and len(wb["Years"]._charts) == 1
    run = {r[0]: r[1] for r in wb["Run"].iter_rows(values_only=True)}
    assert run["input SHA-256"] == outcome.data.source_sha256
    assert run["status"] == "optimal"
    assert str(run["solver"]).startswith("HiGHS")
    summary = wb["Summary"]
    assert "of extra output" in str(summary["A2"].value)
    assert "Net output (€m)" in [c.value for c in summary["A"]]
    with pytest.raises(Exception, match="refusing to write over the input"):
        write_outcome(outcome, REFERENCE_XLSX, REFERENCE_XLSX)


def test_the_summary_says_the_shared_return_is_a_calibration(outcome: Outcome) -> None:
    """18 of the 22 reference instruments share the output per € that reproduces the
    source's headline (1.326): the Summary says it is a calibration, not evidence."""
    assert outcome.tables is not None
    text = outcome.tables.calibration_text
    assert text.startswith("18 of 22 instruments share one output per € (1.326)")
    assert text in headline_paragraph(outcome.tables)
