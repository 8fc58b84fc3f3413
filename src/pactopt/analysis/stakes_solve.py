"""The re-solves of the limits' values at stake (``stakes.py`` says what they are): each
limit's workbook value moved 10% each way, a scoped change of the persistent HiGHS instance,
started from the last basis."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from pactopt.analysis.stakes import (
    MOST_RESOLVED,
    STAKE_SHARE,
    Candidate,
    LimitStake,
    Stakes,
)
from pactopt.model.built import BuiltModel
from pactopt.model.limits import moved_limit
from pactopt.model.sets import index_key
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import integer_levels, reported_objective, run_stages

TOL = 1e-9


def _rows(built: BuiltModel, name: str, indexes: Sequence[tuple[Any, ...]]) -> list[Any]:
    component = built.component(name)
    return [component[index_key(ix)] for ix in indexes]


@contextmanager
def _changed(
    built: BuiltModel,
    direct: DirectHighs,
    name: str,
    indexes: Sequence[tuple[Any, ...]],
    factor: float,
) -> Iterator[tuple[float, float, bool, str] | None]:
    """Inside the block, the limit's rows with its value times ``factor``; yields (value,
    moved value, whether the right-hand sides moved, the value's unit), None when nothing
    can move."""
    rule, rows = built.rules[name], _rows(built, name, indexes)
    moved = moved_limit(built, rule, indexes, factor)
    if moved is not None:
        with direct.rewritten_rows(list(zip(rows, moved.rows, strict=True))):
            yield moved.value, moved.moved, False, moved.unit
        return
    kept = [con for con in rows if direct.row(con) is not None]
    bounds = [direct.bound_of(con) for con in kept]
    if not kept or all(abs(b) <= TOL for b in bounds):
        yield None
        return
    with ExitStack() as scope:
        for con, bound in zip(kept, bounds, strict=True):
            scope.enter_context(direct.shifted_row(con, (factor - 1.0) * bound))
        yield sum(bounds), factor * sum(bounds), True, str(rule.unit)


def _resolved(built: BuiltModel, direct: DirectHighs) -> float | None:
    """The reported objective of a re-solve in the model's objective mode (None: no plan)."""
    with run_stages(built, direct, built.mode.stages) as status:
        return reported_objective(built, direct) if status is SolveStatus.OPTIMAL else None


def _stake(
    built: BuiltModel, direct: DirectHighs, base: float, candidate: Candidate, share: float
) -> LimitStake | None:
    name, group, indexes = candidate
    ends: list[tuple[float, float, bool, str, float | None]] = []
    for factor in (1.0 - share, 1.0 + share):
        with _changed(built, direct, name, indexes, factor) as change:
            if change is None:
                return None
            objective = _resolved(built, direct)
            ends.append((*change, None if objective is None else objective - base))
    (value, low, rhs, unit, at_low), (_, high, _, _, at_high) = ends
    return LimitStake(name, group, value, low, high, at_low, at_high, rhs, unit)


def limit_stakes(
    built: BuiltModel,
    direct: DirectHighs,
    solution: Solution,
    candidates: Sequence[Candidate],
    *,
    most: int = MOST_RESOLVED,
    share: float = STAKE_SHARE,
) -> Stakes:
    """The stake of the first ``most`` of ``candidates`` (the caller's order: the limits
    that matter most by their marginal values first), each re-solved with its workbook value
    ``share`` lower and higher, from the plan with the best value (``solution``'s yes/no
    decisions held); the rest counted as left out."""
    start = time.perf_counter()
    chosen = list(candidates[:most])
    left_out = len(candidates) - len(chosen)
    levels = integer_levels(direct, solution) if direct.integer_cols else {}
    found: dict[tuple[str, tuple[Any, ...]], LimitStake] = {}
    resolves = 1
    with direct.pinned_integers(levels):
        base = _resolved(built, direct)
        for candidate in chosen:
            stake = None if base is None else _stake(built, direct, base, candidate, share)
            if stake is not None:
                found[(stake.rule, stake.group)] = stake
                resolves += 2
    seconds = time.perf_counter() - start
    return Stakes(share, found, left_out, len(candidates), resolves, seconds)
