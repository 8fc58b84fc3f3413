"""Each statement the results make is derived from the numbers it states (issue 26): a value
per €m has the sign of the change it describes, a count is of the thing it names, a label
says which figure it holds. Each is checked against a re-solve or the plan's own table."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import pactopt.model.families  # noqa: F401  (registers the core rules)
from pactopt.analysis.plans import ProjectDecision, ReferenceCheck
from pactopt.analysis.robust_evaluation import RobustComparison
from pactopt.analysis.uncertainty import FIGURES, DrawResult, summarise
from pactopt.explain.projects import projects_table
from pactopt.explain.robustness import robustness_sentence
from pactopt.explain.summary import breach_sentence
from pactopt.model.registry import RULES
from pactopt.pipeline import Outcome, SolveOptions, run_solve
from pactopt.solver.solution import Conflict, Solution, SolveStatus
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.solve

QUICK = SolveOptions(alternatives=False)


def _project_floor(cost_2025: float = 5.0) -> dict[str, Any]:
    """Government money only (50 a year shifted from line L) for A (1.5 € of output per €)
    and B (0.5), and a mandatory project P on B costing €5m a year: B spends just P's cost,
    and one more €m of that cost moves €1m from A to B, losing 1.5 − 0.5 = 1 of value."""
    spec = base()
    spec["Instruments"] = [
        instrument("A", public_share_min=1.0),
        instrument(
            "B",
            public_share_min=1.0,
            output_per_eur_low=0.5,
            output_per_eur_central=0.5,
            output_per_eur_high=0.5,
        ),
    ]
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "B",
            "name": "project P",
            "output_meur": 1,
            "mandatory": "yes",
            "cost_meur": {2025: cost_2025, 2026: 5.0},
            "source": "ASSUMED: test",
        }
    ]
    return spec


def _solve(spec: dict[str, Any], tmp_path: Path, name: str) -> Outcome:
    return run_solve(load(copy.deepcopy(spec), tmp_path, name), tmp_path / name, QUICK)


def test_a_projects_cost_floor_is_valued_the_way_the_cost_moves(tmp_path: Path) -> None:
    """'B spends just its projects' cost': one more €m of that cost loses the value a
    re-solve loses (−1.00, not +1.00), and the cells named are the cost cells."""
    outcome = _solve(_project_floor(), tmp_path, "floor.xlsx")
    more = _solve(_project_floor(6.0), tmp_path, "more.xlsx")
    assert outcome.tables is not None and outcome.result.objective is not None
    assert more.result.objective is not None
    by_resolve = more.result.objective - outcome.result.objective
    assert by_resolve == pytest.approx(-1.0, abs=1e-6)
    rows = outcome.tables.binding.set_index("constraint")
    row = rows.loc["project_cost[B,2025]"]
    assert row["value_per_meur"] == pytest.approx(by_resolve, abs=1e-6)
    assert "would cost €1.00m" in row["sentence"]
    cost_cell = outcome.data.cell("Projects", "P", "2025")
    assert row["cells"] == cost_cell
    assert outcome.tables.binding_split is not None
    planner = outcome.tables.binding_split.planner
    floor = planner[planner["limit"].str.contains("projects' cost")].iloc[0]
    # one more €m in each of its two years: twice the one year's loss
    assert floor["value_per_meur_each_year"] == pytest.approx(2 * by_resolve, abs=1e-6)
    assert "in each of those years costs €2.00m" in floor["sentence"]
    assert cost_cell in floor["cells"]


def test_impacts_call_gross_gross_and_lead_with_the_summarys_net_figures(tmp_path: Path) -> None:
    """The Impacts sheet's jobs rows that sum to the gross jobs are called gross, and its net
    output and net jobs are the Summary's rows, same names, same numbers."""
    outcome = _solve(_project_floor(), tmp_path, "impacts.xlsx")
    assert outcome.tables is not None
    impacts = outcome.tables.impacts.set_index("figure")["optimised"]
    summary = outcome.tables.summary.set_index("figure")["optimised"]
    for name in ("Net output (€m)", "Net jobs"):
        assert impacts[name] == pytest.approx(summary[name])
    gross = "Gross jobs, before the jobs of the shifted lines"
    parts = [n for n in impacts.index if n.startswith("Net jobs,")]
    assert parts == []  # a net figure is never split into parts that sum to the gross one
    direct, indirect = impacts["Gross jobs, direct"], impacts["Gross jobs, indirect"]
    assert direct + indirect == pytest.approx(summary[gross])
    assert summary[gross] > summary["Net jobs"]  # the line L shifted: gross is not net


