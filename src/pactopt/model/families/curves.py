"""Family 11, diminishing returns: concave piecewise-linear output curves (still an LP).

Spending is split over the curve's segments (``segment_fill``, each bounded by its width, the
open tail past the last segment keeping its factor). Because factors never rise, the LP fills
the segments in order without binaries; the objective weighs each segment by its factor."""

from __future__ import annotations

from typing import Any

from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint("curve_fill", index=(sets.CURVED,), sheet="Curves", unit="€m")
def curve_fill(m: Any, instrument: str) -> Any:
    """The segments hold exactly the instrument's total spending:
    Σ_s g[i,s] = Σ_y spend[i,y]  (€m); 0 ≤ g[i,s] ≤ width[i,s] as variable bounds."""
    fills = sum(m.segment_fill[i, s] for i, s in m.segment_index if i == instrument)
    return fills == m.total_spend[instrument]
