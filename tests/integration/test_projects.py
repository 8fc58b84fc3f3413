"""Projects are visible: the Projects sheet and --json say which were built and what each
decision is worth, derived by hand on tiny instances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactopt.pipeline import SolveOptions, run_solve
from pactopt.report.paragraph import headline_parts
from pactopt.report.summary import GROSS_OUTPUT
from pactopt.template.examples import ExampleData
from pactopt.template.generate import build_template
from pactopt.xlsx.write import save_atomically
from tests.e2e.test_cli import pactopt
from tests.model.tiny import base, capital_budget, instrument, load


def _with_project(**changes: object) -> dict[str, object]:
    """base() with project P on A: €5m a year, €10m of output. A fills its €1,000m ceiling
    with free private money anyway, so P's cost is covered and it adds its 10 of output."""
    spec = base()
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "project P",
            "output_meur": 10,
            "cost_meur": 5,
            "source": "ASSUMED: test",
            **changes,
        }
    ]
    return spec


@pytest.mark.solve
def test_a_built_project_is_listed_with_the_value_of_its_decision(tmp_path: Path) -> None:
    outcome = run_solve(
        load(_with_project(), tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    row = outcome.tables.projects.set_index("project").loc["P"]
    assert (row["built"], row["mandatory"]) == ("yes", "no")
    assert row["cost_meur"] == pytest.approx(10.0)
    assert row["value_of_decision_meur"] == pytest.approx(10.0)
    assert row["meaning"] == "Built: leaving it out would lose €10m of value."


@pytest.mark.solve
def test_a_mandatory_project_is_forced(tmp_path: Path) -> None:
    data = load(_with_project(mandatory="yes"), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    row = outcome.tables.projects.set_index("project").loc["P"]
    cell = data.cell("Projects", "P", "mandatory")
    assert row["meaning"] == f"Built, and forced: it is mandatory ({cell})."
    assert (
        row["value_of_decision_meur"] is None
        or row["value_of_decision_meur"] != row["value_of_decision_meur"]
    )  # blank: no plan without it


@pytest.mark.slow
def test_solve_json_lists_the_projects(tmp_path: Path) -> None:
    spec = _with_project()
    settings = {k: (v, "ASSUMED: test") for k, v in spec.pop("settings").items()}
    path = tmp_path / "p.xlsx"
    save_atomically(build_template(ExampleData(settings=settings, sheets=spec)), path)
    result = pactopt("solve", path, "-o", tmp_path / "out.xlsx", "--json")
    assert result.returncode == 0, result.stderr
    projects = json.loads(result.stdout)["projects"]
    assert [(p["project"], p["built"], p["mandatory"]) for p in projects] == [("P", True, False)]
    assert projects[0]["value_of_decision_meur"] == pytest.approx(10.0)


@pytest.mark.solve
def test_a_mandatory_project_that_does_not_fit_is_told_in_euros(tmp_path: Path) -> None:
    """P costs €260m in 2025 and is mandatory; A keeps up 12% of what it spent before, so
    2026 needs €31.2m of upkeep: €291.2m in all against A's €250m ceiling, short by €41.2m.
    The pre-check says so with both cells, and the relaxation bends the ceiling by those
    euros (never the yes/no rule by a fraction of a project)."""
    spec = _with_project(mandatory="yes", cost_meur={2025: 260, 2026: 0})
    spec["Instruments"][0].update(max_total_meur=250, maintenance_rate=0.12)
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    diagnosis = outcome.diagnosis
    assert diagnosis is not None
    ceiling = data.cell("Instruments", "A", "max_total_meur")
    mandatory = data.cell("Projects", "P", "mandatory")
    precheck = diagnosis[diagnosis["step"] == "pre-check"]
    assert list(precheck["explanation"]) == [
        f"project P ({mandatory}) cannot be built: its cost profile plus upkeep is "
        f"€291.2m, its instrument's ceiling {ceiling} is €250m; short by €41.2m"
    ]
    assert precheck["short_meur"].iloc[0] == pytest.approx(41.2)
    bent = diagnosis[diagnosis["step"] == "euros missing (relaxation)"]
    assert list(bent["cells"]) == [ceiling]
    assert bent["short_meur"].iloc[0] == pytest.approx(41.2)


@pytest.mark.solve
def test_capital_budgeting_chosen_set_flip_values_and_what_binds(tmp_path: Path) -> None:
    """The chosen set, each decision's value, and what keeps B and D out: K's ceiling, short
    by B's cost (5) and D's (3) on top of A + C. The LP with the decisions fixed has no
    dual on that ceiling (K's euros earn nothing themselves), and the Summary still says
    what binds, never 'nothing'."""
    data = load(capital_budget(), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.result.objective == pytest.approx(17.0)
    assert outcome.tables is not None
    rows = outcome.tables.projects.set_index("project")
    assert list(rows["built"]) == ["yes", "no", "yes", "no"]
    assert list(rows["value_of_decision_meur"]) == pytest.approx([2.0, 2.0, 4.0, 4.0])
    ceiling = data.cell("Instruments", "K", "max_total_meur")
    assert list(rows["blocked_by"]) == ["", ceiling, "", ceiling]
    assert rows.loc["B", "meaning"] == (
        "Not built: building it would lose €2m of value. To build it on top of the plan, the "
        f"ceiling of capital budget ({ceiling}) would have to give way by €5m."
    )
    assert rows.loc["B", "cost_2025_meur"] == 5 and rows.loc["B", "cost_2026_meur"] == 0
    assert rows.loc["B", "cost_meur"] == 5  # a year that costs nothing adds nothing
    paragraph = next(p for p in headline_parts(outcome.tables) if p.startswith("What binds"))
    assert paragraph == (
        f"What binds: The ceiling of capital budget ({ceiling}) keeps projects B (€5m short) "
        "and D (€3m short) out."
    )
    assert outcome.tables.next_euro == (
        "No higher shift cap would add value with the projects and switches as chosen."
    )
    binding = outcome.tables.binding
    assert list(binding["sentence"]) == [
        f"The ceiling of capital budget ({ceiling}) keeps out project B (€5m short), project "
        "D (€3m short): on top of the plan as built, that many more euros here would let each "
        "in (the LP with the decisions fixed gives this limit no value of its own)."
    ]


@pytest.mark.solve
def test_project_output_is_discounted_like_instrument_output(tmp_path: Path) -> None:
    """P's €10m of output arises as its cost is spent, all in 2026: at 10% a year it weighs
    10 / 1.1 = 9.091 in the objective, as an instrument's 2026 output does. Building P also
    holds €5m of A's spending in 2026 instead of 2025, which loses 5 × (1.5 + 0.1) × (1 −
    1 / 1.1) = 0.727: the decision is worth 8.364. The Projects sheet still shows the €10m
    the workbook states."""
    spec = _with_project(cost_meur={2025: 0, 2026: 5})
    spec["settings"]["discount_rate"] = 0.1  # type: ignore[index]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    row = outcome.tables.projects.set_index("project").loc["P"]
    assert row["value_of_decision_meur"] == pytest.approx(10 / 1.1 - 5 * 1.6 * (1 - 1 / 1.1))
    assert row["output_meur"] == 10


@pytest.mark.solve
def test_a_project_only_instrument_spends_just_its_projects_cost(tmp_path: Path) -> None:
    """With K's ceiling at €11.5m the best set is A + B (cost 11, value 18; B + C + D would
    cost 12). K yields nothing of its own, so the half million left would be idle: K spends
    exactly €11m, in every plan within 1% of the best (without the rule any amount from 11
    to 11.5 was equally good)."""
    spec = capital_budget()
    spec["Instruments"][0]["max_total_meur"] = 11.5  # type: ignore[index]
    outcome = run_solve(load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=True))
    assert outcome.result.objective == pytest.approx(18.0)
    assert outcome.tables is not None
    assert list(outcome.tables.projects["built"]) == ["yes", "yes", "no", "no"]
    k = outcome.tables.alternatives.set_index("id").loc["K"]
    assert (k["lowest_meur"], k["highest_meur"]) == (pytest.approx(11.0), pytest.approx(11.0))


@pytest.mark.solve
def test_a_project_kept_out_by_an_exclusion_says_so(tmp_path: Path) -> None:
    """B excludes A and the plan builds A: on top of the plan B cannot be built whatever the
    euros, and the sheet names the exclusion and its cell (never "it would fit")."""
    spec = capital_budget()
    spec["Projects"][1]["excludes"] = "A"  # type: ignore[index]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    b = outcome.tables.projects.set_index("project").loc["B"]
    cell = data.cell("Projects", "B", "excludes")
    assert b["meaning"] == (
        "Not built: building it would lose €2m of value. On top of the plan it cannot be "
        f"built: it excludes project A ({cell}), which the plan builds."
    )


@pytest.mark.solve
def test_a_project_on_an_unfunded_semicontinuous_instrument_fits(tmp_path: Path) -> None:
    """A pact of €20m all goes to A (1.6 of value per €m). P (€5m, €1m of output) sits on S,
    a semi-continuous instrument the plan leaves unfunded: building P would fund S and
    shrink A, so nothing blocks it (S's €500m ceiling is not short); it is just worth less
    (1 − 5 × 1.6 = −7)."""
    spec = base()
    spec["settings"]["total_max_meur"] = 20
    zero = {
        f"{kind}_{level}": 0
        for kind in ("output_per_eur", "jobs_direct_per_meur")
        for level in ("low", "central", "high")
    }
    spec["Instruments"] = [
        instrument("A"),
        instrument("S", max_total_meur=500, min_if_funded_meur=1, **zero),
    ]
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "S",
            "name": "P",
            "output_meur": 1,
            "cost_meur": {2025: 5, 2026: 0},
            "source": "ASSUMED: test",
        }
    ]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    p = outcome.tables.projects.set_index("project").loc["P"]
    assert p["value_of_decision_meur"] == pytest.approx(7.0)
    assert p["meaning"] == (
        "Not built: building it would lose €7m of value. It would fit alongside the plan: "
        "what it displaces is simply worth more."
    )
    assert (
        outcome.tables.binding.empty
        or not outcome.tables.binding["sentence"].str.contains("keeps out").any()
    )


@pytest.mark.solve
def test_relax_integers_gives_the_lp_bound_and_says_so(tmp_path: Path) -> None:
    """With €9m, the best 0/1 set is B + C (cost 9, value 15); the LP relaxation takes C
    whole (value per € 1.75) and 5/6 of A (1.667): 7 + 10 × 5/6 = 15.333, an upper bound.
    The Summary opens by saying it is the relaxation, and the Run sheet records it."""
    spec = capital_budget()
    spec["Instruments"][0]["max_total_meur"] = 9  # type: ignore[index]
    data = load(spec, tmp_path)
    exact = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert exact.result.objective == pytest.approx(15.0)
    relaxed = run_solve(
        data, tmp_path / "in.xlsx", SolveOptions(alternatives=False, relax_integers=True)
    )
    assert relaxed.result.objective == pytest.approx(7 + 10 * 5 / 6)
    assert not relaxed.result.is_mip and relaxed.run.integer_variables == 0
    assert ("relax_integers", True) in relaxed.run.options
    assert relaxed.tables is not None
    assert headline_parts(relaxed.tables)[0].startswith("This is the LP relaxation")
    assert any(w.startswith("--relax-integers") for w in relaxed.warnings)
    # A is taken in part and counted for that part, never as built whole
    rows = relaxed.tables.projects.set_index("project")
    assert rows.loc["A", "built"] == "83% (LP relaxation)" and rows.loc["C", "built"] == "yes"
    assert rows.loc["A", "meaning"].startswith("Taken in part (83%) in the LP relaxation")
    summary = relaxed.tables.summary.set_index("figure")["optimised"]
    assert summary[GROSS_OUTPUT] == pytest.approx(7 + 10 * 5 / 6)
