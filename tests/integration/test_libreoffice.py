"""Workbooks opened and saved by a real spreadsheet program (LibreOffice Calc) read exactly
like the originals; formulas saved by it are read through their cached values.

Locally these tests skip when `soffice` is absent; CI installs LibreOffice and sets
PACTOPT_REQUIRE_SOFFICE=1, so there a missing soffice fails instead of skipping.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from pactopt.errors import InputError
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.template.generate import write_template
from tests.openpyxl_reader import reads_as_openpyxl
from tests.printing import soffice_convert

SOFFICE = shutil.which("soffice")
if SOFFICE is None and os.environ.get("PACTOPT_REQUIRE_SOFFICE") == "1":
    raise RuntimeError("PACTOPT_REQUIRE_SOFFICE=1 but soffice (LibreOffice) is not on PATH")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None,
        reason="LibreOffice (soffice) is not installed; `make test` in CI installs it",
    ),
]


def resave_with_libreoffice(path: Path, out_dir: Path) -> Path:
    """Open ``path`` in LibreOffice Calc and save it as xlsx into ``out_dir``."""
    soffice_convert([path], out_dir, "xlsx:Calc MS Excel 2007 XML")
    saved = out_dir / path.name
    assert saved.is_file(), f"LibreOffice did not write {saved}"
    return saved


def _without_hash(data: PactData) -> PactData:
    return dataclasses.replace(data, source_sha256="")


def test_reference_workbook_reads_the_same_after_libreoffice(
    reference_path: Path, tmp_path: Path
) -> None:
    """Every value, every cell location and every warning read from the re-saved reference
    workbook equals what is read from the original."""
    saved = resave_with_libreoffice(reference_path, tmp_path / "lo")
    assert _without_hash(load_pact(saved)) == _without_hash(load_pact(reference_path))


def test_blank_template_reads_the_same_after_libreoffice(tmp_path: Path) -> None:
    """The blank template gives the same problems, cell for cell, before and after."""
    blank = tmp_path / "template.xlsx"
    write_template(blank)
    saved = resave_with_libreoffice(blank, tmp_path / "lo")
    problems = []
    for path in (blank, saved):
        with pytest.raises(InputError) as exc:
            load_pact(path)
        problems.append(exc.value.problems)
    assert problems[0] == problems[1]


def test_formula_saved_by_libreoffice_is_read_through_its_cached_value(
    edited: Callable[[Callable[[Workbook], None]], Path], tmp_path: Path
) -> None:
    """A formula typed in Instruments!D3 (HC1 min_total_meur) is computed and cached by
    LibreOffice on save; pactopt reads the cached 2,800 €m."""

    def put_formula(wb: Workbook) -> None:
        wb["Instruments"]["D3"] = "=2000+800"

    without_cache = edited(put_formula)
    with pytest.raises(InputError) as exc:
        load_pact(without_cache)
    assert [(p.sheet, p.cell) for p in exc.value.errors] == [("Instruments", "D3")]
    saved = resave_with_libreoffice(without_cache, tmp_path / "lo")
    data = load_pact(saved)
    assert data.instruments[0].id == "HC1"
    assert data.instruments[0].min_total_meur == 2800


def test_a_workbook_saved_by_libreoffice_reads_as_openpyxl_reads_it(
    edited: Callable[[Callable[[Workbook], None]], Path], tmp_path: Path
) -> None:
    """What a spreadsheet program writes and openpyxl does not (shared strings, its own
    styles, the values it caches with formulas, an error it computed) is read by the
    streaming reader as openpyxl read it: dates, a merged range, a hidden row and sheet."""

    def decorate(wb: Workbook) -> None:
        ws = wb["Instruments"]
        ws["D3"] = "=2000+800"
        ws["E3"] = "=1/0"
        ws["F3"] = '="text"&"s"'
        ws["AE3"] = dt.datetime(2024, 2, 29, 13, 30)
        ws["AE4"] = dt.date(2025, 1, 1)
        ws["AE5"] = True
        ws.merge_cells("AF3:AG4")
        ws.row_dimensions[5].hidden = True
        wb["Links"].sheet_state = "hidden"

    saved = resave_with_libreoffice(edited(decorate), tmp_path / "lo")
    cells = reads_as_openpyxl(saved).sheets["Instruments"].cells
    assert cells[(3, 4)].value == 2800 and cells[(3, 5)].value == "#DIV/0!"
    assert cells[(3, 31)].value == dt.datetime(2024, 2, 29, 13, 30)
