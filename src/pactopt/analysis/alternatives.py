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

from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pactopt.analysis.engines import Engine, Work, run_work
from pactopt.analysis.plans import Range
from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.model.objective import objective_mode
from pactopt.model.registry import load_extension
from pactopt.schema.data import PactData
from pactopt.solver.bounds import FormValues, implied_bounds
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import integer_levels, open_solver, run_solver, stage_expression


@dataclass(frozen=True)
class Held:
    """What holds a solve near its optimum, in numbers (so that it pickles to a worker): each
    integer column's level, and the floor of each objective stage."""

    levels: dict[int, float]
    floors: tuple[float, ...]  # of each stage held (``_held_stages``), in stage order
    optimised_meur: tuple[float, ...]  # each part's amount in the optimum, in part order


def _floor(value: float, tolerance: float) -> float:
    return value - tolerance * abs(value)


def _held_stages(data: PactData) -> tuple[str, ...]:
    """The expressions held near their optima: the objective mode's stages up to the one
    it reports (net output and net jobs in lexicographic mode, else the objective)."""
    mode = objective_mode(data.settings)
    return tuple(stage.maximise for stage in mode.stages[: mode.reported_stage + 1])


def held_near(direct: DirectHighs, data: PactData, optimum: Solution) -> Held:
    """The optimum's integer decisions and the floors within the tolerance of its value."""
    tolerance = data.settings.near_optimal_tolerance
    best = optimum.best_objective
    assert best is not None
    # a least-change plan's ranges are those of the optimum's tolerance, not of its own value
    stages = tuple(
        best if name == "objective" else optimum.best_figure(name) for name in _held_stages(data)
    )
    amounts = tuple(value for *_, value in _parts_of(data, optimum))
    floors = tuple(_floor(v, tolerance) for v in stages)
    return Held(integer_levels(direct, optimum), floors, amounts)


