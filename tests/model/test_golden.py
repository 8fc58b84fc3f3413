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
from pactopt.model.families import FAMILY_ORDER
from pactopt.model.inspect import family_text
from pactopt.model.registry import families
from tests.model.tiny import full, load

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def full_model(tmp_path_factory: pytest.TempPathFactory) -> object:
    return create_model(load(full(), tmp_path_factory.mktemp("golden")))


def test_every_family_has_a_golden_file() -> None:
    """A family without a golden file fails (add it with UPDATE_GOLDEN=1)."""
    missing = [f for f in families() if not (GOLDEN / f"{f}.lp").is_file()]
    assert not missing, f"families without golden LP: {missing}"
    assert set(families()) == set(FAMILY_ORDER)


@pytest.mark.parametrize("family", FAMILY_ORDER)
def test_family_matches_its_golden_lp(full_model: object, family: str) -> None:
    """The family's constraints on the full tiny instance equal the reviewed golden text."""
    text = family_text(full_model, families()[family])
    path = GOLDEN / f"{family}.lp"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert "skipped" not in text, f"family {family} has no data in the full tiny instance"
    assert path.read_text(encoding="utf-8") == text
