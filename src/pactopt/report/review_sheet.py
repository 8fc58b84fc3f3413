"""The Review sheet of a mid-term review, at the front of the results workbook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.worksheet.worksheet import Worksheet

from pactopt.i18n import Lang
from pactopt.report.layout import HEADING_FONT, TITLE_FONT, text_block, write_frame
from pactopt.report.paper import print_budget, print_scaled
from pactopt.report.widths import Fit

if TYPE_CHECKING:
    from pactopt.report.tables import ResultTables


def review_sheet(ws: Worksheet, tables: ResultTables) -> None:
    """The mid-term review at the front: its sentences, the table by area, what the money
    spent buys against what the re-plan adds, and the past's breaches of yearly rules."""
    lang = Lang(tables.lang)
    ws["A1"] = lang.t("Mid-term review")
    ws["A1"].font = TITLE_FONT
    top = len(tables.review_text) + 3
    fit = Fit(print_budget())  # at 8 pt or more on paper (issue 26)
    block = write_frame(ws, tables.review, start_row=top, freeze=False, fit=fit)
    row = block.last_row + 2
    ws.cell(row, 1, lang.t("What the money buys (gross, undiscounted)")).font = HEADING_FONT
    impacts = write_frame(ws, tables.review_impacts, start_row=row + 1, freeze=False, fit=fit)
    row = impacts.last_row + 2
    last_col = block.last_col
    if len(tables.past_breaches):
        title = lang.t("Yearly rules the actual spending broke (reported, not imposed on the past)")
        ws.cell(row, 1, title).font = HEADING_FONT
        breaches = write_frame(ws, tables.past_breaches, start_row=row + 1, freeze=False, fit=fit)
        row, last_col = breaches.last_row + 1, max(last_col, breaches.last_col)
    for k, part in enumerate(tables.review_text, start=2):
        text_block(ws, k, part, last_col)
    print_scaled(ws, last_row=row, last_col=last_col, title_row=None)
