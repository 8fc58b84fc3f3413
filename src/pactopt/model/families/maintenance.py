"""Family 10, maintenance: what is built must be kept running."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint("maintenance", index=(sets.MAINTAINED, sets.YEARS), sheet="Instruments", unit="€m")
def maintenance(m: Any, instrument: str, year: int) -> Any:
    """Each year's spending covers the upkeep of everything spent before:
    spend[i,y] ≥ maintenance_rate[i] × Σ_{t<y} spend[i,t]  (€m)."""
    if year == m.ctx.first_year:
        return pyo.Constraint.Skip
    rate = m.ctx.instruments[instrument].maintenance_rate
    return m.spend[instrument, year] >= rate * sum(
        m.spend[instrument, t] for t in m.years if t < year
    )
