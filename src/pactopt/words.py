"""Words and numbers for planners: how an amount, a share, a value or a project reads in a
sentence. Stage-free, like ``errors``: every stage that speaks to a planner (the families'
phrases, the explanations, the reports) uses these, so an amount reads the same everywhere
and a translation has one place to start from."""

from __future__ import annotations

import math


def project_words(name: str) -> str:
    """'project X' for a project named X, or the name alone when it already says 'project'
    (so 'project 1' never reads 'project project 1')."""
    return name if name.lower().startswith("project") else f"project {name}"


# in lexicographic mode the reported plan, its duals and its decisions' values are those of
# the second stage: most net jobs with net output held at its best
LEXICOGRAPHIC_UNIT = "net jobs (discounted, with net output held at its best)"


def value_text(value: float, mode: str, *, digits: int = 2) -> str:
    """An amount of the objective in a sentence: '€1.25m of value' (a true minus sign, never
    '−€0.00m'); in lexicographic mode, whose duals are of its jobs stage, '2.67 net jobs
    (discounted, with net output held at its best)'."""
    if mode == "lexicographic":
        return f"{amount_text(value, euros=False, digits=digits)} {LEXICOGRAPHIC_UNIT}"
    return f"{amount_text(value, digits=digits)} of value"


def amount_text(value: float, *, euros: bool = True, digits: int = 2) -> str:
    """'€1.25m', '−€0.40m' (a true minus sign, never a signed zero); '2.67' without euros."""
    text = f"{abs(value):,.{digits}f}"
    sign = "−" if value < 0 and float(text.replace(",", "")) != 0 else ""
    return f"{sign}€{text}m" if euros else f"{sign}{text}"


def eur_text(value: float, *, digits: int = 2) -> str:
    """An amount in euros, not millions, for a per-€ figure: '€1.33', '−€0.05'."""
    return amount_text(value, digits=digits).removesuffix("m")


def meur_text(value: float, *, signed: bool = False) -> str:
    """An amount for a sentence: '€1,234m', '€12.5m' below €100m and '€0.17m' below €10m
    when not whole (so that parts add up to the total they are said to make), a true minus
    sign for a negative amount ('−€135m'), never '−€0m'; ``signed`` adds '+' to positive
    amounts."""
    size = abs(value)
    fraction = abs(value - round(value)) if math.isfinite(value) else 0.0
    digits = 2 if 0 < size < 10 and fraction > 5e-3 else 1 if size < 100 and fraction > 0.05 else 0
    magnitude = f"€{abs(value):,.{digits}f}m"
    if float(f"{abs(value):.{digits}f}") == 0:
        return "€0m"
    if value < 0:
        return f"−{magnitude}"
    return f"+{magnitude}" if signed else magnitude


def distinct_digits(*values: float, most: int = 4) -> int:
    """The fewest decimals (up to ``most``) at which values that differ print differently:
    '47,977 instead of 47,977' says they are equal when they are not."""
    for digits in range(most + 1):
        if len({f"{v:,.{digits}f}" for v in values}) == len(set(values)):
            return digits
    return most


def share_text(share: float) -> str:
    """A share for a sentence: '17%', '1.5%' (one decimal when a whole percent is not
    exact)."""
    percent = share * 100
    return f"{percent:.0f}%" if abs(percent - round(percent)) < 1e-6 else f"{percent:.1f}%"


def change_text(change: float, *, most: int = 2) -> str:
    """A relative change for a sentence: '+0.3%', '−0.1%', '+0.04%' (the fewest decimals,
    up to ``most``, at which it is not 0), '0%' when it rounds to nothing at ``most``: never
    '−0.0%'."""
    percent = change * 100
    for digits in range(1, most + 1):
        text = f"{abs(percent):.{digits}f}"
        if float(text) != 0:
            return f"{'−' if percent < 0 else '+'}{text}%"
    return "0%"


def count_text(value: float) -> str:
    """A count for a sentence (jobs): '38,737', a true minus sign, never '−0'."""
    text = f"{abs(value):,.0f}"
    return f"−{text}" if value < 0 and text != "0" else text
