"""The scenarios of ``pactopt solve``: the base solved first, then the scenario asked for
(``--scenario NAME``, in this process, with its LP file and diagnosis) or every scenario
(``--all-scenarios``, on the engine of ``--workers`` and ``--scheduler``), compared side
by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import typer

from pactopt.analysis.engines import Engine, EngineError
from pactopt.cli.common import EXIT_INPUT, emit_error, err, fail, problem_table, sweep_progress
from pactopt.errors import InputError
from pactopt.io.excel_write import WritePolicy
from pactopt.model.registry import ConstraintRule
from pactopt.pipeline import (
    Outcome,
    ScenarioJob,
    robust_data,
    run_solve,
    solve_scenarios,
)
from pactopt.report.tables import comparison_table
from pactopt.schema.data import PactData
from pactopt.schema.scenarios import load_scenario, scenario_names


@dataclass(frozen=True)
class Options:
    """What every run of one solve command shares (the base and each scenario)."""

    alternatives: bool | None
    relax_integers: bool
    robust: bool = False  # --robust: every scenario in robust mode too, not the base alone
    # --all-scenarios on --workers processes or a Dask cluster (--scheduler)
    workers: int = 1
    scheduler: str | None = None


def solve_with_scenarios(
    data: PactData,
    workbook: Path,
    rules: list[ConstraintRule],
    scenario: str | None,
    lp: tuple[Path | None, WritePolicy],
    max_size_mb: float,
    options: Options,
) -> tuple[Outcome, Any, list[tuple[str, Outcome]]]:
    """Solve the base and the asked scenario (or all of them); the outcome to write is the
    scenario's (or the base's with --all-scenarios), with the comparison of all. With
    --all-scenarios an infeasible base is diagnosed once and ends the run; scenarios that
    are infeasible are left out of the comparison without a diagnosis of their own."""
    lp_path, lp_policy = lp
    names = [scenario] if scenario is not None else scenario_names(data)
    if not names:
        fail("--all-scenarios: the workbook's Scenarios sheet names no scenario")
    base_lp = lp_path if scenario is None else None
    try:
        base = run_solve(
            data,
            workbook,
            extensions=rules,
            lp_path=base_lp,
            lp_policy=lp_policy,
            diagnose=scenario is None,
            alternatives=options.alternatives,
            relax_integers=options.relax_integers,
            # the base's near-optimal ranges, before the scenarios, on the same engine
            engine=Engine(options.workers, options.scheduler),
        )
    except EngineError as exc:
        fail(str(exc))
    if scenario is None and not base.result.status.has_solution:
        # reported as the base's own run: no scenario is worth solving
        return base, None, [("base", base)]
    named = [("base", base)]
    with sweep_progress() as bar:
        task = bar.add_task("scenarios", total=len(names))
        if scenario is not None:
            one = _scenario_run(workbook, scenario, rules, scenario, lp, max_size_mb, options)
            named.append((scenario, one))
            bar.advance(task, 1)
        else:
            tick = partial(bar.advance, task)
            named += _all_scenarios(workbook, names, rules, max_size_mb, options, tick)
    for name, o in named:
        if o.tables is None:
            err.print(
                f"{name}: {o.result.status.value}; left out of the comparison", style="yellow"
            )
    solved = [(n, o.tables) for n, o in named if o.tables is not None]
    comparison = comparison_table(solved) if len(solved) > 1 else None
    return (named[-1][1] if scenario is not None else named[0][1]), comparison, named


def _all_scenarios(
    workbook: Path,
    names: list[str],
    rules: list[ConstraintRule],
    max_size_mb: float,
    options: Options,
    progress: Callable[[int], None],
) -> list[tuple[str, Outcome]]:
    """Every scenario, each applied and checked first (one whose overrides do not validate
    exits 2 before any is solved), then solved on the engine of --workers and --scheduler."""
    variants = [_scenario_data(workbook, name, max_size_mb, options) for name in names]
    job = ScenarioJob(workbook, options.alternatives, options.relax_integers)
    try:
        outcomes = solve_scenarios(
            variants,
            job,
            extensions=rules,
            workers=options.workers,
            scheduler=options.scheduler,
            progress=progress,
        )
    except EngineError as exc:
        fail(str(exc))
    return list(zip(names, outcomes, strict=True))


def _scenario_run(
    workbook: Path,
    name: str,
    rules: list[ConstraintRule],
    scenario: str | None,
    lp: tuple[Path | None, WritePolicy],
    max_size_mb: float,
    options: Options,
) -> Outcome:
    """One scenario solved (exit 2 when its overrides do not validate); only the one asked
    for with --scenario writes the LP file and is diagnosed when infeasible."""
    variant = _scenario_data(workbook, name, max_size_mb, options)
    one = scenario is not None
    lp_path, lp_policy = lp
    return run_solve(
        variant,
        workbook,
        extensions=rules,
        lp_path=lp_path if one else None,
        lp_policy=lp_policy,
        diagnose=one,
        alternatives=options.alternatives,
        relax_integers=options.relax_integers,
    )


def _scenario_data(workbook: Path, name: str, max_size_mb: float, options: Options) -> PactData:
    """The workbook with scenario ``name`` applied (in robust mode with --robust), or exit 2
    naming the scenario when its overrides do not validate."""
    try:
        variant = load_scenario(workbook, name, max_size_mb)
    except InputError as exc:
        err.print(f"scenario {name}:", style="bold red")
        err.print(problem_table(exc.problems))
        emit_error(EXIT_INPUT, f"scenario {name}: cannot be applied", problems=exc.problems)
        raise typer.Exit(EXIT_INPUT) from None
    return robust_data(variant) if options.robust else variant
