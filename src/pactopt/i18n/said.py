"""Words said once and read in any language: a catalogue message with named values, kept
until the reader's language is known (a rule's phrase is declared with the model, and read
on the Summary, the terminal or the brief in nl, fr or en).

    said("{instrument} is at its ceiling", instrument="Fibre")

A value is filled as it is, except an amount (``Meur``), a share (``Share``) and another
``Said``, which are worded in the reader's language ('€1,000m' / '€ 1.000 mln' / '1 000 M€').
An extension's phrase may stay a plain string: it is shown as it is, in every language.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pactopt.i18n import Lang, translations

VOWELS = frozenset("AEIOUYÀÂÉÈÊÎÔÛaeiouyàâéèêîôû")


@dataclass(frozen=True)
class Meur:
    """An amount in €m, worded as ``words.meur_text`` words it, in the reader's language."""

    value: float


@dataclass(frozen=True)
class Share:
    """A share, worded as ``words.share_text`` words it, in the reader's language."""

    value: float


@dataclass(frozen=True)
class Said:
    """A catalogue message (its English is its id) and the values of its placeholders."""

    message: str
    values: Mapping[str, object] = field(default_factory=dict)

    def read(self, lang: Lang | None = None) -> str:
        """The words in ``lang`` (English by default); in French 'de' before a value that
        opens with a vowel is elided ('la part publique minimale d'Interregional …')."""
        lang = lang or Lang("en")
        words = {k: worded(v, lang) for k, v in self.values.items()}
        if lang.code != "fr":
            return lang.t(self.message, **words)
        template = translations(lang.code).gettext(self.message)
        for key, word in words.items():
            if word[:1] in VOWELS:
                template = re.sub(rf"\b([Dd])e \{{{key}\}}", rf"\1'{{{key}}}", template)
        return template.format(**words)

    def __str__(self) -> str:
        return self.read()


def said(message: str, **values: object) -> Said:
    """``message`` (a literal: the catalogues find it here) with its placeholders' values."""
    return Said(message, values)


def worded(value: object, lang: Lang | None = None) -> str:
    """A value of a message, or a phrase (``Said`` or a plain string), in ``lang``."""
    lang = lang or Lang("en")
    if isinstance(value, Said):
        return value.read(lang)
    if isinstance(value, Meur):
        return lang.meur(value.value)
    if isinstance(value, Share):
        return lang.percent(value.value)
    return str(value)
