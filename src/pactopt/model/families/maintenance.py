"""Family 10, maintenance: what is built must be kept running.

Upkeep does not bend in the infeasibility diagnosis: skipping it is not a lever a planner
has, so the limits that make room for it (ceilings, capacities) give way instead."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name


@constraint(
    "maintenance",
    tags={"past_fact"},
    index=(sets.MAINTAINED, sets.YEARS),
    where=lambda ctx, _, year: year != ctx.first_year,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("maintenance_rate",)),
    phrase=lambda d, ix: said(
        "{instrument} spends just its upkeep", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the upkeep of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    bends=False,
    marginal=MarginalKind.NONE,
)
def maintenance(m: PyomoBlock, instrument: str, year: int) -> Any:
    """Each year's spending covers the upkeep of everything spent before:
    spend[i,y] ≥ maintenance_rate[i] × Σ_{t<y} spend[i,t]  (€m)."""
    rate = m.ctx.instruments[instrument].maintenance_rate
    return m.spend[instrument, year] >= rate * sum(
        m.spend[instrument, t] for t in m.years if t < year
    )
