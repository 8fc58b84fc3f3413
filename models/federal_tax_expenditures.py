"""Example extension: tax expenditures are paid by the federal government.

The 10% tax benefit for expats (HC6, source 001 L1220) and lower wage taxes for digital
experts (001 L1025) are federal taxes: no regional budget line can fund them. The core model
lets any eligible public funder pay; this family pins them on the federal level.

In budget-neutral mode no federal budget line may be shifted to human capital, so with this
family the base is infeasible (the diagnosis names HC6's public share, Instruments!H8). Run
it where federal new money is allowed:
  pactopt solve inputs/digital_pact_2019_2030.xlsx --scenario new_money_capped \
      --extension models/federal_tax_expenditures.py
"""

from __future__ import annotations

from typing import Any

from pactopt.model import sets
from pactopt.model.context import ModelContext
from pactopt.model.registry import MarginalKind, Origin, constraint

TAX_INSTRUMENTS = ("HC6",)
FEDERAL = "federal"


def _others(ctx: ModelContext) -> list[tuple[str, str]]:
    """(tax instrument, public funder other than the federal one) pairs that may pay."""
    ix = ctx.index
    return [
        (i, f)
        for i in TAX_INSTRUMENTS
        for f in ix.funders_of.get(i, ())
        if f in ix.public_funders and f != FEDERAL
    ]


@constraint(
    "federal_tax_expenditures",
    index=(sets.YEARS,),
    where=lambda ctx, _: bool(_others(ctx)),
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", "HC6", ("id",)),
    phrase=lambda data, index: "tax expenditures are paid by the federal government only",
    marginal=MarginalKind.NONE,
)
def federal_tax_expenditures(m: Any, year: int) -> Any:
    """No public funder but the federal one pays for a tax expenditure:
    Σ_{i tax} Σ_{f public, f ≠ federal} x[i,f,y] ≤ 0  (€m)."""
    return sum(m.funding[i, f, year] for i, f in _others(m.ctx)) <= 0
