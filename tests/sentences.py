"""The sentence harness (issue 26): every number a sentence states is checked against the
table it comes from. A number is read with the precision it is printed at ('€1,182m' is
1,182 ± 0.5, '€44.5bn' is 44,500 ± 50, '91.4%' is 0.914 ± 0.0005) and must match a value of
its source: a row of the same table, the table as a whole, or the numbers a sentence is
composed from. Cell references ('Instruments!H20', 'Settings!B10') and source notes are not
numbers of the plan and are skipped.

What it cannot see: a number that matches some other value of its source by accident. The
sources are kept as narrow as each sentence allows (a Binding row's sentence against that
row), so such a coincidence is unlikely where it matters.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

# a cell reference ('Instruments!H20', 'BudgetLines!D7'), a bare one in a list ('D3'), a
# source note's line reference ('L564-570'), a seed, an id with digits ('HC1', 'EG1', 'p5')
_SKIP = re.compile(
    r"[A-Za-z]+!\$?[A-Z]{1,3}\$?\d+"
    r"|\bL\d+(?:-\d+)?\b"
    r"|\b[A-Z]{1,3}\d+[a-z]?\b"
    r"|\b[a-z]+_[a-z_0-9]+\b"
    r"|\bp\d+\b"
)
_NUMBER = re.compile(
    r"(?P<sign>[+\-−]?)(?P<euro>€?)(?P<num>\d[\d,]*(?:\.\d+)?)(?P<unit>bn|m|k|%)?(?![\w.])"
)


@dataclass(frozen=True)
class Stated:
    """A number as a sentence states it: its value and how far the print may round it."""

    text: str
    value: float
    slack: float
    percent: bool
    money: bool = False  # an amount in €m (a € sign with a unit): never a bare count


def stated_numbers(sentence: str) -> list[Stated]:
    """Every number ``sentence`` states, cell references and ids left out."""
    clean = _SKIP.sub(" ", sentence)
    found = []
    for match in _NUMBER.finditer(clean):
        raw = match.group("num").replace(",", "")
        if raw.endswith("."):
            raw = raw[:-1]
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value = float(raw)
        slack = 0.5 * 10.0**-decimals + 1e-9
        unit = match.group("unit") or ""
        if unit == "bn" or unit == "k":
            value, slack = value * 1000, slack * 1000
        if match.group("sign") in ("-", "−"):
            value = -value
        found.append(Stated(match.group(0), value, slack, unit == "%"))
    return found


Source = tuple[float, float]  # a value and how far its own print may round it (0: exact)


def table_values(
    *tables: pd.DataFrame | pd.Series | Iterable[object] | float | str,
) -> list[Source]:
    """Every finite number of ``tables`` (frames, series, scalars, numbers inside text cells
    such as a limit's phrase, with the precision they are printed at), with its sign both
    ways (a sentence states '−€56m' or 'away by €56m')."""
    out: list[Source] = []

    def add(value: object) -> None:
        if isinstance(value, bool) or value is None:
            return
        if isinstance(value, tuple) and len(value) == 2:  # a Source already
            out.append((float(value[0]), float(value[1])))
            return
        if isinstance(value, int | float):
            if math.isfinite(float(value)):
                out.extend(((float(value), 0.0), (-float(value), 0.0)))
        elif isinstance(value, str):
            for n in stated_numbers(value):
                out.extend(((n.value, n.slack), (-n.value, n.slack)))

    for table in tables:
        if isinstance(table, pd.DataFrame):
            for column in table.columns:
                add(column)
                for value in table[column].tolist():
                    add(value)
        elif isinstance(table, pd.Series):
            for value in table.tolist():
                add(value)
        elif isinstance(table, int | float | str):
            add(table)
        else:
            for value in table:
                add(value)
    return out


def unmatched(
    sentence: str,
    sources: list[Source],
    read: Callable[[str], list[Stated]] = stated_numbers,
) -> list[str]:
    """The numbers of ``sentence`` (as ``read`` finds them) that match no value of
    ``sources`` at their printed precision (a share printed as a percent matches the
    fraction or the percent)."""
    wrong = []
    for n in read(sentence):
        targets = [n.value, n.value / 100] if n.percent else [n.value]
        slacks = [n.slack, n.slack / 100] if n.percent else [n.slack]
        if not any(
            abs(s - t) <= (slack + own) * (1 + 1e-9) + 1e-9 * abs(t)
            for s, own in sources
            for t, slack in zip(targets, slacks, strict=True)
        ):
            wrong.append(n.text)
    return wrong


def check(
    sentence: str, *sources: pd.DataFrame | pd.Series | Iterable[object] | float | str
) -> None:
    """Fail naming each number of ``sentence`` that is in none of ``sources``."""
    wrong = unmatched(sentence, table_values(*sources))
    assert not wrong, f"numbers {wrong} are in no source table of: {sentence}"


# How each language of the brief writes a number (group, decimal) and an amount: en
# '€44.5bn', '€850m', '38,742'; nl '€ 44,5 mld', '€ 850 mln', '38.742'; fr '44,5 Md€',
# '850 M€', '38 742' (a narrow no-break space, U+202F). Written out here, not asked of Babel,
# so that the harness reads the page as a person would, not as the code wrote it.
_SEPARATORS = {"en": (",", "."), "nl": (".", ","), "fr": ("\u202f", ",")}
_BILLIONS = ("bn", "mld", "Md€")
_MILLIONS = ("m", "mln", "M€")


def _localized(lang: str) -> re.Pattern[str]:
    group, decimal = (re.escape(s) for s in _SEPARATORS[lang])
    number = rf"\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?"
    sign = r"(?P<sign>[+\u2212]|(?<![\w.,])-)?"
    if lang == "fr":  # the unit follows: '44,5 Md€', '1,33 €', '91 %'
        return re.compile(
            rf"{sign}(?P<num>{number})(?:[ \u00a0\u202f]?(?P<unit>Md€|M€|€|%))?(?!\w)"
        )
    euro = r"(?P<euro>€[ \u00a0]?)?"
    units = "bn|m|%" if lang == "en" else r"[ \u00a0](?:mld|mln)|%"
    return re.compile(rf"{sign}{euro}(?P<num>{number})(?P<unit>{units})?(?!\w)")


def brief_numbers(text: str, lang: str) -> list[Stated]:
    """Every number ``text`` states as the brief writes it in ``lang`` (nl, fr or en), with
    the precision it is printed at: an amount in billions is in €m ('€ 44,5 mld' is
    44,500 ± 50), one in millions too ('850 M€' is 850 ± 0.5); a euro amount without unit
    ('€1.33' of output per euro) and a count are as written; a percent is flagged."""
    group, decimal = _SEPARATORS[lang]
    found = []
    for match in _localized(lang).finditer(text):
        raw = match.group("num").replace(group, "").replace(decimal, ".")
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        value, slack = float(raw), 0.5 * 10.0**-decimals + 1e-9
        unit = (match.group("unit") or "").strip()
        if unit in _BILLIONS:
            value, slack = value * 1000, slack * 1000
        if match.group("sign") in ("-", "\u2212"):
            value = -value
        money = unit in _BILLIONS + _MILLIONS
        found.append(Stated(match.group(0), value, slack, unit == "%", money))
    return found
