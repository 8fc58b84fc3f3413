"""Why there is no solution, in the planner's cells and euros: the pre-check findings, the
irreducible set of conflicting rules and the amounts by which rules must give way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from pactopt.analysis.prechecks import Finding
from pactopt.explain.binding import describe
from pactopt.model.registry import ConstraintRule, Role
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict
from pactopt.words import meur_text

COLUMNS = ["step", "rule", "cells", "short_meur", "explanation"]


def _years(years: list[int]) -> str:
    if not years:
        return ""
    low, high = min(years), max(years)
    return f"{low}: " if low == high else f"{low}-{high}: "


def _span_cells(cells: list[str]) -> str:
    return ", ".join(cells) if len(cells) <= 4 else f"{', '.join(cells[:2])} … {cells[-1]}"


def _grouped(conflicts: Sequence[Conflict]) -> dict[tuple[str, tuple[Any, ...]], list[Conflict]]:
    """IIS rows grouped by rule and index without its year."""
    groups: dict[tuple[str, tuple[Any, ...]], list[Conflict]] = {}
    for c in conflicts:
        groups.setdefault((c.rule, c.key), []).append(c)
    return groups


def diagnosis_table(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    findings: Sequence[Finding],
    conflicts: Sequence[Conflict] | None,
    bends: Sequence[Conflict],
    instead: Mapping[str, Sequence[Conflict]] | None = None,
) -> pd.DataFrame:
    """One row per pre-check finding, per group of conflicting rules (bookkeeping left out:
    it holds in every plan) and per rule that must give way; after a rule that need not
    (``instead``: others could give way by the same least total), a row saying which."""
    rows: list[dict[str, Any]] = [
        {
            "step": "pre-check",
            "rule": f.check,
            "cells": ", ".join(f.cells),
            "short_meur": f.short_meur,
            "explanation": f.message,
        }
        for f in findings
    ]
    for (name, _), group in _grouped(conflicts or []).items():
        rule = rules.get(name)
        if rule is not None and rule.role is Role.BOOKKEEPING:
            continue
        years = _years([y for c in group if (y := c.year) is not None])
        cells = list(dict.fromkeys(cell for c in group for cell in c.cells))
        what = describe(rule, name, data, group[0].index)
        rows.append(
            {
                "step": "conflicting rules (IIS)",
                "rule": name,
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
    rows += _locked_past(data)
    told: set[str] = set()
    for b in bends:
        others = (instead or {}).get(b.rule) if b.rule not in told else None
        text = give_way_text(data, rules, b, "could" if others else "must")
        if others:
            told.add(b.rule)
            text += _instead_text(data, rules, others)
        rows.append(
            {
                "step": "euros missing (relaxation)",
                "rule": b.constraint,
                "cells": ", ".join(b.cells),
                "short_meur": (b.short or 0.0) if b.unit == "€m" else None,
                "explanation": text,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _locked_past(data: PactData) -> list[dict[str, Any]]:
    """With years locked by the mid-term review, the row that says so: the past is what was
    spent, so what follows is what the years left cannot absorb."""
    s = data.settings
    locked, free = s.locked_years, s.free_years
    if not locked:
        return []
    spent = sum(data.actual_meur().values())
    cell = data.cell("Settings", "as_of_year", "value")
    span = str(locked[0]) if len(locked) == 1 else f"{locked[0]}-{locked[-1]}"
    left = (
        f"only {free[0] if len(free) == 1 else f'{free[0]}-{free[-1]}'} can still change"
        if free
        else "no year is left to change"
    )
    return [
        {
            "step": "locked past",
            "rule": "as_of_year",
            "cells": cell,
            "short_meur": None,
            "explanation": f"{span} is locked to the {meur_text(spent)} actually spent "
            f"(as_of_year {s.as_of_year}, {cell}; Actuals sheet): {left}, so the amounts "
            "below are what the years left cannot absorb",
        }
    ]


def _instead_text(
    data: PactData, rules: Mapping[str, ConstraintRule], others: Sequence[Conflict]
) -> str:
    """', or, for the same least total, …': the choice an elastic relaxation had (other
    rules that could give way instead, the first three named)."""
    shown = "; ".join(give_way_text(data, rules, o, "could") for o in others[:3])
    more = f" (and {len(others) - 3} more)" if len(others) > 3 else ""
    return (
        f", or, for the same least total, {shown}{more}: the rules alone do not say which "
        "should give way"
    )


def give_way_text(
    data: PactData, rules: Mapping[str, ConstraintRule], bend: Conflict, verb: str = "must"
) -> str:
    """'2027: the ceiling of X (Instruments!E3) must give way by €5m': a rule an elastic
    relaxation bent, its cells and the amount, in the rule's own unit (a yes/no rule is never
    summed into euros)."""
    rule = rules.get(bend.rule)
    what = rule.describe_limit(data, bend.index) if rule else f"the rule {bend.rule}"
    year = f"{bend.year}: " if bend.year is not None else ""
    short = bend.short or 0.0
    cells = f" ({', '.join(bend.cells)})" if bend.cells else ""
    if bend.unit == "binary":
        # a yes/no decision gives way whole or not at all: no amount to state
        return f"{year}{what}{cells} {verb} give way: no plan meets the other rules with it"
    amount = meur_text(short) if bend.unit == "€m" else f"{short:,.2f} ({bend.unit or 'units'})"
    return f"{year}{what}{cells} {verb} give way by {amount}"
