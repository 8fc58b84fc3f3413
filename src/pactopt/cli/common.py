"""Shared parts of the command line: the app, the consoles, loading with error reporting,
and the tables printed to the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pactopt.errors import InputError, Problem, Severity
from pactopt.io.annotate import annotate_workbook
from pactopt.io.excel_write import OutputError
from pactopt.model.registry import ConstraintRule, RegistryError, load_extension
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact

EXIT_INPUT = 2
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="pactopt: where the euros of a digital investment pact should go.",
)
out = Console()
err = Console(stderr=True)
state = {"debug": False}

MaxSize = Annotated[float, typer.Option("--max-size-mb", help="Refuse larger input files.")]


def problem_table(problems: list[Problem]) -> Table:
    table = Table(show_lines=False)
    for head in ("", "where", "value", "rule"):
        table.add_column(head, overflow="fold")
    for p in problems:
        mark = "[red]error[/red]" if p.severity is Severity.ERROR else "[yellow]warning[/yellow]"
        value = "" if p.value is None else escape(repr(p.value))
        table.add_row(mark, escape(p.where), value, escape(p.rule))
    return table


def load_workbook(path: Path, max_size_mb: float, annotate: Path | None = None) -> PactData:
    """Load the workbook, or print every problem and exit 2."""
    try:
        data = load_pact(path, max_size_mb)
    except InputError as exc:
        if state["debug"]:
            raise
        err.print(
            f"[bold red]{path}: {len(exc.errors)} error(s), "
            f"{len(exc.warnings)} warning(s)[/bold red]"
        )
        err.print(problem_table(exc.problems))
        if annotate is not None:
            annotate_copy(path, exc.problems, annotate)
        raise typer.Exit(EXIT_INPUT) from None
    if data.warnings:
        err.print(f"[yellow]{path}: {len(data.warnings)} warning(s)[/yellow]")
        err.print(problem_table(list(data.warnings)))
    if annotate is not None:
        annotate_copy(path, list(data.warnings), annotate)
    return data


def annotate_copy(path: Path, problems: list[Problem], target: Path) -> None:
    if any(p.sheet is None for p in problems if p.severity is Severity.ERROR):
        err.print("The file could not be opened as a workbook, so no annotated copy is written.")
        return
    try:
        annotate_workbook(path, problems, target)
    except OutputError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    err.print(f"Annotated copy written to {target}")


EXIT_INFEASIBLE = 3


def load_extensions(paths: list[Path] | None) -> list[ConstraintRule]:
    rules: list[ConstraintRule] = []
    for path in paths or []:
        try:
            rules += load_extension(path)
        except RegistryError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(EXIT_INPUT) from None
    return rules


def frame_table(frame: Any, title: str) -> Table:
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(
            str(column), justify="left" if column == "figure" else "right", overflow="fold"
        )
    for record in frame.to_dict("records"):
        cells = [format_cell(str(k), v) for k, v in record.items()]
        table.add_row(*cells)
    return table


def format_cell(column: str, value: object) -> str:
    """A table cell: shares as percentages, amounts with thousands separators."""
    if "share" in column and isinstance(value, float) and value == value:
        return f"{value:.0%}"
    return format_meur(value) if isinstance(value, int | float) else escape(str(value))


def format_meur(value: object) -> str:
    """'12,345', or '' for a missing figure."""
    if isinstance(value, int | float) and value == value:
        return f"{value:,.0f}"
    return ""


def sweep_progress() -> Progress:
    """The progress bar of a sweep (draws, samples), on standard error, with the time left."""
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=err)
