"""The languages a planner and a minister read: one gettext catalogue per language
(``locale/<lang>.po``, compiled in memory by Babel when first used, so that nothing is run by
hand after ``pip install``) for every sentence of the brief, the Summary sheet and the
terminal summary, and the way numbers, euros and dates read in nl-BE, fr-BE and en-GB.

Stage-free, like ``words``: any stage that speaks to a person may use it. In English a
sentence reads word for word as ``words`` writes it (the catalogue's English is its msgid);
Dutch and French follow their locale ('€ 1.100 mln', '1 100 M€', '91,4 %')."""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from pactopt.words import amount_text, meur_text, share_text, value_text

LANGUAGES = ("nl", "fr", "en")
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
DOMAIN = "pactopt"
BILLION = 1000.0  # €m: from this amount on an amount reads in billions


class LanguageError(ValueError):
    """A language there is no catalogue for."""


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues where it is defined (a figure's name); it is
    translated where it is shown, with ``Lang.t``."""
    return message


def catalogue_text(lang: str) -> str:
    """The ``.po`` file of a language, as shipped in the package."""
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise LanguageError(f"unknown language '{lang}': pactopt speaks {known}")
    return (resources.files(__package__) / "locale" / f"{lang}.po").read_text(encoding="utf-8")


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (compiled once per process, in memory)."""
    catalog = read_po(io.StringIO(catalogue_text(lang)), locale=LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


ENGLISH = "en"


@dataclass(frozen=True)
class Lang:
    """One language: its sentences and how its numbers read."""

    code: str

    @property
    def locale(self) -> str:
        """The Babel locale, e.g. ``nl_BE``."""
        return LOCALES[self.code]

    def t(self, message: str, **values: object) -> str:
        """The translation of ``message`` with its ``{placeholders}`` filled."""
        return translations(self.code).gettext(message).format(**values)

    def nt(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The plural form for ``count`` (the language's own plural rule), filled; ``{n}``
        is the count unless ``values`` gives it (a traced number)."""
        text = translations(self.code).ngettext(singular, plural, count)
        return text.format(**{"n": count, **values})

    def number(self, value: float, digits: int = 0) -> str:
        """A number with the language's separators (44,5 / 44,5 / 44.5)."""
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(round(value, digits) + 0.0, format=pattern, locale=self.locale)

    def signed(self, value: float, digits: int = 0) -> str:
        """A number with its sign (+1.100 / −160)."""
        text = self.number(abs(value), digits)
        if round(value, digits) == 0:
            return text
        return ("+" if value > 0 else "\u2212") + text

    def money(self, meur: float, *, sign: bool = False) -> str:
        """An amount given in €m: €44.5bn / € 44,5 mld / 44,5 Md€, or €850m / € 850 mln /
        850 M€ below a billion."""
        digits, scaled = money_digits(meur)
        text = self.number(abs(scaled), digits)
        bn, m = self.t("€{amount}bn", amount=text), self.t("€{amount}m", amount=text)
        amount = bn if digits else m
        if round(scaled, digits) == 0:
            return amount
        if sign and meur > 0:
            return "+" + amount
        return "\u2212" + amount if meur < 0 else amount

    def share(self, value: float) -> str:
        """A share as a whole percentage (91% / 91 %)."""
        return self.t("{percent}%", percent=self.number(100 * value))

    # the Summary's and the terminal's words: in English exactly as ``words`` writes them

    @property
    def english(self) -> bool:
        return self.code == "en"

    def meur(self, value: float, *, signed: bool = False) -> str:
        """An amount in €m as ``words.meur_text`` gives it, in the language's format
        ('€1,100m' / '€ 1.100 mln' / '1 100 M€'; '€53.8m' / '€ 53,8 mln')."""
        english = meur_text(value, signed=signed)
        if self.english:
            return english
        digits = len(english.split(".")[1].rstrip("m")) if "." in english else 0
        text = self.t("€{amount}m", amount=self.number(abs(value), digits))
        if english == "€0m":
            return self.t("€{amount}m", amount="0")
        if value < 0:
            return "\u2212" + text
        return "+" + text if signed else text

    def bn(self, meur: float) -> str:
        """An amount in billions from €1bn, else in millions ('€37.0bn', '€850m')."""
        if self.english:
            return f"€{meur / 1000:,.1f}bn" if abs(meur) >= 1000 else f"€{meur:,.0f}m"
        return self.money(meur)

    def percent(self, share: float) -> str:
        """A share as ``words.share_text`` gives it ('17%', '1.5%' / '1,5%' / '1,5 %')."""
        english = share_text(share)
        if self.english:
            return english
        digits = 1 if "." in english else 0
        return self.t("{percent}%", percent=self.number(100 * share, digits))

    def whole_percent(self, share: float, digits: int = 0) -> str:
        """A share at a fixed number of decimals ('90%', '3.0%' / '3,0%' / '3,0 %')."""
        if self.english:
            return f"{share:.{digits}%}"
        return self.t("{percent}%", percent=self.number(100 * share, digits))

    def decimal(self, value: float) -> str:
        """A number as Python's ``g`` writes it ('1.33' / '1,33')."""
        return f"{value:g}" if self.english else f"{value:g}".replace(".", ",")

    def count(self, value: float) -> str:
        """A whole count ('38,742' / '38.742' / '38 742')."""
        return f"{value:,.0f}" if self.english else self.number(value)

    def signed_count(self, value: float) -> str:
        """A count with its sign ('+1,324', '-54' in English as the Summary wrote it)."""
        return f"{value:+,.0f}" if self.english else self.signed(value)

    def objective(self, value: float, mode: str, *, digits: int = 2) -> str:
        """An amount of the objective as ``words.value_text`` gives it ('€1.25m of value' /
        '€ 1,25 mln waarde' / '1,25 M€ de valeur'; in lexicographic mode its net jobs)."""
        if self.english:
            return value_text(value, mode, digits=digits)
        english = amount_text(value, euros=False, digits=digits)
        number = ("\u2212" if english.startswith("−") else "") + self.number(abs(value), digits)
        if mode == "lexicographic":
            return self.t(
                "{amount} net jobs (discounted, with net output held at its best)", amount=number
            )
        amount = self.t("€{amount}m", amount=self.number(abs(value), digits))
        sign = "\u2212" if english.startswith("−") else ""
        return self.t("{amount} of value", amount=sign + amount)

    def listed(self, parts: Iterable[str]) -> str:
        """Clauses joined by semicolons as the language writes them ('a; b' / 'a ; b', a
        no-break space before a French semicolon)."""
        return self.t("{left}; {right}", left="", right="").join(parts)

    def date(self, day: dt.date) -> str:
        """A date in words (6 December 2026 / 6 december 2026 / 6 décembre 2026)."""
        return format_date(day, format="long", locale=self.locale)


def money_digits(meur: float) -> tuple[int, float]:
    """(decimals printed, number printed before rounding) of an amount in €m: billions with
    one decimal from €1bn, whole millions below."""
    if round(abs(meur)) >= BILLION:
        return 1, meur / 1000.0
    return 0, meur


@cache
def _english_of() -> dict[str, str]:
    """Each Dutch and French translation of a message without placeholders -> its English."""
    found: dict[str, str] = {}
    for code in LANGUAGES:
        if code == ENGLISH:
            continue
        catalog = read_po(io.StringIO(catalogue_text(code)), locale=LOCALES[code], domain=DOMAIN)
        for message in catalog:
            if message.id and isinstance(message.id, str) and isinstance(message.string, str):
                found.setdefault(message.string, message.id)
    return found


def english(text: str) -> str:
    """The English of a label a results workbook shows in Dutch or French (a figure's name,
    a header), so that a workbook is read back in any language; other text as it is."""
    return _english_of().get(text, text)
