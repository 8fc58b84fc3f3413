"""The solve command's signature, registered on the app; its work is in ``solve_steps``,
imported when it runs, so that ``pactopt --help`` loads neither Pyomo nor pandas."""

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
    app,
    machine,
)
from pactopt.cli.safety import interruptible
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB


@app.command()
def solve(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.xlsx",
            help="Results workbook (default: outputs/<input>_<scenario>_results_<time>.xlsx, "
            "never overwritten). An existing OUT.xlsx is kept unless --force.",
        ),
    ] = None,
    lp: Annotated[
        Path | None,
        typer.Option("--lp", metavar="FILE", help="Also write the model as an LP file."),
    ] = None,
    as_json: Json = False,
    tables_dir: Annotated[
        Path | None,
        typer.Option(
            "--tables",
            metavar="DIR",
            help="Also write every results table as a CSV file in DIR (created if missing; "
            "existing files kept unless --force), for pandas or R.",
        ),
    ] = None,
    relax_integers: Annotated[
        bool,
        typer.Option(
            "--relax-integers",
            help="Solve the LP relaxation of a MILP, for analysis: yes/no decisions may be "
            "taken in part (an upper bound; the Summary says so).",
        ),
    ] = False,
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", help="Solve this scenario of the Scenarios sheet (compared to the base)."
        ),
    ] = None,
    all_scenarios: Annotated[
        bool,
        typer.Option(
            "--all-scenarios", help="Solve the base and every scenario; add a Comparison sheet."
        ),
    ] = False,
    alternatives: Annotated[
        bool | None,
        typer.Option(
            "--alternatives/--no-alternatives",
            help="Near-optimal ranges of every instrument, domain and year (Alternatives "
            "sheet); by default on for models up to 5,000 variables (a national plan).",
        ),
    ] = None,
    moves: Annotated[
        bool | None,
        typer.Option(
            "--moves/--no-moves",
            help="The value captured with the fewest moves from the reference plan (Moves "
            "sheet; up to eleven solves with a yes/no per instrument, each proven optimal); by "
            "default on for models up to 20,000 variables.",
        ),
    ] = None,
    least_change: Annotated[
        bool | None,
        typer.Option(
            "--least-change/--no-least-change",
            help="The nearest financeable reference plan and, of the plans within Settings "
            "least_change_tolerance of the best value, the one closest to it (Settings "
            "least_change); by default up to 20,000 variables.",
        ),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            help="Robust plan (objective_mode = robust): mean and CVaR over seeded draws of the "
            "coefficients, compared with the central plan on fresh draws (Robustness sheet).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Parallel processes for the scenarios of --all-scenarios, or for the "
            "near-optimal ranges of one solve.",
        ),
    ] = 1,
    scheduler: Scheduler = None,
    actuals: ActualsCsv = None,
    brief: Annotated[
        bool,
        typer.Option(
            "--brief",
            help="Also write the one-page brief for the minister (HTML and A4 PDF) beside "
            "the results, in the Settings language or --lang.",
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            metavar="nl|fr|en",
            help="Language of the Summary sheet, the terminal summary and --brief (default: the "
            "workbook's Settings language).",
        ),
    ] = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
) -> None:
    """Optimise the allocation and write the results workbook."""
    machine("solve", as_json)
    from pactopt.cli.solve_steps import SolveRequest, run_solve_command

    with interruptible():
        run_solve_command(
            SolveRequest(
                workbook=workbook,
                output=output,
                lp=lp,
                as_json=as_json,
                tables_dir=tables_dir,
                relax_integers=relax_integers,
                extension=extension,
                scenario=scenario,
                all_scenarios=all_scenarios,
                alternatives=alternatives,
                moves=moves,
                least_change=least_change,
                robust=robust,
                max_size_mb=max_size_mb,
                force=force,
                workers=workers,
                scheduler=scheduler,
                actuals=actuals,
                brief=brief,
                lang=lang,
                extension_time_limit=extension_time_limit,
            )
        )
