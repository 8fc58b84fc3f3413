"""A rule's phrase is said once, where the rule is declared, and read in the reader's
language (issue 28): every core phrase, limit and 'one more' wording is a catalogue message
whose values (a name, an amount, a share) are filled in nl, fr or en; an extension's plain
string is shown as it is; and the terminal keeps an amount whole at 80 columns."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from pactopt.cli.common import out
from pactopt.cli.printing import print_sentences
from pactopt.i18n import Lang
from pactopt.i18n.said import Meur, Said, said
from pactopt.model.families import core_rules
from pactopt.model.registry import RULES, load_extension
from tests.conftest import REPO
from tests.model.tiny import base, load

pytestmark = pytest.mark.fast

NB, NNB = "\u00a0", "\u202f"
NAME = "Fibre networks"


@dataclass
class _Row:
    """Any row a phrase may read: every one is named NAME."""

    name: str = NAME
    baseline_meur: dict[int, float] = field(default_factory=lambda: {2027: 1000.0})
    max_shift_share: float = 0.17
    before: str = "a"
    after: str = "b"
    requires: str = "p"
    excludes: str = "q"


class _Data:
    """What the phrases read of a workbook: named rows and the pact's total limits."""

    settings = SimpleNamespace(total_min_meur=30_000.0, total_max_meur=37_000.0)

    def row(self, rows: str, key: str) -> _Row:
        return _Row()


DATA: Any = _Data()
INDEX = (0, 2027)


def _wordings(rule: Any) -> list[tuple[str, Any]]:
    return [(kind, getattr(rule, kind)) for kind in ("phrase", "limit", "more")]


def test_every_core_phrase_is_a_message_read_in_each_language() -> None:
    """Each core rule's phrase, limit and 'one more' wording is a catalogue message: Dutch
    and French differ from English, the row's name is filled in all three, no placeholder
    is left; English reads as the message itself."""
    said_count = 0
    for rule in core_rules():
        for kind, wording in _wordings(rule):
            if wording is None:
                continue
            result = wording(DATA, INDEX)
            assert isinstance(result, Said), f"{rule.name}.{kind} is not a message"
            said_count += 1
            en, nl, fr = (result.read(Lang(code)) for code in ("en", "nl", "fr"))
            assert nl != en and fr != en, f"{rule.name}.{kind} is not translated: {en}"
            for text in (en, nl, fr):
                assert "{" not in text
                if "{instrument}" in result.message or "{domain}" in result.message:
                    assert NAME in text
    assert said_count >= 45


def test_a_phrase_reads_its_amounts_and_shares_as_the_language_writes_them() -> None:
    total = RULES["total_ceiling"]
    shift = RULES["shift_limit"]
    assert total.describe(DATA, ("pact",)) == "the pact's total is at its ceiling of €37,000m"
    assert total.describe(DATA, ("pact",), Lang("nl")) == (
        f"het totaal van het pact zit aan zijn plafond van €{NB}37.000{NB}mln"
    )
    assert total.describe(DATA, ("pact",), Lang("fr")) == (
        f"le total du pacte est à son plafond de 37{NNB}000{NB}M€"
    )
    # 17% of the line's €1,000m baseline in 2027 is €170m
    assert shift.describe(DATA, ("L", 2027)) == (
        f"the shift from {NAME} is at its cap of 17% of €1,000m (€170m)"
    )
    assert shift.describe(DATA, ("L", 2027), Lang("fr")) == (
        f"la réaffectation depuis {NAME} est à son plafond de 17{NB}% de 1{NNB}000{NB}M€ "
        f"(170{NB}M€)"
    )
    assert RULES["public_share_min"].describe_more(DATA, ("i", 2027), Lang("nl")) == (
        f"het overheidsgeld €{NB}1{NB}mln onder het minimale aandeel laten zakken"
    )
    assert RULES["instrument_max_total"].describe_limit(DATA, ("i",), Lang("fr")) == (
        f"le plafond de {NAME}"
    )


