"""The results on paper (issue 26), the parts that need no LibreOffice: cell lists condensed
to ranges, a source note in one decoded line, tables fitted to the printed width, the print
scale of a sheet (never below 80%), technical sheets left out and no heading left at the foot
of a page. What LibreOffice prints is measured in tests/integration/test_printed.py."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import Workbook

from pactopt.report.cells import compact_cells
from pactopt.report.layout import write_frame
from pactopt.report.paper import (
    MIN_PRINT_SCALE,
    PAGE_HEIGHT_PT,
    keep_together,
    print_budget,
    print_scaled,
)
from pactopt.report.sources import decoded, one_line
from pactopt.report.widths import Fit

pytestmark = pytest.mark.fast

NOTE = (
    "001 L1823 (bar ~4.5), L1833 (16-30% public); DERIVED 4,500 − 1,000 (AI plan) = 3,500; "
    "output 1.48 (001 L1805-1807 'multiplier 1.48'); low 1.20/high 1.80 ASSUMED (AI "
    "productivity spread, 000 L179-191); jobs DERIVED 40,000/33,245 €m split 1:1.3 (001 "
    "L587-592); CPA products 72 scientific research"
)


def test_cells_are_condensed_to_ranges_naming_each_sheet_once() -> None:
    """Thirteen references to one budget line read as three; other text is left alone."""
    cells = ", ".join(["BudgetLines!D7"] + [f"BudgetLines!{c}7" for c in "HIJKLMNOPQRS"])
    assert compact_cells(cells) == "BudgetLines!D7, H7:S7"
    assert compact_cells("Domains!D5, Domains!D6, Domains!D7, Funders!D3") == (
        "Domains!D5:D7, Funders!D3"
    )
    assert compact_cells("Instruments!L10, Instruments!N10") == "Instruments!L10, N10"
    assert compact_cells("Instruments!H17") == "Instruments!H17"
    assert compact_cells("the whole horizon") == "the whole horizon"


def test_a_source_note_prints_its_clause_on_the_figure_in_one_decoded_line() -> None:
    """An output coefficient's row prints the note's 'output' clause with its low/high
    clause, a jobs row its 'jobs' clause, a limit the first clause; the document codes before
    a line reference are named, and a long line is cut with '…'."""
    assert one_line(NOTE, "output per € of Co-investment", 200) == (
        "output 1.48 (Digitaal investeringspact L1805-1807 'multiplier 1.48'); low 1.20/high "
        "1.80 ASSUMED (AI productivity spread, Tech Manifest L179-191)"
    )
    assert one_line(NOTE, "jobs per €m of Co-investment", 200) == (
        "jobs DERIVED 40,000/33,245 €m split 1:1.3 (Digitaal investeringspact L587-592)"
    )
    assert one_line(NOTE, "Digital ecosystems is at its ceiling", 200) == (
        "Digitaal investeringspact L1823 (bar ~4.5), L1833 (16-30% public)"
    )
    cut = one_line(NOTE, "output per € of Co-investment", 48)
    assert len(cut) <= 48 and cut.endswith("…") and "\n" not in cut
    assert decoded("up 001 and 2030 L5") == "up 001 and 2030 L5"  # no line reference after


def _table(names: int = 30, words: int = 12) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": [" ".join(["instrument"] * words)] * names,
            "optimised_meur": [1500.0] * names,
            "reference_meur": [1000.0] * names,
            "meaning": ["a sentence " * 20] * names,
        }
    )


def test_a_fitted_table_fills_the_printed_width_and_leaves_the_rest_unwrapped() -> None:
    """With ``Fit``, the printed columns take the page's width at 80% (the name widened to
    its one line, no wider); a column after them is not wrapped, so no printed row is taller
    for it; without ``Fit``, the table is laid out as before."""
    ws = Workbook().active
    assert ws is not None
    frame = _table(words=3)
    write_frame(ws, frame, fit=Fit(print_budget(), printed=3))
    widths = [ws.column_dimensions[c].width for c in "ABCD"]
    assert widths[0] == len("instrument instrument instrument") + 2  # one line, no wider
    assert sum(widths[:3]) <= print_budget()
    assert not ws.row_dimensions[2].height  # the meaning (column D) makes no row taller
    wide = Workbook().active
    assert wide is not None
    write_frame(wide, _table(words=12), fit=Fit(print_budget(), printed=3))
    assert sum(wide.column_dimensions[c].width for c in "ABC") == pytest.approx(
        print_budget(), abs=0.1
    )


@pytest.mark.fast
def test_an_empty_table_is_fitted_without_rows_to_balance() -> None:
    """A table with no rows (a plan without projects, a scaled benchmark plan) is written
    fitted to the page: balancing its wrapped text columns read the longest word of no
    rows as NaN and stopped the results workbook (bench_scale, bench_all)."""
    ws = Workbook().active
    assert ws is not None
    # two sentence columns: they always wrap, so the table has text to balance
    empty = pd.DataFrame({"cells": pd.Series([], dtype=object), "source": []})
    block = write_frame(ws, empty, fit=Fit(print_budget()))
    assert block.last_row == block.header_row


def test_the_print_scale_is_the_largest_that_fits_and_never_below_80() -> None:
    """A narrow sheet prints at 100%, a table as wide as the page at 80% prints at 80% in
    one column group, a wider one still at 80% (in column groups, its titles repeated);
    the footer grows so that it too prints at 8 pt; the Summary's fixed 91%."""
    for words, least, most in ((3, 100, 100), (12, 80, 80)):
        ws = Workbook().active
        assert ws is not None
        block = write_frame(ws, _table(names=3, words=words), fit=Fit(print_budget(), printed=3))
        scale = print_scaled(ws, last_row=block.last_row, last_col=3)
        assert least <= scale <= most, (words, scale)
        assert ws.oddFooter.center.size * scale / 100 >= 8
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
    ws = Workbook().active
    assert ws is not None
    for col in "ABCDEFGH":
        ws.column_dimensions[col].width = 40
    assert print_scaled(ws, last_row=5, last_col=8, title_cols="A:A") == MIN_PRINT_SCALE
    assert ws.print_title_cols == "$A:$A"
    assert print_scaled(ws, last_row=5, last_col=2, scale=91, footer_points=9) == 91
    assert ws.oddFooter.center.size * 91 / 100 >= 9


