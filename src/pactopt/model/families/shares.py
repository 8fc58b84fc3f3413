"""Family 5, private leverage and public-share bounds (linearised: no division)."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint(
    "private_leverage", index=(sets.INSTRUMENTS, sets.YEARS), sheet="Instruments", unit="€m"
)
def private_leverage(m: Any, instrument: str, year: int) -> Any:
    """Private money is at most a multiple of public money:
    priv[i,y] ≤ private_leverage_max[i] × pub[i,y]  (€m; public includes EU money)."""
    leverage = m.ctx.instruments[instrument].private_leverage_max
    if leverage is None:
        return pyo.Constraint.Skip
    return m.private_spend[instrument, year] <= leverage * m.public_spend[instrument, year]


@constraint(
    "public_share_min", index=(sets.INSTRUMENTS, sets.YEARS), sheet="Instruments", unit="€m"
)
def public_share_min(m: Any, instrument: str, year: int) -> Any:
    """The public share is at least its floor: pub[i,y] ≥ public_share_min[i] × spend[i,y],
    the linear form of pub/spend ≥ share  (€m)."""
    share = m.ctx.instruments[instrument].public_share_min
    if share <= 0:
        return pyo.Constraint.Skip
    return m.public_spend[instrument, year] >= share * m.spend[instrument, year]


@constraint(
    "public_share_max", index=(sets.INSTRUMENTS, sets.YEARS), sheet="Instruments", unit="€m"
)
def public_share_max(m: Any, instrument: str, year: int) -> Any:
    """The public share is at most its ceiling: pub[i,y] ≤ public_share_max[i] × spend[i,y]
    (€m)."""
    share = m.ctx.instruments[instrument].public_share_max
    if share >= 1:
        return pyo.Constraint.Skip
    return m.public_spend[instrument, year] <= share * m.spend[instrument, year]