def test_a_project_decision_inside_the_mip_gap_says_so(tmp_path: Path) -> None:
    """A MILP's project that, forced in, raises the objective (8,007.09 against 8,006.94):
    the €0.15m lies inside the optimality gap, and the sentence says so instead of 'building
    it would cost −€0.15m of value'; with a gap of 0 a real loss is a loss."""
    spec = _project_floor()
    spec["settings"]["mip_gap"] = 1e-4
    spec["Projects"][0]["mandatory"] = "no"
    data = load(spec, tmp_path)
    decision = ProjectDecision("P", False, 8006.94, 8007.09)
    meaning = projects_table(data, [decision]).set_index("project").loc["P", "meaning"]
    assert "−" not in meaning and "-" not in meaning
    assert "gain €0.15m of value, within the solver's optimality gap (€1.60m" in meaning
    exact = load(_project_floor(), tmp_path, "exact.xlsx")  # mip_gap 0
    lost = ProjectDecision("P", False, 10.0, 8.0)
    meaning = projects_table(exact, [lost]).set_index("project").loc["P", "meaning"]
    assert meaning == "Not built: building it would lose €2m of value."


def test_a_yes_no_rule_that_gives_way_is_not_given_a_fraction(tmp_path: Path) -> None:
    """'would have to give way by 0.17 (binary)' read as a share of a project: a mandatory
    project gives way whole or not at all."""
    data = load(_project_floor(), tmp_path)
    bend = Conflict(
        "project_mandatory", ("P",), ("project",), ("Projects!F3",), 1.0, 0.17, "binary"
    )
    check = ReferenceCheck(solution=Solution(SolveStatus.OPTIMAL, 0.0, True, "weighted"))
    check = ReferenceCheck(check.solution, (bend,))
    rules = Solution(
        SolveStatus.OPTIMAL,
        0.0,
        True,
        "weighted",
        rules={"project_mandatory": RULES["project_mandatory"]},
    )
    text = breach_sentence(data, check, rules)
    assert "0.17" not in text and "(binary)" not in text
    assert "give way (a yes/no decision: all of it or nothing)" in text


def test_the_robust_sentence_says_it_is_the_robust_plan_in_numbers_that_differ() -> None:
    """'costs €0m (47,977 instead of 47,977)' said the two plans were equal when they were
    not: each pair is printed to the decimals at which it differs, and the sentence says the
    plan shown is the robust one."""
    values = np.array([47_000.0, 47_500.0, 48_000.0])
    comparison = RobustComparison(
        draws=None,  # type: ignore[arg-type]  (the sentence reads no draw)
        seed=7,
        figures={"central": {"value": values}, "robust": {"value": values + 0.3}},
        best_value=values + 1.0,
        totals={},
        central_value={"central": 47_977.16, "robust": 47_977.12},
        alpha=0.9,
    )
    text = robustness_sentence(comparison)
    assert text.startswith("The plan shown is the robust plan")
    assert "costs €0.04m of value at the central estimates (47,977.1 instead of 47,977.2)" in text
    for a, b in re.findall(r"([\d,.]+) instead of ([\d,.]+)", text):
        assert a != b


def test_an_instrument_at_its_floor_in_every_draw_is_not_called_rarely_funded(
    tmp_path: Path,
) -> None:
    """Uncertainty called an instrument funded at its floor in every draw 'rarely' funded:
    the verdict counts what it names."""
    spec = base()
    spec["Instruments"] = [instrument("A", min_total_meur=100), instrument("B")]
    data = load(spec, tmp_path)
    figures = dict.fromkeys(FIGURES, 1.0)
    draws = [DrawResult(k, figures, {"A": 100.0, "B": 900.0 if k else 0.0}) for k in range(10)]
    verdicts = summarise(data, draws)[1].set_index("instrument")["verdict"]
    assert verdicts["A"] == "at its floor in every draw"
    assert verdicts["B"].startswith("robust core")
    lean = [DrawResult(k, figures, {"A": 101.0, "B": 0.0}) for k in range(10)]
    verdicts = summarise(data, lean)[1].set_index("instrument")["verdict"]
    assert verdicts["A"] == "funded in every draw, rarely above the threshold"
    assert verdicts["B"] == "rarely above the threshold"


