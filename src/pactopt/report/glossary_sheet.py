"""The Glossary sheet: every figure's one name, unit and basis (``pactopt.glossary``),
printed once in the results workbook."""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from pactopt.glossary import HEADLINE_BASIS, glossary_rows
from pactopt.report.layout import HEADING_FONT, write_frame
from pactopt.report.paper import print_budget, print_scaled
from pactopt.report.widths import Fit

COLUMNS = ["figure", "unit", "basis", "meaning"]


def glossary_table() -> pd.DataFrame:
    """The glossary as a table, one row per figure."""
    return pd.DataFrame(glossary_rows(), columns=COLUMNS)


def glossary_sheet(wb: Workbook, fit: Fit | None = None) -> None:
    """The Glossary sheet: its headline basis in words, then one row per figure, fitted to
    the page (``fit``, by default the printed page's width) and printed at a fixed scale
    that keeps it at 8 pt or more (``paper.print_scaled``), in every workbook that has it."""
    ws = wb.create_sheet("Glossary")
    ws.cell(
        1, 1, f"Headline figures are {HEADLINE_BASIS}; value is discounted."
    ).font = HEADING_FONT
    fit = fit or Fit(print_budget())
    block = write_frame(ws, glossary_table(), start_row=2, freeze=False, fit=fit)
    print_scaled(ws, last_row=block.last_row, last_col=block.last_col, title_row=2)
