"""What used to be accepted without a word (issue 14, classes 8 and 9): each is now an error
showing the value, or a warning naming the sheet and the row."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from pactopt.errors import InputError
from pactopt.schema.parse import load_pact
from pactopt.template.generate import build_template
from tests.unit.test_malformations import put

pytestmark = pytest.mark.fast

Edited = Callable[..., Path]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "8.000",
            "ambiguous: '8.000' may be 8 or 8000 ('.' as a thousands separator); "
            "type the number as a number",
        ),
        (
            "14.000",
            "ambiguous: '14.000' may be 14 or 14000 ('.' as a thousands separator); "
            "type the number as a number",
        ),
        (
            "1,500",
            "ambiguous: '1,500' may be 1.500 (decimal comma) or 1500 (',' as a thousands "
            "separator); type the number as a number",
        ),
    ],
)
def test_belgian_thousands_typed_as_text_are_refused_showing_the_value(
    edited: Edited, text: str, expected: str
) -> None:
    """'8.000' was read as 8 with a generic warning."""
    with pytest.raises(InputError) as exc:
        load_pact(edited(put("Domains", "max_total_meur", "HC", text)))
    assert [str(p) for p in exc.value.errors] == [f"error: Domains!D3 (value '{text}'): {expected}"]


def test_a_number_typed_as_text_says_what_was_read(edited: Edited) -> None:
    data = load_pact(edited(put("Domains", "max_total_meur", "HC", "12500.5")))
    assert [str(p) for p in data.warnings] == [
        "warning: Domains!D3 (value '12500.5'): number stored as text; read as 12500.5"
    ]


@pytest.mark.parametrize("sheet", ["Curves", "Projects", "Links", "Switches", "Scenarios"])
def test_a_deleted_optional_sheet_says_its_rules_are_off(edited: Edited, sheet: str) -> None:
    def change(wb: Workbook) -> None:
        del wb[sheet]

    data = load_pact(edited(change))
    found = [str(p) for p in data.warnings if p.sheet == sheet]
    assert len(found) == 1
    assert found[0].startswith(
        f"warning: {sheet}: optional sheet '{sheet}' is missing, so its rules are off ("
    )


def test_a_hidden_row_is_read_with_a_warning(edited: Edited) -> None:
    def change(wb: Workbook) -> None:
        wb["Instruments"].row_dimensions[4].hidden = True

    data = load_pact(edited(change))
    assert [str(p) for p in data.warnings] == [
        "warning: Instruments!A4: row 4 is hidden but read; unhide it so that what runs is "
        "what you see"
    ]


def test_an_ods_file_is_told_to_be_saved_as_xlsx(tmp_path: Path) -> None:
    """It was "zip archive is not an Excel workbook" with no way forward."""
    path = tmp_path / "plan.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(InputError) as exc:
        load_pact(path)
    assert [str(p) for p in exc.value.errors] == [
        "error: workbook (value 'plan.ods'): file is an OpenDocument (.ods) spreadsheet, "
        "not .xlsx; save it as .xlsx"
    ]


def test_every_template_cell_rule_refuses_what_it_does_not_allow() -> None:
    """Dropdowns and ranges had showErrorMessage off: -500, an unknown id or free text were
    accepted by the spreadsheet without complaint."""
    wb = build_template()
    rules = [dv for ws in wb.worksheets for dv in ws.data_validations.dataValidation]
    assert rules and all(dv.showErrorMessage and dv.errorStyle == "stop" for dv in rules)
    domain = next(
        dv for dv in wb["Instruments"].data_validations.dataValidation if "Domains!" in dv.formula1
    )
    assert domain.error == "must be an id of sheet Domains"
    amounts = [dv.error for dv in wb["Domains"].data_validations.dataValidation]
    assert "must be between 0 and 10,000,000 (€m)" in amounts
