"""Explanations read only a Solution: built by hand here (no solver), every number of the
Binding and Marginal tables can be checked exactly — which rows are listed, the sign of the
sentence, the validity range, the money effects — and the solver's status mapping too."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import highspy
import pandas as pd
import pytest

from pactopt.analysis.moves import Move, Moves
from pactopt.analysis.plans import LeastChange, ProjectDecision, ReferenceCheck
from pactopt.analysis.stakes import LimitStake
from pactopt.explain.advice import next_euro_sentence
from pactopt.explain.binding import binding_table, split_binding, with_blocking_limits
from pactopt.explain.marginal import marginal_table
from pactopt.explain.moves import (
    EN,
    _move_text,
    least_change_sentence,
    moves_sentences,
    nearest_sentence,
)
from pactopt.explain.projects import blocked_text
from pactopt.explain.sensitivity import sensitivity_sentence
from pactopt.explain.stake_words import stake_text
from pactopt.explain.stakes import limit_candidates, limit_source
from pactopt.explain.summary import _give_way, capacity_count, empty_plan_warning, timing_sentence
from pactopt.i18n import Lang
from pactopt.model.families import core_rules
from pactopt.schema.data import PactData
from pactopt.solver.solution import MONEY_EFFECTS, Conflict, Solution, SolveStatus, labelled
from pactopt.solver.solve import run_solver
from tests.model.tiny import base, instrument, load


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> PactData:
    return load(base(), tmp_path_factory.mktemp("explain"))


def _solution() -> Solution:
    rules = {r.name: r for r in core_rules()}
    duals = {
        "instrument_max_total": labelled({("A",): 0.4}, ["instrument"]),
        "capacity": labelled({("A", 2025): 0.0, ("A", 2026): 1e-9}, ["instrument", "year"]),
        "domain_floor": labelled({("D",): -0.25}, ["domain"]),
        "public_balance": labelled({("gov", 2025): 1.2, ("gov", 2026): 0.0}, ["funder", "year"]),
        "shift_limit": labelled({("L", 2025): 0.5, ("L", 2026): 0.0}, ["budget_line", "year"]),
    }
    ranges = {
        "instrument_max_total": pd.DataFrame(
            {"low": [900.0], "high": [1200.0]},
            index=pd.MultiIndex.from_tuples([("A",)], names=["instrument"]),
        ),
        "public_balance": pd.DataFrame(
            {"low": [-50.0, -10.0], "high": [75.0, 20.0]},
            index=pd.MultiIndex.from_tuples([("gov", 2025), ("gov", 2026)], names=["f", "y"]),
        ),
    }
    effects = pd.DataFrame(
        [[1.0, 2.0, 0.5], [0.0, 0.0, 0.0]],
        index=pd.MultiIndex.from_tuples([("gov", 2025), ("gov", 2026)], names=["f", "y"]),
        columns=list(MONEY_EFFECTS),
    )
    funding = labelled({("A", "gov", 2025): 100.0, ("A", "priv", 2026): 50.0}, ["i", "f", "y"])
    return Solution(
        status=SolveStatus.OPTIMAL,
        objective=1.0,
        is_mip=False,
        mode="weighted",
        values={"funding": funding},
        duals=duals,
        ranges=ranges,
        money_effects=effects,
        rules=rules,
    )


@pytest.mark.fast
def test_binding_lists_non_zero_duals_only_largest_first(data: PactData) -> None:
    """Capacity's duals are 0 and 1e-9 (below the tolerance): not binding, not listed."""
    table = binding_table(data, _solution())
    assert list(table["constraint"]) == [
        "public_balance[gov,2025]",
        "shift_limit[L,2025]",
        "instrument_max_total[A]",
        "domain_floor[D]",
    ]