def test_an_extensions_plain_phrase_is_shown_as_it_is() -> None:
    """models/federal_tax_expenditures.py declares its phrase as a plain string: every
    language shows it as written; its unnamed limit is 'the rule …' in the language."""
    (rule,) = load_extension(REPO / "models" / "federal_tax_expenditures.py")
    plain = "tax expenditures are paid by the federal government only"
    for code in ("en", "nl", "fr"):
        assert rule.describe(DATA, (2025,), Lang(code)) == plain
    assert rule.describe_limit(DATA, (2025,), Lang("nl")) == "de regel federal_tax_expenditures"
    assert rule.describe_limit(DATA, (2025,)) == "the rule federal_tax_expenditures"


def test_a_message_outside_the_catalogue_reads_in_english_with_its_values() -> None:
    """An extension may use ``said`` too: without a translation its English is shown,
    its values filled in the reader's language."""
    phrase = said("{name} is capped at {amount}", name="B", amount=Meur(1100.0))
    assert phrase.read(Lang("nl")) == f"B is capped at €{NB}1.100{NB}mln"
    assert str(phrase) == "B is capped at €1,100m"


def _printed(text: str, plain: bool = False) -> list[str]:
    printed = io.StringIO()
    width, out.width = out.width, 80
    try:
        with redirect_stdout(printed):
            out.print(text) if plain else print_sentences(text)
    finally:
        out.width = width
    return printed.getvalue().splitlines()


@pytest.mark.parametrize(
    ("before", "amount", "tail"),
    [(75, f"(−€{NB}16,7{NB}mln)", "(−€"), (72, f"(−16,7{NB}M€)", "(−16,7")],
)
def test_an_amount_stays_whole_in_the_terminal_at_80_columns(
    before: int, amount: str, tail: str
) -> None:
    """'(−€ 16,7 mln)' straddles column 80: Rich alone breaks it at its no-break space
    (the first line ends '(−€'); the terminal's sentences keep it on the next line."""
    text = "a" * before + f" {amount} " + "b " * 50
    assert _printed(text, plain=True)[0].rstrip().endswith(tail)
    lines = _printed(text)
    assert all(len(line) <= 80 for line in lines)
    assert lines[0] == "a" * before
    assert lines[1].startswith(amount)
    assert " ".join(lines) == text.strip()


def test_english_without_no_break_spaces_prints_as_rich_wraps_it() -> None:
    text = "The plan moves €50m of the announced totals (0.2% of it): " * 4
    assert _printed(text) == _printed(text, plain=True)


def test_clauses_are_listed_as_each_language_writes_them() -> None:
    parts = ["the ceiling of A", "the floor of B"]
    assert Lang("en").listed(parts) == "the ceiling of A; the floor of B"
    assert Lang("nl").listed(parts) == "the ceiling of A; the floor of B"
    assert Lang("fr").listed(parts) == f"the ceiling of A{NB}; the floor of B"


def test_french_elides_de_before_a_name_that_opens_with_a_vowel() -> None:
    share = RULES["public_share_min"]
    vowel = SimpleNamespace(row=lambda rows, key: _Row(name="Interregional unit"))
    assert share.describe_limit(vowel, ("i", 2027), Lang("fr")) == (
        "la part publique minimale d'Interregional unit"
    )
    assert share.describe_limit(DATA, ("i", 2027), Lang("fr")) == (
        f"la part publique minimale de {NAME}"
    )
    assert share.describe_limit(vowel, ("i", 2027), Lang("nl")) == (
        "het minimale overheidsaandeel van Interregional unit"
    )


def test_the_robust_rules_number_their_draws_from_one(tmp_path: Path) -> None:
    """A planner counts draws from 1: the rows of draw 0 read 'draw 1 …', in each language."""
    data = load(base(), tmp_path)
    rules = {r.name: r for r in core_rules()}
    assert rules["draw_shortfall"].describe(data, (0,)) == "draw 1 falls below the CVaR threshold"
    assert rules["draw_jobs_other_potential"].describe(data, (2,)) == (
        "draw 3: jobs outside reskilling are all credited"
    )
    assert rules["draw_skills_bottleneck"].describe(data, (4,)).startswith("draw 5: ")
    assert " 1 " in rules["draw_shortfall"].describe(data, (0,), Lang("nl")) + " "
