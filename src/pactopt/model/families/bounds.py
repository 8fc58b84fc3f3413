"""Family 6, instrument bounds, yearly capacity and ramp-up."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name


def _plain(ctx: ModelContext, instrument: str) -> bool:
    # semi-continuous instruments take their floor and ceiling in family 9 instead
    return ctx.instruments[instrument].min_if_funded_meur is None


@constraint(
    "instrument_min_total",
    index=(sets.INSTRUMENTS,),
    where=lambda ctx, i: _plain(ctx, i) and ctx.instruments[i].min_total_meur > 0,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("min_total_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its floor", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the floor of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
)
def instrument_min_total(m: PyomoBlock, instrument: str) -> Any:
    """Total spending reaches the instrument's floor: Σ_y spend[i,y] ≥ min_total_meur[i]
    (€m). Semi-continuous instruments take their floor in family 9 instead."""
    return m.total_spend[instrument] >= m.ctx.instruments[instrument].min_total_meur


@constraint(
    "instrument_max_total",
    index=(sets.INSTRUMENTS,),
    where=_plain,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("max_total_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its ceiling", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the ceiling of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    summary_rank=5,
)
def instrument_max_total(m: PyomoBlock, instrument: str) -> Any:
    """Total spending stays within the ceiling: Σ_y spend[i,y] ≤ max_total_meur[i]  (€m)."""
    return m.total_spend[instrument] <= m.ctx.instruments[instrument].max_total_meur


@constraint(
    "capacity",
    index=(sets.INSTRUMENTS, sets.YEARS),
    tags={"yearly_capacity", "past_fact"},
    where=lambda ctx, i, _: ctx.instruments[i].max_per_year_meur is not None,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("max_per_year_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its yearly capacity", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the yearly capacity of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    summary_rank=7,
)
def capacity(m: PyomoBlock, instrument: str, year: int) -> Any:
    """Yearly capacity: spend[i,y] ≤ max_per_year_meur[i]  (€m)."""
    return m.spend[instrument, year] <= m.ctx.instruments[instrument].max_per_year_meur


@constraint(
    "ramp_up",
    tags={"past_fact"},
    index=(sets.INSTRUMENTS, sets.YEARS),
    where=lambda ctx, i, _: ctx.instruments[i].ramp_up_meur is not None,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("ramp_up_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} grows as fast as allowed", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the ramp-up limit of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
)
def ramp_up(m: PyomoBlock, instrument: str, year: int) -> Any:
    """Spending grows by at most the ramp-up limit a year, from zero before the horizon:
    spend[i,y] − spend[i,y−1] ≤ ramp_up_meur[i]  (€m)."""
    ramp = m.ctx.instruments[instrument].ramp_up_meur
    before = m.spend[instrument, year - 1] if year > m.ctx.first_year else 0
    return m.spend[instrument, year] - before <= ramp