@pytest.mark.fast
def test_binding_sentences_say_add_or_cost_with_cells_and_range(data: PactData) -> None:
    table = binding_table(data, _solution()).set_index("constraint")
    ceiling = data.cell("Instruments", "A", "max_total_meur")
    floor = data.cell("Domains", "D", "min_total_meur")
    assert table.loc["instrument_max_total[A]", "sentence"] == (
        f"Instrument A is at its ceiling ({ceiling}); one more €m here would add €0.40m of value."
    )
    assert table.loc["domain_floor[D]", "sentence"].endswith(
        f"is at its floor ({floor}); one more €m here would cost €0.25m of value."
    )
    assert table.loc["public_balance[gov,2025]", "sentence"].startswith("2025: all money of ")
    assert table.loc["instrument_max_total[A]", "valid_from"] == 900.0
    assert table.loc["instrument_max_total[A]", "valid_to"] == 1200.0
    assert pd.isna(table.loc["domain_floor[D]", "valid_to"])  # no ranging given


@pytest.mark.fast
def test_marginal_money_rows_carry_duals_ranges_and_effects(data: PactData) -> None:
    table = marginal_table(data, _solution())
    money = table[table["what"].str.startswith("One more €m of")].reset_index(drop=True)
    assert list(money["value_per_meur"]) == [1.2, 0.0]
    assert list(money["valid_from_meur"]) == [-50.0, -10.0]
    assert list(money["valid_to_meur"]) == [75.0, 20.0]
    assert list(money["output_meur_per_meur"]) == [1.0, 0.0]
    assert list(money["jobs_per_meur"]) == [2.0, 0.0]
    assert list(money["savings_meur_per_meur"]) == [0.5, 0.0]
    assert money["meaning"][0] == (
        "adds €1.20m of value: €1.00m of net output, 2.00 net jobs and €0.50m of savings, "
        "discounted, for up to €75m more"
    )


@pytest.mark.fast
def test_marginal_shift_rows_list_binding_caps_only(data: PactData) -> None:
    """Line L's cap binds in 2025 (0.5) and not in 2026 (0): one row, with its value."""
    table = marginal_table(data, _solution())
    shifts = table[table["what"].str.startswith("Shifting one more €m")]
    assert list(shifts["what"]) == ["Shifting one more €m from line L in 2025"]
    assert list(shifts["value_per_meur"]) == [0.5]


@pytest.mark.fast
def test_marginal_limit_rows_come_from_the_declarations(data: PactData) -> None:
    """Limits declared with a Marginal section appear (ceiling, floor); capacity, declared
    without one, does not, whatever its dual."""
    table = marginal_table(data, _solution())
    limits = table[table["what"].str.startswith("Limit:")]
    ceiling = data.cell("Instruments", "A", "max_total_meur")
    floor = data.cell("Domains", "D", "min_total_meur")
    assert list(limits["what"]) == [
        f"Limit: instrument A is at its ceiling ({ceiling})",
        f"Limit: {data.domains[0].name} is at its floor ({floor})",
    ]
    assert list(limits["value_per_meur"]) == [0.4, -0.25]
    assert limits["valid_to_meur"].iloc[0] == 1200.0
    assert not table["what"].str.contains("capacity").any()


@pytest.mark.fast
def test_marginal_says_conditional_for_a_milp(data: PactData) -> None:
    plain = marginal_table(data, _solution())
    solution = _solution()
    conditional = marginal_table(data, replace(solution, duals_conditional=True))
    assert not plain["meaning"].str.contains("conditional").any()
    listed = conditional[conditional["what"].str.startswith(("One more", "Limit"))]
    assert listed["meaning"].str.endswith("(conditional on the project and switch decisions)").all()