@contextmanager
def _held(built: BuiltModel, direct: DirectHighs, data: PactData, held: Held) -> Iterator[None]:
    """The objective (both stages in lexicographic mode) held at its floors, the integer
    decisions at their levels."""
    exprs = [stage_expression(built, n) for n in _held_stages(data)]
    rows = [(e, floor, None) for e, floor in zip(exprs, held.floors, strict=True)]
    with (
        direct.pinned_integers(held.levels),
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


def _parts_of(data: PactData, optimum: Solution) -> list[tuple[str, str, str, float]]:
    """(kind, key, name, optimised €m) of every instrument, domain (with instruments) and
    year, in the order of ``_parts``."""
    totals: dict[str, float] = {i.id: 0.0 for i in data.instruments}
    yearly: dict[int, float] = dict.fromkeys(data.years, 0.0)
    for (i, _, y), v in optimum.value_map("funding").items():
        totals[i] += v
        yearly[int(y)] += v
    out = [("instrument", i.id, i.name, totals[i.id]) for i in data.instruments]
    for d in data.domains:
        members = [i.id for i in data.instruments if i.domain == d.id]
        if members:
            out.append(("domain", d.id, d.name, sum(totals[i] for i in members)))
    # a year locked by the mid-term review has no range: it is what was spent
    out += [("year", str(y), str(y), yearly[y]) for y in data.settings.free_years]
    return out


def _locked_years(data: PactData, optimum: Solution) -> list[Range]:
    """The years locked by the mid-term review, each at what was spent, marked locked."""
    locked = set(data.settings.locked_years)
    spent: dict[int, float] = dict.fromkeys(sorted(locked), 0.0)
    for (_, _, y), v in optimum.value_map("funding").items():
        if int(y) in locked:
            spent[int(y)] += v
    return [Range("year", str(y), str(y), v, v, v, locked=True) for y, v in spent.items()]


def _parts(built: BuiltModel, data: PactData) -> list[Any]:
    """The expression of every part of ``_parts_of``, in its order."""
    exprs: list[Any] = [built.pyomo.total_spend[i.id] for i in data.instruments]
    for d in data.domains:
        members = [i.id for i in data.instruments if i.domain == d.id]
        if members:
            exprs.append(sum(built.pyomo.total_spend[i] for i in members))
    exprs += [
        sum(built.pyomo.spend[i.id, y] for i in data.instruments) for y in data.settings.free_years
    ]
    return exprs


def _reached(seen: float, bound: float) -> bool:
    return bool(np.isfinite(bound)) and abs(seen - bound) <= REACHED * max(1.0, abs(bound))


class RangeSolver:
    """The ends of each part's range on one instance held near its optimum (inside
    ``_held``): an end is re-solved unless a solution seen so far reaches its proven bound."""

    def __init__(self, built: BuiltModel, direct: DirectHighs, data: PactData, held: Held) -> None:
        self.direct = direct
        self.exprs = _parts(built, data)
        forms = direct.linear_forms(self.exprs)
        self._values = FormValues(forms)
        self._proven = implied_bounds(direct.highs, forms)
        # the lowest and highest each part is seen to take in a solution met so far
        self._start = np.array(held.optimised_meur, dtype=float)
        self._low, self._high = self._start.copy(), self._start.copy()

    def forget(self) -> None:
        """Keep only the optimum as a seen solution, and start HiGHS from its held basis
        (``DirectHighs.hold_start``): a part's ends then depend on that part alone, not on
        the parts solved before it (the same on any engine and any number of workers)."""
        self._low, self._high = self._start.copy(), self._start.copy()
        self.direct.restart()

    def end(self, k: int, *, maximise: bool) -> float | None:
        """The lowest (or highest) of part ``k``; None when HiGHS cannot prove it."""
        bound = self._proven[k, int(maximise)]
        seen = self._high[k] if maximise else self._low[k]
        if _reached(seen, bound):
            return float(bound)
        found = _extreme(self.direct, self.exprs[k], maximise=maximise)
        if found is not None:
            at = self._values.at(self.direct.column_values())
            np.minimum(self._low, at, out=self._low)
            np.maximum(self._high, at, out=self._high)
        return found

    def ends(self, k: int) -> tuple[float | None, float | None]:
        return self.end(k, maximise=False), self.end(k, maximise=True)


@dataclass(frozen=True)
class HeldPlan:
    """What a worker needs to rebuild the held instance: the data and what holds it."""

    data: PactData
    held: Held


class HeldSolver:
    """A worker's state: the model of ``plan`` compiled, held near its optimum for good, and
    solved once there, whose basis starts every part (``RangeSolver.forget``)."""

    def __init__(self, plan: HeldPlan, extensions: Sequence[str] = ()) -> None:
        rules = [rule for path in extensions for rule in load_extension(Path(path))]
        built = create_model(plan.data, rules)
        # one thread, as every worker of a sweep: the same solves on every engine
        direct = open_solver(built, plan.data.settings, threads=1)
        self._held = ExitStack()
        self._held.enter_context(_held(built, direct, plan.data, plan.held))
        run_solver(direct)  # the optimum again, as an LP: every part starts from its basis
        direct.hold_start()
        self.ranges = RangeSolver(built, direct, plan.data, plan.held)


def _part_ends(state: HeldSolver, k: int) -> tuple[float | None, float | None]:
    state.ranges.forget()
    return state.ranges.ends(k)


PARTS: Work[HeldSolver, int, tuple[float | None, float | None]] = Work(HeldSolver, _part_ends)


def near_optimal_ranges(
    built: BuiltModel,
    direct: DirectHighs,
    data: PactData,
    optimum: Solution,
    progress: Callable[[int, int], None] | None = None,
    engine: Engine | None = None,
) -> list[Range]:
    """The near-optimal range of every instrument, domain and year (empty when the
    tolerance is 0 or the optimum is not proven); ``progress(done, total)`` after each part.

    In this process each part starts from the last one's solution and every solution seen
    counts as a witness; on an ``engine`` (a pool of workers or Dask) each part starts from
    the held optimum's basis with the optimum as the only witness, so the ranges are the
    same on any engine and any number of workers (and equal to this process's to HiGHS's
    tolerance)."""
    if data.settings.near_optimal_tolerance <= 0 or optimum.status is not SolveStatus.OPTIMAL:
        return []
    parts = _parts_of(data, optimum)
    held = held_near(direct, data, optimum)
    if engine is not None:
        done = [0]

        def tick(n: int) -> None:
            done[0] += n
            if progress:
                progress(done[0], len(parts))

        ends = run_work(
            PARTS,
            HeldPlan(data, held),
            list(range(len(parts))),
            workers=engine.workers,
            scheduler=engine.scheduler,
            extensions=engine.extensions,
            progress=tick,
        )
    else:
        ends = []
        with _held(built, direct, data, held):
            solver = RangeSolver(built, direct, data, held)
            for k in range(len(parts)):
                ends.append(solver.ends(k))
                if progress:
                    progress(k + 1, len(parts))
    found = [
        Range(kind, key, name, value, min(low, value), max(high, value))
        for (kind, key, name, value), (low, high) in zip(parts, ends, strict=True)
        if low is not None and high is not None
    ]
    first_year = next((k for k, r in enumerate(found) if r.kind == "year"), len(found))
    return found[:first_year] + _locked_years(data, optimum) + found[first_year:]
