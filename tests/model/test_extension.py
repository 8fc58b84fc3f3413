"""A modeller's extension adds a family without touching src/, and it binds."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.model.build import create_model
from pactopt.model.registry import RULES, RegistryError, load_extension
from pactopt.schema.parse import load_pact
from pactopt.solve import SolveStatus, solve_model
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX, REPO

EXAMPLE = REPO / "models" / "federal_tax_expenditures.py"


def _non_federal_hc6(result: object) -> float:
    values = result.values["funding"]  # type: ignore[attr-defined]
    return sum(v for (i, f, _), v in values.items() if i == "HC6" and f == "regional")


def test_extension_family_is_built_and_holds() -> None:
    """With the example extension no regional money pays for HC6; the core registry is
    unchanged and the independent checker still passes."""
    rules = load_extension(EXAMPLE)
    assert [r.name for r in rules] == ["federal_tax_expenditures"]
    assert "federal_tax_expenditures" not in RULES
    data = load_pact(REFERENCE_XLSX)
    m = create_model(data, rules)
    assert "federal_tax_expenditures" in m.built_rules
    result = solve_model(m, data.settings)
    assert result.status is SolveStatus.OPTIMAL
    assert violations(data, result) == []
    assert _non_federal_hc6(result) == pytest.approx(0.0, abs=1e-6)


def test_extension_changes_the_optimum() -> None:
    """Without it the regions pay part of HC6: the extension binds."""
    data = load_pact(REFERENCE_XLSX)
    free = solve_model(create_model(data), data.settings)
    assert _non_federal_hc6(free) > 1.0
    bound = solve_model(create_model(data, load_extension(EXAMPLE)), data.settings)
    assert bound.objective is not None and free.objective is not None
    assert bound.objective <= free.objective + 1e-6


def test_bad_extensions_are_refused(tmp_path: Path) -> None:
    """A missing file, a non-.py file, a file with no rule and a clashing name are refused."""
    with pytest.raises(RegistryError, match=r"existing \.py"):
        load_extension(tmp_path / "missing.py")
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    with pytest.raises(RegistryError, match="registers no constraint"):
        load_extension(empty)
    clash = tmp_path / "clash.py"
    clash.write_text(
        "from pactopt.model.registry import constraint\n"
        "@constraint('public_balance', index=('years',), sheet='Funders', unit='€m')\n"
        "def f(m, y):\n    return m.new_money['federal', y] >= 0\n"
    )
    with pytest.raises(RegistryError, match="registered twice"):
        load_extension(clash)