@pytest.mark.parametrize(
    ("model_status", "has_solution", "expected"),
    [
        (highspy.HighsModelStatus.kOptimal, True, SolveStatus.OPTIMAL),
        (highspy.HighsModelStatus.kTimeLimit, True, SolveStatus.TIME_LIMIT_FEASIBLE),
        (highspy.HighsModelStatus.kTimeLimit, False, SolveStatus.TIME_LIMIT_NO_SOLUTION),
        (highspy.HighsModelStatus.kInfeasible, False, SolveStatus.INFEASIBLE),
        (highspy.HighsModelStatus.kUnbounded, False, SolveStatus.UNBOUNDED),
        (highspy.HighsModelStatus.kUnboundedOrInfeasible, False, SolveStatus.UNBOUNDED),
        (highspy.HighsModelStatus.kSolveError, False, SolveStatus.ERROR),
    ],
)
@pytest.mark.fast
def test_solver_status_mapping(
    model_status: highspy.HighsModelStatus, has_solution: bool, expected: SolveStatus
) -> None:
    """A time limit with an incumbent keeps it (a plan to report); without one it has none."""
    direct = SimpleNamespace(run=lambda: model_status, has_solution=lambda: has_solution)
    status = run_solver(direct)  # type: ignore[arg-type]
    assert status is expected
    assert status.has_solution is (
        expected in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT_FEASIBLE)
    )


@pytest.mark.solve
def test_settings_reach_highs(tmp_path: Path) -> None:
    """The time limit, the MIP gap and the LP method of the Settings are HiGHS's options."""
    from pactopt.model.build import create_model
    from pactopt.solver.solve import open_solver

    spec = base()
    spec["settings"].update({"solver_time_limit_s": 7.5, "mip_gap": 0.0125, "lp_method": "ipm"})
    data = load(spec, tmp_path)
    direct = open_solver(create_model(data), data.settings)
    assert direct.highs.getOptionValue("time_limit")[1] == 7.5
    assert direct.highs.getOptionValue("mip_rel_gap")[1] == 0.0125
    direct.run()
    assert direct.highs.getOptionValue("solver")[1] == "ipm"


def _conflict(rule: str, index: tuple[object, ...], names: tuple[str, ...], **kw: object) -> object:
    from pactopt.solver.solution import Conflict

    base_cells = kw.pop("cells", ())
    return Conflict(rule, index, names, tuple(base_cells), None, **kw)  # type: ignore[arg-type]


@pytest.mark.fast
def test_diagnosis_groups_years_spans_cells_and_keeps_units(data: PactData) -> None:
    """Capacity conflicts of A in 2025 and 2026 make one row over 2025-2026; five cells are
    shown as the first two … the last; bookkeeping conflicts are left out; a bent €m limit
    reads in euros and a bent yes/no rule as a decision, with no amount at all."""
    from pactopt.explain.diagnosis import diagnosis_table

    rules = {r.name: r for r in core_rules()}
    cells = [f"Instruments!I{k}" for k in range(3, 8)]
    conflicts = [
        _conflict("capacity", ("A", 2025), ("instrument", "year"), cells=cells[:3]),
        _conflict("capacity", ("A", 2026), ("instrument", "year"), cells=cells[2:]),
        _conflict("shift_destination", ("gov", "A", 2025), ("funder", "instrument", "year")),
    ]
    bends = [
        _conflict(
            "instrument_max_total",
            ("A",),
            ("instrument",),
            cells=("Instruments!E3",),
            short=200.0,
            unit="€m",
        ),
        _conflict("project_mandatory", ("P",), ("project",), short=0.25, unit="binary"),
    ]
    table = diagnosis_table(data, rules, [], conflicts, bends)  # type: ignore[arg-type]
    iis = table[table["step"] == "conflicting rules (IIS)"]
    assert list(iis["rule"]) == ["capacity"]
    assert iis["explanation"].iloc[0] == (
        "2025-2026: instrument A is at its yearly capacity "
        "(Instruments!I3, Instruments!I4 … Instruments!I7)"
    )
    bent = table[table["step"] == "euros missing (relaxation)"].reset_index(drop=True)
    assert bent["explanation"][0] == (
        "the ceiling of instrument A (Instruments!E3) must give way by €200m"
    )
    assert bent["cells"][0] == "Instruments!E3"
    assert list(bent["rule"]) == ["instrument_max_total[A]", "project_mandatory[P]"]
    assert bent["short_meur"][0] == 200.0
    assert bent["explanation"][1] == (
        "the mandatory project P must give way: no plan meets the other rules with it"
    )
    assert pd.isna(bent["short_meur"][1])


