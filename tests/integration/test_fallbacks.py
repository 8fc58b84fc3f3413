"""The whole solve with every fast path's public fallback forced (``PACTOPT_NO_FAST_PATHS=1``:
Pyomo's in ``model/pyomo_fast.py``, openpyxl's in ``xlsx/fast_rows.py``) gives the optimum, the
tables and the results workbook the fast paths give."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pactopt.api import Result, read_workbook, solve
from pactopt.fast_paths import NO_FAST_PATHS
from pactopt.model.pyomo_fast import fast_fill, fast_walker
from pactopt.xlsx.fast_rows import fast_rows
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def solved() -> dict[str, Result]:
    if not (fast_rows() and fast_fill() and fast_walker()):
        pytest.skip("the fast paths are off for these openpyxl and Pyomo releases")
    plan = read_workbook(REFERENCE_XLSX)
    results = {"fast": solve(plan, alternatives=False)}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(NO_FAST_PATHS, "1")
        results["fallback"] = solve(plan, alternatives=False)
    return results


def test_the_fallbacks_find_the_same_optimum_and_tables(solved: dict[str, Result]) -> None:
    fast, fallback = solved["fast"], solved["fallback"]
    assert fallback.status == fast.status == "optimal"
    assert fallback.objective == pytest.approx(fast.objective, rel=1e-12)
    assert fallback.tables.keys() == fast.tables.keys()
    for name, frame in fast.tables.items():
        pd.testing.assert_frame_equal(fallback.tables[name], frame, rtol=1e-9, obj=name)


_MOMENT = re.compile(rb"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def _parts(path: Path) -> dict[str, bytes]:
    """The package's parts but its properties, the Run sheet's time of writing masked."""
    with zipfile.ZipFile(path) as package:
        return {
            n: _MOMENT.sub(b"(moment)", package.read(n))
            for n in package.namelist()
            if n != "docProps/core.xml"
        }


def test_the_fallbacks_write_the_same_workbook(
    solved: dict[str, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every part byte for byte, but for the default font: openpyxl has no public setter for
    it, so the fallback leaves openpyxl's own (Calibri 11) to the cells without a font."""
    fast = _parts(solved["fast"].to_excel(tmp_path / "fast.xlsx"))
    monkeypatch.setenv(NO_FAST_PATHS, "1")
    fallback = _parts(solved["fast"].to_excel(tmp_path / "fallback.xlsx"))
    assert fallback.keys() == fast.keys()
    for name in fast:
        if name != "xl/styles.xml":
            assert fallback[name] == fast[name], name
    first_font = re.compile(rb"<font>.*?</font>", re.S)
    assert b'<name val="Arial"' in first_font.search(fast["xl/styles.xml"]).group(0)  # type: ignore[union-attr]
    assert b'<name val="Calibri"' in first_font.search(fallback["xl/styles.xml"]).group(0)  # type: ignore[union-attr]
    assert first_font.sub(b"", fallback["xl/styles.xml"], 1) == first_font.sub(
        b"", fast["xl/styles.xml"], 1
    )
