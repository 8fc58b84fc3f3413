"""The k-moves curve found by real solves (the data it makes: ``analysis/moves.py``)."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from typing import Any

from pactopt.analysis.impacts import plan_figures
from pactopt.analysis.moves import CURVE_GAP, MOVES_MAX, REACHED, Move, Moves
from pactopt.analysis.plans import ReferenceCheck
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.limited import solve_limited
from pactopt.solver.solution import Solution
from pactopt.solver.solve import integer_levels


def _by_instrument(plan: Solution, data: PactData, variable: str, key: int) -> dict[Any, float]:
    """€m of a variable summed over the free years, by (instrument, key position's value)."""
    free = set(data.settings.free_years)
    out: dict[Any, float] = defaultdict(float)
    for index, value in plan.value_map(variable).items():
        if int(index[-1]) in free:
            out[str(index[0 if variable == "funding" else 1]), str(index[key])] += value
    return out


def _move(data: PactData, instrument: str, k: int, point: Solution, reference: Solution) -> Move:
    def changes(variable: str, key: int) -> tuple[tuple[str, float], ...]:
        after = _by_instrument(point, data, variable, key)
        before = _by_instrument(reference, data, variable, key)
        keys = {k for (i, k) in after.keys() | before.keys() if i == instrument}
        moved = ((k, after[instrument, k] - before[instrument, k]) for k in sorted(keys))
        return tuple((k, v) for k, v in moved if abs(v) >= 0.005)

    def total(plan: Solution) -> float:
        spent = _by_instrument(plan, data, "funding", 1)
        return sum(v for (i, _), v in spent.items() if i == instrument)

    before = total(reference)
    return Move(
        instrument, k, before, total(point) - before, changes("funding", 1), changes("shift", 0)
    )


def instrument_groups(
    built: BuiltModel, data: PactData, reference: Solution
) -> tuple[list[list[tuple[Any, float]]], list[tuple[float, float]]]:
    """One group per instrument for ``solve_limited``: its total against the reference plan's,
    and how far it may move up and down (never past its largest or least total)."""
    totals: dict[str, float] = defaultdict(float)
    for (i, _, _), value in reference.value_map("funding").items():
        totals[str(i)] += value
    groups = [[(built.pyomo.total_spend[i.id], totals[i.id])] for i in data.instruments]
    big = [
        (
            max(i.max_total_meur - totals[i.id], 0.0) + 1e-6,
            max(totals[i.id] - (i.min_total_meur or 0.0), 0.0) + 1e-6,
        )
        for i in data.instruments
    ]
    return groups, big


def find_moves(
    built: BuiltModel,
    direct: DirectHighs,
    data: PactData,
    reference: ReferenceCheck,
    optimum: Solution,
    most: int = MOVES_MAX,
) -> Moves | None:
    """The k-moves curve from the financeable reference plan to the best plan, k = 0 … most
    (stopping once a point reaches the best value), and the moves in the order it takes them
    (None without a financeable reference or a best value)."""
    best = optimum.best_objective
    if not reference.comparable or best is None:
        return None
    instruments = tuple(i.id for i in data.instruments)
    groups, big = instrument_groups(built, data, reference.solution)
    enough = best - REACHED * max(1.0, abs(best))
    points = solve_limited(
        built,
        direct,
        groups,
        big,
        range(min(most, len(instruments)) + 1),
        integer_levels=integer_levels(direct, optimum),
        enough=enough,
        gap_share=CURVE_GAP,
    )
    if not points or points[0].solution.objective is None:
        return None
    reference_value = points[0].solution.objective
    moves: list[Move] = []
    seen: set[int] = set()
    for before, point in itertools.pairwise(points):
        new = [g for g in point.moved if g not in seen]
        seen.update(new)
        after, earlier = point.solution, before.solution
        value = (after.objective or 0.0) - (earlier.objective or 0.0)
        # net figures as the Summary states them: undiscounted
        now, then = plan_figures(data, after), plan_figures(data, earlier)
        output = now.net_output_meur - then.net_output_meur
        jobs = now.net_jobs - then.net_jobs
        for g in new:
            move = _move(data, instruments[g], point.k, after, points[0].solution)
            others = tuple(instruments[h] for h in new if h != g)
            moves.append(
                dataclasses.replace(
                    move,
                    value_added_meur=value,
                    net_output_added_meur=output,
                    net_jobs_added=jobs,
                    together_with=others,
                )
            )
    profile = reference.solution.objective
    profile_value = reference_value if profile is None else profile
    return Moves(reference_value, best, profile_value, tuple(points), tuple(moves), instruments)
