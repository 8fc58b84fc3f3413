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

from pactopt.explain.binding import binding_table
from pactopt.explain.marginal import marginal_table
from pactopt.model.families import core_rules
from pactopt.schema.data import PactData
from pactopt.solver.solution import MONEY_EFFECTS, Solution, SolveStatus, labelled
from pactopt.solver.solve import run_solver
from tests.model.tiny import base, load


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
