"""How much of the plan is a free choice: near-optimal ranges.

With the objective held within a tolerance of its optimum (Settings near_optimal_tolerance,
1% by default), each instrument's total, each domain's total and each year's spending is
pushed as low and then as high as it can go. Every range is two warm-started re-solves of the
same HiGHS instance, inside one scoped row that holds the objective, so nothing of the model
or of the solved instance is left changed. For a MILP the project and switch decisions of the
optimum are held (the ranges are those of the LP with them fixed), which keeps every re-solve
an LP.

A range is *forced* when it is narrower than €1m or 1% of its upper end, *narrow* when it is
narrower than a quarter of its upper end, and *free* otherwise (``analysis/plans.Range``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pactopt.analysis.plans import Range
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import integer_levels, run_solver


def _floor(value: float, tolerance: float) -> float:
    return value - tolerance * abs(value)


@contextmanager
def _held_optimum(
    m: Any, direct: DirectHighs, data: PactData, optimum: Solution, tolerance: float
) -> Iterator[None]:
    """The objective (both stages in lexicographic mode) held within the tolerance."""
    if data.settings.objective_mode == "lexicographic":
        rows = [
            (m.net_output, _floor(optimum.figures["net_output"], tolerance), None),
            (m.net_jobs, _floor(optimum.figures["net_jobs"], tolerance), None),
        ]
    else:
        assert optimum.objective is not None
        rows = [(m.objective.expr, _floor(optimum.objective, tolerance), None)]
    with direct.pinned_integers(integer_levels(direct, optimum)), direct.extra_rows(rows):
        yield


def _extreme(direct: DirectHighs, expr: Any, *, maximise: bool) -> float | None:
    with direct.objective(expr, maximise=maximise):
        if run_solver(direct) is not SolveStatus.OPTIMAL:
            return None
        return direct.objective_value()


def near_optimal_ranges(
    m: Any, direct: DirectHighs, data: PactData, optimum: Solution
) -> list[Range]:
    """The near-optimal range of every instrument, domain and year (empty when the
    tolerance is 0 or the optimum is not proven)."""
    tolerance = data.settings.near_optimal_tolerance
    if tolerance <= 0 or optimum.status is not SolveStatus.OPTIMAL:
        return []
    parts: list[tuple[str, str, str, Any, float]] = []
    totals: dict[str, float] = {i.id: 0.0 for i in data.instruments}
    yearly: dict[int, float] = dict.fromkeys(data.years, 0.0)
    for (i, _, y), v in optimum.value_map("funding").items():
        totals[i] += v
        yearly[int(y)] += v
    for row in data.instruments:
        parts.append(("instrument", row.id, row.name, m.total_spend[row.id], totals[row.id]))
    for d in data.domains:
        members = [i.id for i in data.instruments if i.domain == d.id]
        if members:
            expr = sum(m.total_spend[i] for i in members)
            parts.append(("domain", d.id, d.name, expr, sum(totals[i] for i in members)))
    for y in data.years:
        expr = sum(m.spend[i.id, y] for i in data.instruments)
        parts.append(("year", str(y), str(y), expr, yearly[y]))
    out = []
    with _held_optimum(m, direct, data, optimum, tolerance):
        for kind, key, name, expr, value in parts:
            low = _extreme(direct, expr, maximise=False)
            high = _extreme(direct, expr, maximise=True)
            if low is None or high is None:
                continue
            out.append(Range(kind, key, name, value, min(low, value), max(high, value)))
    return out
