"""Family 2, budget neutrality: new money stays within its caps; none in budget-neutral mode;
a private funder invests at most its cap (the same Funders columns)."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.linear import var_sum
from pactopt.model.registry import MarginalKind, Origin, Role, constraint, row_name, setting_cell


@constraint(
    "new_money_total",
    tags={"new_money_cap"},
    index=(sets.CAPPED_TOTAL_FUNDERS,),
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("new_money_cap_total_meur",)),
    phrase=lambda d, ix: said(
        "new money of {funder} is at its cap", funder=row_name(d, "funders", ix[0])
    ),
    limit=lambda d, ix: said("the new-money cap of {funder}", funder=row_name(d, "funders", ix[0])),
    summary_rank=6,
)
def new_money_total(m: PyomoBlock, funder: str) -> Any:
    """New money over the horizon stays within the funder's cap:
    Σ_y n[f,y] ≤ new_money_cap_total_meur[f]  (€m)."""
    cap = m.ctx.funders[funder].new_money_cap_total_meur
    return sum(m.new_money[funder, y] for y in m.years) <= cap


@constraint(
    "new_money_year",
    tags={"past_fact", "new_money_cap"},
    index=(sets.CAPPED_YEAR_INDEX,),
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("{1}",)),
    phrase=lambda d, ix: said(
        "new money of {funder} is at its yearly cap", funder=row_name(d, "funders", ix[0])
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the yearly new-money cap of {funder}", funder=row_name(d, "funders", ix[0])
    ),
)
def new_money_year(m: PyomoBlock, funder: str, year: int) -> Any:
    """New money in a year stays within that year's cap: n[f,y] ≤ cap[f,y]  (€m)."""
    return m.new_money[funder, year] <= m.ctx.funders[funder].new_money_cap_meur[year]


@constraint(
    "budget_neutral",
    tags={"past_fact", "no_new_money"},
    index=(sets.PUBLIC_FUNDERS, sets.YEARS),
    where=lambda ctx, _f, _y: ctx.data.settings.budget_neutral,
    sheet="Settings",
    unit="€m",
    cells=setting_cell("budget_neutral"),
    phrase=lambda d, ix: said(
        "{funder} may add no new money (budget-neutral mode)",
        funder=row_name(d, "funders", ix[0]),
    ),
    role=Role.LEGAL,  # a legal rule of the pact, not a number to give way on
    marginal=MarginalKind.NONE,
)
def budget_neutral(m: PyomoBlock, funder: str, year: int) -> Any:
    """In budget-neutral mode (Settings budget_neutral = yes) a public funder adds no new
    money: n[f,y] ≤ 0, so all its digital spending is shifted from existing lines (or
    recycled savings) and its total spending is unchanged  (€m)."""
    return m.new_money[funder, year] <= 0


def _private_spend(m: PyomoBlock, funder: str, years: Any) -> Any:
    ix = m.ctx.index
    return var_sum(
        m.funding[i, funder, y] for i in ix.instruments_of_funder.get(funder, ()) for y in years
    )


@constraint(
    "private_money_total",
    index=(sets.PRIVATE_FUNDERS,),
    where=lambda ctx, f: ctx.funders[f].new_money_cap_total_meur is not None,
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("new_money_cap_total_meur",)),
    phrase=lambda d, ix: said(
        "money of {funder} is at its cap", funder=row_name(d, "funders", ix[0])
    ),
    limit=lambda d, ix: said("the cap on money of {funder}", funder=row_name(d, "funders", ix[0])),
)
def private_money_total(m: PyomoBlock, funder: str) -> Any:
    """A private funder invests at most its cap over the horizon (Funders
    new_money_cap_total_meur: all its money is new): Σ_i Σ_y x[i,f,y] ≤ cap[f]  (€m)."""
    cap = m.ctx.funders[funder].new_money_cap_total_meur
    return _private_spend(m, funder, m.years) <= cap


@constraint(
    "private_money_year",
    tags={"past_fact"},
    index=(sets.PRIVATE_FUNDERS, sets.YEARS),
    where=lambda ctx, f, y: ctx.funders[f].new_money_cap_meur.get(y) is not None,
    sheet="Funders",
    unit="€m",
    cells=Origin("Funders", 0, ("{1}",)),
    phrase=lambda d, ix: said(
        "money of {funder} is at its yearly cap", funder=row_name(d, "funders", ix[0])
    ),
    limit=lambda d, ix: said(
        "the yearly cap on money of {funder}", funder=row_name(d, "funders", ix[0])
    ),
)
def private_money_year(m: PyomoBlock, funder: str, year: int) -> Any:
    """A private funder invests at most that year's cap: Σ_i x[i,f,y] ≤ cap[f,y]  (€m)."""
    return _private_spend(m, funder, (year,)) <= m.ctx.funders[funder].new_money_cap_meur[year]