@pytest.mark.fast
def test_diagnosis_says_when_the_conflict_is_in_the_yes_no_decisions(data: PactData) -> None:
    from pactopt.explain.diagnosis import diagnosis_table

    table = diagnosis_table(data, {}, [], None, [])
    assert table["explanation"].iloc[0].startswith("with fractional projects and switches")


@pytest.mark.fast
def test_marginal_without_a_money_effect_says_only_the_value(data: PactData) -> None:
    """A re-solve that gave no split (none stored): the row states its value and range only."""
    solution = replace(
        _solution(), money_effects=Solution(SolveStatus.OPTIMAL, 1.0, False, "w").money_effects
    )
    table = marginal_table(data, solution)
    row = table[table["what"] == "One more €m of government money in 2025"].iloc[0]
    assert row["meaning"] == "adds €1.20m of value, for up to €75m more"
    assert pd.isna(row["output_meur_per_meur"])


@pytest.mark.fast
def test_a_limit_binding_in_one_year_is_said_with_that_year(data: PactData) -> None:
    """Line L's cap binds in 2025 only: its planner row says '2025', not '1 years'; the
    limits without a year say no year."""
    planner = split_binding(data, _solution()).planner
    assert list(planner["when"]) == ["2025", "", ""]
    cells = ", ".join(data.cell("BudgetLines", "L", c) for c in ("max_shift_share", "2025"))
    assert planner["sentence"].iloc[0] == (
        f"The shift from line L is at its cap of 50% of €100m (€50m) ({cells}), 2025: one more "
        "€m adds €0.50m of value."
    )


@pytest.mark.fast
def test_limits_that_only_keep_projects_out_are_ranked_after_the_priced_ones(
    data: PactData,
) -> None:
    """The three priced limits are ranks 1-3; a row of value 0 (a limit that keeps a project
    out) follows as rank 4, its sentence cut at 'keeps out' for the limit's name."""
    split = split_binding(data, _solution())
    blocking = pd.DataFrame(
        {
            "value_per_meur": [0.0, 0.4],
            "cells": ["Instruments!E3", "x"],
            "sentence": ["Instrument A is at its ceiling keeps out project P: …", "priced"],
        }
    )
    planner = with_blocking_limits(split, blocking).planner
    assert list(planner["rank"]) == [1, 2, 3, 4]
    assert planner["limit"].iloc[3] == "Instrument A is at its ceiling"
    assert planner["cells"].iloc[3] == "Instruments!E3"


@pytest.mark.fast
@pytest.mark.parametrize("weight", [1.0, 0.0])
def test_an_unfunded_instrument_s_threshold_needs_a_weight_on_output(
    tmp_path: Path, weight: float
) -> None:
    """B is left at zero with reduced costs −0.3 (2025) and −0.5 (2026): with output weighed
    1, it would be funded above 1.5 + 0.3 = 1.80 per €; with output weighed 0 no output per €
    would fund it, and no threshold is said."""
    spec = base()
    spec["Instruments"].append(instrument("B"))
    spec["settings"]["weight_output"] = weight
    data = load(spec, tmp_path)
    costs = labelled({("B", "gov", 2025): -0.3, ("B", "gov", 2026): -0.5}, ["i", "f", "y"])
    solution = replace(_solution(), reduced_costs={"funding": costs})
    table = marginal_table(data, solution)
    unfunded = table[table["what"].str.startswith("Unfunded")]
    if weight == 0.0:
        assert unfunded.empty
        return
    assert list(unfunded["what"]) == ["Unfunded: instrument B"]
    assert list(unfunded["value_per_meur"]) == pytest.approx([-0.3])
    assert list(unfunded["meaning"]) == [
        "would be funded if its output per € exceeded 1.80 (now 1.50)"
    ]


