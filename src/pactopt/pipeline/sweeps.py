"""The sweeps, orchestrated once for the command line and the Python API: the frontier,
Monte Carlo uncertainty and global sensitivity. Each ``run_*`` takes the plan, its request
and the loaded extension rules, and returns the tables and the Run sheet's rows; each
``write_*`` writes its workbook."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pactopt.analysis.engines import run_draws
from pactopt.analysis.frontier import trace_frontier
from pactopt.analysis.sensitivity import SensitivityResult, run_sensitivity
from pactopt.analysis.uncertainty import draw_coefficients, draw_table, summarise
from pactopt.explain.io_comparison import productivity_sentence
from pactopt.model.registry import ConstraintRule
from pactopt.pipeline.requests import (
    FrontierRequest,
    RunError,
    SensitivityRequest,
    Spread,
    UncertaintyRequest,
)
from pactopt.pipeline.solve import extension_files
from pactopt.report.analysis_sheets import write_frontier, write_uncertainty
from pactopt.report.plan_frames import frontier_table
from pactopt.report.run_info import engine_rows, extension_rows, sweep_rows
from pactopt.report.sensitivity import write_sensitivity
from pactopt.schema.data import PactData
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy

RunRows = list[tuple[str, object]]


def _files(rules: Sequence[ConstraintRule]) -> list[Path]:
    """The extension files the rules come from: each worker loads them."""
    return [Path(path) for path, _ in extension_files(rules)]


def _engine_and_files(spread: Spread, rules: Sequence[ConstraintRule]) -> dict[str, object]:
    return {
        **engine_rows(spread.workers, spread.scheduler),
        **extension_rows(extension_files(rules)),
    }


@dataclass(frozen=True)
class FrontierRun:
    """The frontier's points (one row each) and what made them."""

    table: pd.DataFrame
    run_rows: RunRows


def run_frontier(
    data: PactData,
    input_path: Path,
    request: FrontierRequest = FrontierRequest(),
    extensions: Sequence[ConstraintRule] = (),
    progress: Callable[[int], None] | None = None,
) -> FrontierRun:
    """``request.points`` Pareto-optimal plans from most net output to most net jobs;
    ``progress(1)`` after each of the ``points + 1`` optimisations. ``RunError`` (exit 3)
    when no point has a solution."""
    request.check()
    spread = request.spread
    traced = trace_frontier(
        data,
        request.points,
        _files(extensions),
        progress=progress,
        workers=spread.workers,
        scheduler=spread.scheduler,
    )
    solved = [(p.jobs_floor, p.result) for p in traced if p.result.status.has_solution]
    if not solved:
        raise RunError(
            f"No frontier: the model is {traced[0].result.status.value}; "
            f"pactopt solve {input_path} explains why",
            infeasible=True,
        )
    table = frontier_table(data, solved)
    settings = {
        "points asked": request.points,
        "points found": len(table),
        **_engine_and_files(spread, extensions),
        "lp_method": data.settings.lp_method,
    }
    return FrontierRun(table, sweep_rows(str(input_path), data.source_sha256, settings))


def write_frontier_run(
    run: FrontierRun, target: Path, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """The Frontier workbook; the name it got."""
    return write_frontier(target, run.table, protect=protect, policy=policy, run_rows=run.run_rows)


@dataclass(frozen=True)
class UncertaintyRun:
    """The draws' percentiles, each instrument's robustness, every draw, and what made
    them; ``draws`` asked and ``solved`` of them."""

    percentiles: pd.DataFrame
    robustness: pd.DataFrame
    table: pd.DataFrame
    draws: int
    solved: int
    seed: int
    distribution: str
    run_rows: RunRows
    threshold: float = 0.5


def run_uncertainty(
    data: PactData,
    input_path: Path,
    request: UncertaintyRequest = UncertaintyRequest(),
    extensions: Sequence[ConstraintRule] = (),
    progress: Callable[[int], None] | None = None,
) -> UncertaintyRun:
    """Monte Carlo over the low/central/high coefficients on one persistent model per
    worker; ``progress(k)`` as draws finish. ``RunError`` (exit 3) when no draw solves."""
    request.check()
    n = request.draws or data.settings.uncertainty_draws
    coefficients = draw_coefficients(data, n, request.seed)
    spread = request.spread
    results = run_draws(
        input_path,
        coefficients,
        spread.workers,
        progress=progress,
        data=data,
        scheduler=spread.scheduler,
        extensions=_files(extensions),
    )
    solved = sum(r.figures is not None for r in results)
    if not solved:
        raise RunError(
            f"No draw of {n} has a solution: the workbook is infeasible; "
            f"pactopt solve {input_path} explains why",
            infeasible=True,
        )
    percentiles, robustness = summarise(data, results, request.threshold)
    distribution = data.settings.uncertainty_distribution
    settings = {
        "draws": n,
        "solved draws": solved,
        "seed": request.seed,
        "distribution": distribution,
        "funded threshold": request.threshold,
        **_engine_and_files(spread, extensions),
    }
    rows = sweep_rows(str(input_path), data.source_sha256, settings)
    table = draw_table(coefficients, results)
    return UncertaintyRun(
        percentiles,
        robustness,
        table,
        n,
        solved,
        request.seed,
        distribution,
        rows,
        request.threshold,
    )


def write_uncertainty_run(
    run: UncertaintyRun, target: Path, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """The Uncertainty workbook; the name it got."""
    return write_uncertainty(
        target,
        run.percentiles,
        run.robustness,
        run.table,
        threshold=run.threshold,
        protect=protect,
        policy=policy,
        run_rows=run.run_rows,
    )


@dataclass(frozen=True)
class SensitivityRun:
    """The indices, their groups, and what made them."""

    result: SensitivityResult
    run_rows: RunRows


def run_global_sensitivity(
    data: PactData,
    input_path: Path,
    request: SensitivityRequest = SensitivityRequest(),
    extensions: Sequence[ConstraintRule] = (),
    progress: Callable[[int], None] | None = None,
    on_samples: Callable[[int], None] | None = None,
) -> SensitivityRun:
    """Sobol or Morris indices of net output, net jobs and each domain's allocation;
    ``on_samples(n)`` once the samples are drawn, ``progress(k)`` as they are solved.
    ``RunError`` (exit 2) when no coefficient has a spread."""
    request.check()
    spread = request.spread
    try:
        result = run_sensitivity(
            input_path,
            data,
            request.method,
            request.samples,
            request.seed,
            spread.workers,
            progress=progress,
            on_samples=on_samples,
            by="instrument" if request.per_instrument else "family",
            scheduler=spread.scheduler,
            extensions=_files(extensions),
        )
    except ValueError as exc:
        raise RunError(str(exc)) from None
    result = dataclasses.replace(result, productivity=productivity_sentence(data))
    settings = {
        "method": request.method,
        "samples": request.samples,
        "solves": result.solves,
        "seed": request.seed,
        "groups": "one per instrument" if request.per_instrument else "one per shared estimate",
        "distribution": data.settings.uncertainty_distribution,
        **_engine_and_files(spread, extensions),
    }
    return SensitivityRun(result, sweep_rows(str(input_path), data.source_sha256, settings))


def write_sensitivity_run(
    run: SensitivityRun, target: Path, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """The Sensitivity workbook; the name it got."""
    return write_sensitivity(
        target, run.result, protect=protect, policy=policy, run_rows=run.run_rows
    )
