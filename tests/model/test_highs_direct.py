"""The direct HiGHS interface: optima derived by hand on a two-variable LP, every explicit
change (row bounds, parameters, pinned integers, fixed variables, a new row), and agreement
with an independent path (Pyomo's LP writer read by highspy) on the reference model."""

from __future__ import annotations

import math
from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo
import pytest

from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver.bounds import implied_bounds
from pactopt.solver.highs import DirectHighs, NonlinearModelError, new_highs
from pactopt.solver.solve import write_lp
from tests.conftest import REFERENCE_XLSX

OPTIMAL = highspy.HighsModelStatus.kOptimal


def _lp() -> pyo.ConcreteModel:
    """max p·x + 2y  s.t.  x + y ≤ 4,  x + 3y ≤ 9,  x ≤ 3,  x, y ≥ 0  (p = 3).

    Vertices: (0,0) 0, (3,0) 9, (3,1) 11, (1.5,2.5) 9.5, (0,3) 6: the optimum is x = 3,
    y = 1, objective 11, with x + y ≤ 4 and x ≤ 3 binding. Duals: y's cost 2 = λ1, x's cost
    3 = λ1 + λ3, so λ1 = 2, λ3 = 1, and the slack row x + 3y ≤ 9 has λ2 = 0."""
    m = pyo.ConcreteModel()
    m.p = pyo.Param(initialize=3.0, mutable=True)
    m.x = pyo.Var(within=pyo.NonNegativeReals)
    m.y = pyo.Var(within=pyo.NonNegativeReals)
    m.total = pyo.Constraint(expr=m.x + m.y <= 4)
    m.mixed = pyo.Constraint(expr=m.x + 3 * m.y <= 9)
    m.cap = pyo.Constraint(expr=m.x <= 3)
    m.obj = pyo.Objective(expr=m.p * m.x + 2 * m.y, sense=pyo.maximize)
    return m


@pytest.mark.solve
def test_hand_derived_optimum_and_duals() -> None:
    m = _lp()
    direct = DirectHighs(m)
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(11.0)
    assert list(direct.column_values()) == pytest.approx([3.0, 1.0])
    assert m.x.value is None  # the Pyomo model is never written to
    duals = direct.duals()
    assert abs(duals["total"][()]) == pytest.approx(2.0)
    assert abs(duals["cap"][()]) == pytest.approx(1.0)
    assert duals["mixed"][()] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.solve
def test_a_solution_is_held_after_an_optimum_and_not_after_infeasibility() -> None:
    """has_solution tells a time-limit incumbent from nothing: true at the optimum, false
    when no plan exists (x + y ≥ 10 against x + y ≤ 4)."""
    m = _lp()
    direct = DirectHighs(m)
    assert not direct.has_solution()
    direct.run()
    assert direct.has_solution()
    m.floor = pyo.Constraint(expr=m.x + m.y >= 10)
    infeasible = DirectHighs(m)
    assert infeasible.run() == highspy.HighsModelStatus.kInfeasible
    assert not infeasible.has_solution()


@pytest.mark.solve
def test_shifting_a_binding_row_moves_the_objective_by_its_dual() -> None:
    """x + y ≤ 5: the optimum becomes (3, 2), objective 13 = 11 + λ1; shifting back gives 11."""
    m = _lp()
    direct = DirectHighs(m)
    direct.run()
    with direct.shifted_row(m.total, 1.0):
        assert direct.run() == OPTIMAL
        assert direct.objective_value() == pytest.approx(13.0)
    direct.run()
    assert direct.objective_value() == pytest.approx(11.0)