@pytest.mark.fast
def test_least_change_says_the_value_given_up_and_what_stays(tmp_path: Path) -> None:
    """Best 100, plan shown 99.25: €0.75m of value less than the best; of the reference's
    €200m, 190 stays where it is (the plain optimum keeps 170)."""
    data = load(base(), tmp_path)
    least = LeastChange(0.01, 100.0, 99.25, 10.0, 30.0, 200.0, 190.0, 170.0)
    cell = data.cell("Settings", "least_change_tolerance", "value")
    assert least_change_sentence(data, least) == (
        f"Of the plans whose value is within 1% of the best ({cell}), the plan shown is the one "
        "closest to the reference plan: €190m of the reference plan's €200m stays in the "
        "instrument and year it is in (the plain optimum keeps €170m there), for €0.75m of "
        "value less than the best. Set least_change to no in Settings for the plain optimum."
    )


@pytest.mark.fast
def test_a_move_names_the_money_it_moves_above_half_a_million(tmp_path: Path) -> None:
    """gov's −€0.2m and line L's €0.3m are below €0.5m: not named; private's +€40.2m is."""
    data = load(base(), tmp_path)
    move = Move("A", 1, 100.0, 40.0, (("gov", -0.2), ("priv", 40.2)), (("L", 0.3),))
    assert _move_text(data, move, EN) == "more to instrument A (+€40m; private sector +€40.2m)"
    back = Move("A", 1, 100.0, -40.0, (("gov", -40.0),), (("L", -40.0),))
    assert _move_text(data, back, EN) == (
        "less to instrument A (−€40m; government −€40m, €40m less shifted from line L)"
    )


@pytest.mark.fast
@pytest.mark.parametrize(("profile", "why"), [(8.0, True), (12.0, False)])
def test_timing_names_the_discount_rate_only_when_timing_gains(
    tmp_path: Path, profile: float, why: bool
) -> None:
    """The announced totals at their best timing are worth 10; spread evenly 8 (+€2m from
    timing, which a 3% discount rate explains) or 12 (−€2m: the rate is not the reason). The
    best plan adds only €0.2m: no move is worth naming."""
    spec = base()
    spec["settings"]["discount_rate"] = 0.03
    data = load(spec, tmp_path)
    cell = data.cell("Settings", "discount_rate", "value")
    said = moves_sentences(data, Moves(10.0, 10.2, profile, (), (), ("A",)))
    change = f"+€2m; later impacts are discounted at 3% a year ({cell})" if why else "−€2m"
    assert said == [
        "Spending the announced totals in other years than evenly, each at its best "
        f"financing, changes the value by {change}.",
        "No move from the announced totals adds value.",
    ]


@pytest.mark.fast
def test_timing_counts_the_first_half_and_the_years_at_capacity(data: PactData) -> None:
    """€100m in 2025 and €50m in 2026: 67% in the first half; A's capacity is €100m in 2025
    (reached) and €80m in 2026 (not): one instrument-year at capacity. No spending at all:
    nothing to say."""
    capacity = labelled({("A", 2025): 100.0, ("A", 2026): 80.0}, ["instrument", "year"])
    solution = replace(_solution(), rhs={"capacity": capacity})
    assert capacity_count(data, solution) == 1
    assert timing_sentence(data, solution) == (
        "67% of the spending falls in the first half of the horizon (2025): 1 instrument-year "
        "is at its yearly capacity (Instruments max_per_year_meur)."
    )
    french = timing_sentence(data, solution, Lang("fr"))
    assert "(2025)\u00a0: 1 année-instrument est à sa capacité annuelle" in french
    nothing = replace(solution, values={"funding": labelled({("A", "gov", 2025): 0.0}, FUND)})
    assert timing_sentence(data, nothing) == ""


