"""The output-jobs Pareto frontier by the epsilon-constraint method.

First the two single-objective optima: most net output, and most net jobs. Then, for N levels
of jobs evenly spread between the jobs at the output optimum and the jobs optimum, maximise
net output with net jobs held at least at that level, and then (a second, lexicographic stage)
maximise jobs with that output held, so that no point is weakly dominated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pyomo.environ as pyo

from pactopt.model.build import create_model
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData
from pactopt.solve import SolveResult, SolveStatus, solve_model

TOLERANCE = 1e-7


@dataclass(frozen=True)
class FrontierPoint:
    """One point: the jobs level asked for, and the solve that reached it."""

    jobs_floor: float
    result: SolveResult


def _maximise(m: Any, data: PactData, expr: Any, name: str) -> SolveResult:
    for objective in m.component_objects(pyo.Objective, active=True):
        objective.deactivate()
    m.add_component(name, pyo.Objective(expr=expr, sense=pyo.maximize))
    return solve_model(m, data.settings, want_duals=False)


def _point(
    data: PactData, extensions: Sequence[ConstraintRule], jobs_floor: float | None
) -> SolveResult:
    m = create_model(data, extensions)
    if jobs_floor is not None:
        m.frontier_jobs_floor = pyo.Constraint(expr=m.net_jobs >= jobs_floor)
    first = _maximise(m, data, m.net_output, "frontier_output")
    if not first.status.has_solution:
        return first
    best = first.figures["net_output"]
    m.frontier_output_floor = pyo.Constraint(
        expr=m.net_output >= best - TOLERANCE * max(1.0, abs(best))
    )
    second = _maximise(m, data, m.net_jobs, "frontier_jobs")
    return second if second.status.has_solution else first


def trace_frontier(
    data: PactData, points: int, extensions: Sequence[ConstraintRule] = ()
) -> list[FrontierPoint]:
    """``points`` Pareto-optimal points from most output to most jobs."""
    if points < 2:
        raise ValueError("a frontier needs at least 2 points")
    m = create_model(data, extensions)
    jobs_best = _maximise(m, data, m.net_jobs, "frontier_jobs_only")
    if not jobs_best.status.has_solution:
        return [FrontierPoint(float("nan"), jobs_best)]
    top = jobs_best.figures["net_jobs"]
    output_end = _point(data, extensions, None)
    low = output_end.figures["net_jobs"]
    out = [FrontierPoint(low, output_end)]
    for k in range(1, points):
        level = low + (top - low) * k / (points - 1)
        level -= TOLERANCE * max(1.0, abs(level)) if k == points - 1 else 0.0
        result = _point(data, extensions, level)
        if result.status is SolveStatus.OPTIMAL:
            out.append(FrontierPoint(level, result))
    return out
