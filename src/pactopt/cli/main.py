"""The command line's root (``--version``, ``--debug``) and ``evaluate``: parses arguments,
calls the library, prints, and sets the exit code.

Exit codes (``EXIT_CODES`` in ``common``, shown by ``--help``): 0 done; 2 bad input or
arguments, the message naming the sheet and cell or the flag; 3 the model is infeasible;
1 only for a bug in pactopt, with a line saying how to report it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from pactopt import __version__
from pactopt.cli.common import (
    Extensions,
    ExtensionTimeLimit,
    Json,
    MaxSize,
    app,
    emit,
    err,
    load_extensions,
    load_workbook,
    machine,
    out,
    state,
)
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB
from pactopt.xlsx.staging import current, one_run

if TYPE_CHECKING:
    from pactopt.analysis.impacts import Impacts
    from pactopt.solver.solution import Conflict

# Each command imports what it uses when it runs: --help and validate never load Pyomo,
# HiGHS or pandas (issue 16; tests/unit/test_architecture.py checks it).


def _version(value: bool) -> None:
    if value:
        out.print(f"pactopt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Log each step (e.g. families skipped for lack of data)."
        ),
    ] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """Global options."""
    state["debug"] = debug
    if current() is None:  # the app called without ``run()`` (typer's test runner)
        ctx.with_resource(one_run())
    if verbose:
        from rich.logging import RichHandler

        logging.basicConfig(
            level=logging.INFO,
            format="%(name)s: %(message)s",
            handlers=[RichHandler(console=err, show_time=False, show_path=False)],
        )


def _impact_row(name: str, imp: Impacts) -> list[str]:
    return [
        name,
        f"{imp.spend_meur:,.0f}",
        f"{imp.public_meur:,.0f}",
        f"{imp.private_meur:,.0f}",
        f"{imp.output_meur:,.0f}",
        f"{imp.jobs:,.0f}",
        f"{imp.savings_meur:,.0f}",
    ]


def _breach(b: Conflict) -> dict[str, object]:
    return {
        "rule": b.rule,
        "constraint": b.constraint,
        "cells": list(b.cells),
        "short": b.short,
        "unit": b.unit,
    }


def _impact_figures(imp: Impacts) -> dict[str, float]:
    """Every figure of ``imp``, with its totals (jobs, savings), rounded to 0.001."""
    figures = {**vars(imp), "jobs": imp.jobs, "savings_meur": imp.savings_meur}
    return {k: round(float(v), 3) for k, v in figures.items()}


@app.command()
def evaluate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    as_json: Json = False,
) -> None:
    """Impacts of the reference plan as given in the workbook (no optimisation), and whether
    it can be financed within the workbook's own rules (if not: which rules it breaks, in
    cells and euros)."""
    machine("evaluate", as_json)
    from pactopt.analysis.impacts import evaluate_plan, total
    from pactopt.pipeline import check_reference_plan

    data = load_workbook(workbook, max_size_mb)
    by_domain = evaluate_plan(data)
    whole = total(by_domain)
    # whether it can be financed is judged by every rule, the modeller's too
    reference, breaches = check_reference_plan(
        data, load_extensions(extension, extension_time_limit)
    )
    if as_json:
        emit(
            input_file=str(workbook),
            figures=_impact_figures(whole),
            by_domain=[{"domain": d, **_impact_figures(imp)} for d, imp in by_domain.items()],
            feasible=reference.feasible,
            breaches=[_breach(b) for b in reference.breaches],
            instead={k: [_breach(b) for b in v] for k, v in reference.instead.items()},
        )
        return
    table = Table(
        title=f"Reference plan of {workbook.name} as given (€m, undiscounted; output and jobs "
        "gross, before what shifted lines would have produced; projects not counted)"
    )
    for head in ("domain", "spend", "public", "private", "output", "jobs", "savings"):
        table.add_column(head, justify="right" if head != "domain" else "left")
    for domain, imp in by_domain.items():
        table.add_row(*_impact_row(domain, imp))
    table.add_row(*_impact_row("total", whole), style="bold")
    out.print(table)
    out.print(
        f"Savings: government {whole.savings_government_meur:,.0f}, business "
        f"{whole.savings_business_meur:,.0f}, citizens {whole.savings_citizens_meur:,.0f}"
        f" €m. Jobs: direct {whole.jobs_direct:,.0f}, indirect {whole.jobs_indirect:,.0f}."
    )
    out.print(
        "Public/private: the midpoint of each instrument's public-share range, a rough split; "
        "`pactopt solve` finances the plan within the rules instead, and compares it net of "
        "the shifted lines."
    )
    if reference.feasible:
        out.print(
            "Under the workbook's own rules (every instrument at its reference amount) the "
            "plan can be financed."
        )
    else:
        out.print(f"Under the workbook's own rules the plan cannot be financed: {breaches}.")