FUND = ["i", "f", "y"]


@pytest.mark.fast
def test_an_empty_plan_is_explained_by_missing_budget_lines_only_when_they_are(
    data: PactData, tmp_path: Path
) -> None:
    nothing = replace(_solution(), values={"funding": labelled({("A", "gov", 2025): 0.0}, FUND)})
    assert empty_plan_warning(data, _solution()) == ""
    assert empty_plan_warning(data, nothing) == (
        "The optimised plan spends nothing: no euro adds value under the Settings weights."
    )
    spec = base()
    spec["BudgetLines"] = []
    assert empty_plan_warning(load(spec, tmp_path), nothing) == (
        "The optimised plan spends nothing: in budget-neutral mode public money can only be "
        "shifted from budget lines, and the BudgetLines sheet has none (money typed in the "
        "Funders year columns is a cap on new money, which budget-neutral mode forbids)."
    )


@pytest.mark.fast
def test_a_rule_giving_way_sums_the_known_amounts_of_its_years(data: PactData) -> None:
    """A's capacity gives way by €5m in 2026; 2025's amount is not known (None) and adds
    nothing: €5m in 2 years."""
    bends = [
        Conflict("capacity", ("A", y), ("instrument", "year"), ("Instruments!F3",), 100.0, short)
        for y, short in ((2025, None), (2026, 5.0))
    ]
    assert _give_way(data, _solution(), bends, "would have to") == (
        "the yearly capacity of instrument A (Instruments!F3) would have to give way by €5m in "
        "2 years between 2025 and 2026"
    )


@pytest.mark.fast
def test_a_stake_says_where_a_limit_cannot_move() -> None:
    """A share floor at 100% re-solved 10% either way: at 90% the value falls €12.5m; it
    cannot be higher than 100%. At 90%, both ways move (a MILP's with its decisions held)."""
    full = LimitStake("public_share_max", ("A",), 1.0, 0.9, 1.0, -12.5, 0.0, unit="share 0-1")
    assert stake_text(full, "weighted") == (
        "re-solved with the limit 10% either way from 100%: at 90%, −€12.5m of value; "
        "it cannot be higher"
    )
    inner = LimitStake("public_share_max", ("A",), 0.9, 0.81, 0.99, 25.0, -3.25, unit="share 0-1")
    assert stake_text(inner, "weighted", mip=True) == (
        "re-solved with the limit 10% either way from 90% with the projects and switches as "
        "chosen: at 81%, +€25m of value; at 99%, −€3.25m of value"
    )


@pytest.mark.fast
def test_projects_kept_out_by_one_limit_are_named_together_and_sourced_by_the_first(
    tmp_path: Path,
) -> None:
    """P (€5m in 2025) and Q (€3m) are on A: A's ceiling keeps both out, named in one
    sentence; the rule of their 2025 cost takes its source from the first project's row."""
    spec = base()
    spec["Projects"] = [
        {"id": p, "instrument": "A", "name": p, "output_meur": 1, "jobs": 0, "source": source}
        | {"cost_meur": {2025: cost}}
        for p, cost, source in (("P", 5, "first source"), ("Q", 3, "second source"))
    ]
    data = load(spec, tmp_path)
    rules = {r.name: r for r in core_rules()}
    assert limit_source(data, rules["project_cost"], ("A", 2025)) == "first source"
    assert limit_source(data, rules["project_cost"], ("A", 2026)) == ""  # no project costs

    def kept_out(project: str, short: float) -> ProjectDecision:
        ceiling = Conflict("instrument_max_total", ("A",), ("instrument",), CEILING, 1e3, short)
        return ProjectDecision(project, False, 1.0, None, (ceiling,))

    assert blocked_text(data, rules, [kept_out("P", 5.0), kept_out("Q", 3.0)]) == (
        "The ceiling of instrument A (Instruments!E3) keeps projects P (€5m short) and Q (€3m "
        "short) out."
    )
    assert blocked_text(data, rules, [kept_out("P", 5.0)]) == (
        "The ceiling of instrument A (Instruments!E3) keeps project P (€5m short) out."
    )


