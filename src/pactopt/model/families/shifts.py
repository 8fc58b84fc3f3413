"""Family 3, shift limits and eligibility: how much of each budget line may move, and where.

The shift variables exist only for (line, instrument) pairs whose instrument's domain is in
the line's ``to_domains`` and may be paid by the line's owner (a sparse index)."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import Meur, Said, Share, said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, Role, constraint, row_name
from pactopt.schema.data import PactData


def _shift_phrase(data: PactData, index: tuple[Any, ...]) -> Said:
    line = data.row("budget_lines", index[0])
    baseline = line.baseline_meur.get(index[1]) or 0.0
    cap = line.max_shift_share * baseline
    return said(
        "the shift from {line} is at its cap of {share} of {baseline} ({cap})",
        line=line.name,
        share=Share(line.max_shift_share),
        baseline=Meur(baseline),
        cap=Meur(cap),
    )


@constraint(
    "shift_limit",
    tags={"past_fact"},
    index=(sets.BUDGET_LINES, sets.YEARS),
    where=lambda ctx, line, _: bool(ctx.index.shifts_of_line.get(line)),
    sheet="BudgetLines",
    unit="€m",
    cells=Origin("BudgetLines", 0, ("max_shift_share", "{1}")),
    phrase=_shift_phrase,
    limit=lambda d, ix: said("the shift cap of {line}", line=row_name(d, "budget_lines", ix[0])),
    marginal=MarginalKind.SHIFT,
    summary_rank=1,
)
def shift_limit(m: PyomoBlock, line: str, year: int) -> Any:
    """Money shifted out of a line in a year is at most its shiftable share of the
    baseline: Σ_i s[l,i,y] ≤ max_shift_share[l] × baseline_meur[l,y]  (€m)."""
    row = m.ctx.lines[line]
    cap = row.max_shift_share * (row.baseline_meur.get(year) or 0.0)
    return m.shifted_out[line, year] <= cap


@constraint(
    "shift_destination",
    tags={"past_fact"},
    index=(sets.PUBLIC_SPEND_INDEX, sets.YEARS),
    where=lambda ctx, funder, instrument, _: bool(ctx.index.lines_into.get((funder, instrument))),
    sheet="BudgetLines",
    unit="€m",
    cells=Origin("Instruments", 1, ("domain",)),
    phrase=lambda d, ix: said(
        "shifted money of {funder} fills its spending on {instrument}",
        funder=row_name(d, "funders", ix[0]),
        instrument=row_name(d, "instruments", ix[1]),
    ),
    role=Role.BOOKKEEPING,
)
def shift_destination(m: PyomoBlock, funder: str, instrument: str, year: int) -> Any:
    """Money shifted from a funder's lines into an instrument is spent on it by that funder:
    Σ_{l owned by f} s[l,i,y] ≤ x[i,f,y]  (€m). With the public balance this makes every
    shifted euro land in a domain its line may go to."""
    lines = m.ctx.index.lines_into[(funder, instrument)]
    return (
        sum(m.shift[line, instrument, year] for line in lines)
        <= m.funding[instrument, funder, year]
    )
