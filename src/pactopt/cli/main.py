"""The command line: parses arguments, calls the library, prints, and sets the exit code.

Exit codes (``EXIT_CODES`` in ``common``, shown by ``--help``): 0 done; 2 bad input or
arguments, the message naming the sheet and cell or the flag; 3 the model is infeasible;
1 only for a bug in pactopt, with a line saying how to report it.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.logging import RichHandler
from rich.table import Table
from rich.text import Text

from pactopt import __version__
from pactopt.analysis.impacts import Impacts, evaluate_plan, total
from pactopt.analysis.prechecks import PRECHECKS
from pactopt.cli.common import (
    Force,
    MaxSize,
    app,
    err,
    fail,
    load_workbook,
    out,
    output_policy,
    state,
)
from pactopt.io.examples import EXAMPLES
from pactopt.io.excel_read import DEFAULT_MAX_FILE_MB
from pactopt.io.excel_write import OutputError
from pactopt.io.template import write_template
from pactopt.model.registry import ordered_rules
from pactopt.pipeline import check_reference_plan
from pactopt.schema.checks import CHECKS


def _version(value: bool) -> None:
    if value:
        out.print(f"pactopt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
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
    if verbose:
        logging.basicConfig(
            level=logging.INFO,
            format="%(name)s: %(message)s",
            handlers=[RichHandler(console=err, show_time=False, show_path=False)],
        )


@app.command()
def template(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write.")],
    example: Annotated[
        str | None, typer.Option("--example", help=f"Fill with an example: {', '.join(EXAMPLES)}.")
    ] = None,
    force: Force = False,
) -> None:
    """Write the blank input template (or a filled example), generated from the schema; an
    existing file is kept unless --force."""
    if example is not None and example not in EXAMPLES:
        fail(f"--example: unknown example '{example}'; known: {', '.join(EXAMPLES)}")
    policy = output_policy(out_path, "OUT.xlsx", protect=[], force=force)
    try:
        written = write_template(out_path, example, policy)
    except OutputError as exc:
        fail(f"OUT.xlsx: {exc}")
    out.print(f"Template written to {written}")


@app.command()
def validate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate", metavar="OUT.xlsx", help="Write a copy with the bad cells marked."
        ),
    ] = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
) -> None:
    """Check a workbook and list every problem with its sheet and cell (exit 2 on errors)."""
    data = load_workbook(workbook, max_size_mb, annotate, force)
    out.print(
        Text.assemble(
            (f"{workbook}: valid", "green"),
            f" — {len(data.domains)} domains, {len(data.instruments)} instruments, "
            f"{len(data.funders)} funders, {len(data.budget_lines)} budget lines, "
            f"years {data.years[0]}-{data.years[-1]}",
        )
    )


@app.command("checks")
def list_checks() -> None:
    """List the named cross-sheet checks run by validate, and the pre-solve checks run by
    solve (blocking ones stop the run with exit code 3)."""
    for name, fn in CHECKS.items():
        out.print(Text.assemble((name, "bold"), ": ", " ".join((fn.__doc__ or "").split())))
    for name, (check_fn, blocking) in PRECHECKS.items():
        kind = "pre-solve, blocking" if blocking else "pre-solve, warning"
        doc = " ".join((check_fn.__doc__ or "").split())
        out.print(Text.assemble((name, "bold"), f" ({kind}): {doc}"))


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


@app.command()
def evaluate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
) -> None:
    """Impacts of the reference plan as given in the workbook (no optimisation), and whether
    it can be financed within the workbook's own rules (if not: which rules it breaks, in
    cells and euros)."""
    data = load_workbook(workbook, max_size_mb)
    by_domain = evaluate_plan(data)
    whole = total(by_domain)
    reference, breaches = check_reference_plan(data)
    if as_json:
        figures: dict[str, Any] = {k: round(v, 3) for k, v in vars(whole).items()}
        figures |= {"jobs": round(whole.jobs, 3), "savings_meur": round(whole.savings_meur, 3)}
        figures["within_rules"] = {
            "feasible": reference.feasible,
            "breaches": [
                {
                    "rule": b.rule,
                    "constraint": b.constraint,
                    "cells": list(b.cells),
                    "short": b.short,
                    "unit": b.unit,
                }
                for b in reference.breaches
            ],
        }
        out.print_json(json.dumps(figures, allow_nan=False))
        return
    table = Table(title=f"Reference plan of {workbook.name} (€m; jobs: net jobs)")
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
    out.print("Public/private: midpoint of each instrument's public-share range.")
    if reference.feasible:
        out.print(
            "Under the workbook's own rules (every instrument at its reference amount) the "
            "plan can be financed."
        )
    else:
        out.print(f"Under the workbook's own rules the plan cannot be financed: {breaches}.")


@app.command("constraints")
def list_constraints() -> None:
    """List every constraint family and rule, in build order, with its meaning and math."""
    for rule in ordered_rules():
        out.print(
            Text.assemble(
                (rule.family, "bold"),
                f" / {rule.name}  ",
                (f"(index: {' × '.join(rule.index)}; sheet {rule.sheet}; {rule.unit})", "dim"),
            )
        )
        out.print(f"    {rule.doc}")
