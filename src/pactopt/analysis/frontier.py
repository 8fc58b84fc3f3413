"""The output-jobs Pareto frontier by the epsilon-constraint method, on one compiled model.

First the two single-objective optima: most net output, and most net jobs. Then, for N levels
of jobs evenly spread between the jobs at the output optimum and the jobs optimum, maximise
net output with net jobs held at least at that level, and then (a second, lexicographic stage)
maximise jobs with that output held, so that no point is weakly dominated. Every point is a
scoped change (an objective and one or two extra rows) of the same HiGHS instance, warm
started from the point before; the model itself is never changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from pactopt.model.build import create_model
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import open_solver, read_solution, run_solver

TOLERANCE = 1e-7


@dataclass(frozen=True)
class FrontierPoint:
    """One point: the jobs level asked for, and the solve that reached it."""

    jobs_floor: float
    result: Solution


def _read(m: Any, direct: DirectHighs, status: SolveStatus, start: float) -> Solution:
    seconds = time.perf_counter() - start
    return read_solution(m, direct, status, "frontier", want_duals=False, seconds=seconds)


def _point(m: Any, direct: DirectHighs, jobs_floor: float | None) -> Solution:
    """Most net output with net jobs ≥ ``jobs_floor``, then most jobs at that output."""
    start = time.perf_counter()
    floor = direct.extra_row(m.net_jobs, jobs_floor, None) if jobs_floor is not None else None
    with floor or nullcontext(), direct.objective(m.net_output):
        first = run_solver(direct)
        if not first.has_solution:
            return _read(m, direct, first, start)
        best = direct.objective_value()
        held = best - TOLERANCE * max(1.0, abs(best))
        with direct.extra_row(m.net_output, held, None), direct.objective(m.net_jobs):
            second = run_solver(direct)
            if second.has_solution:
                return _read(m, direct, second, start)
        # the jobs stage failed numerically: report the output stage's solution
        run_solver(direct)
        return _read(m, direct, first, start)


def trace_frontier(
    data: PactData,
    points: int,
    extensions: Sequence[ConstraintRule] = (),
    progress: Callable[[int], None] | None = None,
) -> list[FrontierPoint]:
    """``points`` Pareto-optimal points from most output to most jobs; ``progress(1)`` is
    called after each of the ``points + 1`` optimisations (the jobs optimum first)."""
    tick = progress or (lambda _: None)
    if points < 2:
        raise ValueError("a frontier needs at least 2 points")
    m = create_model(data, extensions)
    direct = open_solver(m, data.settings)
    start = time.perf_counter()
    with direct.objective(m.net_jobs):
        status = run_solver(direct)
        jobs_best = _read(m, direct, status, start)
    tick(1)
    if not jobs_best.status.has_solution:
        return [FrontierPoint(float("nan"), jobs_best)]
    top = jobs_best.figures["net_jobs"]
    output_end = _point(m, direct, None)
    tick(1)
    low = output_end.figures["net_jobs"]
    out = [FrontierPoint(low, output_end)]
    for k in range(1, points):
        level = low + (top - low) * k / (points - 1)
        level -= TOLERANCE * max(1.0, abs(level)) if k == points - 1 else 0.0
        result = _point(m, direct, level)
        tick(1)
        if result.status is SolveStatus.OPTIMAL:
            out.append(FrontierPoint(level, result))
    return out
