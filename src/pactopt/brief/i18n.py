"""The brief's languages: gettext catalogues (``locale/<lang>.po``, compiled in memory by
Babel when first used, so that nothing is run by hand after ``pip install``) and the way
numbers, euros and dates read in nl-BE, fr-BE and en-GB."""

from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

LANGUAGES = ("nl", "fr", "en")
LOCALES = {"nl": "nl_BE", "fr": "fr_BE", "en": "en_GB"}
DOMAIN = "brief"
BILLION = 1000.0  # €m: from this amount on an amount reads in billions


class LanguageError(ValueError):
    """A language the brief has no catalogue for."""


def catalogue_text(lang: str) -> str:
    """The ``.po`` file of a language, as shipped in the package."""
    if lang not in LANGUAGES:
        known = ", ".join(LANGUAGES)
        raise LanguageError(f"unknown language '{lang}': the brief speaks {known}")
    return (resources.files(__package__) / "locale" / f"{lang}.po").read_text(encoding="utf-8")


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogue of ``lang`` (compiled once per process, in memory)."""
    catalog = read_po(io.StringIO(catalogue_text(lang)), locale=LOCALES[lang], domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


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

    def date(self, day: dt.date) -> str:
        """A date in words (6 December 2026 / 6 december 2026 / 6 décembre 2026)."""
        return format_date(day, format="long", locale=self.locale)


def money_digits(meur: float) -> tuple[int, float]:
    """(decimals printed, number printed before rounding) of an amount in €m: billions with
    one decimal from €1bn, whole millions below."""
    if round(abs(meur)) >= BILLION:
        return 1, meur / 1000.0
    return 0, meur
