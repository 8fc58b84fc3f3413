"""An annotated copy of an input workbook: each bad cell filled and commented, plus a Problems
sheet listing everything found. The input itself is never written."""

from __future__ import annotations

import io
import math
from pathlib import Path

import openpyxl
from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.errors import Problem, Severity
from pactopt.xlsx.read import read_workbook
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy, save_atomically, set_text_safe

ERROR_FILL = PatternFill("solid", fgColor="FF9999")
WARNING_FILL = PatternFill("solid", fgColor="FFD966")


def _keep_huge_numbers_as_text(wb: Workbook, source: Path) -> None:
    """A whole number too large for a float (400 digits) cannot be saved as a number by
    openpyxl: the copy keeps it as text, anywhere in the workbook, so that it can be saved.
    The stored cells are those pactopt's reader finds in the file (openpyxl lists a sheet's
    cells only by walking the rectangle up to its last one, making every empty one)."""
    raw = read_workbook(source, max_file_mb=math.inf, bounded=False)
    for name, sheet in raw.sheets.items():
        for (row, col), found in sheet.cells.items():
            value = found.value
            if found.formula is None and isinstance(value, int) and not isinstance(value, bool):
                try:
                    float(value)
                except OverflowError:
                    cell = wb[name].cell(row, col)
                    if not isinstance(cell, MergedCell):  # openpyxl dropped its value
                        cell.value = str(value)


def annotate_workbook(
    source: Path, problems: list[Problem], out: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """Write ``out``: a copy of ``source`` with every problem marked on its cell."""
    wb = openpyxl.load_workbook(io.BytesIO(source.read_bytes()))
    _keep_huge_numbers_as_text(wb, source)
    notes: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        if problem.sheet in wb.sheetnames and problem.cell:
            notes.setdefault((problem.sheet, problem.cell), []).append(problem)
    for (sheet, cell_ref), found in notes.items():
        cell = wb[sheet][cell_ref]
        is_error = any(p.severity is Severity.ERROR for p in found)
        cell.fill = ERROR_FILL if is_error else WARNING_FILL
        text = "\n".join(f"{p.severity.value}: {p.rule}" for p in found)
        cell.comment = Comment(text, "pactopt validate", width=300, height=120)
    listing = wb.create_sheet("Problems", 0)
    for col, head in enumerate(("severity", "sheet", "cell", "value", "rule"), start=1):
        listing.cell(1, col, head).font = Font(bold=True)
    for row, problem in enumerate(problems, start=2):
        values = (
            problem.severity.value,
            problem.sheet,
            problem.cell,
            None if problem.value is None else str(problem.value),
            problem.rule,
        )
        for col, value in enumerate(values, start=1):
            set_text_safe(listing.cell(row, col), value)
    for letter, width in zip("ABCDE", (10, 14, 10, 24, 90), strict=True):
        listing.column_dimensions[letter].width = width
    _print_problems(listing, len(problems) + 1)
    return save_atomically(wb, out, protect=source, policy=policy)


WRAPPED = Alignment(wrap_text=True, vertical="top")
RULE_CHARS = 95  # characters a line of the rule column holds at width 90


def _print_problems(ws: Worksheet, last_row: int) -> None:
    """The Problems sheet on paper: landscape A4, one page wide (each rule beside its cell,
    never alone on a page of its own), its header repeated, long values and rules wrapped."""
    for row in range(2, last_row + 1):
        lines = 1
        for col, chars in ((4, 26), (5, RULE_CHARS)):
            cell = ws.cell(row, col)
            cell.alignment = WRAPPED
            lines = max(lines, -(-len(str(cell.value or "")) // chars))
        if lines > 1:
            ws.row_dimensions[row].height = 13 * lines + 2
    setup = ws.page_setup
    setup.orientation = "landscape"
    setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    setup.fitToWidth, setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:E{max(last_row, 1)}"
    footer = ws.oddFooter
    if footer is not None:
        footer.center.text = "&A, page &P of &N"
