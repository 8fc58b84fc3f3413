"""Explanations in the planner's terms: marginal values with their validity ranges, binding
rules as sentences naming the workbook cells and the euros at stake.

Values are in objective units: €m of weighted value, i.e. output + €m-per-job × jobs +
weight × savings − what shifted lines would have produced (Settings). A dual is the change of
that value for one more €m on the right-hand side of a constraint; for a MILP it is the dual
of the LP with every integer decision fixed, and is labelled as conditional on them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from pactopt.model.origins import cells_of
from pactopt.schema.data import PactData
from pactopt.solve import SolveResult

TOL = 1e-6
# definitions rather than rules: true in every plan, so no use in an explanation
IDENTITIES = frozenset({"shift_destination", "curve_fill", "jobs_other_potential"})
Phrase = Callable[[PactData, tuple[Any, ...]], str]


def _name(data: PactData, sheet_rows: str, key: str) -> str:
    row = data.row(sheet_rows, key)
    return key if row is None else str(row.name)


def _year(index: tuple[Any, ...]) -> str:
    return f"{index[-1]}: " if isinstance(index[-1], int) and index[-1] > 1900 else ""


PHRASES: dict[str, Phrase] = {
    "public_balance": lambda d, ix: f"all money of {_name(d, 'funders', ix[0])} is spent",
    "eu_balance": lambda d, ix: f"all money of {_name(d, 'funders', ix[0])} is spent",
    "new_money_total": lambda d, ix: f"new money of {_name(d, 'funders', ix[0])} is at its cap",
    "new_money_year": lambda d, ix: (
        f"new money of {_name(d, 'funders', ix[0])} is at its yearly cap"
    ),
    "budget_neutral": lambda d, ix: (
        f"{_name(d, 'funders', ix[0])} may add no new money (budget-neutral mode)"
    ),
    "shift_limit": lambda d, ix: _shift_phrase(d, ix),
    "shift_destination": lambda d, ix: (
        f"shifted money of {_name(d, 'funders', ix[0])} fills "
        f"its spending on {_name(d, 'instruments', ix[1])}"
    ),
    "savings_recycling": lambda d, ix: "recycled savings are at their limit",
    "private_leverage": lambda d, ix: (
        f"private money for {_name(d, 'instruments', ix[0])} is at its leverage limit"
    ),
    "public_share_min": lambda d, ix: (
        f"{_name(d, 'instruments', ix[0])} is at its least public share"
    ),
    "public_share_max": lambda d, ix: (
        f"{_name(d, 'instruments', ix[0])} is at its most public share"
    ),
    "instrument_min_total": lambda d, ix: f"{_name(d, 'instruments', ix[0])} is at its floor",
    "instrument_max_total": lambda d, ix: f"{_name(d, 'instruments', ix[0])} is at its ceiling",
    "capacity": lambda d, ix: f"{_name(d, 'instruments', ix[0])} is at its yearly capacity",
    "ramp_up": lambda d, ix: f"{_name(d, 'instruments', ix[0])} grows as fast as allowed",
    "domain_floor": lambda d, ix: f"{_name(d, 'domains', ix[0])} is at its floor",
    "domain_ceiling": lambda d, ix: f"{_name(d, 'domains', ix[0])} is at its ceiling",
    "total_floor": lambda d, ix: "the pact is at its least total",
    "total_ceiling": lambda d, ix: "the pact is at its most total",
    "precedence": lambda d, ix: f"the precedence {ix[0].replace('>', ' before ')} binds",
    "maintenance": lambda d, ix: f"{_name(d, 'instruments', ix[0])} spends just its upkeep",
    "segment_width": lambda d, ix: f"{_name(d, 'instruments', ix[0])} fills curve segment {ix[1]}",
    "switch_private_cap": lambda d, ix: f"private money under switch {ix[0]} is at its cap",
    "skills_bottleneck": lambda d, ix: "jobs outside reskilling are limited by reskilling",
    "jobs_other_potential": lambda d, ix: "jobs outside reskilling are all credited",
    "project_cost": lambda d, ix: (
        f"{_name(d, 'instruments', ix[0])} spends just its projects' cost"
    ),
}


LIMITS: dict[str, Phrase] = {
    "domain_floor": lambda d, ix: f"the floor of {_name(d, 'domains', ix[0])}",
    "domain_ceiling": lambda d, ix: f"the ceiling of {_name(d, 'domains', ix[0])}",
    "instrument_min_total": lambda d, ix: f"the floor of {_name(d, 'instruments', ix[0])}",
    "instrument_max_total": lambda d, ix: f"the ceiling of {_name(d, 'instruments', ix[0])}",
    "capacity": lambda d, ix: f"the yearly capacity of {_name(d, 'instruments', ix[0])}",
    "shift_limit": lambda d, ix: f"the shift cap of {_name(d, 'budget_lines', ix[0])}",
    "public_share_min": lambda d, ix: f"the least public share of {_name(d, 'instruments', ix[0])}",
    "public_share_max": lambda d, ix: f"the most public share of {_name(d, 'instruments', ix[0])}",
    "total_floor": lambda d, ix: "the pact's total floor",
    "total_ceiling": lambda d, ix: "the pact's total ceiling",
    "new_money_total": lambda d, ix: f"the new-money cap of {_name(d, 'funders', ix[0])}",
    "project_mandatory": lambda d, ix: f"mandatory project {ix[0]}",
    "project_cost": lambda d, ix: f"the projects' cost on {_name(d, 'instruments', ix[0])}",
}


def _shift_phrase(data: PactData, index: tuple[Any, ...]) -> str:
    line = data.row("budget_lines", index[0])
    baseline = line.baseline_meur.get(index[1]) or 0.0
    cap = line.max_shift_share * baseline
    return (
        f"the shift from {line.name} is at its cap of {line.max_shift_share:.0%} "
        f"of €{baseline:,.0f}m (€{cap:,.0f}m)"
    )


def _interval(result: SolveResult, rule: str, index: tuple[Any, ...]) -> tuple[float, float]:
    return result.ranges.get(rule, {}).get(index, (float("nan"), float("nan")))


def binding_table(data: PactData, result: SolveResult) -> pd.DataFrame:
    """One row per binding constraint (non-zero dual), largest value first, with a sentence
    naming the workbook cells and the euros at stake."""
    rows = []
    for rule, values in result.duals.items():
        for index, dual in values.items():
            if abs(dual) <= TOL:
                continue
            cells = cells_of(data, rule, index)
            what = PHRASES[rule](data, index) if rule in PHRASES else rule.replace("_", " ")
            effect = "add" if dual > 0 else "cost"
            where = f" ({', '.join(cells)})" if cells else ""
            sentence = (
                f"{_year(index)}{what}{where}; one more €m here would {effect} "
                f"€{abs(dual):,.2f}m of value."
            )
            low, high = _interval(result, rule, index)
            rows.append(
                {
                    "constraint": f"{rule}[{','.join(map(str, index))}]",
                    "rule": rule,
                    "value_per_meur": dual,
                    "valid_from": low,
                    "valid_to": high,
                    "cells": ", ".join(cells),
                    "sentence": sentence[0].upper() + sentence[1:],
                }
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "constraint",
            "rule",
            "value_per_meur",
            "valid_from",
            "valid_to",
            "cells",
            "sentence",
        ],
    )
    return frame.reindex(frame["value_per_meur"].abs().sort_values(ascending=False).index)


def marginal_table(data: PactData, result: SolveResult) -> pd.DataFrame:
    """Marginal values: each public funder's money per year, each budget line's shift cap per
    year, each binding instrument or domain limit, and the output per € an unfunded instrument
    would need."""
    rows: list[dict[str, Any]] = []
    names = {f.id: f.name for f in data.funders}
    conditional = (
        " (conditional on the project and switch decisions)" if result.duals_conditional else ""
    )
    for (funder, year), dual in result.duals.get("public_balance", {}).items():
        effect = result.money_effects.get((funder, year))
        low, high = _interval(result, "public_balance", (funder, year))
        rows.append(
            {
                "what": f"One more €m of {names[funder]} money in {year}",
                "value_per_meur": dual,
                "valid_from_meur": low,
                "valid_to_meur": high,
                "output_meur_per_meur": effect[0] if effect else None,
                "jobs_per_meur": effect[1] if effect else None,
                "savings_meur_per_meur": effect[2] if effect else None,
                "meaning": f"adds €{dual:,.2f}m of value{_effect_text(effect)}, for up to "
                f"€{high:,.0f}m more{conditional}",
            }
        )
    lines = {b.id: b for b in data.budget_lines}
    for (line, year), dual in result.duals.get("shift_limit", {}).items():
        if abs(dual) <= TOL:
            continue
        low, high = _interval(result, "shift_limit", (line, year))
        rows.append(
            {
                "what": f"Shifting one more €m from {lines[line].name} in {year}",
                "value_per_meur": dual,
                "valid_from_meur": low,
                "valid_to_meur": high,
                "meaning": f"adds €{dual:,.2f}m of value while the cap lies between "
                f"€{low:,.0f}m and €{high:,.0f}m{conditional}",
            }
        )
    for rule in (
        "instrument_max_total",
        "instrument_min_total",
        "domain_floor",
        "domain_ceiling",
        "total_floor",
        "total_ceiling",
        "new_money_total",
    ):
        for index, dual in result.duals.get(rule, {}).items():
            if abs(dual) <= TOL:
                continue
            low, high = _interval(result, rule, index)
            what = PHRASES[rule](data, index)
            rows.append(
                {
                    "what": f"Limit: {what} ({', '.join(cells_of(data, rule, index))})",
                    "value_per_meur": dual,
                    "valid_from_meur": low,
                    "valid_to_meur": high,
                    "meaning": f"moving the limit by €1m changes the value by "
                    f"€{dual:,.2f}m{conditional}",
                }
            )
    rows += _unfunded(data, result)
    columns = [
        "what",
        "value_per_meur",
        "valid_from_meur",
        "valid_to_meur",
        "output_meur_per_meur",
        "jobs_per_meur",
        "meaning",
    ]
    return pd.DataFrame(rows, columns=columns)


def _effect_text(effect: tuple[float, ...] | None) -> str:
    if effect is None:
        return ""
    return (
        f": €{effect[0]:,.2f}m of net output, {effect[1]:,.2f} net jobs and "
        f"€{effect[2]:,.2f}m of savings, discounted"
    )


def _unfunded(data: PactData, result: SolveResult) -> list[dict[str, Any]]:
    """'Would be funded if its output per € exceeded X' for instruments left at zero."""
    costs_of: dict[str, list[tuple[int, float]]] = {}  # grouped once, not scanned per row
    for (i, _, y), cost in result.reduced_costs.get("funding", {}).items():
        costs_of.setdefault(i, []).append((y, cost))
    spent: dict[str, float] = {}
    for (i, _, _), v in result.values.get("funding", {}).items():
        spent[i] = spent.get(i, 0.0) + v
    weight = data.settings.weight_output
    rate = data.settings.discount_rate
    first = data.years[0]
    rows = []
    for row in data.instruments:
        if spent.get(row.id, 0.0) > TOL or weight <= 0:
            continue
        gaps = [
            abs(cost) / (weight * (1 + rate) ** -(y + row.impact_lag_years - first))
            for y, cost in costs_of.get(row.id, ())
        ]
        # at a degenerate optimum some columns at zero are basic with a zero reduced cost
        # that says nothing about entering; use the others when there are any
        gaps = [g for g in gaps if g > TOL] or gaps
        if not gaps:
            continue
        needed = row.output_per_eur_central + max(0.0, min(gaps))
        rows.append(
            {
                "what": f"Unfunded: {row.name}",
                "value_per_meur": -min(gaps) * weight,
                "valid_from_meur": None,
                "valid_to_meur": None,
                "meaning": f"would be funded if its output per € exceeded {needed:.2f} "
                f"(now {row.output_per_eur_central:.2f})",
            }
        )
    return rows


def diagnosis_table(
    data: PactData,
    findings: list[Any],
    conflicts: list[Any] | None,
    bends: list[Any],
) -> pd.DataFrame:
    """Why there is no solution: pre-check findings, the irreducible set of rules and the
    euros by which rules must give way, each with its workbook cells."""
    rows = [
        {
            "step": "pre-check",
            "rule": f.check,
            "cells": ", ".join(f.cells),
            "short_meur": f.short_meur,
            "explanation": f.message,
        }
        for f in findings
    ]
    for (rule, key), group in _grouped(conflicts or []).items():
        if rule in IDENTITIES:
            continue
        index = (*key, group[0][1]) if group[0][1] is not None else key
        what = PHRASES[rule](data, index) if rule in PHRASES else rule.replace("_", " ")
        years = _years([y for _, y in group if y is not None])
        cells = list(dict.fromkeys(c for conflict, _ in group for c in conflict.cells))
        rows.append(
            {
                "step": "conflicting rules (IIS)",
                "rule": rule,
                "cells": ", ".join(cells),
                "short_meur": None,
                "explanation": f"{years}{what}" + (f" ({_span_cells(cells)})" if cells else ""),
            }
        )
    if conflicts is None:
        rows.append(
            {
                "step": "conflicting rules (IIS)",
                "rule": "",
                "cells": "",
                "short_meur": None,
                "explanation": "with fractional projects and switches a solution exists: "
                "the conflict lies in the all-or-nothing decisions",
            }
        )
    for b in bends:
        what = LIMITS[b.rule](data, _index(b)) if b.rule in LIMITS else f"the rule {b.rule}"
        rows.append(
            {
                "step": "euros missing (relaxation)",
                "rule": b.constraint,
                "cells": ", ".join(b.cells),
                "short_meur": b.short_meur,
                "explanation": f"{_year(_index(b))}{what}"
                + (f" ({', '.join(b.cells)})" if b.cells else "")
                + f" must give way by €{b.short_meur:,.1f}m",
            }
        )
    return pd.DataFrame(rows, columns=["step", "rule", "cells", "short_meur", "explanation"])


def _index(conflict: Any) -> tuple[Any, ...]:
    """The index of a constraint name such as 'capacity[TR3,2028]'."""
    inside = conflict.constraint.partition("[")[2].rstrip("]")
    parts: list[Any] = [p for p in inside.split(",") if p]
    return tuple(int(p) if p.isdigit() and len(p) == 4 else p for p in parts)


def _grouped(conflicts: list[Any]) -> dict[tuple[str, tuple[Any, ...]], list[Any]]:
    """IIS rows grouped by rule and index without its year: [(conflict, year or None)]."""
    groups: dict[tuple[str, tuple[Any, ...]], list[Any]] = {}
    for c in conflicts:
        index = _index(c)
        year = index[-1] if index and isinstance(index[-1], int) else None
        key = index[:-1] if year is not None else index
        groups.setdefault((c.rule, key), []).append((c, year))
    return groups


def _years(years: list[int]) -> str:
    if not years:
        return ""
    low, high = min(years), max(years)
    return f"{low}: " if low == high else f"{low}-{high}: "


def _span_cells(cells: list[str]) -> str:
    return ", ".join(cells) if len(cells) <= 4 else f"{', '.join(cells[:2])} … {cells[-1]}"
