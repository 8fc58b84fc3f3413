"""How much of the plan is a free choice: near-optimal ranges.

With the objective held within a tolerance of its optimum (Settings near_optimal_tolerance,
1% by default), each instrument's total, each domain's total and each year's spending is
pushed as low and then as high as it can go. Every range is two warm-started re-solves of the
same HiGHS instance, inside one scoped row that holds the objective, so nothing of the model
or of the solved instance is left changed. For a MILP the project and switch decisions of the
optimum are held (the ranges are those of the LP with them fixed), which keeps every re-solve
an LP.

An end that the rules state outright (an instrument at its floor or cap, a domain at its
envelope: ``solver/bounds.implied_bounds``) is not re-solved once some solution met on the way
(the optimum, or any earlier re-solve) is seen to reach it: the row proves the bound, the
solution shows it is reached. On the reference workbook that leaves 50 of the 78 re-solves,
each by the primal simplex method from the last basis (a quarter of the dual method's time).

A range is *forced* when it is narrower than €1m or 1% of its upper end, *narrow* when it is
narrower than a quarter of its upper end, and *free* otherwise (``analysis/plans.Range``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from pactopt.analysis.plans import Range
from pactopt.schema.data import PactData
from pactopt.solver.bounds import FormValues, implied_bounds
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
    with (
        direct.pinned_integers(integer_levels(direct, optimum)),
        direct.extra_rows(rows),
        direct.primal_simplex(),  # only the objective changes from one re-solve to the next
    ):
        yield


REACHED = 1e-6  # relative (and €m absolute): a solution this close to a proven bound reaches it


def _extreme(direct: DirectHighs, expr: Any, *, maximise: bool) -> float | None:
    with direct.objective(expr, maximise=maximise):
        if run_solver(direct) is not SolveStatus.OPTIMAL:
            return None
        return direct.objective_value()


def _parts(m: Any, data: PactData, optimum: Solution) -> list[tuple[str, str, str, Any, float]]:
    """(kind, key, name, expression, optimised €m) of every instrument, domain and year."""
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
    return parts


def _reached(seen: float, bound: float) -> bool:
    return bool(np.isfinite(bound)) and abs(seen - bound) <= REACHED * max(1.0, abs(bound))


def near_optimal_ranges(
    m: Any,
    direct: DirectHighs,
    data: PactData,
    optimum: Solution,
    progress: Callable[[int, int], None] | None = None,
) -> list[Range]:
    """The near-optimal range of every instrument, domain and year (empty when the
    tolerance is 0 or the optimum is not proven); ``progress(done, total)`` after each part."""
    tolerance = data.settings.near_optimal_tolerance
    if tolerance <= 0 or optimum.status is not SolveStatus.OPTIMAL:
        return []
    parts = _parts(m, data, optimum)
    forms = direct.linear_forms([expr for _, _, _, expr, _ in parts])
    values = FormValues(forms)
    out = []
    with _held_optimum(m, direct, data, optimum, tolerance):
        proven = implied_bounds(direct.highs, forms)
        # the lowest and highest each part is seen to take in a solution met so far
        seen_low = np.array([value for *_, value in parts], dtype=float)
        seen_high = seen_low.copy()

        def extreme(k: int, *, maximise: bool) -> float | None:
            bound = proven[k, int(maximise)]
            seen = seen_high[k] if maximise else seen_low[k]
            if _reached(seen, bound):
                return float(bound)
            found = _extreme(direct, parts[k][3], maximise=maximise)
            if found is not None:
                at = values.at(direct.column_values())
                np.minimum(seen_low, at, out=seen_low)
                np.maximum(seen_high, at, out=seen_high)
            return found

        for k, (kind, key, name, _, value) in enumerate(parts):
            low = extreme(k, maximise=False)
            high = extreme(k, maximise=True)
            if progress:
                progress(k + 1, len(parts))
            if low is None or high is None:
                continue
            out.append(Range(kind, key, name, value, min(low, value), max(high, value)))
    return out
