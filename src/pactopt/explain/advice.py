"""Where the next euro would do most: the Summary's last sentence, in the levers the workbook
allows (in budget-neutral mode a line's shift cap, never new money)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pactopt.explain.binding import current_entries
from pactopt.model.registry import MarginalKind, row_name, rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries
from pactopt.words import value_text


def _best(
    data: PactData, result: Solution, kind: MarginalKind
) -> tuple[str, tuple[Any, ...], float] | None:
    """The rule of Marginal kind ``kind`` and its entry with the largest dual, when one adds
    value, in a year the plan can still change: (rule name, index, dual)."""
    found = [
        (rule.name, index, value)
        for rule in rules_with(result.rules.values(), kind=kind)
        for index, value in current_entries(data, result, rule.name)
    ]
    if not found:
        return None
    best = max(found, key=lambda found: found[2])
    return best if best[2] > 1e-6 else None


def _when(duals: pd.Series, key: Any, year: int, value: float) -> str:
    """'in 2027', or 'in each of 2026-2031' when other years of the same line or funder are
    worth as much (naming one of equal years would single it out for no reason)."""
    tied = sorted(
        y for (k, y), v in entries(duals) if k == key and abs(v - value) <= 1e-6 * max(1, value)
    )
    if len(tied) <= 1:
        return f"in {year}"
    if tied == list(range(tied[0], tied[-1] + 1)):
        return f"in each of {tied[0]}-{tied[-1]}"
    return f"in each of {', '.join(map(str, tied[:-1]))} and {tied[-1]}"


def next_euro_sentence(data: PactData, result: Solution) -> str:
    """Where the next €m would do most, in the levers the workbook allows: in budget-neutral
    mode a higher shift cap (its value is net of what the line would have produced), with new
    money allowed also one more €m of a funder's money."""
    conditional = " with the projects and switches as chosen" if result.is_mip else ""
    shift = _best(data, result, MarginalKind.SHIFT)
    money = None if data.settings.budget_neutral else _best(data, result, MarginalKind.MONEY)
    # (value, text): the larger lever first, so that 'most' is said of the one worth most
    parts: list[tuple[float, str]] = []
    if shift is not None:
        name, (line, year), value = shift
        rule = result.rule(name)
        cells = f" ({', '.join(rule.cells_of(data, (line, year)))})" if rule else ""
        parts.append(
            (
                value,
                "of the shift caps, the most valuable to raise is that of "
                f"{row_name(data, 'budget_lines', line)} "
                f"{_when(result.duals[name], line, year, value)}{cells}: one more €m "
                f"shifted adds {value_text(value, result.mode)}{conditional}, "
                "net of what the line would have produced",
            )
        )
    if money is not None:
        name, (funder, year), value = money
        parts.append(
            (
                value,
                f"of new money, one more €m of {row_name(data, 'funders', funder)} money would "
                f"do most {_when(result.duals[name], funder, year, value)}, "
                f"adding {value_text(value, result.mode)}{conditional}",
            )
        )
    parts.sort(key=lambda part: -part[0])
    if not parts:
        if data.settings.budget_neutral:
            return f"No higher shift cap would add value{conditional}."
        return f"Neither more money nor a higher shift cap would add value{conditional}."
    text = "; ".join(words for _, words in parts)
    if data.settings.budget_neutral:
        return f"The workbook allows no new money, so {text}."
    return text[0].upper() + text[1:] + "."
