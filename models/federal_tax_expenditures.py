"""Example extension: tax expenditures are paid by the federal government.

The 10% tax benefit for expats (HC6, source 001 L1220) and lower wage taxes for digital
experts (001 L1025) are federal taxes: no regional budget line can fund them. The core model
lets any eligible public funder pay; this family pins them on the federal level.
Run it with:  pactopt solve inputs/digital_pact_2019_2030.xlsx --extension
models/federal_tax_expenditures.py
"""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint

TAX_INSTRUMENTS = ("HC6",)
FEDERAL = "federal"


@constraint("federal_tax_expenditures", index=(sets.YEARS,), sheet="Instruments", unit="€m")
def federal_tax_expenditures(m: Any, year: int) -> Any:
    """No public funder but the federal one pays for a tax expenditure:
    Σ_{i tax} Σ_{f public, f ≠ federal} x[i,f,y] ≤ 0  (€m)."""
    ix = m.ctx.index
    others = [
        (i, f)
        for i in TAX_INSTRUMENTS
        for f in ix.funders_of.get(i, ())
        if f in ix.public_funders and f != FEDERAL
    ]
    if not others:
        return pyo.Constraint.Skip
    return sum(m.funding[i, f, year] for i, f in others) <= 0
