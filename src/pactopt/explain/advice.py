"""Where the next euro would do most: the Summary's last sentence, in the levers the workbook
allows (in budget-neutral mode a line's shift cap, never new money)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pactopt.explain.binding import current_entries
from pactopt.i18n import Lang
from pactopt.model.registry import MarginalKind, row_name, rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries


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


def _when(duals: pd.Series, key: Any, year: int, value: float, lang: Lang) -> str:
    """'in 2027', or 'in each of 2026-2031' when other years of the same line or funder are
    worth as much (naming one of equal years would single it out for no reason)."""
    tied = sorted(
        y for (k, y), v in entries(duals) if k == key and abs(v - value) <= 1e-6 * max(1, value)
    )
    if len(tied) <= 1:
        return lang.t("in {year}", year=year)
    if tied == list(range(tied[0], tied[-1] + 1)):
        return lang.t("in each of {years}", years=f"{tied[0]}-{tied[-1]}")
    return lang.t(
        "in each of {years} and {last}", years=", ".join(map(str, tied[:-1])), last=tied[-1]
    )


def next_euro_sentence(data: PactData, result: Solution, lang: Lang | None = None) -> str:
    """Where the next €m would do most, in the levers the workbook allows: in budget-neutral
    mode a higher shift cap (its value is net of what the line would have produced), with new
    money allowed also one more €m of a funder's money (in ``lang``)."""
    lang = lang or Lang("en")
    conditional = " " + lang.t("with the projects and switches as chosen") if result.is_mip else ""
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
                lang.t(
                    "of the shift caps, the most valuable to raise is that of {line} "
                    "{when}{cells}: one more €m shifted adds {value}{conditional}, net of what "
                    "the line would have produced",
                    line=row_name(data, "budget_lines", line),
                    when=_when(result.duals[name], line, year, value, lang),
                    cells=cells,
                    value=lang.objective(value, result.mode),
                    conditional=conditional,
                ),
            )
        )
    if money is not None:
        name, (funder, year), value = money
        parts.append(
            (
                value,
                lang.t(
                    "of new money, one more €m of {funder} money would do most {when}, adding "
                    "{value}{conditional}",
                    funder=row_name(data, "funders", funder),
                    when=_when(result.duals[name], funder, year, value, lang),
                    value=lang.objective(value, result.mode),
                    conditional=conditional,
                ),
            )
        )
    parts.sort(key=lambda part: -part[0])
    if not parts:
        if data.settings.budget_neutral:
            return lang.t(
                "No higher shift cap would add value{conditional}.", conditional=conditional
            )
        return lang.t(
            "Neither more money nor a higher shift cap would add value{conditional}.",
            conditional=conditional,
        )
    text = lang.listed(words for _, words in parts)
    if data.settings.budget_neutral:
        return lang.t("The workbook allows no new money, so {text}.", text=text)
    return text[0].upper() + text[1:] + "."
