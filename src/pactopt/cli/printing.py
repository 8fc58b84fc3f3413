"""What the command line prints besides its problems and errors: sentences wrapped so that an
amount stays whole, data frames as terminal tables, numbers as the terminal shows them, and
the progress bars of a sweep."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING, Any

from rich.box import SIMPLE_HEAVY
from rich.table import Table

from pactopt.cli.common import err, out
from pactopt.i18n import Lang

if TYPE_CHECKING:  # loaded when a sweep shows its progress (issue 16)
    from rich.progress import Progress


def print_sentences(text: str) -> None:
    """Print a paragraph wrapped at the terminal's width at ordinary spaces only, so that an
    amount stays whole ('€ 16,7 mln', '16,7 M€': Rich would break at their no-break spaces,
    which its wrapping counts as whitespace). Text without one prints as Rich wraps it."""
    if "\u00a0" not in text and "\u202f" not in text:
        out.print(text)
        return
    lines = textwrap.wrap(
        text, width=max(out.width, 20), break_long_words=False, break_on_hyphens=False
    )
    out.print("\n".join(lines), soft_wrap=True)


def frame_table(frame: Any, title: str, headers: Callable[[object], str] | None = None) -> Table:
    """``frame`` as a terminal table; its columns headed by ``headers`` (the workbook's
    words, ``report.headers.header``), else by their names. A header in words wraps at its
    spaces; a machine name would be cut mid-word."""
    # headers in words need the room of the vertical rules (rich, given each column's
    # longest word as its least width, overflowed 80 columns with them)
    table = Table(title=title) if headers is None else Table(title=title, box=SIMPLE_HEAVY)
    for column in frame.columns:
        name = headers(column) if headers is not None else str(column)
        table.add_column(
            name,
            justify="left" if column == "figure" else "right",
            overflow="fold",
            # as wide as its longest word: a header wraps between words, never inside one
            min_width=max(map(len, name.split()), default=1) if headers is not None else None,
        )
    for record in frame.to_dict("records"):
        cells = [format_cell(str(k), v) for k, v in record.items()]
        table.add_row(*cells)
    return table


def format_cell(column: str, value: object) -> str:
    """A table cell: shares as percentages, amounts with thousands separators."""
    if "share" in column and isinstance(value, float) and value == value:
        return f"{value:.0%}"
    return format_meur(value) if isinstance(value, int | float) else str(value)


def format_meur(value: object, lang: Lang | None = None) -> str:
    """'12,345' ('12.345', '12 345' in Dutch and French), or '' for a missing figure."""
    if isinstance(value, int | float) and value == value:
        if lang is not None and not lang.english:
            return lang.number(float(value)).replace("-", "\u2212")
        text = f"{value:,.0f}"
        return "0" if text == "-0" else text  # −0.3 rounds to 0, not to '−0'
    return ""


@contextmanager
def counted_progress(
    description: str, *, transient: bool = False
) -> Iterator[Callable[[int, int], None]]:
    """A progress bar started at the first ``progress(done, total)`` call (a run that makes
    none prints nothing, not even an empty line); yields that callable, to pass to the
    pipeline."""
    bar = sweep_progress(transient=transient)
    task = bar.add_task(description, total=None)

    def tick(done: int, total: int) -> None:
        if not bar.live.is_started:
            bar.start()
        bar.update(task, total=total)
        if done > bar.tasks[0].completed:
            bar.advance(task, done - bar.tasks[0].completed)

    try:
        yield tick
    finally:
        if bar.live.is_started:
            bar.stop()


def ranges_progress() -> AbstractContextManager[Callable[[int, int], None]]:
    """The progress bar of the near-optimal ranges inside a solve, gone once done (the
    Summary follows)."""
    return counted_progress("near-optimal ranges", transient=True)


def sweep_progress(*, transient: bool = False) -> Progress:
    """The progress bar of a sweep (draws, samples), on standard error, with the time left
    (``transient``: cleared when it ends)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    return Progress(*columns, console=err, transient=transient)
