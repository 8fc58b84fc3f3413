"""One golden LP text per constraint family, on the full tiny instance.

A change to a family's algebra shows up here as a diff of readable constraints. After a
deliberate change, regenerate with ``UPDATE_GOLDEN=1 pytest tests/model/test_golden.py`` and
review the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.model.families import FAMILY_ORDER, families, ordered_rules
from pactopt.model.inspect import family_text
from pactopt.model.sets import index_tuple
from pactopt.schema.data import PactData
from pactopt.solver.solution import constraint_name
from tests.model.tiny import full, load

pytestmark = pytest.mark.fast

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def full_model(tmp_path_factory: pytest.TempPathFactory) -> BuiltModel:
    # in robust mode, so that the robust family has rows too (two draws); the other families
    # do not depend on the objective mode
    spec = full()
    spec["settings"].update({"objective_mode": "robust", "robust_draws": 2})
    return create_model(load(spec, tmp_path_factory.mktemp("golden")))


def test_every_family_has_a_golden_file() -> None:
    """A family without a golden file fails (add it with UPDATE_GOLDEN=1)."""
    missing = [f for f in families() if not (GOLDEN / f"{f}.lp").is_file()]
    assert not missing, f"families without golden LP: {missing}"
    assert set(families()) == set(FAMILY_ORDER)


@pytest.mark.parametrize("family", FAMILY_ORDER)
def test_family_matches_its_golden_lp(full_model: BuiltModel, family: str) -> None:
    """The family's constraints on the full tiny instance equal the reviewed golden text."""
    text = family_text(full_model, families()[family])
    path = GOLDEN / f"{family}.lp"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert "skipped" not in text, f"family {family} has no data in the full tiny instance"
    assert path.read_text(encoding="utf-8") == text


def explanation_text(built: BuiltModel, data: PactData) -> str:
    """Every rule's declaration and, for each of its constraints on the instance, the cells
    and sentences the explanations use: a change of an origin, a phrase or a role shows up as
    a diff of readable lines."""
    lines = []
    for rule in ordered_rules():
        lines.append(
            f"# {rule.name}: role {rule.role.name}, bends {rule.bends}, marginal "
            f"{rule.marginal.name}, summary rank {rule.summary_rank}, index "
            f"{', '.join(rule.index_names) or 'none (scalar)'}"
        )
        component = getattr(built.pyomo, rule.name, None)
        for index in component.keys() if component is not None else ():
            key = index_tuple(index)
            cells = ", ".join(rule.cells_of(data, key)) or "-"
            lines.append(
                f"{constraint_name(rule.name, key)}: {cells} | {rule.describe(data, key)}"
                f" | {rule.describe_limit(data, key)}"
            )
    return "\n".join(lines) + "\n"


def test_explanations_match_their_golden_text(tmp_path: Path) -> None:
    """Cells, Binding phrases and diagnosis wording of every constraint of the full tiny
    instance equal the reviewed golden text (regenerate with UPDATE_GOLDEN=1)."""
    data = load(full(), tmp_path)
    text = explanation_text(create_model(data), data)
    path = GOLDEN / "explanations.txt"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text
