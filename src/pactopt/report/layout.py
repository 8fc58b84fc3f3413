"""How a table lands on a sheet so that it reads on screen and prints: headers in words, number
formats by meaning, every column as wide as its content (capped, sentences wrapped), charts
placed below or beside the tables they show without covering anything, and a print setup.

Widths come from the lengths of the pandas columns (vectorised), never from a walk over the
written cells, so that writing a sheet of a million cells costs no more than before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.i18n import N_
from pactopt.report.widths import (
    HEADER_CAP,
    INDENT_WIDTH,
    LINE_PT,
    PAGE_WIDTH,
    TEXT_KINDS,
    Fit,
    Layout,
    balanced,
    column_layout,
    fit_page,
    fitted,
    lines_needed,
    per_line,
    text_lengths,
    word_lines,
)
from pactopt.xlsx.fast_rows import ColumnStyle, TableColumn, add_table, column_style
from pactopt.xlsx.write import FONT_NAME, font, set_text_safe

if TYPE_CHECKING:
    from pactopt.xlsx.fast_rows import Chart

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = font(bold=True, color="FFFFFF")
TITLE_FONT = font(bold=True, size=13)
# every printed sheet's footer: its name, its page and pages (in the run's language on the
# sheets that speak it)
FOOTER = N_("&A, page &P of &N")
HEADING_FONT = font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
INDENTED_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left", indent=1)
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center")
# a number's header stands right, over its digits (numbers are right-aligned)
NUMBER_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="right")
INDENTED_HEADER_ALIGNMENT = Alignment(
    wrap_text=True, vertical="center", horizontal="left", indent=1
)

# charts are sized in cm; a column of width w is about 0.19 w + 0.13 cm wide and a row at
# least 12 pt high
CM_PER_WIDTH = 0.19
MIN_ROW_PT = 12.0
CM_PER_PT = 2.54 / 72
DEFAULT_WIDTH = 8.43


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
    fit: Fit | None = None,
    budget: float = PAGE_WIDTH,
    top: bool = False,
) -> Block:
    """Write ``frame`` with a header row in words (a number's header right-aligned over it);
    set each column's format and width (never narrowing a column another table on the sheet
    needs), fitted to the printed page with ``fit``, or without it its text columns narrowed
    (and wrapped) to fit ``budget``. Its cells read from the top where a column wraps, or
    with ``top`` (a wrapped text beside it)."""
    cap = HEADER_CAP if fit is None else fit.header_cap
    span = range(start_col, start_col + len(frame.columns))
    if fit is not None:  # printed columns other tables set: their widths stay, the budget shrinks
        end = start_col + (len(frame.columns) if fit.printed is None else fit.printed)
        others = sum(
            float(dim.width or 0)
            for letter, dim in ws.column_dimensions.items()
            if column_index_from_string(letter) not in span
            and column_index_from_string(letter) < end
        )
        fit = replace(fit, budget=fit.budget - others)
    dims = ws.column_dimensions
    floors = [width_of(ws, c) if get_column_letter(c) in dims else 0.0 for c in span]
    layouts = [column_layout(n, frame[n], cap) for n in frame.columns]
    # a text right of a number stands off it by an indent ('1,182 Digitaal…', not '1,182Digitaal')
    indented = {
        k
        for k in range(1, len(layouts))
        if layouts[k].column.kind in TEXT_KINDS and layouts[k - 1].column.kind not in TEXT_KINDS
    }
    if fit is not None:
        printed = len(layouts) if fit.printed is None else fit.printed
        room = INDENT_WIDTH * len([k for k in indented if fit.skip <= k < printed])
        fit = replace(fit, budget=fit.budget - room)
    layouts = fitted(layouts, fit, floors) if fit is not None else fit_page(layouts, budget)
    if fit is not None:
        layouts = balanced(layouts, frame, fit, floors)
    layouts = [
        replace(lay, width=lay.width + INDENT_WIDTH) if k in indented else lay
        for k, lay in enumerate(layouts)
    ]
    for offset, layout in enumerate(layouts):
        col = start_col + offset
        head = ws.cell(start_row, col)
        set_text_safe(head, layout.column.header)
        number = layout.column.kind not in TEXT_KINDS
        head.fill, head.font = HEADER_FILL, HEADER_FONT
        head.alignment = (
            NUMBER_HEADER_ALIGNMENT
            if number
            else INDENTED_HEADER_ALIGNMENT
            if offset in indented
            else HEADER_ALIGNMENT
        )
        letter = get_column_letter(col)
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(math.ceil(layout.width * 10) / 10, current or 0)
    # The body is handed to the sheet as columns and formatted as XML when the workbook is
    # saved (xlsx/fast_rows.py): an openpyxl cell per value cost about 20 µs. Each column's
    # style is made once, on a cell that is not on the sheet; beside wrapped text every cell
    # of the row reads from the top, and text keeps the default style unless it is aligned
    # (a style on every text cell lengthens the file and its writing)
    top = top or any(layout.wrap for layout in layouts)
    columns = [
        TableColumn(
            frame.iloc[:, k].tolist(),
            _column_style(ws, layout, top, indent=k in indented),
            top or k in indented,
        )
        for k, layout in enumerate(layouts)
    ]
    add_table(ws, start_row + 1, start_col, columns)
    _row_heights(ws, frame, layouts, start_row, start_col)
    if freeze:
        ws.freeze_panes = ws.cell(start_row + 1, start_col + 1).coordinate
    return Block(start_row, start_row + len(frame), start_col + len(frame.columns) - 1)


def _row_heights(
    ws: Worksheet, frame: pd.DataFrame, layouts: list[Layout], start_row: int, start_col: int
) -> None:
    """Rows with wrapped text as tall as their lines: spreadsheet clients do not grow rows
    on opening a file. Computed from the column lengths, and set only on rows that need it."""
    widths = [width_of(ws, start_col + k) for k in range(len(layouts))]
    heads = [
        max(
            lines_needed(len(lay.column.header), w, bold=True),
            word_lines(lay.column.header, per_line(w, bold=True)),
        )
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


def _column_style(
    ws: Worksheet, layout: Layout, top: bool, *, indent: bool = False
) -> ColumnStyle | None:
    """The style of a column's cells: its number format, wrapped when it wraps, read from the
    top with ``top``, indented with ``indent`` (None when that is the default style)."""
    if layout.column.number_format == "General" and not layout.wrap and not top and not indent:
        return None
    alignment = WRAP if layout.wrap else TOP if top else None
    if indent:
        alignment = Alignment(
            wrap_text=layout.wrap or None,
            vertical="top" if top else None,
            horizontal="left",
            indent=1,
        )
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


def text_column_beside(
    ws: Worksheet, start_row: int, col: int, last_col: int, header: str, texts: Sequence[str]
) -> None:
    """A column of texts beside a table (its header row at ``start_row``), each merged over
    columns ``col`` to ``last_col`` and wrapped, its header styled as the table's: a long
    text wraps within the printed width instead of running past the page's edge."""
    width = sum(width_of(ws, c) for c in range(col, last_col + 1)) - INDENT_WIDTH
    for k, text in enumerate([header, *texts]):
        row, head = start_row + k, k == 0
        cell = ws.cell(row, col)
        set_text_safe(cell, text)
        if head:
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = INDENTED_HEADER_ALIGNMENT
        else:
            cell.alignment = INDENTED_WRAP
        if last_col > col:
            ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=last_col)
        lines = word_lines(text, per_line(width, bold=head))
        if lines > 1:
            dimension = ws.row_dimensions[row]
            dimension.height = max(dimension.height or 0, LINE_PT * lines + 2)


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
        footer.center.text = FOOTER
        footer.center.font = FONT_NAME
        footer.center.size = 8
