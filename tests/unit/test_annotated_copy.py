"""The annotated copy of `validate --annotate` on paper (issue 26): its Problems sheet prints
one page wide in landscape, each rule beside its cell (the rule column printed alone on
page 2), and a horizon whose first year passes its last marks both years' cells (it marked
last_year alone when first_year was the one changed)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pactopt.errors import InputError
from pactopt.schema.parse import load_pact
from pactopt.template.annotate import ERROR_FILL, annotate_workbook
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.slow  # two reads and a copy of the reference workbook: seconds


def _settings_cell(ws: openpyxl.worksheet.worksheet.Worksheet, name: str) -> str:
    return next(row[1].coordinate for row in ws.iter_rows() if row[0].value == name)


def test_a_first_year_past_the_last_marks_first_year_and_prints_one_page_wide(
    tmp_path: Path,
) -> None:
    wb = openpyxl.load_workbook(REFERENCE_XLSX)
    first = _settings_cell(wb["Settings"], "first_year")
    wb["Settings"][first] = 2031
    wb["Instruments"]["H5"] = -3  # a second problem, on another sheet
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(InputError) as exc:
        load_pact(bad)
    horizon = [p for p in exc.value.problems if "before first_year" in p.rule]
    last = _settings_cell(wb["Settings"], "last_year")
    assert sorted(p.cell or "" for p in horizon) == sorted([first, last])
    assert horizon[0].rule.startswith("first_year/last_year: last_year 2030 is before")
    out = annotate_workbook(bad, exc.value.problems, tmp_path / "annotated.xlsx")
    copy = openpyxl.load_workbook(out)
    for cell in (first, last):
        assert copy["Settings"][cell].fill.fgColor.rgb == ERROR_FILL.fgColor.rgb
    problems = copy["Problems"]
    setup = problems.page_setup
    assert setup.orientation == "landscape" and setup.fitToWidth == 1
    assert problems.sheet_properties.pageSetUpPr.fitToPage
    assert problems.print_area == f"'Problems'!$A$1:$E${len(exc.value.problems) + 1}"
    assert problems.print_title_rows == "$1:$1"
    assert problems["E2"].alignment.wrap_text
