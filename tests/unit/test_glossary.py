"""The glossary (issue 26): one name, one unit and one basis per figure, in code, in the
README and on the results workbook's Glossary sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.glossary import GLOSSARY, HEADLINE_BASIS, glossary_rows
from pactopt.report.glossary_sheet import glossary_table

pytestmark = pytest.mark.fast

README = Path(__file__).parents[2] / "README.md"


def test_the_readme_prints_the_glossary_as_the_code_has_it() -> None:
    text = README.read_text(encoding="utf-8")
    assert f"Headline figures are {HEADLINE_BASIS}" in " ".join(text.split())
    for name, unit, basis, meaning in glossary_rows():
        assert f"| {name} | {unit} | {basis} | {meaning.replace('|', '/')} |" in text, name


def test_one_name_one_unit_and_the_headline_basis_is_net_undiscounted() -> None:
    names = [t.name for t in GLOSSARY]
    assert len(names) == len(set(names))
    basis = {t.name: t.basis for t in GLOSSARY}
    assert basis["Net output (€m)"] == basis["Net jobs"] == HEADLINE_BASIS
    assert "undiscounted" in HEADLINE_BASIS and HEADLINE_BASIS.startswith("net")
    assert "discounted" in basis["Value (€m)"] and "undiscounted" not in basis["Value (€m)"]
    assert list(glossary_table()["figure"]) == [t.name.strip() for t in GLOSSARY]
