"""Family 1, public balance: every public euro spent comes from somewhere."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.linear import var_sum
from pactopt.model.registry import MarginalKind, Origin, Role, constraint, row_name


@constraint(
    "public_balance",
    index=(sets.PUBLIC_FUNDERS, sets.YEARS),
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("id",)),
    phrase=lambda d, ix: said(
        "all money of {funder} is spent", funder=row_name(d, "funders", ix[0])
    ),
    role=Role.IDENTITY,
    marginal=MarginalKind.MONEY,
)
def public_balance(m: PyomoBlock, funder: str, year: int) -> Any:
    """Spending of a public funder equals the money shifted from its own budget lines, plus
    new money, plus recycled savings:
    Σ_i x[i,f,y] = Σ_{l owned by f} Σ_i s[l,i,y] + n[f,y] + r[f,y]  (€m)."""
    ix = m.ctx.index
    spent = var_sum(m.funding[i, funder, year] for i in ix.instruments_of_funder.get(funder, ()))
    shifted = sum(
        m.shifted_out[line, year]
        for line in ix.lines_of_funder.get(funder, ())
        if ix.shifts_of_line.get(line)
    )
    recycled = m.recycled[funder, year] if funder in m.recycling_funders else 0
    return spent == shifted + m.new_money[funder, year] + recycled


@constraint(
    "eu_balance",
    index=(sets.EU_FUNDERS, sets.YEARS),
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("new_money_cap_total_meur",)),
    phrase=lambda d, ix: said(
        "all money of {funder} is spent", funder=row_name(d, "funders", ix[0])
    ),
    role=Role.IDENTITY,
)
def eu_balance(m: PyomoBlock, funder: str, year: int) -> Any:
    """EU programmes spend only their own (new) money: Σ_i x[i,f,y] = n[f,y]  (€m)."""
    ix = m.ctx.index
    spent = var_sum(m.funding[i, funder, year] for i in ix.instruments_of_funder.get(funder, ()))
    return spent == m.new_money[funder, year]