CEILING = ("Instruments!E3",)


@pytest.mark.fast
def test_the_next_euro_with_new_money_allowed_puts_the_larger_lever_first(
    tmp_path: Path,
) -> None:
    """New money allowed: government money in 2025 adds 1.2 per €m, line L's cap 0.5; the
    larger first, capitalised, the sentence closed by a full stop."""
    spec = base()
    spec["settings"]["budget_neutral"] = "no"
    data = load(spec, tmp_path)
    cells = ", ".join(data.cell("BudgetLines", "L", c) for c in ("max_shift_share", "2025"))
    assert next_euro_sentence(data, _solution()) == (
        "Of new money, one more €m of government money would do most in 2025, adding €1.20m of "
        "value; of the shift caps, the most valuable to raise is that of line L in 2025 "
        f"({cells}): one more €m shifted adds €0.50m of value, net of what the line would have "
        "produced."
    )


@pytest.mark.fast
def test_marginal_limit_rows_list_binding_limits_only(tmp_path: Path) -> None:
    """A's ceiling binds (0.4), B's does not (0): only A's is a limit row."""
    spec = base()
    spec["Instruments"].append(instrument("B"))
    data = load(spec, tmp_path)
    solution = _solution()
    ceilings = labelled({("A",): 0.4, ("B",): 0.0}, ["instrument"])
    table = marginal_table(
        data, replace(solution, duals={**solution.duals, "instrument_max_total": ceilings})
    )
    assert list(table.loc[table["what"].str.startswith("Limit"), "what"]) == [
        "Limit: instrument A is at its ceiling (Instruments!E3)",
        "Limit: domain D is at its floor (Domains!C3)",
    ]


@pytest.mark.fast
def test_the_nearest_plan_says_what_share_of_a_small_announced_plan_it_moves(
    tmp_path: Path,
) -> None:
    """Announced: €0.8m to A, nothing to B. The nearest plan within the rules gives A and B
    €0.4m each: it moves €0.4m, half of the announced €0.8m (a total under €1m has a share
    too), from A to B."""
    spec = base()
    spec["Instruments"] = [
        instrument("A", reference_plan_meur=0.8),
        instrument("B", reference_plan_meur=0),
    ]
    data = load(spec, tmp_path)
    funding = labelled({("A", "gov", 2025): 0.4, ("B", "gov", 2025): 0.4}, FUND)
    nearest = Solution(SolveStatus.OPTIMAL, 1.0, False, "weighted", values={"funding": funding})
    capacity = ("instrument", "year")
    breach = Conflict("capacity", ("A", 2025), capacity, ("Instruments!F3",), 0.4, 0.4)
    reference = ReferenceCheck(nearest, (breach,), moved_meur=0.4)
    assert nearest_sentence(data, reference) == (
        "The nearest plan that can be financed within every rule moves €0.40m of the announced "
        "plan's totals (50% of it): it takes instrument A (−€0.40m) and adds to instrument B "
        "(+€0.40m). That plan is the reference the figures below are compared with."
    )


@pytest.mark.fast
def test_least_change_says_what_stays_of_a_reference_plan_under_one_million(
    tmp_path: Path,
) -> None:
    """A reference plan of €0.8m is still a plan: of it €0.6m stays where it is (the plain
    optimum keeps €0.2m), for 100 − 99.5 = €0.5m of value less than the best."""
    data = load(base(), tmp_path)
    least = LeastChange(0.01, 100.0, 99.5, 0.2, 0.6, 0.8, 0.6, 0.2)
    cell = data.cell("Settings", "least_change_tolerance", "value")
    assert least_change_sentence(data, least) == (
        f"Of the plans whose value is within 1% of the best ({cell}), the plan shown is the one "
        "closest to the reference plan: €0.60m of the reference plan's €0.80m stays in the "
        "instrument and year it is in (the plain optimum keeps €0.20m there), for €0.50m of "
        "value less than the best. Set least_change to no in Settings for the plain optimum."
    )


