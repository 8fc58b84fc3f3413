"""Analysis commands: the output-jobs frontier, Monte Carlo uncertainty, and comparing two
results workbooks. Registered on the same app as the main commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pactopt.cli.common import (
    ActualsCsv,
    Extensions,
    ExtensionTimeLimit,
    Force,
    Json,
    MaxSize,
    Scheduler,
    Workers,
    app,
    commit_outputs,
    emit,
    err,
    fail,
    load_extensions,
    load_workbook,
    machine,
    out,
    output_policy,
    sweep_failures,
)
from pactopt.cli.printing import frame_table, sweep_progress
from pactopt.cli.safety import interruptible
from pactopt.errors import InputError
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB, OutputError, default_output

# each command imports what it uses when it runs (``pactopt --help`` loads none of it)


@app.command()
def frontier(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    points: Annotated[int, typer.Option("--points", min=2, max=200, help="Number of points.")] = 7,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="OUT.xlsx", help="Frontier workbook.")
    ] = None,
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    actuals: ActualsCsv = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Trace the output-jobs Pareto frontier (epsilon-constraint) and write a Frontier sheet:
    the two ends first, then the points between them on --workers processes or a Dask
    cluster."""
    machine("frontier", as_json)
    from pactopt.pipeline.requests import FrontierRequest, Spread
    from pactopt.pipeline.sweeps import run_frontier, write_frontier_run
    from pactopt.report.json_payloads import records, run_fields

    target = output or default_output(workbook, "frontier")
    policy = output_policy(target, "-o", protect=[workbook], force=force, default=not output)
    data = load_workbook(workbook, max_size_mb, actuals=actuals)
    rules = load_extensions(extension, extension_time_limit)
    request = FrontierRequest(points, Spread(workers, scheduler))
    with sweep_failures(), interruptible(), sweep_progress() as bar:
        task = bar.add_task("frontier points", total=points + 1)
        run = run_frontier(data, workbook, request, rules, lambda k: bar.advance(task, k))
    table = run.table
    try:
        write_frontier_run(run, target, workbook, policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    written = commit_outputs().final(target)
    if as_json:
        emit(
            input_file=str(workbook),
            output_file=str(written),
            points=records(table),
            run=run_fields(run.run_rows),
        )
        return
    shown = table[
        [
            "point",
            "net_output_meur",
            "net_jobs",
            "net_output_discounted",
            "net_jobs_discounted",
            "public_meur",
            "private_meur",
        ]
    ]
    from pactopt.report.headers import header

    out.print(frame_table(shown, f"Output-jobs frontier of {workbook.name}", header))
    out.print(f"Frontier written to {written}")


@app.command()
def uncertainty(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    draws: Annotated[
        int | None,
        typer.Option(
            "--draws", min=1, help="Number of draws (default: Settings uncertainty_draws)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold",
            min=0,
            max=1,
            help="Funded 'above the threshold' = min + THRESHOLD × (max − min).",
        ),
    ] = 0.5,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="OUT.xlsx", help="Uncertainty workbook."),
    ] = None,
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    actuals: ActualsCsv = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Monte Carlo over the low/central/high impact coefficients: spread of output, jobs and
    savings, and how robust each instrument's funding is (exit 3 when no draw can be
    solved: the workbook is infeasible)."""
    machine("uncertainty", as_json)
    from pactopt.analysis.uncertainty import DRAW_COLUMNS
    from pactopt.pipeline.requests import Spread, UncertaintyRequest
    from pactopt.pipeline.sweeps import run_uncertainty, write_uncertainty_run
    from pactopt.report.json_payloads import records, run_fields

    target = output or default_output(workbook, "uncertainty")
    policy = output_policy(target, "-o", protect=[workbook], force=force, default=not output)
    data = load_workbook(workbook, max_size_mb, actuals=actuals)
    rules = load_extensions(
        extension, extension_time_limit
    )  # each is checked here: a typo exits 2 before a draw
    request = UncertaintyRequest(draws, seed, threshold, Spread(workers, scheduler))
    n = draws or data.settings.uncertainty_draws
    with sweep_failures(), interruptible(), sweep_progress() as bar:
        task = bar.add_task("draws", total=n)
        run = run_uncertainty(data, workbook, request, rules, lambda k: bar.advance(task, k))
    if run.solved < run.draws:
        err.print(
            f"warning: {run.draws - run.solved} of {n} draws have no solution; the figures "
            f"are over the {run.solved} solved",
            style="yellow",
        )
    percentiles, robustness = run.percentiles, run.robustness
    try:
        write_uncertainty_run(run, target, workbook, policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    written = commit_outputs().final(target)
    if as_json:
        emit(
            input_file=str(workbook),
            output_file=str(written),
            draws=n,
            seed=seed,
            distribution=data.settings.uncertainty_distribution,
            solved_draws=run.solved,
            # each row's key: net_output_meur and net_jobs (the headline basis), then the
            # discounted figures (net_output_discounted, …)
            percentiles=records(percentiles.assign(key=list(DRAW_COLUMNS))),
            robustness=records(robustness),
            run=run_fields(run.run_rows),
        )
        return
    out.print(frame_table(percentiles, f"{n} draws, seed {seed}"))
    out.print(
        frame_table(
            robustness[["instrument", "share_of_draws_above", "verdict"]],
            "Robustness of each instrument",
        )
    )
    out.print(f"Uncertainty written to {written}")


@app.command()
def compare(
    first: Annotated[Path, typer.Argument(metavar="A.xlsx", help="A results workbook.")],
    second: Annotated[Path, typer.Argument(metavar="B.xlsx", help="Another results workbook.")],
    as_json: Json = False,
) -> None:
    """Compare two results workbooks: headline figures and domain totals side by side."""
    machine("compare", as_json)
    from pactopt.report.json_payloads import figure_keys, records, snake
    from pactopt.report.read_back import compare_results

    try:
        frame = compare_results(first, second)
    except InputError as exc:
        said = [f"{p.value} {p.rule}" if p.sheet is None else str(p) for p in exc.errors]
        fail("cannot compare: " + "; ".join(said))
    if as_json:
        # fixed keys for a script: the file names are the table's column heads, not keys
        fixed = frame.set_axis(["figure", "first", "second", "difference"], axis=1)
        fixed.insert(0, "key", [figure_keys().get(f, snake(f)) for f in fixed["figure"]])
        emit(first=str(first), second=str(second), figures=records(fixed))
        return
    out.print(frame_table(frame, f"{first.name} vs {second.name}"))
