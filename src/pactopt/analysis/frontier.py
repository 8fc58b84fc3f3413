"""The output-jobs Pareto frontier by the epsilon-constraint method, on compiled models.

First the two single-objective optima, in this process: most net jobs, and most net output.
Then, for N levels of jobs evenly spread between the jobs at the output optimum and the
jobs optimum, maximise net output with net jobs held at least at that level, and then (a
second, lexicographic stage) maximise jobs with that output held, so that no point is
weakly dominated. Every point is a scoped change (an objective and one or two extra rows)
of one HiGHS instance; the model itself is never changed. The levels are solved in this
process or spread over workers (``analysis/engines.py``: a process pool or Dask), each
worker keeping one compiled model (``FrontierSolver``) for all its levels. Each point starts
from the same state, the output optimum's basis (a MIP holds none and is solved afresh),
whatever the worker solved before it: the points are the same on any engine and any number
of workers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from pactopt.analysis.engines import Work, run_work
from pactopt.analysis.reference import financeable_reference, reference_targets_meur
from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.model.registry import load_extension
from pactopt.schema.data import PactData
from pactopt.solver.closest import Target, closest_levels
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import open_solver, read_solution, run_solver

TOLERANCE = 1e-7


@dataclass(frozen=True)
class FrontierPoint:
    """One point: the jobs level asked for, and the solve that reached it."""

    jobs_floor: float
    result: Solution


def _read(built: BuiltModel, direct: DirectHighs, status: SolveStatus, start: float) -> Solution:
    seconds = time.perf_counter() - start
    return read_solution(built, direct, status, "frontier", want_duals=False, seconds=seconds)


def _point(
    built: BuiltModel,
    direct: DirectHighs,
    jobs_floor: float | None,
    targets: list[Target] | None = None,
) -> Solution:
    """Most net output with net jobs ≥ ``jobs_floor``, then most jobs at that output; then,
    with ``targets`` (the reference plan by instrument and year), of the plans with that
    output and those jobs the one closest to it, as ``solve`` shows its plan (least change,
    with no value given up: the point stays on the frontier)."""
    start = time.perf_counter()
    floor = (
        direct.extra_row(built.pyomo.net_jobs, jobs_floor, None) if jobs_floor is not None else None
    )
    with floor or nullcontext(), direct.objective(built.pyomo.net_output):
        first = run_solver(direct)
        if not first.has_solution:
            return _read(built, direct, first, start)
        best = direct.objective_value()
        held = best - TOLERANCE * max(1.0, abs(best))
        with (
            direct.extra_row(built.pyomo.net_output, held, None),
            direct.objective(built.pyomo.net_jobs),
        ):
            second = run_solver(direct)
            if second.has_solution and targets:
                jobs = direct.objective_value()
                jobs_held = jobs - TOLERANCE * max(1.0, abs(jobs))
                with (
                    direct.extra_row(built.pyomo.net_jobs, jobs_held, None),
                    closest_levels(direct, [targets]) as (status, _),
                ):
                    if status.has_solution and run_solver(direct).has_solution:
                        return _read(built, direct, SolveStatus.OPTIMAL, start)
                second = run_solver(direct)
            if second.has_solution:
                return _read(built, direct, second, start)
        # the jobs stage failed numerically: report the output stage's solution
        run_solver(direct)
        return _read(built, direct, first, start)


class FrontierSolver:
    """One compiled model whose every solve starts from the same state."""

    def __init__(self, data: PactData, extensions: Sequence[str] = ()) -> None:
        """Build the model of ``data`` with the modeller's extension files at the paths
        ``extensions`` (loaded here, so that a worker process can be given paths)."""
        rules = [rule for path in extensions for rule in load_extension(Path(path))]
        self.model = built = create_model(data, rules)
        # one thread, as every worker of a sweep: the same solves on every engine
        self.direct = direct = open_solver(built, data.settings, threads=1)
        # each point is shown as solve shows its plan: the closest to the reference plan
        self.targets: list[Target] | None = None
        if data.settings.least_change and any(i.reference_plan_meur for i in data.instruments):
            reference = financeable_reference(built, direct, data).solution
            if reference.status.has_solution:
                self.targets = [
                    (built.pyomo.spend[i, y], target)
                    for (i, y), target in reference_targets_meur(data, reference).items()
                ]
        # the start of every point: the output optimum's basis, from which a jobs floor is
        # a few dual simplex iterations away (an LP's; a MIP holds none)
        if not direct.integer_cols:
            # reached by way of the jobs optimum, as the frontier's first solves go: a first
            # (interior point) solve of net output itself left HiGHS slow on every later run,
            # 15 s a solve at 1e5 variables against 0.1 s (benchmarks/bench_resolve.py)
            with direct.objective(built.pyomo.net_jobs):
                run_solver(direct)
            with direct.objective(built.pyomo.net_output):
                if run_solver(direct) is SolveStatus.OPTIMAL:
                    direct.hold_start(primal=False)

    def jobs_optimum(self) -> Solution:
        """Most net jobs, with no floor."""
        built, direct = self.model, self.direct
        start = time.perf_counter()
        direct.restart()
        with direct.objective(built.pyomo.net_jobs):
            return _read(built, direct, run_solver(direct), start)

    def point(self, jobs_floor: float | None) -> Solution:
        """Most net output with net jobs ≥ ``jobs_floor`` (none: the output optimum), then
        most jobs at that output; from the held start, not from the solve before."""
        self.direct.restart()
        return _point(self.model, self.direct, jobs_floor, self.targets)


def _solve_level(solver: FrontierSolver, level: float) -> FrontierPoint:
    return FrontierPoint(level, solver.point(level))


LEVELS: Work[FrontierSolver, float, FrontierPoint] = Work(FrontierSolver, _solve_level)


def jobs_levels(low: float, top: float, points: int) -> list[float]:
    """The jobs floors of the points after the output end: evenly spread up to ``top``, the
    last just below it (a floor at the optimum itself may be out of reach by round-off)."""
    levels = [low + (top - low) * k / (points - 1) for k in range(1, points)]
    levels[-1] -= TOLERANCE * max(1.0, abs(levels[-1]))
    return levels


def trace_frontier(
    data: PactData,
    points: int,
    extensions: Sequence[Path] = (),
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
) -> list[FrontierPoint]:
    """``points`` Pareto-optimal points from most output to most jobs; ``progress(1)`` is
    called after each of the ``points + 1`` optimisations (the jobs optimum first). The
    levels after the two ends are solved in this process (``workers`` 1), on a pool of
    ``workers`` processes, or on Dask (``scheduler``), see ``engines.run_work``; the model
    is built with the extension files at the paths ``extensions``."""
    tick = progress or (lambda _: None)
    if points < 2:
        raise ValueError("a frontier needs at least 2 points")
    files = tuple(str(p.resolve()) for p in extensions)
    solver = FrontierSolver(data, files)
    jobs_best = solver.jobs_optimum()
    tick(1)
    if not jobs_best.status.has_solution:
        return [FrontierPoint(float("nan"), jobs_best)]
    output_end = solver.point(None)
    tick(1)
    low = output_end.figures["net_jobs"]
    levels = jobs_levels(low, jobs_best.figures["net_jobs"], points)
    traced = run_work(
        LEVELS,
        data,
        levels,
        workers=workers,
        scheduler=scheduler,
        extensions=extensions,
        progress=progress,
        here=solver,
    )
    solved = [p for p in traced if p.result.status is SolveStatus.OPTIMAL]
    return [FrontierPoint(low, output_end), *solved]
