"""A far-away cell costs what it holds, not the sheet's extent (issue 14, class 1)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from pactopt.errors import InputError
from pactopt.schema.parse import load_pact
from pactopt.xlsx.read import read_workbook

pytestmark = pytest.mark.fast

Edited = Callable[..., Path]


@pytest.mark.parametrize("cell", ["POY347574", "XFD1048576"])
def test_a_far_value_is_one_error_at_its_header_cell(edited: Edited, cell: str) -> None:
    """The issue's reproduction: 'x' at Eligibility!POY347574 hung validate (60 s, 1.5 GB);
    it is one error at the header cell of its column, found at once (the bound here is
    generous: it only catches a walk over the sheet's rectangle)."""

    def change(wb: Workbook) -> None:
        wb["Eligibility"][cell] = "x"

    path = edited(change)
    start = time.perf_counter()
    with pytest.raises(InputError) as exc:
        load_pact(path)
    assert time.perf_counter() - start < 10
    column = cell.rstrip("0123456789")
    assert [str(p) for p in exc.value.errors] == [
        f"error: Eligibility!{column}1: this column holds values but has no header; "
        "name the column or clear it"
    ]


def test_a_styled_empty_far_cell_is_not_read(edited: Edited) -> None:
    """A styled empty cell holds nothing: the sheet reads as if it were not there."""

    def change(wb: Workbook) -> None:
        wb["Domains"]["AX20000"].fill = PatternFill("solid", fgColor="FFFF00")
        wb["Eligibility"]["XFD1048576"].fill = PatternFill("solid", fgColor="FFFF00")

    raw = read_workbook(edited(change))
    assert raw.sheets["Domains"].max_row < 100 and raw.sheets["Eligibility"].max_col < 30
    load_pact(edited(change))  # valid


def test_a_formula_far_away_keeps_its_cached_value(edited: Edited) -> None:
    """The cached values of formulas are read in the same pass as the formulas, which visits
    stored cells only: a formula at XFD1048576 (never computed) keeps no cached value."""

    def change(wb: Workbook) -> None:
        wb["Domains"]["XFD1048576"] = "=1+1"

    raw = read_workbook(edited(change))
    far = raw.sheets["Domains"].get(1048576, 16384)
    assert far is not None and far.formula == "=1+1" and far.value is None