@pytest.mark.solve
def test_parameters_are_reread_in_the_objective_and_in_rows() -> None:
    """A row p·y ≤ 6 (y ≤ 2 at p = 3, slack at (3, 1)). With p = 1: max x + 2y, y ≤ 6, has
    its optimum at (1.5, 2.5), objective 6.5. Then, from p·y ≤ 1.5 at p = 3 (y ≤ 0.5, optimum
    (3, 0.5), objective 10), p = 6 makes it y ≤ 0.25: objective 6·3 + 2·0.25 = 18.5."""
    m = _lp()
    m.param_row = pyo.Constraint(expr=m.p * m.y <= 6)  # y ≤ 2 at p = 3: not binding at (3, 1)
    direct = DirectHighs(m, track_parameters=True)
    direct.run()
    assert direct.objective_value() == pytest.approx(11.0)
    m.p = 1.0
    direct.update_parameters()
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(6.5)
    m.p = 3.0
    m.param_row.set_value(m.p * m.y <= 1.5)  # y ≤ 0.5
    direct_small = DirectHighs(m, track_parameters=True)
    direct_small.run()
    assert direct_small.objective_value() == pytest.approx(3 * 3 + 2 * 0.5)
    m.p = 6.0
    direct_small.update_parameters()
    direct_small.run()
    assert direct_small.objective_value() == pytest.approx(18.5)


@pytest.mark.solve
def test_a_parameter_that_drops_a_variable_from_a_row_zeroes_its_coefficient() -> None:
    """A row p·y + x ≤ 4 at p = 3 (with x ≤ 3: y ≤ 1/3, objective 3·3 + 2/3). At p = 0 the
    objective is 2y and the row is x ≤ 4, so y reaches 3 (x + 3y ≤ 9 at x = 0): 6 — only if
    y's coefficient in the row was set to 0; left at 3, y would stop at 4/3 (2.67)."""
    m = _lp()
    m.param_row = pyo.Constraint(expr=m.p * m.y + m.x <= 4)
    direct = DirectHighs(m, track_parameters=True)
    direct.run()
    assert direct.objective_value() == pytest.approx(3 * 3 + 2 / 3)
    m.p = 0.0
    direct.update_parameters()
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(6.0)


@pytest.mark.solve
def test_an_instance_with_its_own_threads_runs_after_another() -> None:
    """HiGHS sizes one thread pool per process at its first run: an instance asking for one
    thread after a default run must restart it, and then reaches the same optimum."""
    first = DirectHighs(_lp())
    assert first.run() == OPTIMAL
    single = DirectHighs(_lp(), threads=1)
    assert single.run() == OPTIMAL
    assert single.objective_value() == pytest.approx(11.0)
    assert single.highs.getOptionValue("threads")[1] == 1


@pytest.mark.solve
def test_a_fixed_variable_is_a_column_with_equal_bounds() -> None:
    """y fixed at 0.5: x = 3, objective 3·3 + 2·0.5 = 10."""
    m = _lp()
    m.y.fix(0.5)
    direct = DirectHighs(m)
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(10.0)
    assert len(direct.columns) == 2


@pytest.mark.solve
def test_pinned_integers_make_an_lp_with_duals() -> None:
    """max 3x + 2y with y integer ≤ 1.5 and x + y ≤ 4, x ≤ 3: MILP optimum (3, 1). Pinning
    y at 1 gives the same objective and an LP whose duals exist; with y pinned the optimum is
    degenerate, so only the sum of the two duals priced by x is determined: 3, x's cost."""
    m = _lp()
    m.y.domain = pyo.Integers
    m.ycap = pyo.Constraint(expr=m.y <= 1.5)
    direct = DirectHighs(m)
    assert direct.integer_cols == [1]
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(11.0)
    with direct.pinned_integers({1: 1.0}):
        assert direct.run() == OPTIMAL
        assert direct.objective_value() == pytest.approx(11.0)
        assert direct.highs.getInfo().mip_node_count in (-1, 0)
        duals = direct.duals()
        assert abs(duals["cap"][()]) + abs(duals["total"][()]) == pytest.approx(3.0)
    # leaving the block makes y integer again with its own bounds: pinned at 0 inside, the
    # optimum is (3, 0) = 9; outside it is the MILP optimum 11 again
    with direct.pinned_integers({1: 0.0}):
        direct.run()
        assert direct.objective_value() == pytest.approx(9.0)
    direct.run()
    assert direct.objective_value() == pytest.approx(11.0)
    assert direct.highs.getInfo().mip_node_count >= 0


