"""The fuzzer's base workbooks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest


@pytest.fixture(scope="session")
def light_reference(reference_path: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The reference workbook without its valueless cells (the styled empty input rows, which
    the reader skips): loading and saving them is most of what a mutant costs."""
    wb = openpyxl.load_workbook(reference_path)
    for ws in wb.worksheets:
        for key in [k for k, c in ws._cells.items() if c.value is None]:
            del ws._cells[key]
    path = tmp_path_factory.mktemp("light") / "light.xlsx"
    wb.save(path)
    return path.read_bytes()
