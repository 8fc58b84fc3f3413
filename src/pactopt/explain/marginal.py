"""Marginal values: what one more €m is worth where a planner can act — each public funder's
money per year, each budget line's shift cap per year, each binding limit — and the output
per € at which an unfunded instrument would be funded. Which rules appear, and in which
section, comes from each rule's declaration (``marginal=``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pactopt.analysis.plans import EntryThreshold
from pactopt.explain.binding import TOL, current_entries
from pactopt.explain.limit_sentences import describe
from pactopt.model.accounting import discount_factor
from pactopt.model.registry import MarginalKind
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries
from pactopt.words import amount_text, meur_text, value_text

COLUMNS = [
    "what",
    "value_per_meur",
    "valid_from_meur",
    "valid_to_meur",
    "limit_now_meur",
    "change_down_meur",
    "change_up_meur",
    "output_meur_per_meur",
    "jobs_per_meur",
    "savings_meur_per_meur",
    "meaning",
]


def _range(solution: Solution, name: str, index: tuple[Any, ...]) -> dict[str, float]:
    """One convention for every row: the limit's validity range as absolute values of the
    limit itself (valid_from, valid_to), its current value, and the range as changes from it
    (a money row's limit is the funder's extra money that year, 0 now)."""
    low, high = solution.interval(name, index)
    now = solution.bound(name, index)
    return {
        "valid_from_meur": low,
        "valid_to_meur": high,
        "limit_now_meur": now,
        "change_down_meur": low - now,
        "change_up_meur": high - now,
    }


def _per_meur(value: float, unit: str = "€") -> str:
    """'€1.25m', '−€0.40m' (a true minus sign, never a signed zero); jobs without '€'."""
    return amount_text(value, euros=unit == "€")


def _effect_text(effect: tuple[float, ...] | None) -> str:
    if effect is None:
        return ""
    return (
        f": {_per_meur(effect[0])} of net output, {_per_meur(effect[1], 'jobs')} net jobs and "
        f"{_per_meur(effect[2])} of savings, discounted"
    )


def _room_text(high: float, current: float) -> str:
    """', for up to €3m more', or, when the range leaves no room, that the value holds at the
    current level only (a degenerate basis: the next €m may be worth less); '' when HiGHS
    gave no range."""
    if math.isnan(high) or math.isnan(current):
        return ""
    if high - current <= 1e-9:
        return ", at the current level only (the next €m may be worth less)"
    return f", for up to {meur_text(high - current)} more"


def _money_rows(data: PactData, solution: Solution, name: str, tail: str) -> list[dict[str, Any]]:
    rows = []
    for (funder, year), dual in current_entries(data, solution, name):
        effect = solution.money_effect(funder, year)
        span = _range(solution, name, (funder, year))
        rows.append(
            {
                "what": f"One more €m of {data.row('funders', funder).name} money in {year}",
                "value_per_meur": dual,
                **span,
                "output_meur_per_meur": effect[0] if effect else None,
                "jobs_per_meur": effect[1] if effect else None,
                "savings_meur_per_meur": effect[2] if effect else None,
                "meaning": f"adds {value_text(dual, solution.mode)}{_effect_text(effect)}"
                f"{_room_text(span['valid_to_meur'], span['limit_now_meur'])}{tail}",
            }
        )
    return rows


def _shift_rows(data: PactData, solution: Solution, name: str, tail: str) -> list[dict[str, Any]]:
    rows = []
    for (line, year), dual in current_entries(data, solution, name):
        if abs(dual) <= TOL:
            continue
        span = _range(solution, name, (line, year))
        rows.append(
            {
                "what": f"Shifting one more €m from {data.row('budget_lines', line).name} "
                f"in {year}",
                "value_per_meur": dual,
                **span,
                "meaning": f"adds {value_text(dual, solution.mode)} while the cap lies between "
                f"{meur_text(span['valid_from_meur'])} and {meur_text(span['valid_to_meur'])} "
                f"(now {meur_text(span['limit_now_meur'])}){tail}",
            }
        )
    return rows


def _limit_rows(data: PactData, solution: Solution, name: str, tail: str) -> list[dict[str, Any]]:
    rule = solution.rule(name)
    rows = []
    for index, dual in current_entries(data, solution, name):
        if abs(dual) <= TOL:
            continue
        cells = ", ".join(rule.cells_of(data, index)) if rule else ""
        rows.append(
            {
                "what": f"Limit: {describe(rule, name, data, index)} ({cells})",
                "value_per_meur": dual,
                **_range(solution, name, index),
                "meaning": f"moving the limit by €1m changes the value by {_per_meur(dual)}{tail}",
            }
        )
    return rows


SECTIONS = {
    MarginalKind.MONEY: _money_rows,
    MarginalKind.SHIFT: _shift_rows,
    MarginalKind.LIMIT: _limit_rows,
}


def marginal_table(
    data: PactData,
    solution: Solution,
    thresholds: Mapping[str, EntryThreshold] | None = None,
) -> pd.DataFrame:
    """Marginal values, section by section (money, shifts, limits in the rules' build
    order), then the unfunded instruments."""
    tail = (
        " (conditional on the project and switch decisions)" if solution.duals_conditional else ""
    )
    rows: list[dict[str, Any]] = []
    for kind, section in SECTIONS.items():
        for rule in solution.rules.values():
            if rule.marginal is kind:
                rows += section(data, solution, rule.name, tail)
    rows += _unfunded(data, solution, thresholds or {})
    return pd.DataFrame(rows, columns=COLUMNS)


def _unfunded(
    data: PactData, solution: Solution, thresholds: Mapping[str, EntryThreshold]
) -> list[dict[str, Any]]:
    """'Would be funded if its output per € exceeded X' for instruments left at zero: from
    a re-solve with €1m forced in when one was run (``thresholds``, exact at a degenerate
    optimum too), else from the reduced costs of its columns."""
    costs_of: dict[str, list[tuple[int, float]]] = {}  # grouped once, not scanned per row
    for (i, _, y), cost in entries(solution.reduced_costs.get("funding")):
        costs_of.setdefault(i, []).append((y, cost))
    spent: dict[str, float] = {}
    for (i, _, _), v in solution.value_map("funding").items():
        spent[i] = spent.get(i, 0.0) + v
    weight = data.settings.weight_output
    rate = data.settings.discount_rate
    first = data.years[0]
    rows = []
    for row in data.instruments:
        if spent.get(row.id, 0.0) > TOL or weight <= 0:
            continue
        if (known := thresholds.get(row.id)) is not None:
            if known.needed_output_per_eur is None or known.value_lost_per_meur is None:
                rows.append(
                    _unfunded_row(row.name, None, row.output_per_eur_central)
                    | {"value_per_meur": None}
                )
                continue
            rows.append(
                _unfunded_row(row.name, known.needed_output_per_eur, row.output_per_eur_central)
                | {"value_per_meur": -known.value_lost_per_meur}
            )
            continue
        gaps = [
            abs(cost) / (weight * discount_factor(rate, first, y + row.impact_lag_years))
            for y, cost in costs_of.get(row.id, ())
        ]
        # at a degenerate optimum some columns at zero are basic with a zero reduced cost
        # that says nothing about entering; use the others when there are any
        gaps = [g for g in gaps if g > TOL] or gaps
        if not gaps:
            continue
        needed = row.output_per_eur_central + max(0.0, min(gaps))
        rows.append(
            _unfunded_row(row.name, needed, row.output_per_eur_central)
            | {"value_per_meur": -min(gaps) * weight}
        )
    return rows


def _unfunded_row(name: str, needed: float | None, now: float) -> dict[str, Any]:
    meaning = (
        "cannot be funded within the other rules as they stand, whatever its output per €"
        if needed is None
        else f"would be funded if its output per € exceeded {needed:.2f} (now {now:.2f})"
    )
    return {
        "what": f"Unfunded: {name}",
        "valid_from_meur": None,
        "valid_to_meur": None,
        "meaning": meaning,
    }