@pytest.mark.solve
def test_relaxed_integers_give_the_lp_relaxation_inside_the_block() -> None:
    """max x + 2y, x + y ≤ 4, y ≤ 1.5, y integer: the relaxation's optimum is (2.5, 1.5) = 5.5;
    after the block y is integer again and the MILP optimum is (3, 1) = 5."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.NonNegativeReals)
    m.y = pyo.Var(within=pyo.NonNegativeIntegers)
    m.total = pyo.Constraint(expr=m.x + m.y <= 4)
    m.ycap = pyo.Constraint(expr=m.y <= 1.5)
    m.obj = pyo.Objective(expr=m.x + 2 * m.y, sense=pyo.maximize)
    direct = DirectHighs(m)
    with direct.relaxed_integers():
        assert direct.run() == OPTIMAL
        assert direct.objective_value() == pytest.approx(5.5)
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(5.0)


@pytest.mark.solve
def test_elastic_rows_bend_by_the_least_amount_and_go_away() -> None:
    """x + y ≥ 10 against x ≤ 3 and x + 3y ≤ 9 (so y ≤ 2 when x = 3): x + y reaches at most
    3 + 2 = 5, short by 5. Bending only the floor, the least bending is exactly 5; after the
    block the model is infeasible again and the columns are gone."""
    m = _lp()
    m.floor = pyo.Constraint(expr=m.x + m.y >= 10)
    m.total.deactivate()
    direct = DirectHighs(m)
    assert direct.run() == highspy.HighsModelStatus.kInfeasible
    with direct.elastic([m.floor]) as bends:
        assert direct.run() == OPTIMAL
        ((con, up, down),) = bends
        x = direct.all_column_values()
        assert con is m.floor
        assert x[up] + x[down] == pytest.approx(5.0)
    assert direct.highs.getNumCol() == 2
    assert direct.run() == highspy.HighsModelStatus.kInfeasible


@pytest.mark.solve
def test_a_new_row_and_a_new_objective_are_taken_up() -> None:
    """A scoped row x ≤ 2: optimum (2, 2), objective 3·2 + 2·2 = 10. Inside it a scoped
    objective, min x + y: 0 at the origin. Each goes away with its block."""
    m = _lp()
    direct = DirectHighs(m)
    direct.run()
    with direct.extra_row(m.x, None, 2):
        direct.run()
        assert direct.objective_value() == pytest.approx(10.0)
        with direct.objective(m.x + m.y, maximise=False):
            direct.run()
            assert direct.objective_value() == pytest.approx(0.0)
        direct.run()
        assert direct.objective_value() == pytest.approx(10.0)
    # both changes are gone: the row and the objective, and the model never had either
    direct.run()
    assert direct.objective_value() == pytest.approx(11.0)
    assert direct.highs.getNumRow() == 3
    assert [c.name for c in m.component_objects(pyo.Constraint)] == ["total", "mixed", "cap"]


@pytest.mark.solve
def test_an_extra_row_with_a_constant_and_a_shifted_floor() -> None:
    """x + 1 ≤ 3 is x ≤ 2: (2, 2), objective 10. A floor y ≥ 1.5 moves the optimum to
    (2.5, 1.5), 10.5; shifted up by 1 (y ≥ 2.5) it is (1.5, 2.5), 9.5."""
    m = _lp()
    direct = DirectHighs(m)
    with direct.extra_row(m.x + 1, None, 3):
        direct.run()
        assert direct.objective_value() == pytest.approx(10.0)
    m.floor = pyo.Constraint(expr=m.y >= 1.5)
    floored = DirectHighs(m)
    floored.run()
    assert floored.objective_value() == pytest.approx(10.5)
    with floored.shifted_row(m.floor, 1.0):
        floored.run()
        assert floored.objective_value() == pytest.approx(9.5)


@pytest.mark.solve
def test_a_mutable_bound_is_reread() -> None:
    """x ≤ cap with cap a parameter: 3 gives (3, 1) = 11; 2 gives (2, 2) = 10."""
    m = _lp()
    m.cap.deactivate()
    m.limit = pyo.Param(initialize=3.0, mutable=True)
    m.capped = pyo.Constraint(expr=m.x <= m.limit)
    direct = DirectHighs(m, track_parameters=True)
    direct.run()
    assert direct.objective_value() == pytest.approx(11.0)
    m.limit = 2.0
    direct.update_parameters()
    direct.run()
    assert direct.objective_value() == pytest.approx(10.0)


@pytest.mark.fast
def test_a_nonlinear_objective_is_refused() -> None:
    m = _lp()
    direct = DirectHighs(m)
    with pytest.raises(NonlinearModelError, match="not linear"):
        direct.linear_form(m.x * m.y)


@pytest.mark.fast
def test_a_nonlinear_row_is_refused() -> None:
    m = _lp()
    m.bad = pyo.Constraint(expr=m.x * m.y <= 1)
    with pytest.raises(NonlinearModelError, match="bad"):
        DirectHighs(m)


@pytest.mark.fast
def test_making_an_instance_prints_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    new_highs()
    out, _ = capfd.readouterr()
    assert out == ""


@pytest.mark.solve
def test_reference_model_matches_the_lp_writer_read_by_highs(tmp_path: Path) -> None:
    """The same model through Pyomo's LP writer and highspy's reader (an independent compile
    path) has the same rows, non-zeros (apart from those of fixed variables) and optimum
    as its LP relaxation compiled directly."""
    data = load_pact(REFERENCE_XLSX)
    built = create_model(data)
    m = built.pyomo
    for v in m.component_data_objects(pyo.Var):
        if v.is_integer() and not v.fixed:
            v.domain = pyo.UnitInterval  # the LP writer below must write the relaxation too
    direct = DirectHighs(m)
    assert direct.run() == OPTIMAL
    path = tmp_path / "m.lp"
    write_lp(built, path)
    other = new_highs()
    other.readModel(str(path))
    other.run()
    assert other.getModelStatus() == OPTIMAL
    assert direct.objective_value() == pytest.approx(
        other.getInfo().objective_function_value, rel=1e-9
    )
    assert direct.highs.getNumRow() == other.getNumRow()
    # the writer folds fixed variables (decided switches) into constants; here they are columns
    fixed = np.array([j for j, v in enumerate(direct.columns) if v.fixed], dtype=np.int32)
    in_fixed = direct.highs.getCols(len(fixed), fixed)[5] if len(fixed) else 0
    assert direct.highs.getNumNz() - in_fixed == other.getNumNz()


@pytest.mark.solve
def test_interior_point_gives_the_same_optimum_then_hands_over_to_simplex() -> None:
    """lp_method = ipm: the hand-derived optimum 11 by interior point (with crossover, so the
    duals exist); the re-solve after a shifted row runs the simplex method from that basis."""
    m = _lp()
    direct = DirectHighs(m, lp_method="ipm")
    assert direct.run() == OPTIMAL
    assert direct.highs.getInfo().ipm_iteration_count > 0
    assert direct.objective_value() == pytest.approx(11.0)
    assert abs(direct.duals()["total"][()]) == pytest.approx(2.0)
    with direct.shifted_row(m.total, 1.0):
        direct.run()
        assert direct.highs.getInfo().ipm_iteration_count == 0
        assert direct.objective_value() == pytest.approx(13.0)


@pytest.mark.solve
def test_the_lp_method_leaves_integer_models_to_the_mip_solver() -> None:
    """max x + 2y, x + y ≤ 4, y ≤ 1.5, y integer: the MILP optimum is (3, 1) = 5, where the
    LP relaxation would give (2.5, 1.5) = 5.5; with lp_method = ipm it is still 5."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(within=pyo.NonNegativeReals)
    m.y = pyo.Var(within=pyo.NonNegativeIntegers)
    m.total = pyo.Constraint(expr=m.x + m.y <= 4)
    m.ycap = pyo.Constraint(expr=m.y <= 1.5)
    m.obj = pyo.Objective(expr=m.x + 2 * m.y, sense=pyo.maximize)
    direct = DirectHighs(m, lp_method="ipm")
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(5.0)


