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
# a number's header stands right, over its digits (numbers are right-aligned)
NUMBER_HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="right")
INDENTED_HEADER_ALIGNMENT = Alignment(
    wrap_text=True, vertical="center", horizontal="left", indent=1
)
INDENT_WIDTH = 1.0  # the width an indent of 1 takes (about a character)
TEXT_KINDS = (Kind.TEXT, Kind.SENTENCE)

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
    """Characters the widest number of a column shows, with a minus sign where one is."""
    if not len(values):
        return 1
    with np.errstate(all="ignore"):
        signed = values.to_numpy(dtype=float, na_value=np.nan)
    numbers = np.abs(signed)
    if np.isnan(numbers).all():
        return 1
    biggest = float(np.nanmax(numbers))
    if not math.isfinite(biggest):
        return 4
    sign = int(bool(np.nanmin(signed) < 0))  # the minus sign
    if kind is Kind.SHARE:
        return len(f"{biggest:.0%}") + sign
    if kind is Kind.CHANGE:
        return len(f"{biggest:.1%}") + sign
    if kind is Kind.RATE:
        return len(f"{biggest:,.2f}") + sign
    if kind in (Kind.COUNT, Kind.YEAR):
        return len(f"{biggest:.0f}") + sign
    return len(f"{biggest:,.0f}") + sign


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
    content: float = 0.0  # the width its longest text or number needs on one line


def column_layout(name: object, values: pd.Series, header_cap: float = HEADER_CAP) -> Layout:
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
    whole = min(needed_width(len(spec.header), bold=True), header_cap)
    head = max(needed_width(words, bold=True), whole)
    return Layout(spec, max(MIN_WIDTH, min(max(content, head), cap)), wrap, mean, content)


def fit_page(
    layouts: list[Layout],
    budget: float = PAGE_WIDTH,
    narrowest: float = NARROWEST,
    floors: Sequence[float] = (),
) -> list[Layout]:
    """Narrow (and wrap) the widest text columns so that the table fits ``budget``, down to
    ``narrowest`` (or a column's floor): those with shorter texts first (they gain fewest
    lines); numbers keep their width."""
    excess = sum(lay.width for lay in layouts) - budget
    least = [max(narrowest, f) for f in floors] + [narrowest] * (len(layouts) - len(floors))
    room = {
        k: lay.width - least[k]
        for k, lay in enumerate(layouts)
        if lay.column.kind in TEXT_KINDS and lay.width > least[k]
    }
    if excess <= 0 or not room:
        return layouts
    cuts = dict.fromkeys(room, 0.0)
    for k in sorted(room, key=lambda k: layouts[k].mean_chars):
        cuts[k] = min(room[k], excess)
        excess -= cuts[k]
    return [
        replace(lay, width=lay.width - cuts[k], wrap=True) if cuts.get(k) else lay
        for k, lay in enumerate(layouts)
    ]


def fill_page(layouts: list[Layout], budget: float) -> list[Layout]:
    """Widen the wrapped text columns into the room a table leaves of ``budget`` (up to what
    their longest text needs on one line), so that its rows take fewer lines on paper: the
    column whose text needs most room first."""
    spare = budget - sum(lay.width for lay in layouts)
    out = list(layouts)
    wrapped = [k for k, lay in enumerate(layouts) if lay.wrap and lay.column.kind in TEXT_KINDS]
    for k in sorted(wrapped, key=lambda k: layouts[k].mean_chars, reverse=True):
        lay = out[k]
        extra = min(max(spare, 0.0), max(lay.content - lay.width, 0.0))
        if extra > 0:
            width = lay.width + extra
            out[k] = Layout(lay.column, width, lay.content > width, lay.mean_chars, lay.content)
            spare -= extra
    return out


@dataclass(frozen=True)
class Fit:
    """How a table is fitted to the printed page: the width ``budget`` of its printed
    columns (:func:`print_budget`), the narrowest a text column may wrap to, the widest a
    header is before it wraps, how many leading columns do not print (ids left of a
    print area, see :func:`print_scaled`) and how many columns do (all by default; the
    text of those after them is not wrapped, so that it makes no printed row taller: their
    text runs on to the right over empty cells, on the screen)."""

    budget: float
    narrowest: float = 24.0
    header_cap: float = 10.0
    skip: int = 0
    printed: int | None = None


