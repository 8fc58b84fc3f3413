"""The least-change solves start from the plan HiGHS holds (``deviations(from_current=True)``
and ``solve_closest(optimum_basis=…)``): the same answer as a cold start, in fewer simplex
iterations. On a generated pact that is not the reference case (an LP of 8 instruments)."""

from __future__ import annotations

import highspy
import numpy as np
import pytest

from pactopt.analysis.reference import check_reference, reference_targets_meur
from pactopt.model.build import create_model
from pactopt.solver.closest import solve_closest
from pactopt.solver.solve import open_solver, run_solver, solve_model
from tests.model.generated import generated_pact

pytestmark = pytest.mark.solve


def _distance_and_iterations(from_current: bool) -> tuple[float, int, np.ndarray]:
    """The least € moved from the optimum towards the reference plan's instrument totals with
    the value held within 0.1% of the best, the simplex iterations it took and the
    deviations found."""
    data = generated_pact()
    built = create_model(data)
    direct = open_solver(built, data.settings)
    best = solve_model(built, data.settings, direct=direct).objective or 0.0
    pairs = [
        (built.pyomo.total_spend[i.id], float(i.reference_plan_meur)) for i in data.instruments
    ]
    value = built.pyomo.objective.expr
    with (
        direct.extra_row(value, best - 1e-3 * abs(best), None),  # within 0.1% of the best
        direct.primal_simplex(),
        direct.deviations(pairs, from_current=from_current) as dev,
    ):
        if from_current:
            # the optimum is a basic feasible solution of the grown instance: each pair's
            # deviation column on the side of its excess is basic, its row at its bound
            basis = direct.highs.getBasis()
            assert basis.valid
            basic = highspy.HighsBasisStatus.kBasic
            assert all(
                basis.col_status[int(u)] == basic or basis.col_status[int(d)] == basic
                for u, d in zip(dev.up, dev.down, strict=True)
            )
            assert all(basis.row_status[int(r)] != basic for r in dev.rows)
        with direct.minimise_columns(dev.both()):
            assert run_solver(direct).has_solution
            distance = direct.objective_value()
            iterations = int(direct.highs.getInfo().simplex_iteration_count)
            x = direct.all_column_values()[dev.both()]
    return distance, iterations, x


def test_the_deviations_start_from_the_current_plan_and_reach_the_same_distance() -> None:
    warm, warm_iterations, _ = _distance_and_iterations(True)
    cold, cold_iterations, _ = _distance_and_iterations(False)
    assert warm == pytest.approx(cold, rel=1e-9)
    assert warm > 1.0  # the optimum is not the reference plan: there is a distance to find
    assert warm_iterations < cold_iterations


def test_the_least_change_plan_is_the_same_from_the_optimum_s_basis() -> None:
    data = generated_pact()
    plans = []
    for with_basis in (True, False):
        built = create_model(data)
        direct = open_solver(built, data.settings)
        optimum = solve_model(built, data.settings, direct=direct)
        basis = direct.current_basis() if with_basis else None
        reference = check_reference(built, direct, data)
        targets = reference_targets_meur(data, reference.solution)
        levels = [[(built.pyomo.spend[i, y], t) for (i, y), t in targets.items()]]
        closest = solve_closest(
            built,
            direct,
            data.settings,
            levels,
            mode=optimum.mode,
            tolerance=data.settings.least_change_tolerance,
            optimum_basis=basis,
        )
        plans.append((closest.distances_meur, closest.solution.value_map("spend")))
    (distance_a, spend_a), (distance_b, spend_b) = plans
    assert distance_a == pytest.approx(distance_b, rel=1e-9)
    assert set(spend_a) == set(spend_b)
    assert all(spend_a[k] == pytest.approx(spend_b[k], abs=0.01) for k in spend_a)
