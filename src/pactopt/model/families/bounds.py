"""Family 6, instrument bounds, yearly capacity and ramp-up."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


def _is_semicontinuous(m: Any, instrument: str) -> bool:
    return m.ctx.instruments[instrument].min_if_funded_meur is not None


@constraint("instrument_min_total", index=(sets.INSTRUMENTS,), sheet="Instruments", unit="€m")
def instrument_min_total(m: Any, instrument: str) -> Any:
    """Total spending reaches the instrument's floor: Σ_y spend[i,y] ≥ min_total_meur[i]
    (€m). Semi-continuous instruments take their floor in family 9 instead."""
    floor = m.ctx.instruments[instrument].min_total_meur
    if floor <= 0 or _is_semicontinuous(m, instrument):
        return pyo.Constraint.Skip
    return m.total_spend[instrument] >= floor


@constraint("instrument_max_total", index=(sets.INSTRUMENTS,), sheet="Instruments", unit="€m")
def instrument_max_total(m: Any, instrument: str) -> Any:
    """Total spending stays within the ceiling: Σ_y spend[i,y] ≤ max_total_meur[i]  (€m)."""
    if _is_semicontinuous(m, instrument):
        return pyo.Constraint.Skip
    return m.total_spend[instrument] <= m.ctx.instruments[instrument].max_total_meur


@constraint("capacity", index=(sets.INSTRUMENTS, sets.YEARS), sheet="Instruments", unit="€m")
def capacity(m: Any, instrument: str, year: int) -> Any:
    """Yearly capacity: spend[i,y] ≤ max_per_year_meur[i]  (€m)."""
    cap = m.ctx.instruments[instrument].max_per_year_meur
    if cap is None:
        return pyo.Constraint.Skip
    return m.spend[instrument, year] <= cap


@constraint("ramp_up", index=(sets.INSTRUMENTS, sets.YEARS), sheet="Instruments", unit="€m")
def ramp_up(m: Any, instrument: str, year: int) -> Any:
    """Spending grows by at most the ramp-up limit a year, from zero before the horizon:
    spend[i,y] − spend[i,y−1] ≤ ramp_up_meur[i]  (€m)."""
    ramp = m.ctx.instruments[instrument].ramp_up_meur
    if ramp is None:
        return pyo.Constraint.Skip
    before = m.spend[instrument, year - 1] if year > m.ctx.first_year else 0
    return m.spend[instrument, year] - before <= ramp
