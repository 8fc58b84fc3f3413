"""The template is generated from the schema: every sheet, header, unit and dropdown."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pactopt.errors import InputError
from pactopt.schema.checks import CHECKS, check
from pactopt.schema.columns import UNIT_MEUR
from pactopt.schema.parse import load_pact
from pactopt.schema.sheets import (
    SHEETS,
    TABLE_SHEETS,
    UNITS_PREFIX,
    header_name,
    template_columns,
)
from pactopt.template.generate import INPUT_FILL, write_template

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.xlsx"
    write_template(path)
    return path


def test_every_sheet_with_headers_units_and_frozen_panes(blank: Path) -> None:
    """README first, then one sheet per registry entry, each with header and units rows."""
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["README", *(s.name for s in SHEETS)]
    for spec in TABLE_SHEETS:
        ws = wb[spec.name]
        expected = template_columns(spec, tuple(range(2025, 2031)))
        names = [header_name(c.value) if isinstance(c.value, str) else c.value for c in ws[1]]
        assert names == expected
        required = {c.name for c in spec.columns if c.required}
        marked = {header_name(str(c.value)) for c in ws[1] if str(c.value).endswith(" *")}
        assert marked == required  # every required column marked, no other
        assert all(str(c.value).startswith(UNITS_PREFIX) for c in ws[2])
        assert ws.freeze_panes == "B3"
        assert ws["A3"].fill.fgColor.rgb == INPUT_FILL.fgColor.rgb
        assert ws["A1"].comment is not None  # the column note


def test_units_row_states_meur(blank: Path) -> None:
    """Amount columns say €m in the units row."""
    ws = openpyxl.load_workbook(blank)["Instruments"]
    units = {
        header_name(str(ws.cell(1, c).value)): ws.cell(2, c).value
        for c in range(1, ws.max_column + 1)
    }
    assert units["min_total_meur"] == UNITS_PREFIX + UNIT_MEUR
    assert units["public_share_min"] == UNITS_PREFIX + "share 0-1"


def test_dropdowns_for_enumerations_and_id_references(blank: Path) -> None:
    """Funders.kind lists public/private/EU; Instruments.domain points at the Domains ids."""
    wb = openpyxl.load_workbook(blank)
    kinds = [dv.formula1 for dv in wb["Funders"].data_validations.dataValidation]
    assert '"public,private,EU"' in kinds
    refs = [dv.formula1 for dv in wb["Instruments"].data_validations.dataValidation]
    assert "=Domains!$A$3:$A$1003" in refs
    yes_no = [dv.formula1 for dv in wb["Eligibility"].data_validations.dataValidation]
    assert '"yes,no"' in yes_no


def test_blank_template_only_lacks_rows(blank: Path) -> None:
    """Read back, the blank template's only errors are the empty core sheets."""
    with pytest.raises(InputError) as exc:
        load_pact(blank)
    assert {(p.sheet, p.cell) for p in exc.value.errors} == {
        ("Domains", "A3"),
        ("Instruments", "A3"),
        ("Funders", "A3"),
    }


def test_check_registry_refuses_duplicate_names() -> None:
    """Two checks cannot share a name."""
    name = next(iter(CHECKS))
    with pytest.raises(ValueError, match="registered twice"):
        check(name)(CHECKS[name])
