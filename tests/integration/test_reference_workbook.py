"""The committed reference workbook is exactly what its YAML source generates, and is valid."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pactopt.schema.parse import load_pact
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.fast


def _values(path: Path) -> dict[str, dict[str, object]]:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: {
            c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None
        }
        for ws in wb.worksheets
    }


def test_committed_workbook_matches_its_yaml_source(reference_path: Path) -> None:
    """Regenerating inputs/digital_pact_2019_2030.xlsx gives the same sheets and cell values
    (run `make workbook` after editing the YAML)."""
    committed, fresh = _values(REFERENCE_XLSX), _values(reference_path)
    assert list(committed) == list(fresh)
    for sheet in fresh:
        assert committed[sheet] == fresh[sheet], f"sheet {sheet} differs; run `make workbook`"


def test_reference_workbook_is_valid_without_warnings() -> None:
    """The reference pact reads with no error and no warning."""
    data = load_pact(REFERENCE_XLSX)
    assert data.warnings == ()
    assert [d.id for d in data.domains] == ["HC", "ECO", "INF", "EGOV", "TRUST"]
    assert len(data.instruments) == 22
    assert {f.kind for f in data.funders} == {"public", "private", "EU"}
    assert data.years == tuple(range(2019, 2031))


def test_every_parameter_row_carries_provenance() -> None:
    """Each parameter row's source cites a document line, or says DERIVED or ASSUMED."""
    data = load_pact(REFERENCE_XLSX)
    rows = [
        *data.domains,
        *data.instruments,
        *data.curves,
        *data.funders,
        *data.eligibility,
        *data.budget_lines,
        *data.projects,
        *data.links,
        *data.scenarios,
    ]
    for row in rows:
        source = row.source  # type: ignore[attr-defined]
        assert any(tag in source for tag in (" L", "DERIVED", "ASSUMED")), (row, source)


def test_reference_holds_the_structures_the_model_needs() -> None:
    """Budget lines of the source's own examples, an indivisible project, the teacher link."""
    data = load_pact(REFERENCE_XLSX)
    names = " ".join(b.name.lower() for b in data.budget_lines)
    assert "training" in names and "road" in names and "education" in names
    assert any(p.mandatory for p in data.projects)
    assert ("HC3", "HC5") in {(link.before, link.after) for link in data.links}
    assert data.cell("Instruments", "HC1", "min_total_meur") == "Instruments!D3"


MIDTERM_XLSX = REFERENCE_XLSX.parent / "digital_pact_midterm_2025.xlsx"


def test_committed_midterm_workbook_matches_its_yaml_source(tmp_path: Path) -> None:
    """inputs/digital_pact_midterm_2025.xlsx is what its YAML overlay generates (`make
    workbook`), and reads with no error and no warning: 2019-2025 locked, targets stated."""
    from pactopt.template.generate import write_template

    fresh_path = tmp_path / "midterm.xlsx"
    write_template(fresh_path, "digital-pact-midterm")
    committed, fresh = _values(MIDTERM_XLSX), _values(fresh_path)
    assert list(committed) == list(fresh)
    for sheet in fresh:
        assert committed[sheet] == fresh[sheet], f"sheet {sheet} differs; run `make workbook`"
    data = load_pact(MIDTERM_XLSX)
    assert data.warnings == ()
    assert data.settings.locked_years == tuple(range(2019, 2026))
    assert data.settings.target_output_meur == 45000 and data.settings.target_jobs == 40000
    assert all(r.source.startswith("ASSUMED: illustrative") for r in data.actuals)