def test_a_long_table_prints_smaller_when_that_saves_a_page() -> None:
    """Rows for 1.1 pages at 100% print at the largest scale that puts them on one page
    (44 rows of 12.75 pt: 561 pt at 92% = 516 printed points of the 520 a page holds);
    200 rows take 4 pages at 80% and at 81%, 5 at 82%: they print at 81%."""
    rows_per_page = PAGE_HEIGHT_PT / 12.75
    for count, expected in ((int(rows_per_page * 1.1), 92), (200, 81)):
        ws = Workbook().active
        assert ws is not None
        assert print_scaled(ws, last_row=count, last_col=1) == expected, count
    assert 44 * 12.75 * 0.92 <= PAGE_HEIGHT_PT < 44 * 12.75 * 0.93


def test_a_heading_is_not_left_at_the_foot_of_a_page() -> None:
    """A block that would straddle a page break starts a page; one that fits, or one taller
    than a page, does not."""
    ws = Workbook().active
    assert ws is not None
    ws.page_setup.scale = 100
    for row in range(1, 200):
        ws.row_dimensions[row].height = 10.0  # 51 rows a page
    assert keep_together(ws, 45, 55)
    assert [b.id for b in ws.row_breaks.brk] == [44]
    assert not keep_together(ws, 60, 70)  # on the second page, from row 45
    assert not keep_together(ws, 100, 190)  # taller than a page
