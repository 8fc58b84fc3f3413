"""The README sheet of the template: how to fill it in, generated from the sheet registry."""

from __future__ import annotations

import math

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.schema.sheets import SHEETS, required_columns

INTRO = (
    "pactopt input workbook",
    "",
    "This workbook describes one investment pact: its horizon and settings, the domains and "
    "instruments that can receive money, who may pay, which existing budget lines may be "
    "shifted, and the impacts per euro. pactopt reads it, checks it, and optimises the "
    "allocation.",
    "",
    "How to fill it in",
    "- Pale yellow cells are inputs. Grey and blue cells (headers, units) are generated: "
    "do not rename or move headers; columns are found by their header name.",
    "- Row 1 holds the column names, row 2 the unit of each column; data starts in row 3.",
    "- Amounts are in €m (millions of euros) unless the unit row says otherwise. Shares are "
    "between 0 and 1 (0.3 for 30%).",
    "- A header ending in ' *' is a required column: every row must fill it (the list below "
    "names them). A blank cell in any other column takes the default its note gives; a blank "
    "limit is no limit.",
    "- Dropdowns list the allowed values and ids and refuse anything else; ids must be unique "
    "within a sheet.",
    "- Sheets with years have one column per year of the horizon (Settings first_year to "
    "last_year), with no gap. To move a filled workbook to another horizon: "
    "pactopt template --from OLD.xlsx --first-year Y --last-year Y NEW.xlsx",
    "- Every parameter row has a 'source' cell: the document and line it comes from, "
    "'DERIVED: <arithmetic>' or 'ASSUMED: <why>'.",
    "- Do not merge cells, hide sheets or type formulas without saving their values.",
    "- Numbers typed as text: '12.5' and '1,5' are read as numbers with a warning; '30%' is "
    "read as 0.3 in share columns; '1,500' and '8.000' are refused as ambiguous.",
    "",
    "Check the workbook with:  pactopt validate THIS.xlsx   (every problem, with its cell)",
    "",
    "Sheets",
)


_WIDTH_CHARS = 85
_LINE_PT = 13.0
_CHAR_FACTOR = 1.1  # proportional text is wider than the column's nominal characters


def write_readme(ws: Worksheet, is_example: bool) -> None:
    """Fill ``ws`` with the instructions and one line per sheet."""
    lines = list(INTRO)
    lines += [
        f"- {spec.name}: {spec.purpose}"
        + ("" if spec.required else " (optional)")
        + f" Required columns: {', '.join(required_columns(spec))}."
        for spec in SHEETS
    ]
    if is_example:
        lines += [
            "",
            "This is the reference example: the Belgian digital investment pact 2019-2030. "
            "Codes in source cells: '001 Lnnnn' = line nnnn of the working-group report "
            "'Digitaal investeringspact'; '000'-'004' = the context documents of the "
            "reference folder.",
        ]
    for row, text in enumerate(lines, start=1):
        cell = ws.cell(row, 1, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1 or text in ("How to fill it in", "Sheets"):
            cell.font = Font(bold=True, size=14 if row == 1 else 12)
        # a spreadsheet does not grow a row for wrapped text it did not lay out itself: the
        # height is set for the lines the text needs, so that no line prints over the next
        wrapped = max(1, math.ceil(len(text) * _CHAR_FACTOR / _WIDTH_CHARS))
        ws.row_dimensions[row].height = _LINE_PT * wrapped + 3
    ws.column_dimensions["A"].width = _WIDTH_CHARS
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 1  # one page: it is short
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_area = f"A1:A{len(lines)}"
