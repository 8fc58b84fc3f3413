"""Analysis commands: the output-jobs frontier, Monte Carlo uncertainty, and comparing two
results workbooks. Registered on the same app as the main commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from pactopt.analysis.frontier import trace_frontier
from pactopt.analysis.uncertainty import draw_coefficients, draw_table, run_draws, summarise
from pactopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    MaxSize,
    app,
    err,
    frame_table,
    load_extensions,
    load_workbook,
    out,
    sweep_progress,
)
from pactopt.errors import InputError
from pactopt.io.excel_read import DEFAULT_MAX_FILE_MB
from pactopt.io.excel_write import OutputError
from pactopt.io.results_read import compare_results
from pactopt.pipeline import default_output
from pactopt.report.tables import frontier_table
from pactopt.report.workbook import write_frontier, write_uncertainty


@app.command()
def frontier(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    points: Annotated[int, typer.Option("--points", min=2, max=200, help="Number of points.")] = 7,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", metavar="OUT.xlsx", help="Frontier workbook.")
    ] = None,
    extension: Annotated[
        list[Path] | None,
        typer.Option("--extension", metavar="PATH", help="Python file adding constraint families."),
    ] = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
) -> None:
    """Trace the output-jobs Pareto frontier (epsilon-constraint) and write a Frontier sheet."""
    data = load_workbook(workbook, max_size_mb)
    traced = trace_frontier(data, points, load_extensions(extension))
    solved = [(p.jobs_floor, p.result) for p in traced if p.result.status.has_solution]
    if not solved:
        err.print(
            f"[bold red]No frontier: the model is {traced[0].result.status.value}.[/bold red]"
        )
        raise typer.Exit(EXIT_INFEASIBLE)
    table = frontier_table(data, solved)
    target = output or default_output(workbook).with_name(
        default_output(workbook).name.replace("_results_", "_frontier_")
    )
    try:
        write_frontier(target, table, protect=workbook)
    except OutputError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    shown = table[
        [
            "point",
            "net_output_discounted",
            "net_jobs_discounted",
            "output_meur",
            "jobs",
            "public_meur",
            "private_meur",
        ]
    ]
    out.print(frame_table(shown, f"Output-jobs frontier of {workbook.name}"))
    out.print(f"Frontier written to {target}")


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
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Parallel processes.")
    ] = 1,
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
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
) -> None:
    """Monte Carlo over the low/central/high impact coefficients: spread of output, jobs and
    savings, and how robust each instrument's funding is."""
    data = load_workbook(workbook, max_size_mb)
    n = draws or data.settings.uncertainty_draws
    coefficients = draw_coefficients(data, n, seed)
    with sweep_progress() as bar:
        task = bar.add_task("draws", total=n)
        results = run_draws(
            workbook, coefficients, workers, progress=lambda k: bar.advance(task, k)
        )
    percentiles, robustness = summarise(data, results, threshold)
    table = draw_table(coefficients, results)
    target = output or default_output(workbook).with_name(
        default_output(workbook).name.replace("_results_", "_uncertainty_")
    )
    try:
        write_uncertainty(target, percentiles, robustness, table, protect=workbook)
    except OutputError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    out.print(frame_table(percentiles, f"{n} draws, seed {seed} (discounted figures)"))
    out.print(
        frame_table(
            robustness[["instrument", "share_of_draws_above", "verdict"]],
            "Robustness of each instrument",
        )
    )
    out.print(f"Uncertainty written to {target}")


@app.command()
def compare(
    first: Annotated[Path, typer.Argument(metavar="A.xlsx", help="A results workbook.")],
    second: Annotated[Path, typer.Argument(metavar="B.xlsx", help="Another results workbook.")],
) -> None:
    """Compare two results workbooks: headline figures and domain totals side by side."""
    try:
        frame = compare_results(first, second)
    except (InputError, KeyError, ValueError) as exc:
        err.print(f"[red]cannot compare: {escape(str(exc))}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    out.print(frame_table(frame, f"{first.name} vs {second.name}"))
