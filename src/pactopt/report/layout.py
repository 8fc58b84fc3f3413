"""How a table lands on a sheet so that it reads on screen and prints: headers in words, number
formats by meaning, every column as wide as its content (capped, sentences wrapped), charts
placed below or beside the tables they show without covering anything, and a print setup.

Widths come from the lengths of the pandas columns (vectorised), never from a walk over the
written cells, so that writing a sheet of a million cells costs no more than before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.report.headers import Column, Kind, column
from pactopt.xlsx.fast_rows import ColumnStyle, TableColumn, add_table, column_style
from pactopt.xlsx.write import FONT_NAME, font, set_text_safe

if TYPE_CHECKING:
    from pactopt.xlsx.fast_rows import Chart

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = font(bold=True, color="FFFFFF")
TITLE_FONT = font(bold=True, size=13)
HEADING_FONT = font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")

# the width rule (in Excel's width unit, about one digit of the default font): text needs
# CHAR_WIDTH per character plus PADDING, bold text BOLD_WIDTH. Measured on LibreOffice's
# PDFs, Arial 10 text takes about 0.8 of a unit per character (capitals about 0.95), so the
# rule is conservative; the test that prints the workbooks checks every cell against it
CHAR_WIDTH = 1.0
BOLD_WIDTH = 1.1
PADDING = 2.0
TEXT_CAP = 50.0  # a longer name or id wraps
SENTENCE_CAP = 70.0  # a sentence column wraps at this width
HEADER_CAP = 14.0  # a longer header wraps (at word ends) over two or three lines
MIN_WIDTH = 6.0
# charts are sized in cm; a column of width w is about 0.19 w + 0.13 cm wide and a row at
# least 12 pt high
CM_PER_WIDTH = 0.19
MIN_ROW_PT = 12.0
CM_PER_PT = 2.54 / 72
DEFAULT_WIDTH = 8.43
LINE_PT = 13.0  # one line of 10 pt text
# a wrapped line is counted at HEIGHT_CHAR per character: what LibreOffice fits on average,
# with the room lost by breaking at word ends (rows too short would hide their last line)
HEIGHT_CHAR = 0.85
# a table wider than this (about one landscape A4 page at 70%) has its text columns narrowed and
# wrapped, down to NARROWEST, so that it prints at a readable scale
PAGE_WIDTH = 200.0
NARROWEST = 40.0


def needed_width(chars: int, *, bold: bool = False) -> float:
    """Width that shows ``chars`` characters on one line."""
    return chars * (BOLD_WIDTH if bold else CHAR_WIDTH) + PADDING


def _number_chars(values: pd.Series, kind: Kind) -> int:
    if not len(values):
        return 1
    with np.errstate(all="ignore"):
        numbers = np.abs(values.to_numpy(dtype=float, na_value=np.nan))
    if np.isnan(numbers).all():
        return 1
    biggest = float(np.nanmax(numbers))
    if not math.isfinite(biggest):
        return 4
    if kind is Kind.SHARE:
        return len(f"{biggest:.0%}") + 1
    if kind is Kind.CHANGE:
        return len(f"{biggest:.1%}") + 1
    if kind is Kind.RATE:
        return len(f"{biggest:,.2f}") + 1
    if kind in (Kind.COUNT, Kind.YEAR):
        return len(f"{biggest:.0f}") + 1
    return len(f"{biggest:,.0f}") + 1  # the minus sign


def text_lengths(values: pd.Series) -> pd.Series:
    """The length of each text of a column (NaN for numbers and blanks), vectorised for a
    column of strings."""
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values.str.len()
    return values.map(lambda v: len(v) if isinstance(v, str) else float("nan"))


def _text_chars(values: pd.Series) -> tuple[int, float]:
    lengths = text_lengths(values).dropna()
    if not len(lengths):
        return 0, 0.0
    return int(lengths.max()), float(lengths.mean())


@dataclass(frozen=True)
class Layout:
    """How one column is written: its format, its width and whether its text wraps."""

    column: Column
    width: float
    wrap: bool
    mean_chars: float = 0.0  # the mean length of its texts


def column_layout(name: object, values: pd.Series) -> Layout:
    """The layout of one column from its content: as wide as its longest text or number
    (capped), wrapped when a sentence or a name is longer than the cap."""
    spec = column(name)
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        text, mean = _text_chars(values)
        numbers = (
            0
            if values.dtype != object
            else _number_chars(values[values.map(_is_number)], spec.kind)
        )
    else:
        text, mean, numbers = 0, 0.0, _number_chars(values, spec.kind)
    content = needed_width(max(text, numbers))
    cap = SENTENCE_CAP if spec.kind is Kind.SENTENCE else TEXT_CAP
    wrap = spec.kind is Kind.SENTENCE or content > cap
    words = max((len(w) for w in spec.header.split()), default=1)
    whole = min(needed_width(len(spec.header), bold=True), HEADER_CAP)
    head = max(needed_width(words, bold=True), whole)
    return Layout(spec, max(MIN_WIDTH, min(max(content, head), cap)), wrap, mean)


def fit_page(layouts: list[Layout], budget: float = PAGE_WIDTH) -> list[Layout]:
    """Narrow (and wrap) the widest text columns so that the table fits ``budget``, down to
    :data:`NARROWEST`: those with shorter texts first (they gain fewest lines); numbers keep
    their width."""
    excess = sum(lay.width for lay in layouts) - budget
    room = {
        k: lay.width - NARROWEST
        for k, lay in enumerate(layouts)
        if lay.column.kind in (Kind.TEXT, Kind.SENTENCE) and lay.width > NARROWEST
    }
    if excess <= 0 or not room:
        return layouts
    cuts = dict.fromkeys(room, 0.0)
    for k in sorted(room, key=lambda k: layouts[k].mean_chars):
        cuts[k] = min(room[k], excess)
        excess -= cuts[k]
    return [
        Layout(lay.column, lay.width - cuts[k], True, lay.mean_chars) if cuts.get(k) else lay
        for k, lay in enumerate(layouts)
    ]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@dataclass(frozen=True)
class Block:
    """Where a table was written: its header row, last row and last column."""

    header_row: int
    last_row: int
    last_col: int


def write_frame(
    ws: Worksheet,
    frame: pd.DataFrame,
    start_row: int = 1,
    *,
    start_col: int = 1,
    freeze: bool = True,
    budget: float = PAGE_WIDTH,
) -> Block:
    """Write ``frame`` with a header row in words; set each column's format and width (never
    narrowing a column another table on the sheet needs), its text columns narrowed (and
    wrapped) to fit ``budget``."""
    layouts = fit_page([column_layout(name, frame[name]) for name in frame.columns], budget)
    for offset, layout in enumerate(layouts):
        col = start_col + offset
        head = ws.cell(start_row, col)
        set_text_safe(head, layout.column.header)
        head.fill, head.font, head.alignment = HEADER_FILL, HEADER_FONT, HEADER_ALIGNMENT
        letter = get_column_letter(col)
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(math.ceil(layout.width * 10) / 10, current or 0)
    # The body is handed to the sheet as columns and formatted as XML when the workbook is
    # saved (xlsx/fast_rows.py): an openpyxl cell per value cost about 20 µs. Each column's
    # style is made once, on a cell that is not on the sheet; beside wrapped text every cell
    # of the row reads from the top, and text keeps the default style unless it is aligned
    # (a style on every text cell lengthens the file and its writing)
    top = any(layout.wrap for layout in layouts)
    columns = [
        TableColumn(frame.iloc[:, k].tolist(), _column_style(ws, layout, top), top)
        for k, layout in enumerate(layouts)
    ]
    add_table(ws, start_row + 1, start_col, columns)
    _row_heights(ws, frame, layouts, start_row, start_col)
    if freeze:
        ws.freeze_panes = ws.cell(start_row + 1, start_col + 1).coordinate
    return Block(start_row, start_row + len(frame), start_col + len(frame.columns) - 1)


def lines_needed(chars: int, width: float, *, bold: bool = False) -> int:
    """Lines that ``chars`` characters take when wrapped in a column of ``width`` (words
    do not break, so a line holds a little less than the width rule allows)."""
    return max(1, math.ceil(chars / per_line(width, bold=bold)))


def per_line(width: float, *, bold: bool = False) -> int:
    """Characters a wrapped line of a column of ``width`` holds."""
    return max(1, int((width - PADDING) / (HEIGHT_CHAR * (BOLD_WIDTH / CHAR_WIDTH if bold else 1))))


def _row_heights(
    ws: Worksheet, frame: pd.DataFrame, layouts: list[Layout], start_row: int, start_col: int
) -> None:
    """Rows with wrapped text as tall as their lines: spreadsheet clients do not grow rows
    on opening a file. Computed from the column lengths, and set only on rows that need it."""
    widths = [width_of(ws, start_col + k) for k in range(len(layouts))]
    heads = [
        lines_needed(len(lay.column.header), w, bold=True)
        for lay, w in zip(layouts, widths, strict=True)
    ]
    head = max(heads, default=1)
    if head > 1:
        dimension = ws.row_dimensions[start_row]
        dimension.height = max(dimension.height or 0, LINE_PT * head + 2)
    lines = np.ones(len(frame), dtype=int)
    for name, layout, width in zip(frame.columns, layouts, widths, strict=True):
        if not layout.wrap:
            continue
        lengths = text_lengths(frame[name]).fillna(0).to_numpy()
        lines = np.maximum(lines, np.ceil(lengths / per_line(width)).astype(int))
    for k in np.flatnonzero(lines > 1):
        dimension = ws.row_dimensions[start_row + 1 + int(k)]
        dimension.height = max(dimension.height or 0, LINE_PT * int(lines[k]) + 2)


def _column_style(ws: Worksheet, layout: Layout, top: bool) -> ColumnStyle | None:
    """The style of a column's cells: its number format, wrapped when it wraps, read from the
    top with ``top`` (None when that is the default style)."""
    if layout.column.number_format == "General" and not layout.wrap and not top:
        return None
    alignment = WRAP if layout.wrap else TOP if top else None
    return column_style(ws, layout.column.number_format, alignment)


def rows_of(ws: Worksheet, chart: Chart, row: int) -> int:
    """Rows a chart anchored at ``row`` covers: the rows' set heights, the least height of a
    row where none is set (so that what follows never overlaps)."""
    covered, count = 0.0, 0
    while covered < chart.height:
        height = ws.row_dimensions[row + count].height if row + count in ws.row_dimensions else None
        covered += (height or MIN_ROW_PT) * CM_PER_PT
        count += 1
    return count + 1


def columns_of(ws: Worksheet, chart: Chart, first_col: int) -> int:
    """The last column a chart anchored at ``first_col`` reaches."""
    covered, col = 0.0, first_col
    while True:
        covered += CM_PER_WIDTH * width_of(ws, col) + 0.13
        if covered >= chart.width:
            return col
        col += 1


def place_charts(
    ws: Worksheet,
    charts: Sequence[Chart],
    row: int,
    col: int = 1,
    *,
    beside: bool = False,
) -> tuple[int, int]:
    """Anchor ``charts`` from (``row``, ``col``), one under the other (or side by side with
    ``beside``), each clear of the last; returns the last row and column they cover."""
    last_row, last_col = row, col
    for chart in charts:
        ws.add_chart(chart, ws.cell(row, col).coordinate)
        end_col = columns_of(ws, chart, col)
        rows = rows_of(ws, chart, row)
        last_row, last_col = max(last_row, row + rows), max(last_col, end_col)
        if beside:
            col = end_col + 1
        else:
            row += rows + 1
    return last_row, last_col


def text_block(ws: Worksheet, row: int, text: str, last_col: int, *, bold: bool = False) -> None:
    """A sentence or paragraph merged over columns A to ``last_col``, wrapped, its row as
    tall as its lines at the conservative width rule."""
    cell = ws.cell(row, 1)
    set_text_safe(cell, text)
    cell.alignment = WRAP
    if bold:
        cell.font = HEADING_FONT
    if last_col > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_col)
    width = sum(width_of(ws, c) for c in range(1, last_col + 1))
    lines = sum(lines_needed(len(part), width, bold=bold) for part in text.split("\n"))
    ws.row_dimensions[row].height = LINE_PT * lines + 3


def width_of(ws: Worksheet, col: int) -> float:
    """The width of column ``col`` (Excel's default when never set)."""
    letter = get_column_letter(col)
    width = ws.column_dimensions[letter].width if letter in ws.column_dimensions else None
    return float(width or DEFAULT_WIDTH)


def print_setup(
    ws: Worksheet,
    *,
    last_row: int,
    last_col: int,
    title_row: int | None = 1,
    one_page: bool = False,
) -> None:
    """Landscape A4, one page wide (one page in all with ``one_page``), the table's header
    repeated on every page, a print area over what was written and a footer with the sheet
    name and page number."""
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup.fitToWidth = 1
    setup.fitToHeight = 1 if one_page else 0
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if title_row is not None:
        ws.print_title_rows = f"{title_row}:{title_row}"
    ws.print_area = f"A1:{get_column_letter(max(last_col, 1))}{max(last_row, 1)}"
    footer = ws.oddFooter
    if footer is not None:
        footer.center.text = "&A, page &P of &N"
        footer.center.font = FONT_NAME
        footer.center.size = 8
