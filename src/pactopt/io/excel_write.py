"""Writing workbooks safely: atomically, never over an input, and with text kept as text."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Font
from openpyxl.utils.indexed_list import IndexedList

_FORMULA_START = ("=", "+", "-", "@")


# one font for every output workbook: Arial is on every office machine and LibreOffice maps it
# to a metric-compatible face; a font without a name falls back to the client's own (a serif
# one in LibreOffice)
FONT_NAME = "Arial"
FONT_SIZE = 10


def font(*, bold: bool = False, size: float = FONT_SIZE, color: str | None = None) -> Font:
    """The workbook font, bold or larger where asked."""
    return Font(name=FONT_NAME, sz=size, family=2, b=bold, color=color)


def new_workbook() -> Workbook:
    """An empty workbook whose default font (that of every cell not styled otherwise, and of
    the Normal style) is :data:`FONT_NAME`."""
    wb = Workbook()
    base = font()
    # openpyxl has no public setter for the default font: font 0 is the one unstyled cells use
    wb._fonts = IndexedList([base])  # type: ignore[attr-defined]
    wb._named_styles["Normal"].font = base  # type: ignore[attr-defined]
    return wb


class OutputError(Exception):
    """An output cannot be written where asked (e.g. it would overwrite the input)."""


def set_text_safe(cell: Cell | MergedCell, value: object) -> None:
    """Write ``value``; text that a spreadsheet would run as a formula stays plain text."""
    if isinstance(cell, MergedCell):
        raise ValueError(f"cannot write into merged cell {cell.coordinate}")
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def save_atomically(workbook: Workbook, path: Path, *, protect: Path | None = None) -> None:
    """Save to a temporary file beside ``path`` and rename it into place, so that a reader
    never sees half a file. Refuses to write over ``protect`` (the input workbook)."""
    if protect is not None and path.exists() and path.resolve() == protect.resolve():
        raise OutputError(f"refusing to write over the input workbook {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx.tmp", dir=path.parent)
    os.close(fd)
    try:
        workbook.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