@pytest.mark.fast
def test_limits_to_re_solve_are_ranked_by_the_sum_of_their_years_values(data: PactData) -> None:
    """L's shift cap is worth 0.3 in each year: 0.6 in all, so it comes before A's ceiling
    (0.4) though each of its years is worth less; then D's floor (|−0.25|). The government's
    balance (1.2) is an identity, not a limit to move, and is not re-solved."""
    duals = dict(_solution().duals)
    duals["shift_limit"] = labelled({("L", 2025): 0.3, ("L", 2026): 0.3}, ["budget_line", "year"])
    solution = replace(_solution(), duals=duals)
    assert limit_candidates(data, solution) == [
        ("shift_limit", ("L",), (("L", 2025), ("L", 2026))),
        ("instrument_max_total", ("A",), (("A",),)),
        ("domain_floor", ("D",), (("D",),)),
    ]


@pytest.mark.fast
def test_sensitivity_ranks_each_response_apart_and_writes_indices_without_exponents() -> None:
    """Each response ranks its own rows (net output's 1,860 is never among net jobs'); an
    index of 100 or more is a whole number with a thousands separator (1,860, not 1.86e+03),
    one under 100 three significant digits or two (12.3; 0.45, not 0)."""
    table = pd.DataFrame(
        {
            "response": ["net_output", "net_output", "net_jobs", "net_jobs"],
            "group": ["A", "B", "A", "B"],
            "mu_star": [1860.4, 0.45, 12.34, 250.0],
        }
    )
    groups = [SimpleNamespace(name="A", shown="instrument A"), SimpleNamespace(name="B", shown="B")]
    result = SimpleNamespace(
        method="morris", groups=groups, table=table, solves=40, productivity=""
    )
    assert sensitivity_sentence(result) == (  # type: ignore[arg-type]
        "Estimates worth improving first (Morris μ*, 40 solves): for net output instrument A "
        "(1,860); B (0.45); for net jobs B (250); instrument A (12.3). A group is one "
        "instrument's output per € and jobs per €m, or the instruments sharing one estimate "
        "(the Groups sheet lists them)."
    )


@pytest.mark.fast
@pytest.mark.parametrize(("sharing", "said"), [(3, True), (2, False)])
def test_three_instruments_sharing_a_return_are_said_to_share_it(
    tmp_path: Path, sharing: int, said: bool
) -> None:
    """Three of four instruments at 1.5 € of output per €: the Summary says the plan's choice
    between them does not rest on different returns; two of four is no pattern."""
    from pactopt.explain.summary import calibration_sentence

    spec = base()
    others = [1.1, 1.2, 1.3, 1.4][: 4 - sharing]
    spec["Instruments"] = [instrument(i) for i in "ABC"[:sharing]] + [
        instrument(f"X{k}", output_per_eur_low=v, output_per_eur_central=v, output_per_eur_high=v)
        for k, v in enumerate(others)
    ]
    text = calibration_sentence(load(spec, tmp_path))
    assert text == (
        "3 of 4 instruments share one output per € (1.5): the choice between those "
        "instruments rests on their other differences (jobs, savings, curves, limits), not "
        "on evidence that their returns differ."
        if said
        else ""
    )


@pytest.mark.fast
def test_a_timing_sentence_without_reasons_ends_with_a_full_stop(data: PactData) -> None:
    """No discounting and no instrument-year at its capacity: the share of the first half
    is said alone, as a sentence."""
    capacity = labelled({("A", 2025): 999.0, ("A", 2026): 999.0}, ["instrument", "year"])
    solution = replace(_solution(), rhs={"capacity": capacity})
    text = timing_sentence(data, solution)
    assert text == "67% of the spending falls in the first half of the horizon (2025)."