def _infeasible_pact(tmp_path: Path) -> tuple[object, DirectHighs, object]:
    """base() with domain D's floor (€5,000m) above A's ceiling (€1,000m): infeasible."""
    from tests.model.tiny import base, load

    spec = base()
    spec["Domains"][0]["min_total_meur"] = 5000
    data = load(spec, tmp_path)
    m = create_model(data)
    direct = DirectHighs(m.pyomo)
    assert direct.run() == highspy.HighsModelStatus.kInfeasible
    return m, direct, data


@pytest.mark.solve
def test_the_irreducible_set_names_the_floor_and_the_ceiling(tmp_path: Path) -> None:
    from pactopt.solver.relax import elastic_relaxation, irreducible_set

    m, direct, data = _infeasible_pact(tmp_path)
    conflicts = irreducible_set(m, direct, data)  # type: ignore[arg-type]
    assert conflicts is not None
    assert {c.rule for c in conflicts} == {"domain_floor", "instrument_max_total"}
    bends = elastic_relaxation(m, direct, data)  # type: ignore[arg-type]
    assert sum(b.short or 0.0 for b in bends) == pytest.approx(4000.0)
    assert direct.run() == highspy.HighsModelStatus.kInfeasible  # nothing left changed


@pytest.mark.solve
def test_either_rule_may_give_way_by_the_same_4000(tmp_path: Path) -> None:
    """The floor of €5,000m or A's ceiling of €1,000m: either giving way by €4,000m would
    do, at one unit of bending each. The relaxation bends one (its limit read from the
    workbook), and names the other as its equal alternative, by as much."""
    from pactopt.solver.relax import least_bends

    m, direct, data = _infeasible_pact(tmp_path)
    bends, instead = least_bends(m, direct, data)  # type: ignore[arg-type]
    limits = {"domain_floor": 5000.0, "instrument_max_total": 1000.0}
    assert len(bends) == 1 and bends[0].short == pytest.approx(4000.0)
    bent = bends[0].rule
    assert bends[0].limit == pytest.approx(limits[bent])
    [other] = instead[bent]
    assert other.rule == ({*limits} - {bent}).pop()
    assert other.short == pytest.approx(4000.0) and other.limit == pytest.approx(limits[other.rule])
    assert direct.run() == highspy.HighsModelStatus.kInfeasible  # nothing left changed


