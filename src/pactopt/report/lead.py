"""The head of an analysis workbook's first sheet (issue 26): a title, the answer in
sentences, the headline basis (net, undiscounted; the discounted figures named apart), then
the table the sentences come from, its number headers over their numbers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.glossary import BASIS_NOTE
from pactopt.report.headers import Kind, column
from pactopt.report.layout import TITLE_FONT, Block, text_block, width_of, write_frame
from pactopt.report.widths import column_layout, fit_page

NUMBER_HEADER = Alignment(wrap_text=True, vertical="center", horizontal="right")
TEXT_KINDS = (Kind.TEXT, Kind.SENTENCE)
# the width of the lead text: the tables' columns may be narrower than a readable line
LEAD_COLUMNS = 8
LEAD_WIDTH = 90.0  # a table at least this wide holds a readable line of the lead above it


def align_headers(ws: Worksheet, frame: pd.DataFrame, block: Block) -> None:
    """Headers of number columns right-aligned, over their numbers (a left-aligned header
    over a wide column sat under its neighbour's numbers)."""
    for offset, name in enumerate(frame.columns):
        if column(name).kind not in TEXT_KINDS and pd.api.types.is_numeric_dtype(frame[name]):
            ws.cell(block.header_row, 1 + offset).alignment = NUMBER_HEADER


def lead(ws: Worksheet, title: str, sentences: Sequence[str], last_col: int) -> int:
    """Title, the answer's sentences and the basis of the figures from row 1, each wrapped
    over columns A to ``last_col``; the next free row (one left empty)."""
    ws.cell(1, 1, title).font = TITLE_FONT
    row = 2
    for text in [*sentences, BASIS_NOTE]:
        text_block(ws, row, text, last_col)
        row += 1
    return row + 1


def table(ws: Worksheet, frame: pd.DataFrame, start_row: int) -> Block:
    """A table below the lead, its number headers over their numbers."""
    block = write_frame(ws, frame, start_row, freeze=False)
    align_headers(ws, frame, block)
    return block


def widen(ws: Worksheet, frame: pd.DataFrame) -> int:
    """Size the columns for the table first (the lead wraps over them, and its rows are as
    tall as its lines at those widths): the last column the lead spans."""
    layouts = fit_page([column_layout(name, frame[name]) for name in frame.columns])
    for k, layout in enumerate(layouts, start=1):
        letter = get_column_letter(k)
        ws.column_dimensions[letter].width = max(layout.width, width_of(ws, k))
    wide = sum(layout.width for layout in layouts) >= LEAD_WIDTH
    return len(layouts) if wide else max(len(layouts), LEAD_COLUMNS)
