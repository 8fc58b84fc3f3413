"""The tiny cases are validated from cells laid out in memory (tests/model/tiny.py ``load``):
they must be the cells the template writer puts in the file, read back by the real reader."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from pactopt.schema.parse import load_pact
from pactopt.xlsx.read import read_workbook
from tests.model.tiny import full, load, output_or_jobs, raw, render

pytestmark = pytest.mark.fast


def _two_instruments_with_a_default_setting() -> dict[str, Any]:
    spec = output_or_jobs("lexicographic")
    spec["settings"]["mip_gap"] = None  # the template writes the default
    return spec


@pytest.mark.parametrize(
    "spec", [full(), _two_instruments_with_a_default_setting()], ids=["full", "default_setting"]
)
def test_the_cells_in_memory_are_those_of_the_rendered_file(
    spec: dict[str, Any], tmp_path: Path
) -> None:
    path = render(spec, tmp_path / "tiny.xlsx")
    from_file = read_workbook(path)
    in_memory = raw(spec, path)
    assert list(in_memory.sheets) == [n for n in from_file.sheets if n != "README"]
    for name, sheet in in_memory.sheets.items():
        assert sheet == from_file.sheets[name], name
    assert load(spec, tmp_path) == dataclasses.replace(
        load_pact(path), source_sha256=in_memory.sha256
    )
