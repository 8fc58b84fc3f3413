"""Numbers no float can hold, and values beyond a column's sane range, are refused at
validation naming the cell and the range (issue 14, classes 2 and 3). The ranges are
declared once per unit in ``schema/columns.py`` (``SANE_MAX``) and per setting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from pactopt.errors import InputError
from pactopt.schema.parse import load_pact
from pactopt.template.annotate import annotate_workbook
from tests.raw_xlsx import PLACEHOLDER, replace_number
from tests.unit.test_malformations import put, put_setting

pytestmark = pytest.mark.fast

Edited = Callable[..., Path]
DIGITS_400 = "9" * 400


def _errors(path: Path) -> list[str]:
    with pytest.raises(InputError) as exc:
        load_pact(path)
    return [str(p) for p in exc.value.errors]


def _huge(text: str) -> str:
    return f"(value {int(text)!r})"


def _set(sheet: str, cell: str, value: object) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        wb[sheet][cell] = value

    return change


@pytest.mark.parametrize(
    ("change", "cell", "rule"),
    [
        (
            put("Domains", "max_total_meur", "HC", PLACEHOLDER),
            "Domains!D3",
            "number is too large (400 digits)",
        ),
        (put_setting("first_year", PLACEHOLDER), "Settings!B3", "number is too large (400 digits)"),
        # found by make fuzz (mutant 1423 of seed 14): the yes/no reader made it a float
        (_set("Eligibility", "C18", PLACEHOLDER), "Eligibility!C18", "must be yes or no"),
    ],
    ids=["numeric_cell", "first_year", "yes_no_cell"],
)
def test_a_400_digit_integer_is_an_error_at_its_cell(
    edited: Edited, change: Callable[[Workbook], None], cell: str, rule: str
) -> None:
    """It was exit 1, "int too large to convert to float"."""
    path = edited(change)
    replace_number(path, DIGITS_400)
    assert _errors(path) == [f"error: {cell} {_huge(DIGITS_400)}: {rule}"]


def test_annotate_copies_a_workbook_holding_a_400_digit_integer(
    edited: Edited, tmp_path: Path
) -> None:
    """Even in an ignored extra sheet, the integer made the annotated copy unsavable; the
    copy keeps it as text."""

    def change(wb: Workbook) -> None:
        wb.create_sheet("Extra")["A1"] = PLACEHOLDER
        put("Domains", "max_total_meur", "HC", "lots")(wb)

    path = edited(change)
    replace_number(path, DIGITS_400)
    with pytest.raises(InputError) as exc:
        load_pact(path)
    out = tmp_path / "annotated.xlsx"
    annotate_workbook(path, exc.value.problems, out)
    copy = openpyxl.load_workbook(out)
    assert copy["Extra"]["A1"].value == DIGITS_400
    assert copy["Domains"]["D3"].comment is not None


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        (
            "weight_savings",
            1e308,
            "Settings!B8 (value 1e+308): must be between 0 and 1,000 (weight)",
        ),
        ("weight_output", 1e20, "Settings!B6 (value 1e+20): must be between 0 and 1,000 (weight)"),
        ("meur_per_job", 1e308, "Settings!B7 (value 1e+308): must be between 0 and 10 (€m)"),
        ("meur_per_job", 1e20, "Settings!B7 (value 1e+20): must be between 0 and 10 (€m)"),
        (
            "jobs_per_reskilling_meur",
            1e308,
            "Settings!B15 (value 1e+308): must be between 0 and 10,000 (jobs per €m)",
        ),
    ],
)
def test_absurd_settings_are_refused_with_their_range(
    edited: Edited, setting: str, value: float, expected: str
) -> None:
    """They passed validation, then the solve failed with no cell ("the model is solver
    error", or "unbounded")."""
    assert _errors(edited(put_setting(setting, value))) == [f"error: {expected}"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            put("Instruments", "max_total_meur", "HC1", 1e9),
            "Instruments!E3 (value 1000000000): must be between 0 and 10,000,000 (€m)",
        ),
        (
            put("Instruments", "output_per_eur_central", "HC1", 1e20),
            "Instruments!M3 (value 1e+20): must be between 0 and 100 (€ per €)",
        ),
        (
            put("BudgetLines", "2019", "BL_TRAIN", 1e12),
            "BudgetLines!H3 (value 1000000000000): must be between 0 and 10,000,000 (€m)",
        ),
    ],
    ids=["amount", "coefficient", "year_amount"],
)
def test_absurd_table_values_are_refused_with_their_range(
    edited: Edited, change: Callable[[Workbook], None], expected: str
) -> None:
    """The same ranges hold in every table sheet and year column."""
    assert _errors(edited(change)) == [f"error: {expected}"]
