"""The least-change solves: plans as close as the rules allow to given targets, measured in €
moved (the sum of |expression − target| over the targets), each a real solve on the compiled
instance and a scoped change of it.

- ``solve_closest``: the plan closest to the targets, with the distance minimised level by
  level (a lexicographic order of target sets: instrument totals first, then the instrument-
  years), then the best value with those distances held. With ``tolerance`` the value is first
  held within that share of its optimum: of the near-best plans, the closest.

The best plan when only ``k`` groups of targets may differ from them (the k-moves curve) is
``solver/limited.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

import numpy as np

from pactopt.model.built import BuiltModel
from pactopt.schema.settings import Settings
from pactopt.solver.highs import INF, DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import read_solution, run_solver, run_stages, stage_expression

# a distance held for the next level may exceed its minimum by this much (relative, and €m)
DISTANCE_SLACK = 1e-7
# the weights that break ties between equally close plans: fixed, so that one workbook always
# gives one plan (a new generator each time they are drawn, from the same seed)
TIE_SEED = 20191213


Target = tuple[Any, float]  # (a linear expression of the model, its target in €m)


@dataclass(frozen=True)
class Closest:
    """The plan closest to the targets, and its distance (€m) at each level."""

    solution: Solution
    distances_meur: tuple[float, ...]


@contextmanager
def _held_near_best(
    built: BuiltModel, direct: DirectHighs, tolerance: float
) -> Iterator[SolveStatus]:
    """Run the objective mode's stages; inside the block the last stage's expression is held
    within ``tolerance`` (a share) of its optimum."""
    stages = built.mode.stages
    with run_stages(built, direct, stages) as status:
        if not status.has_solution:
            yield status
            return
        best = direct.objective_value()
        floor = best - tolerance * max(1.0, abs(best))
        with direct.extra_row(stage_expression(built, stages[-1].maximise), floor, None):
            yield status


@contextmanager
def closest_levels(
    direct: DirectHighs, levels: Sequence[Sequence[Target]]
) -> Iterator[tuple[SolveStatus, tuple[float, ...]]]:
    """Minimise the distance to each level's targets in turn, each level's least distance
    held while the next is minimised and inside the block."""
    pairs = [pair for level in levels for pair in level]
    distances: list[float] = []
    status = SolveStatus.ERROR
    # on an LP the current plan starts the first level as a basic feasible solution, and each
    # later solve (new costs, a cap it meets, columns fixed where they are) keeps it feasible:
    # the primal simplex method goes on from it (at 35,532 variables 0.2x the first solve where
    # the dual method from HiGHS's own start took 2.2x: benchmarks/bench_least_change.py)
    lp = direct.holds_lp
    primal = direct.primal_simplex() if lp else nullcontext()
    with direct.deviations(pairs, from_current=lp) as dev, ExitStack() as held, primal:
        start = 0
        for level in levels:
            cols = dev.both(range(start, start + len(level)))
            start += len(level)
            with direct.minimise_columns(cols):
                status = run_solver(direct)
                if not status.has_solution:
                    break
                distance = max(0.0, direct.objective_value())
            distances.append(distance)
            cap = distance + DISTANCE_SLACK * max(1.0, distance)
            held.enter_context(direct.column_rows([(cols.tolist(), [1.0] * len(cols), -INF, cap)]))
        if status.has_solution and levels:
            # the least sum of deviations is often reached by many plans (a €m may move in
            # one year or another at the same cost): of those, the one least by a fixed
            # generic weighting of the deviations is unique (almost surely), so the plan
            # shown depends on the workbook alone, not on the solver's method or path
            weights = np.random.default_rng(TIE_SEED).uniform(1.0, 2.0, size=len(cols) // 2)
            with direct.minimise_columns(cols, np.concatenate([weights, weights])):
                status = run_solver(direct)
            if status.has_solution:
                x = direct.all_column_values()
                held.enter_context(direct.fixed_columns({int(c): float(x[c]) for c in cols}))
        yield status, tuple(distances)


def solve_closest(
    built: BuiltModel,
    direct: DirectHighs,
    settings: Settings,
    levels: Sequence[Sequence[Target]],
    *,
    mode: str,
    tolerance: float | None = None,
    integer_levels: dict[int, float] | None = None,
    optimum_basis: Any = None,
) -> Closest:
    """The plan closest to the targets (level by level), then the best value with those
    distances held; with ``tolerance``, among the plans whose value is within that share of
    the optimum. ``integer_levels`` pins yes/no decisions (the optimum's), so that only the
    amounts move; ``optimum_basis`` (``DirectHighs.current_basis`` after the first solve)
    finds the optimum again without a simplex iteration. Neither the model nor the instance
    is left changed."""
    start = time.perf_counter()
    with ExitStack() as scoped:
        scoped.enter_context(direct.pinned_integers(integer_levels or {}))
        direct.start_from_basis(optimum_basis)
        if tolerance is not None:
            status = scoped.enter_context(_held_near_best(built, direct, tolerance))
            if not status.has_solution:
                return Closest(_no_plan(direct, status, mode, start), ())
        status, distances = scoped.enter_context(closest_levels(direct, levels))
        if status.has_solution:
            status = scoped.enter_context(run_stages(built, direct, built.mode.stages))
        seconds = time.perf_counter() - start
        solution = read_solution(built, direct, status, mode, want_duals=False, seconds=seconds)
        return Closest(solution, distances)


def _no_plan(direct: DirectHighs, status: SolveStatus, mode: str, start: float) -> Solution:
    seconds = time.perf_counter() - start
    return Solution(status, None, bool(direct.integer_cols), mode, solve_seconds=seconds)