def fitted(layouts: list[Layout], fit: Fit | None, floors: Sequence[float] = ()) -> list[Layout]:
    """``layouts`` narrowed or widened so that the printed columns fill ``fit.budget``
    (:func:`fit_page` with its default page width without ``fit``), none narrower than its
    floor (the width another table on the sheet gave the column)."""
    if fit is None:
        return fit_page(layouts)
    floors = list(floors) + [0.0] * (len(layouts) - len(floors))
    layouts = [
        replace(lay, width=max(lay.width, f)) for lay, f in zip(layouts, floors, strict=True)
    ]
    end = len(layouts) if fit.printed is None else fit.printed
    head, printed, tail = layouts[: fit.skip], layouts[fit.skip : end], layouts[end:]
    printed = fit_page(printed, fit.budget, fit.narrowest, floors[fit.skip : end])
    # unwrapped: the last text as narrow as its header's longest word (it runs on over the
    # empty cells to its right), another as wide as its longest text; a number as it was
    tail = [
        lay
        if lay.column.kind not in TEXT_KINDS
        else replace(lay, width=max(floor, word_width(lay.column.header)), wrap=False)
        if k == len(tail) - 1
        else replace(lay, width=max(floor, lay.content, word_width(lay.column.header)), wrap=False)
        for k, (lay, floor) in enumerate(zip(tail, floors[end:], strict=True))
    ]
    return head + fill_page(printed, fit.budget) + tail


# a table longer than this is not balanced (its widths stay as fitted)
BALANCE_ROWS = 2000
BALANCE_STEP = 2.0


def balanced(
    layouts: list[Layout], frame: pd.DataFrame, fit: Fit, floors: Sequence[float]
) -> list[Layout]:
    """The printed width of the wrapped text columns shared out again, a step at a time from
    one to another, while that makes the table shorter (its rows' heights as
    :func:`_row_heights` sets them); no column narrower than its floor, its longest word or
    ``fit.narrowest``, nor wider than its longest text needs."""
    end = len(layouts) if fit.printed is None else fit.printed
    texts = [
        k for k in range(fit.skip, end) if layouts[k].wrap and layouts[k].column.kind in TEXT_KINDS
    ]
    if len(texts) < 2 or not len(frame) or len(frame) > BALANCE_ROWS:
        return layouts  # (an empty table has no rows to balance: its words' longest is NaN)
    lengths = {k: text_lengths(frame.iloc[:, k]).fillna(0).to_numpy() for k in texts}
    words = {
        k: frame.iloc[:, k].map(
            lambda v: max((len(w) for w in v.split()), default=0) if isinstance(v, str) else 0
        )
        for k in texts
    }
    least = {
        k: max(
            fit.narrowest, needed_width(int(words[k].max())), floors[k] if k < len(floors) else 0
        )
        for k in texts
    }

    def height(widths: dict[int, float]) -> float:
        lines = np.ones(len(frame))
        for k in texts:
            lines = np.maximum(lines, np.ceil(lengths[k] / per_line(widths[k])))
        return float(np.where(lines > 1, LINE_PT * lines + 2, LINE_PT).sum())

    widths = {k: layouts[k].width for k in texts}
    best = height(widths)
    moved = True
    while moved:
        moved = False
        for i in texts:
            for j in texts:
                if i == j or widths[i] - BALANCE_STEP < least[i]:
                    continue
                if widths[j] + BALANCE_STEP > max(layouts[j].content, widths[j]):
                    continue
                trial = {**widths, i: widths[i] - BALANCE_STEP, j: widths[j] + BALANCE_STEP}
                tried = height(trial)
                if tried < best - 1e-9:
                    widths, best, moved = trial, tried, True
    return [replace(lay, width=widths[k]) if k in widths else lay for k, lay in enumerate(layouts)]


def word_width(header: str) -> float:
    """The width of a header's longest word, bold (a header wraps at word ends)."""
    return max(MIN_WIDTH, needed_width(max((len(w) for w in header.split()), default=1), bold=True))


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
    fit: Fit | None = None,
    budget: float = PAGE_WIDTH,
) -> Block:
    """Write ``frame`` with a header row in words (a number's header right-aligned over it);
    set each column's format and width (never narrowing a column another table on the sheet
    needs), fitted to the printed page with ``fit``, or without it its text columns narrowed
    (and wrapped) to fit ``budget``."""
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
    top = any(layout.wrap for layout in layouts)
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


def lines_needed(chars: int, width: float, *, bold: bool = False) -> int:
    """Lines that ``chars`` characters take when wrapped in a column of ``width`` (words
    do not break, so a line holds a little less than the width rule allows)."""
    return max(1, math.ceil(chars / per_line(width, bold=bold)))


def word_lines(text: str, chars: int) -> int:
    """Lines ``text`` takes wrapped at word ends, at most ``chars`` characters a line (a word
    longer than a line on a line of its own)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, len(word)
        else:
            used = used + 1 + len(word) if used else len(word)
    return lines


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
