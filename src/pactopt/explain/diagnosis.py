"""Why there is no solution, in the planner's cells and euros: the pre-check findings, the
irreducible set of conflicting rules and the amounts by which rules must give way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from pactopt.analysis.prechecks import Finding
from pactopt.explain.binding import describe
from pactopt.model.registry import ConstraintRule, Role, meur_text
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict

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
) -> pd.DataFrame:
    """One row per pre-check finding, per group of conflicting rules (bookkeeping left out:
    it holds in every plan) and per rule that must give way."""
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
    for b in bends:
        rule = rules.get(b.rule)
        what = rule.describe_limit(data, b.index) if rule else f"the rule {b.rule}"
        year = f"{b.year}: " if b.year is not None else ""
        short = b.short or 0.0
        # a yes/no rule (a mandatory project, say) gives way in its own unit, not in euros
        amount = meur_text(short) if b.unit == "€m" else f"{short:,.2f} ({b.unit or 'units'})"
        rows.append(
            {
                "step": "euros missing (relaxation)",
                "rule": b.constraint,
                "cells": ", ".join(b.cells),
                "short_meur": short if b.unit == "€m" else None,
                "explanation": f"{year}{what}"
                + (f" ({', '.join(b.cells)})" if b.cells else "")
                + f" must give way by {amount}",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)
