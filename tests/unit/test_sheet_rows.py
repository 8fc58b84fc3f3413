"""Tables written straight into the sheet XML (``xlsx/fast_rows.py``) give the very file openpyxl
writes when every value is an openpyxl cell: every part of the package byte for byte (the
sheets, the styles, the charts), on values of every kind and with cells, merges, row heights
and panes around the table; and so does the fallback that writes them through openpyxl's
public API (``PACTOPT_NO_FAST_PATHS``)."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from openpyxl.styles import Alignment, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.fast_paths import NO_FAST_PATHS
from pactopt.xlsx.fast_rows import TableColumn, add_table, column_style, fast_rows, save_workbook
from pactopt.xlsx.write import font, new_workbook, set_text_safe

pytestmark = pytest.mark.fast

VALUES: list[object] = [
    1.5,
    -0.1,
    1e-300,
    123456789012.345,
    float("nan"),
    None,
    7,
    -(2**40),
    True,
    False,
    "plain",
    "A & B < C > D",
    "€ and → and ü",
    "  padded ",
    "   ",
    "",
    "=SUM(A1:A3)",
    "+32 2 555",
    "-minus",
    "@home",
    "#N/A",
    "#hash",
    "line\nbreak",
    "carriage\rreturn",
    "tab\tstop",
    "quote \" and '",
    np.float64(2.25),
    np.int64(3),
    np.bool_(True),
    datetime.date(2026, 12, 1),
    datetime.datetime(2026, 12, 1, 17, 5, 30),
    float("inf"),
    "x" * 40_000,
]


def _columns(ws: Worksheet) -> list[TableColumn]:
    wrap = Alignment(wrap_text=True, vertical="top")
    return [
        TableColumn(list(VALUES)),
        TableColumn(list(VALUES), column_style(ws, "#,##0")),
        TableColumn(list(VALUES), column_style(ws, "0.0%", Alignment(vertical="top")), True),
        TableColumn(list(reversed(VALUES)), column_style(ws, "General", wrap), True),
        TableColumn([None] * 3 + [2.0] + [None] * (len(VALUES) - 4), column_style(ws, "0")),
        TableColumn([float("nan")] * len(VALUES), column_style(ws, "0.00")),
    ]


def _surroundings(ws: Worksheet, first_row: int, width: int) -> None:
    """What write_frame and the workbook put around a table: a title, a styled header, a
    value right of the table on its rows, a merged paragraph under it, row heights, a frozen
    pane and a chart anchor (both creating empty cells inside the table)."""
    ws["A1"] = "A title"
    ws["A1"].font = font(bold=True, size=13)
    for c in range(1, width + 1):
        head = ws.cell(first_row - 1, c, f"head {c}")
        head.fill = PatternFill("solid", fgColor="1F4E79")
        head.font = font(bold=True, color="FFFFFF")
    ws.cell(first_row + 2, width + 3, 42.0).number_format = "#,##0"
    ws.cell(first_row + 3, width + 2, "beside")
    below = first_row + len(VALUES) + 1
    ws.cell(below, 1, "A paragraph under the table").alignment = Alignment(wrap_text=True)
    ws.merge_cells(start_row=below, start_column=1, end_row=below, end_column=width)
    ws.row_dimensions[first_row + 4].height = 40
    ws.row_dimensions[below + 5].height = 20
    ws.freeze_panes = ws.cell(first_row, 2).coordinate
    ws.cell(first_row + 6, 3)
    ws.column_dimensions["B"].width = 30


def _as_cells(ws: Worksheet, first_row: int, columns: list[TableColumn]) -> None:
    """The table as openpyxl cells, as report/layout.py wrote it before issue 16."""
    for k, column in enumerate(columns, start=1):
        style = column.style
        for r, value in enumerate(column.values, start=first_row):
            if value is None or (isinstance(value, float) and value != value):
                continue
            cell = ws.cell(r, k)
            set_text_safe(cell, value.item() if hasattr(value, "item") else value)
            if style is not None and (column.style_text or not isinstance(value, str)):
                cell.number_format = style.number_format
                if style.alignment is not None:
                    cell.alignment = style.alignment


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        # the document properties hold the time of saving
        return {n: package.read(n) for n in package.namelist() if n != "docProps/core.xml"}


@pytest.fixture(params=["fast", "fallback"])
def way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Tables written by the fast path, or by its fallback through openpyxl's public API."""
    if request.param == "fallback":
        monkeypatch.setenv(NO_FAST_PATHS, "1")
        assert not fast_rows()
    elif not fast_rows():
        pytest.skip("no fast path for this openpyxl release")
    return str(request.param)


def test_tables_are_written_as_openpyxl_writes_their_cells(tmp_path: Path, way: str) -> None:
    files = []
    for kind in ("cells", "tables"):
        wb = new_workbook()
        ws = wb.active
        assert ws is not None
        columns = _columns(ws)
        _surroundings(ws, 4, len(columns))
        if kind == "cells":
            _as_cells(ws, 4, columns)
        else:
            add_table(ws, 4, 1, columns)
        second = wb.create_sheet("Second")  # a sheet without a table: openpyxl's writer
        second["B2"] = "only openpyxl"
        third = wb.create_sheet("Third")  # a table far from A1, and an empty one
        third_columns = _columns(third)[:2]
        if kind == "cells":
            _as_cells(third, 30, third_columns)
        else:
            add_table(third, 30, 5, [TableColumn([]), TableColumn([])])
            add_table(third, 30, 1, third_columns)
        path = tmp_path / f"{kind}.xlsx"
        if kind == "cells":
            wb.save(path)
        else:
            save_workbook(wb, path)
        files.append(_parts(path))
    cells, tables = files
    assert cells.keys() == tables.keys()
    for name in cells:
        assert cells[name] == tables[name], name


def test_a_cell_written_over_a_table_is_refused(tmp_path: Path, way: str) -> None:
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    add_table(ws, 2, 1, [TableColumn([1.0, 2.0]), TableColumn(["a", "b"])])
    ws.cell(3, 2, "over")
    with pytest.raises(ValueError, match="B3 is written over a table"):
        save_workbook(wb, tmp_path / "x.xlsx")
    with pytest.raises(ValueError, match="two tables share cells"):
        add_table(ws, 3, 2, [TableColumn([1.0])])


def test_text_openpyxl_refuses_is_written_as_escapes(tmp_path: Path, way: str) -> None:
    """A control character (a name read from a workbook, a file name in the Run sheet's
    command) is written as ``\\x07``, as Python shows it, on either path (it raised
    IllegalCharacterError: exit 1 for a file name the file system allows, issue 27)."""
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    add_table(ws, 1, 1, [TableColumn(["fine", "bell \x07"])])
    save_workbook(wb, tmp_path / "x.xlsx")
    back = openpyxl.load_workbook(tmp_path / "x.xlsx").active
    assert back is not None and back["A2"].value == "bell \\x07"
