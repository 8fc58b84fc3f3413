"""Family 11, diminishing returns: concave piecewise-linear output curves (still an LP).

Each year's spending is split over the curve's segments (``segment_fill[i,s,y]``); over the
horizon a segment holds at most its width, and the open tail past the last segment keeps the
last factor. Because factors never rise, the LP gives the high-factor segments to the euros
whose impacts weigh most, without binaries; with no discounting the output is exactly the
curve of the instrument's total spending."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, Role, constraint, row_name


@constraint(
    "curve_fill",
    index=(sets.CURVED, sets.YEARS),
    sheet="Curves",
    unit="€m",
    cells=Origin("Instruments", 0, ("id",)),
    role=Role.BOOKKEEPING,
)
def curve_fill(m: PyomoBlock, instrument: str, year: int) -> Any:
    """A year's spending is spread over the segments: Σ_s g[i,s,y] = spend[i,y]  (€m)."""
    segments = m.ctx.index.segments_of[instrument]
    fills = sum(m.segment_fill[instrument, s, year] for s in segments)
    return fills == m.spend[instrument, year]


@constraint(
    "segment_width",
    index=(sets.BOUNDED_SEGMENT_INDEX,),
    sheet="Curves",
    unit="€m",
    cells=Origin("Curves", lambda _, ix: f"{ix[0]}:{ix[1]}", ("upper_cum_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} fills curve segment {segment}",
        instrument=row_name(d, "instruments", ix[0]),
        segment=ix[1],
    ),
    marginal=MarginalKind.NONE,
)
def segment_width(m: PyomoBlock, instrument: str, segment: int) -> Any:
    """Over the horizon a segment holds at most its width:
    Σ_y g[i,s,y] ≤ upper_cum[i,s] − upper_cum[i,s−1]  (€m)."""
    width = m.ctx.segment_width_meur(instrument, segment)
    return sum(m.segment_fill[instrument, segment, y] for y in m.years) <= width
