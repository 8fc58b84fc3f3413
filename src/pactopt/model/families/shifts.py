"""Family 3, shift limits and eligibility: how much of each budget line may move, and where.

The shift variables exist only for (line, instrument) pairs whose instrument's domain is in
the line's ``to_domains`` and may be paid by the line's owner (a sparse index)."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint("shift_limit", index=(sets.BUDGET_LINES, sets.YEARS), sheet="BudgetLines", unit="€m")
def shift_limit(m: Any, line: str, year: int) -> Any:
    """Money shifted out of a line in a year is at most its shiftable share of the
    baseline: Σ_i s[l,i,y] ≤ max_shift_share[l] × baseline_meur[l,y]  (€m)."""
    row = m.ctx.lines[line]
    targets = m.ctx.index.shifts_of_line.get(line, ())
    if not targets:
        return pyo.Constraint.Skip
    cap = row.max_shift_share * (row.baseline_meur.get(year) or 0.0)
    return m.shifted_out[line, year] <= cap


@constraint(
    "shift_destination", index=(sets.PUBLIC_SPEND_INDEX, sets.YEARS), sheet="BudgetLines", unit="€m"
)
def shift_destination(m: Any, funder: str, instrument: str, year: int) -> Any:
    """Money shifted from a funder's lines into an instrument is spent on it by that funder:
    Σ_{l owned by f} s[l,i,y] ≤ x[i,f,y]  (€m). With the public balance this makes every
    shifted euro land in a domain its line may go to."""
    lines = m.ctx.index.lines_into.get((funder, instrument), ())
    if not lines:
        return pyo.Constraint.Skip
    return (
        sum(m.shift[line, instrument, year] for line in lines)
        <= m.funding[instrument, funder, year]
    )
