"""Settings output_low_from_io (issue 29): the low output per € of each instrument becomes the
input-output table's value added, and the sensitivity run says how much of the output rests
on the productivity assumption."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from pactopt.explain.sensitivity import sensitivity_sentence
from pactopt.iotable.figures import blend
from pactopt.pipeline.requests import SensitivityRequest
from pactopt.pipeline.sweeps import run_global_sensitivity
from pactopt.schema.parse import load_pact
from tests.unit.test_malformations import put_setting

pytestmark = pytest.mark.solve

Edited = Callable[[Callable[[Workbook], None]], Path]


def test_the_switch_runs_the_range_from_the_table_to_the_assumption(edited: Edited) -> None:
    path = edited(put_setting("output_low_from_io", "yes"))
    data = load_pact(path)
    for row in data.instruments:
        value_added = blend(row.cpa_shares).value_added_per_eur
        assert row.output_per_eur_low == pytest.approx(
            min(value_added, row.output_per_eur_central), abs=5e-5
        )
        assert row.output_per_eur_low < row.output_per_eur_central
    run = run_global_sensitivity(data, path, SensitivityRequest(method="morris", samples=2))
    sentence = sensitivity_sentence(run.result)
    assert "rests on the productivity gain beyond the demand effect" in sentence
    assert "of the €45,007m of output the reference plan counts, €19,671m (43.7%)" in sentence
