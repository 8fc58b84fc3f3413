"""Family 12, enabling conditions: a switch (e.g. telecom regulatory reform) that, while off,
caps private spending on the instruments it unlocks."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name


@constraint(
    "switch_private_cap",
    index=(sets.SWITCHES, sets.YEARS),
    sheet="Switches",
    unit="€m",
    cells=Origin("Switches", 0, ("private_cap_off_meur", "mode")),
    phrase=lambda d, ix: said(
        "private money under switch {switch} is at its cap",
        switch=row_name(d, "switches", ix[0]),
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the private cap under switch {switch}", switch=row_name(d, "switches", ix[0])
    ),
)
def switch_private_cap(m: PyomoBlock, switch: str, year: int) -> Any:
    """While the switch is off, private spending on its instruments is capped; switched on,
    the cap rises by the most those instruments could take in a year (big-M from their data):
    Σ_{i in w} priv[i,y] ≤ cap_off[w] + M[w] × switch_on[w],
    M[w] = Σ_{i in w} (max_per_year[i] or max_total[i])  (€m)."""
    row = m.ctx.switches[switch]
    rows = [m.ctx.instruments[i] for i in row.instruments]
    big_m = sum(
        r.max_per_year_meur if r.max_per_year_meur is not None else r.max_total_meur for r in rows
    )
    private = sum(m.private_spend[i, year] for i in row.instruments)
    return private <= row.private_cap_off_meur + big_m * m.switch_on[switch]