@pytest.mark.parametrize(
    ("status", "valid"), [(highspy.HighsStatus.kError, True), (highspy.HighsStatus.kOk, False)]
)
@pytest.mark.solve
def test_a_failed_irreducible_set_is_reported_as_empty(
    tmp_path: Path, status: highspy.HighsStatus, valid: bool
) -> None:
    """When HiGHS cannot give an IIS (an error, or one it marks invalid), the diagnosis gets
    an empty set, not a wrong one."""
    from types import SimpleNamespace

    from pactopt.solver.relax import irreducible_set

    m, direct, data = _infeasible_pact(tmp_path)
    fake = SimpleNamespace(valid_=valid, row_index_=[0])
    direct.highs.getIis = lambda: (status, fake)  # type: ignore[method-assign]
    assert irreducible_set(m, direct, data) == []  # type: ignore[arg-type]


@pytest.mark.fast
def test_an_empty_solution_reads_as_nothing() -> None:
    """A Solution with no values (an infeasible run) answers 0 for any value and has no
    duals, ranges or rules, rather than failing."""
    from pactopt.solver.solution import Solution, SolveStatus

    empty = Solution(SolveStatus.INFEASIBLE, None, False, "weighted")
    assert empty.value("funding", "A", "gov", 2025) == 0.0
    assert dict(empty.duals) == {} and dict(empty.rules) == {} and dict(empty.rhs) == {}
    low, high = empty.interval("capacity", ("A", 2025))
    assert math.isnan(low) and math.isnan(high)
    assert empty.money_effect("gov", 2025) is None
    assert not empty.duals_conditional and empty.solve_seconds == 0.0


