"""openpyxl's reading of a workbook, kept as the oracle the streaming reader is compared with.

This is the reader pactopt used until the streaming one (src/pactopt/xlsx/stream.py): a
full-mode load that visits the stored cells, then a read-only ``data_only`` pass for the
values cached with formulas. It is slow (ten times the streaming reader) but it is openpyxl's
own reading of each cell, so the tests compare the two on the same files.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from pactopt.xlsx.read import (
    DEFAULT_MAX_FILE_MB,
    RawCell,
    RawSheet,
    RawWorkbook,
    _file_problem,
    read_bytes_checked,
    read_workbook,
)


def _cell_formula(value: Any) -> str | None:
    if isinstance(value, ArrayFormula):
        return str(value.text)
    if isinstance(value, DataTableFormula):
        return "{table}"
    if isinstance(value, str) and value.startswith("="):
        return value
    return None


def openpyxl_read_workbook(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> RawWorkbook:
    """Read every sheet of ``path`` into a ``RawWorkbook``; raise ``InputError`` if the file
    cannot be an xlsx workbook at all."""
    data = read_bytes_checked(path, max_file_mb)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise _file_problem(path.name, f"workbook cannot be opened: {exc}") from exc
    sheets: dict[str, RawSheet] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    for ws in book.worksheets:
        sheet = RawSheet(
            name=ws.title,
            hidden=ws.sheet_state != "visible",
            merged=[str(r) for r in ws.merged_cells.ranges],
            hidden_rows=frozenset(int(r) for r, d in ws.row_dimensions.items() if d.hidden),
        )
        for cell in ws._cells.values():
            if cell.value is None:  # a styled empty cell
                continue
            row, col = cell.row, cell.column
            formula = _cell_formula(cell.value)
            if formula is not None:
                formulas.setdefault(ws.title, set()).add((row, col))
            elif isinstance(cell.value, str) and not cell.value.strip():
                continue
            sheet.cells[(row, col)] = RawCell(
                value=None if formula else cell.value, formula=formula
            )
        sheets[ws.title] = sheet
    if formulas:
        _read_cached_values(data, sheets, formulas)
    return RawWorkbook(path=path, sha256=hashlib.sha256(data).hexdigest(), sheets=sheets)


def _read_cached_values(
    data: bytes, sheets: dict[str, RawSheet], formulas: dict[str, set[tuple[int, int]]]
) -> None:
    """Fill in the value each formula cell had when the file was last saved: a second,
    streaming pass over the sheets that hold formulas, visiting the rows the file stores."""
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        for name, where in formulas.items():
            ws = cached[name]
            ws.reset_dimensions()  # rows as stored, not padded to the declared extent
            rows = {r for r, _ in where}
            last = max(rows)
            for row in ws.iter_rows(max_row=last):
                for cell in row:
                    position = (getattr(cell, "row", 0), getattr(cell, "column", 0))
                    if position in where:
                        sheets[name].cells[position] = RawCell(
                            value=cell.value, formula=sheets[name].cells[position].formula
                        )
    finally:
        cached.close()


def openpyxl_reading(path: Path) -> RawWorkbook:
    """The oracle's reading, quiet: openpyxl warns of what it drops."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return openpyxl_read_workbook(path)


def reads_as_openpyxl(path: Path) -> RawWorkbook:
    """Read ``path`` both ways; they must agree exactly (types too: 1 is not 1.0 here)."""
    ours, theirs = read_workbook(path), openpyxl_reading(path)
    assert list(ours.sheets) == list(theirs.sheets)
    for name, sheet in theirs.sheets.items():
        mine = ours.sheets[name]
        assert (mine.hidden, mine.merged, mine.hidden_rows) == (
            sheet.hidden,
            sheet.merged,
            sheet.hidden_rows,
        ), name
        assert mine.cells == sheet.cells, name
        typed = {k: (type(c.value), c.formula) for k, c in sheet.cells.items()}
        assert {k: (type(c.value), c.formula) for k, c in mine.cells.items()} == typed, name
    assert ours.sha256 == theirs.sha256
    return ours
