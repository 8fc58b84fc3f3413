"""The results on paper (issue 26): each planner's sheet printed at a fixed scale that keeps
its 10 pt text at 8 pt or more (``MIN_PRINT_SCALE``), as large as its printed columns allow and
as small as saves a page; its tables fitted to that page width (``layout.Fit``)."""

from __future__ import annotations

import math

import pandas as pd
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.report.layout import print_setup, width_of
from pactopt.report.widths import TEXT_KINDS, Fit, column_layout, word_width

# 10 pt text prints at scale/100 × 10 pt: a planner's page is never printed below
# MIN_PRINT_SCALE (8 pt). UNITS_ACROSS width units fit between the margins of landscape A4
# (271.6 mm) at 100%: LibreOffice prints a unit 2.24 mm wide where Arial is drawn as DejaVu
# Sans (measured on its PDFs; about 1.9 mm with Arial's metrics), so 121 units, less a margin
MIN_PRINT_SCALE = 80
UNITS_ACROSS = 118.0
FOOTER_POINTS = 8.0


def print_budget(scale: int = MIN_PRINT_SCALE) -> float:
    """The width (in width units) of the columns that print across a page at ``scale``."""
    return UNITS_ACROSS * 100 / scale


def print_scaled(
    ws: Worksheet,
    *,
    last_row: int,
    last_col: int,
    first_col: int = 1,
    title_row: int | None = 1,
    title_cols: str | None = None,
    scale: int | None = None,
    footer_points: float = FOOTER_POINTS,
) -> int:
    """Print columns ``first_col`` to ``last_col`` at a fixed scale (not fit to the page):
    the largest at which they fit across the page, never below :data:`MIN_PRINT_SCALE`
    nor above 100%, or ``scale``. A table still too wide goes on in column groups, each
    repeating ``title_cols`` (its id and name columns, 'A:C'); the footer prints at
    ``footer_points`` or more after the scale. Returns the scale."""
    print_setup(ws, last_row=last_row, last_col=last_col, title_row=title_row)
    width = sum(width_of(ws, c) for c in range(first_col, last_col + 1))
    # a row of one line as tall as Excel makes it (12.75 pt), not LibreOffice's 15 pt
    ws.sheet_format.defaultRowHeight, ws.sheet_format.customHeight = DEFAULT_ROW_PT, True
    if scale is None:
        fits = math.floor(100 * UNITS_ACROSS / max(width, 1.0))
        scale = fewest_pages(ws, last_row, max(MIN_PRINT_SCALE, min(100, fits)))
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_setup.scale = scale
    margins = ws.page_margins  # the footer low in the margin: room for 4 more rows a page
    margins.top, margins.bottom, margins.header, margins.footer = 0.4, 0.55, 0.2, 0.25
    first = get_column_letter(first_col)
    ws.print_area = f"{first}1:{get_column_letter(max(last_col, 1))}{max(last_row, 1)}"
    if title_cols is not None and width > print_budget(scale):
        ws.print_title_cols = title_cols
    footer = ws.oddFooter
    if footer is not None:
        footer.center.size = math.ceil(footer_points * 100 / scale)
    return scale


# the height of landscape A4 that rows fill between the margins of print_scaled and above the
# footer, in printed points (526 measured on LibreOffice's PDFs), and the height of a row
# whose height is not set
PAGE_HEIGHT_PT = 520.0
DEFAULT_ROW_PT = 12.75


def row_height(ws: Worksheet, row: int) -> float:
    """The height of ``row`` in points (set, or the default of a printed sheet)."""
    rows = ws.row_dimensions
    return float((rows[row].height if row in rows else None) or DEFAULT_ROW_PT)


def fewest_pages(ws: Worksheet, last_row: int, largest: int) -> int:
    """The largest scale from :data:`MIN_PRINT_SCALE` to ``largest`` at which rows 1 to
    ``last_row`` take no more pages than at the smallest (a long table is printed small
    when that saves a page, never below 8 pt)."""
    height = sum(row_height(ws, r) for r in range(1, last_row + 1))

    def pages(scale: int) -> int:
        return math.ceil(height / (PAGE_HEIGHT_PT * 100 / scale))

    fewest = pages(MIN_PRINT_SCALE)
    return max(s for s in range(MIN_PRINT_SCALE, largest + 1) if pages(s) == fewest)


def reserve_widths(ws: Worksheet, frame: pd.DataFrame, fit: Fit, start_col: int = 1) -> None:
    """Give the columns of ``frame`` (to be written later, under another table) the least
    widths it needs, so that the table written first on these columns fits the page with
    them (a text column reserved at its narrowest)."""
    layouts = [column_layout(n, frame[n], fit.header_cap) for n in frame.columns]
    end = len(layouts) if fit.printed is None else fit.printed
    for k, lay in enumerate(layouts):
        text = lay.column.kind in TEXT_KINDS
        least = word_width(lay.column.header) if k >= end else min(lay.width, fit.narrowest)
        width = least if text else lay.width
        ws.column_dimensions[get_column_letter(start_col + k)].width = math.ceil(width * 10) / 10


def keep_together(ws: Worksheet, first: int, last: int, *, page_start: int = 1) -> bool:
    """Break the page before row ``first`` when rows ``first`` to ``last`` (a heading with
    its table and chart) would straddle a page at the sheet's print scale and fit on one
    page (pages counted from row ``page_start``); True when it did."""
    capacity = PAGE_HEIGHT_PT * 100 / (ws.page_setup.scale or 100)
    block = sum(row_height(ws, r) for r in range(first, last + 1))
    used = 0.0
    for r in range(page_start, first):  # rows fill a page, then the next
        height = row_height(ws, r)
        used = height if used + height > capacity else used + height
    if block > capacity or used + block <= capacity or first <= page_start:
        return False
    ws.row_breaks.append(Break(id=first - 1))
    return True
