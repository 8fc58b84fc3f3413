"""Building the model: families in order, skipped families logged with their sheet, the
workbook never names code, text from the workbook stays text in the results."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

import openpyxl
import pytest
from pyomo.core.base.component import Component

from pactopt.model.build import create_model, ordered_rules
from pactopt.model.families import FAMILY_ORDER
from pactopt.pipeline import run_solve, write_outcome
from pactopt.schema.parse import load_pact
from tests.model.tiny import base, instrument, load, render


@pytest.mark.fast
def test_rules_follow_the_family_order() -> None:
    """Rules come family by family in FAMILY_ORDER, 14 families in all."""
    families = [r.family for r in ordered_rules()]
    seen = list(dict.fromkeys(families))
    assert seen == list(FAMILY_ORDER) and len(seen) == 14
    assert families == sorted(families, key=FAMILY_ORDER.index)


@pytest.mark.fast
def test_family_without_data_is_skipped_with_a_log_naming_its_sheet(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The base instance has no Links: precedence is skipped, and the log names 'Links'."""
    with caplog.at_level(logging.INFO, logger="pactopt.model"):
        m = create_model(load(base(), tmp_path))
    assert "precedence" not in m.built_rules and "public_balance" in m.built_rules
    assert any(
        "skipped precedence" in r.message and "sheet Links" in r.message for r in caplog.records
    )


@pytest.mark.fast
def test_the_build_hands_on_a_frozen_typed_model_and_a_block_of_components(
    tmp_path: Path,
) -> None:
    """What the build decided (rules, objective mode, past breaches, figures) is on the
    frozen ``BuiltModel``; its Pyomo block holds components and, for the rules, ``ctx``
    (Pyomo's own ``config``, ``doc``, ``solutions`` and ``statistics`` apart), nothing else."""
    spec = base()
    spec["settings"]["objective_mode"] = "lexicographic"
    built = create_model(load(spec, tmp_path))
    assert [s.maximise for s in built.mode.stages] == ["net_output", "net_jobs"]
    assert built.rules["public_balance"].family == "public_balance"
    assert built.past_breaches == () and built.built_rules == tuple(built.rules)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.mode = built.mode  # type: ignore[misc]
    with pytest.raises(TypeError):
        built.rules["x"] = built.rules["public_balance"]  # type: ignore[index]
    extra = {
        name
        for name, value in vars(built.pyomo).items()
        if not name.startswith("_") and not isinstance(value, Component)
    }
    assert extra == {"ctx", "config", "doc", "solutions", "statistics"}
    assert built.pyomo.ctx is built.ctx


@pytest.mark.fast
def test_a_workbook_cannot_name_code(tmp_path: Path) -> None:
    """A Settings row asking for an extension is an unknown setting (a warning), not code."""
    path = render(base(), tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    row = ws.max_row + 1
    ws.cell(row, 1, "extension")
    ws.cell(row, 2, "models/federal_tax_expenditures.py")
    wb.save(path)
    data = load_pact(path)
    assert any("unknown setting" in w.rule for w in data.warnings)
    assert "federal_tax_expenditures" not in create_model(data).built_rules


@pytest.mark.solve
def test_formula_like_names_stay_text_in_the_results(tmp_path: Path) -> None:
    """An instrument named '=HYPERLINK(...)' is written to the results as text."""
    spec = base()
    spec["Instruments"] = [instrument("A", name='=HYPERLINK("http://x","click")')]
    path = render(spec, tmp_path / "in.xlsx")
    data = load_pact(path)
    out = tmp_path / "out.xlsx"
    write_outcome(run_solve(data, path), out, path)
    ws = openpyxl.load_workbook(out)["Allocation"]
    cells = [c for row in ws.iter_rows() for c in row]
    names = [c for c in cells if c.value and str(c.value).startswith("=HYPERLINK")]
    assert names and all(c.data_type == "s" for c in names)
