"""Shared fixtures: the reference workbook rendered from its YAML source, and a helper that
writes a modified copy of it (the committed binary in inputs/ is never touched by tests); and
the hooks of the speed tiers (tests/tiers.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from pactopt.template.generate import write_template

REPO = Path(__file__).resolve().parents[1]
REFERENCE_XLSX = REPO / "inputs" / "digital_pact_2019_2030.xlsx"


@pytest.fixture(scope="session")
def reference_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook, freshly generated from its YAML source."""
    path = tmp_path_factory.mktemp("ref") / "digital_pact.xlsx"
    write_template(path, "digital-pact")
    return path


@pytest.fixture
def edited(light_reference: bytes, tmp_path: Path) -> Callable[[Callable[[Workbook], None]], Path]:
    """``edited(fn)``: a copy of the reference workbook after ``fn(workbook)`` changed it.

    It starts from the light copy: the styled empty input rows, which the reader skips, were
    half a second of each copy's load and save (tests/integration/test_reference_workbook.py
    reads the reference with them)."""

    def make(change: Callable[[Workbook], None], name: str = "edited.xlsx") -> Path:
        wb = openpyxl.load_workbook(io.BytesIO(light_reference))
        change(wb)
        out = tmp_path / name
        wb.save(out)
        return out

    return make


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


# The tiny-instance solver is shared by model and integration tests.
from tests.model.conftest import solve_tiny_fixture  # noqa: E402, F401

# Every test has one speed tier, and keeps to it (tests/tiers.py).
from tests.tiers import (  # noqa: E402, F401
    pytest_collection_modifyitems,
    pytest_runtest_call,
    pytest_runtest_setup,
)
