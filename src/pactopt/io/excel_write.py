"""Writing workbooks safely: atomically, never over an input, and with text kept as text."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell

_FORMULA_START = ("=", "+", "-", "@")


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
