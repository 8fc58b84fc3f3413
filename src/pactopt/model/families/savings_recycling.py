"""Family 4, savings recycling: government savings may fund later spending."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.accounting import savings_source_years
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, constraint, setting_cell


@constraint(
    "savings_recycling",
    index=(sets.RECYCLING_FUNDERS, sets.YEARS),
    sheet="Settings",
    unit="€m",
    cells=setting_cell("savings_recycling_share"),
    phrase=lambda d, ix: said("recycled savings are at their limit"),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said("the share of savings that may be recycled"),
)
def savings_recycling(m: PyomoBlock, funder: str, year: int) -> Any:
    """Recycled money is at most a share of the government savings realised that year by the
    funder's own spending. A euro spent in year t saves savings_government_per_eur[i] spread
    evenly over `savings_spread_years` years starting d_i = max(impact_lag_years, 1) years
    later (never in the year of spending, so money cannot fund itself):
    r[f,y] ≤ share × Σ_i (sav_gov[i] / spread) × Σ_{t: y−d_i−spread < t ≤ y−d_i} x[i,f,t]
    (€m)."""
    ctx = m.ctx
    settings = ctx.data.settings
    spread = settings.savings_spread_years
    realised = 0
    for i in ctx.index.instruments_of_funder.get(funder, ()):
        row = ctx.instruments[i]
        if row.savings_government_per_eur <= 0:
            continue
        rate = row.savings_government_per_eur / spread
        for t in savings_source_years(year, m.years, row.impact_lag_years, spread):
            realised += rate * m.funding[i, funder, t]
    return m.recycled[funder, year] <= settings.savings_recycling_share * realised