def _capped_new_money(cap: float) -> dict[str, Any]:
    """Budget-neutral base() whose government also has a new-money cap of ``cap`` a year."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=1.0)]
    spec["Funders"][0]["new_money_cap_meur"] = {2025: cap, 2026: cap}
    return spec


def test_a_new_money_cap_that_budget_neutrality_blocks_is_not_valued(tmp_path: Path) -> None:
    """Budget neutrality holds new money at 0, so raising the cap changes nothing (a
    re-solve says 0): the cap is not valued on the Binding or Marginal sheet (it was, at
    €1.60m a year)."""
    outcome = _solve(_capped_new_money(0.0), tmp_path, "cap0.xlsx")
    raised = _solve(_capped_new_money(1.0), tmp_path, "cap1.xlsx")
    assert outcome.result.objective is not None and raised.result.objective is not None
    assert raised.result.objective == pytest.approx(outcome.result.objective, abs=1e-9)
    assert outcome.tables is not None and outcome.tables.binding_split is not None
    cells = {outcome.data.cell("Funders", "gov", str(y)) for y in (2025, 2026)}
    for table, column in (
        (outcome.tables.binding_split.planner, "cells"),
        (outcome.tables.binding, "cells"),
    ):
        assert not any(c in str(v) for v in table[column] for c in cells)
    assert not outcome.tables.marginal["what"].str.contains("New money").any()


def test_a_private_funder_without_eligibility_is_named_when_validating(tmp_path: Path) -> None:
    """Deleting every Eligibility row of the private funder validated cleanly, and the
    diagnosis then listed symptoms without the cause: validation now names it, and each
    instrument that needs private money, with its cells."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_max=0.5, min_total_meur=100)]
    ok = load(spec, tmp_path, "ok.xlsx")
    assert not [w for w in ok.warnings if "private" in w.rule or "pay for no" in w.rule]
    spec["Eligibility"] = [row for row in spec["Eligibility"] if row["funder"] != "priv"]
    data = load(spec, tmp_path, "no_private.xlsx")
    said = {(w.where, w.rule) for w in data.warnings}
    funder = data.cell("Funders", "priv", "id")
    share = data.cell("Instruments", "A", "public_share_max")
    floor = data.cell("Instruments", "A", "min_total_meur")
    assert any(where == funder and "may pay for no domain" in rule for where, rule in said)
    assert any(
        where == share and "no private funder may pay for domain 'D'" in rule and floor in rule
        for where, rule in said
    )


def test_the_next_euro_says_most_of_the_lever_worth_most(tmp_path: Path) -> None:
    """'the most valuable lever is the shift cap … adds €0.09m; one more €m of Federal money
    would do most …, adding €0.89m' contradicted itself: the lever worth more comes first,
    and each is said to be the best of its kind only."""
    spec = _capped_new_money(10.0)
    spec["settings"]["budget_neutral"] = "no"
    outcome = _solve(spec, tmp_path, "levers.xlsx")
    assert outcome.tables is not None
    text = outcome.tables.next_euro
    assert "most valuable lever" not in text
    money, shift = text.index("Of new money"), text.index("of the shift caps")
    assert money < shift
    amounts = [float(v) for v in re.findall(r"(?:adding|adds) €([\d.,]+)m", text)]
    assert len(amounts) == 2 and amounts[0] >= amounts[1], text


def test_a_share_limit_is_valued_in_what_moves_not_per_meur_of_a_share(tmp_path: Path) -> None:
    """'A is at its least public share: one more €m in each of those years adds €3.20m' —
    a share is not in €m, and which way? The row's €m is public money falling short of the
    share: the sentence says so, and a re-solve that lets €1m a year be private (a twin of A
    with no share floor, €1m a year at most) adds what it states."""
    spec = _capped_new_money(0.0)
    outcome = _solve(spec, tmp_path, "share.xlsx")
    twin = copy.deepcopy(spec)
    twin["Instruments"].append(instrument("A2", max_per_year_meur=1))
    relaxed = _solve(twin, tmp_path, "twin.xlsx")
    assert outcome.result.objective is not None and relaxed.result.objective is not None
    gained = relaxed.result.objective - outcome.result.objective
    assert gained == pytest.approx(3.2, abs=1e-6)
    assert outcome.tables is not None and outcome.tables.binding_split is not None
    planner = outcome.tables.binding_split.planner
    row = planner[planner["limit"].str.contains("least public share")].iloc[0]
    assert row["value_per_meur_each_year"] == pytest.approx(gained, abs=1e-6)
    assert (
        "letting its public money fall €1m short of the least share in each of those years "
        "adds €3.20m" in row["sentence"]
    )
