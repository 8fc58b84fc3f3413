"""Family 5, private leverage and public-share bounds (linearised: no division)."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name


@constraint(
    "private_leverage",
    index=(sets.INSTRUMENTS, sets.YEARS),
    tags={"private_reliance", "past_fact"},
    where=lambda ctx, i, _: ctx.instruments[i].private_leverage_max is not None,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("private_leverage_max",)),
    phrase=lambda d, ix: said(
        "private money for {instrument} is at its leverage limit",
        instrument=row_name(d, "instruments", ix[0]),
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the leverage limit of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    # the row is priv − leverage × pub ≤ 0: one more on its right-hand side is €1m of private
    # money beyond the limit (a leverage is not in €m)
    more=lambda d, ix: said("allowing €1m more private money than the leverage limit"),
)
def private_leverage(m: PyomoBlock, instrument: str, year: int) -> Any:
    """Private money is at most a multiple of public money:
    priv[i,y] ≤ private_leverage_max[i] × pub[i,y]  (€m; public includes EU money)."""
    leverage = m.ctx.instruments[instrument].private_leverage_max
    return m.private_spend[instrument, year] <= leverage * m.public_spend[instrument, year]


@constraint(
    "public_share_min",
    index=(sets.INSTRUMENTS, sets.YEARS),
    tags={"private_reliance", "past_fact"},
    where=lambda ctx, i, _: ctx.instruments[i].public_share_min > 0,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("public_share_min",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its least public share", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the least public share of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    # the row is share × spend − pub ≤ 0: one more on its right-hand side lets public money
    # fall €1m short of the share (a share is not in €m)
    more=lambda d, ix: said("letting its public money fall €1m short of the least share"),
)
def public_share_min(m: PyomoBlock, instrument: str, year: int) -> Any:
    """The public share is at least its floor: pub[i,y] ≥ public_share_min[i] × spend[i,y],
    the linear form of pub/spend ≥ share  (€m)."""
    share = m.ctx.instruments[instrument].public_share_min
    return m.public_spend[instrument, year] >= share * m.spend[instrument, year]


@constraint(
    "public_share_max",
    tags={"past_fact"},
    index=(sets.INSTRUMENTS, sets.YEARS),
    where=lambda ctx, i, _: ctx.instruments[i].public_share_max < 1,
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("public_share_max",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its most public share", instrument=row_name(d, "instruments", ix[0])
    ),
    limit=lambda d, ix: said(
        "the most public share of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    # pub − share × spend ≤ 0: one more on its right-hand side is €1m of public money above
    # the share
    more=lambda d, ix: said("allowing €1m more public money than the most share"),
)
def public_share_max(m: PyomoBlock, instrument: str, year: int) -> Any:
    """The public share is at most its ceiling: pub[i,y] ≤ public_share_max[i] × spend[i,y]
    (€m)."""
    share = m.ctx.instruments[instrument].public_share_max
    return m.public_spend[instrument, year] <= share * m.spend[instrument, year]
