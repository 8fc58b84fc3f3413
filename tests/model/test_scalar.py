"""Scalar rules and variables (issue 23): the pact's total floor and ceiling, the skills
bottleneck's two rows and its jobs J, the CVaR threshold η are one row or one column each,
declared without index sets (``sets.SCALAR``) and present only when their condition holds;
no set of one dummy element ("all") stands in for an index, and every reader (the labelled
Solution, the Binding and Marginal tables, a diagnosis's conflicts, the limits' re-solves)
takes their index as ``()`` and names them without one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyomo.core as pyo
import pytest

from pactopt.analysis.stakes_solve import limit_stakes
from pactopt.explain.binding import binding_table, split_binding
from pactopt.explain.marginal import marginal_table
from pactopt.explain.stakes import limit_candidates
from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.model.families import ordered_rules
from pactopt.model.inspect import constraint_text
from pactopt.model.sets import SETS, index_key, index_tuple
from pactopt.model.variables import VARIABLES
from pactopt.solver.solution import Conflict, constraint_name, entries, labelled
from pactopt.solver.solve import open_solver, solve_model
from tests.model.tiny import base, full, instrument, load

SCALAR_RULES = {"total_floor", "total_ceiling", "jobs_other_potential", "skills_bottleneck"}
SCALAR_VARIABLES = {"jobs_other", "cvar_threshold"}


@pytest.fixture(scope="module")
def full_robust(tmp_path_factory: pytest.TempPathFactory) -> BuiltModel:
    """The full tiny instance (pact floor 100 and ceiling 1,500, skills bottleneck 2 jobs per
    €m of reskilling) in robust mode with two draws: every scalar rule and variable is in."""
    spec = full()
    spec["settings"].update({"objective_mode": "robust", "robust_draws": 2})
    return create_model(load(spec, tmp_path_factory.mktemp("scalar")))


@pytest.mark.fast
def test_the_scalar_declarations_have_no_index_set() -> None:
    assert {r.name for r in ordered_rules() if r.scalar} == SCALAR_RULES
    assert {r.name for r in ordered_rules() if not r.index} == SCALAR_RULES
    assert {v.name for v in VARIABLES if not v.index} == SCALAR_VARIABLES
    assert all(v.when is not None for v in VARIABLES if not v.index)
    # no declared set stands in for a scalar: none is named for one element or indexed "all"
    assert not [d.name for d in SETS if "all" in d.index_names or d.name.endswith("one")]


@pytest.mark.fast
def test_every_index_is_made_of_workbook_ids_and_numbers(full_robust: BuiltModel) -> None:
    """Every key of every set, variable and row of the model is made of the workbook's ids,
    years, segment and draw numbers: no dummy element such as "all" (the old build indexed
    the pact's total, the skills bottleneck and η by one)."""
    ix = full_robust.ctx.index
    ids = {*ix.instruments, *ix.funders, *ix.domains, *ix.budget_lines}
    ids |= {*ix.projects, *ix.links, *ix.switches}
    found: set[Any] = set()
    m = full_robust.pyomo
    for component in m.component_objects((pyo.Set, pyo.Var, pyo.Constraint)):
        keys = list(component) if isinstance(component, pyo.Set) else list(component.keys())
        for key in keys:
            found.update(index_tuple(key))
    assert {k for k in found if isinstance(k, str)} <= ids
    assert all(isinstance(k, str | int) for k in found)


@pytest.mark.fast
def test_scalar_rules_and_variables_are_scalar_components(full_robust: BuiltModel) -> None:
    """Each is one Pyomo row or column with index None, named without brackets, and the
    rows that use J and η name them so (``jobs_other``, ``cvar_threshold``)."""
    m = full_robust.pyomo
    for name in SCALAR_RULES | SCALAR_VARIABLES:
        component = getattr(m, name)
        assert not component.is_indexed(), name
        assert list(component.keys()) == [None]
        assert index_tuple(component.index()) == ()
    assert set(full_robust.rules) >= SCALAR_RULES
    assert not any(hasattr(m, f"{name}_index") for name in SCALAR_RULES)
    assert constraint_text(m.total_ceiling).startswith("total_ceiling: + 1 funding[A,eu,2025]")
    assert constraint_text(m.total_ceiling).endswith(" <= 1500")
    assert " + 1 jobs_other <= 0" in constraint_text(m.skills_bottleneck)
    assert " + 1 cvar_threshold " in constraint_text(m.draw_shortfall[0])


@pytest.mark.fast
def test_scalar_components_are_absent_when_their_condition_fails(tmp_path: Path) -> None:
    """The base tiny instance sets no pact total and no skills bottleneck and is weighted:
    none of the scalar rows or columns is built (the old build kept J and η as empty
    indexed variables over empty one-element sets)."""
    built = create_model(load(base(), tmp_path))
    assert not [n for n in SCALAR_RULES | SCALAR_VARIABLES if hasattr(built.pyomo, n)]
    assert not set(built.rules) & SCALAR_RULES


@pytest.mark.fast
def test_a_scalar_is_labelled_by_its_name_and_read_with_the_empty_index() -> None:
    series = labelled({(): 4.5}, (), label="jobs_other")
    assert series.index.tolist() == ["jobs_other"]
    assert list(entries(series)) == [((), 4.5)]
    assert index_key(()) is None and index_key(("A",)) == "A"
    assert index_key(("A", 2025)) == ("A", 2025)
    assert index_tuple(None) == () and index_tuple("A") == ("A",)
    assert constraint_name("total_floor", ()) == "total_floor"
    assert constraint_name("capacity", ("A", 2025)) == "capacity[A,2025]"
    bent = Conflict("total_floor", (), (), ("Settings!B11",), 100.0, short=20.0)
    assert (bent.constraint, bent.year, bent.key) == ("total_floor", None, ())


def _ceiling_at_350(tmp_path: Path) -> Any:
    """A (1.6 per €m, at most €300m) and B (1.1 per €m), the pact's total capped at €350m:
    A takes 300, B the other 50, and one more €m of the cap goes to B: dual 1.1."""
    spec = base()
    spec["Instruments"] = [
        instrument("A", max_total_meur=300),
        instrument("B", **{f"output_per_eur_{k}": 1.0 for k in ("low", "central", "high")}),
    ]
    spec["settings"]["total_max_meur"] = 350
    return load(spec, tmp_path)


@pytest.mark.solve
def test_a_binding_scalar_rule_reads_without_an_index(tmp_path: Path) -> None:
    """The Solution labels the ceiling's dual by its name and reads it at ``()``; the
    Binding row is named ``total_ceiling`` (it read ``total_ceiling[all]``), its range and
    the Marginal sheet's current value come from the same index; its value at stake is
    re-solved at €315m and €385m: ∓€35m of B at 1.1 = ∓€38.5m."""
    data = _ceiling_at_350(tmp_path)
    built = create_model(data)
    direct = open_solver(built, data.settings)
    solution = solve_model(built, data.settings, direct=direct)
    assert solution.objective == pytest.approx(1.6 * 300 + 1.1 * 50)
    duals = solution.duals["total_ceiling"]
    assert duals.index.tolist() == ["total_ceiling"]
    assert list(entries(duals)) == [((), pytest.approx(1.1))]
    assert solution.rhs["total_ceiling"].index.tolist() == ["total_ceiling"]
    assert solution.bound("total_ceiling", ()) == pytest.approx(350.0)
    assert solution.interval("total_ceiling", ()) == pytest.approx((300.0, 1300.0))
    table = binding_table(data, solution)
    row = table[table["rule"] == "total_ceiling"].iloc[0]
    assert row["constraint"] == "total_ceiling"
    assert row["sentence"] == (
        "The pact's total is at its ceiling of €350m (Settings!B12); one more €m here would "
        "add €1.10m of value."
    )
    planner = split_binding(data, solution).planner
    first = planner.iloc[0]
    assert (first["limit"], first["when"]) == ("The pact's total is at its ceiling of €350m", "")
    marginal = marginal_table(data, solution)
    limit = marginal[marginal["what"].str.contains("pact's total")].iloc[0]
    assert limit["limit_now_meur"] == pytest.approx(350.0)
    assert limit["change_down_meur"] == pytest.approx(-50.0)
    stakes = limit_stakes(built, direct, solution, limit_candidates(data, solution))
    stake = stakes.found[("total_ceiling", ())]
    assert (stake.value, stake.low, stake.high) == pytest.approx((350.0, 315.0, 385.0))
    assert (stake.at_low, stake.at_high) == pytest.approx((-38.5, 38.5))