@pytest.mark.fast
def test_implied_bounds_come_from_column_bounds_and_rows_of_the_same_form() -> None:
    """x, y ≥ 0 and x + y ≤ 4, x ≤ 3: x + y lies in [0, 4]; 2x + 2y + 1 (the row times 2,
    plus 1) in [1, 9]; x in [0, 3]; y in [0, ∞) (no row states y alone: x + 3y ≤ 9 is not
    a multiple of it)."""
    m = _lp()
    direct = DirectHighs(m)
    forms = direct.linear_forms([m.x + m.y, 2 * m.x + 2 * m.y + 1, m.x, m.y])
    bounds = implied_bounds(direct.highs, forms)
    assert bounds.tolist() == [[0.0, 4.0], [1.0, 9.0], [0.0, 3.0], [0.0, math.inf]]


@pytest.mark.solve
def test_a_row_rewritten_as_a_range_with_a_constant_moves_its_bounds_over() -> None:
    """x ≤ 3 rewritten as 1 ≤ x + 1 ≤ 3, i.e. 0 ≤ x ≤ 2: the optimum moves from (3, 1), 11,
    to x = 2, y = 2 (x + y ≤ 4), 3 × 2 + 2 × 2 = 10; on leaving, x ≤ 3 holds again."""
    m = _lp()
    direct = DirectHighs(m)
    with direct.rewritten_rows([(m.cap, pyo.inequality(1, m.x + 1, 3))]):
        assert direct.run() == OPTIMAL
        assert direct.objective_value() == pytest.approx(10.0)
        assert list(direct.column_values()) == pytest.approx([2.0, 2.0])
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(11.0)


@pytest.mark.solve
def test_deviations_measure_the_least_distance_to_a_target() -> None:
    """x + y ≤ 4 cannot reach 5: the least up + down is 1 (down = 1, up = 0); x + y = 3 is
    reached exactly (both 0). The columns and rows go on leaving the block."""
    m = _lp()
    direct = DirectHighs(m)
    columns = direct.highs.getNumCol()
    for target, down in ((5.0, 1.0), (3.0, 0.0)):
        with direct.deviations([(m.x + m.y, target)]) as dev:
            both = np.concatenate([dev.up, dev.down])
            with direct.minimise_columns(both):
                assert direct.run() == OPTIMAL
                x = direct.all_column_values()
                assert [x[dev.up[0]], x[dev.down[0]]] == pytest.approx([0.0, down], abs=1e-9)
    assert direct.highs.getNumCol() == columns


@pytest.mark.solve
def test_a_row_rewritten_with_terms_on_both_sides_keeps_their_signs() -> None:
    """x ≤ 3 rewritten as x ≤ y (x − y ≤ 0): with x + y ≤ 4 the optimum is x = y = 2,
    3 × 2 + 2 × 2 = 10; rewritten as x = 1 (x − 1 = 0): y ≤ min(3, 8/3), so y = 8/3 and
    3 + 16/3 = 25/3. The right side is subtracted: added, it would give x + y ≤ 0 and x = −1.
    On leaving, x ≤ 3 holds again (11)."""
    m = _lp()
    direct = DirectHighs(m)
    with direct.rewritten_rows([(m.cap, m.x <= m.y)]):
        assert direct.run() == OPTIMAL
        assert list(direct.column_values()) == pytest.approx([2.0, 2.0])
        assert direct.objective_value() == pytest.approx(10.0)
    with direct.rewritten_rows([(m.cap, m.x == 1)]):
        assert direct.run() == OPTIMAL
        assert list(direct.column_values()) == pytest.approx([1.0, 8 / 3])
        assert direct.objective_value() == pytest.approx(25 / 3)
    assert direct.run() == OPTIMAL
    assert direct.objective_value() == pytest.approx(11.0)
