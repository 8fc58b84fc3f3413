"""Family 7, domain floors and ceilings, and the pact's total envelope."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import Meur, said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.registry import Origin, constraint, row_name, setting_cell


def _has_instruments(ctx: ModelContext, domain: str) -> bool:
    # a domain without instruments has nothing to bound (its floor above zero is a pre-check)
    return bool(ctx.index.instruments_of_domain.get(domain))


def _domain_total(m: PyomoBlock, domain: str) -> Any:
    return sum(m.total_spend[i] for i in m.ctx.index.instruments_of_domain.get(domain, ()))


def _pact_total(m: PyomoBlock) -> Any:
    return sum(m.total_spend[i] for i in m.instruments)


@constraint(
    "domain_floor",
    index=(sets.DOMAINS,),
    where=lambda ctx, d: ctx.domains[d].min_total_meur is not None and _has_instruments(ctx, d),
    sheet="Domains",
    unit="€m",
    cells=Origin("Domains", 0, ("min_total_meur",)),
    phrase=lambda d, ix: said("{domain} is at its floor", domain=row_name(d, "domains", ix[0])),
    limit=lambda d, ix: said("the floor of {domain}", domain=row_name(d, "domains", ix[0])),
    summary_rank=4,
)
def domain_floor(m: PyomoBlock, domain: str) -> Any:
    """Σ_{i in d} Σ_y spend[i,y] ≥ min_total_meur[d]  (€m)."""
    return _domain_total(m, domain) >= m.ctx.domains[domain].min_total_meur


@constraint(
    "domain_ceiling",
    index=(sets.DOMAINS,),
    where=lambda ctx, d: ctx.domains[d].max_total_meur is not None and _has_instruments(ctx, d),
    sheet="Domains",
    unit="€m",
    cells=Origin("Domains", 0, ("max_total_meur",)),
    phrase=lambda d, ix: said("{domain} is at its ceiling", domain=row_name(d, "domains", ix[0])),
    limit=lambda d, ix: said("the ceiling of {domain}", domain=row_name(d, "domains", ix[0])),
    summary_rank=3,
)
def domain_ceiling(m: PyomoBlock, domain: str) -> Any:
    """Σ_{i in d} Σ_y spend[i,y] ≤ max_total_meur[d]  (€m)."""
    return _domain_total(m, domain) <= m.ctx.domains[domain].max_total_meur


@constraint(
    "total_floor",
    index=sets.SCALAR,
    where=lambda ctx: ctx.data.settings.total_min_meur is not None,
    sheet="Settings",
    unit="€m",
    cells=setting_cell("total_min_meur"),
    phrase=lambda d, ix: said(
        "the pact's total is at its floor of {amount}",
        amount=Meur(d.settings.total_min_meur or 0.0),
    ),
    limit=lambda d, ix: said("the pact's total floor"),
)
def total_floor(m: PyomoBlock) -> Any:
    """The whole pact spends at least total_min_meur: Σ_i Σ_y spend[i,y] ≥ total_min  (€m)."""
    return _pact_total(m) >= m.ctx.data.settings.total_min_meur


@constraint(
    "total_ceiling",
    index=sets.SCALAR,
    where=lambda ctx: ctx.data.settings.total_max_meur is not None,
    sheet="Settings",
    unit="€m",
    cells=setting_cell("total_max_meur"),
    phrase=lambda d, ix: said(
        "the pact's total is at its ceiling of {amount}",
        amount=Meur(d.settings.total_max_meur or 0.0),
    ),
    limit=lambda d, ix: said("the pact's total ceiling"),
    summary_rank=2,
)
def total_ceiling(m: PyomoBlock) -> Any:
    """The whole pact spends at most total_max_meur: Σ_i Σ_y spend[i,y] ≤ total_max  (€m)."""
    return _pact_total(m) <= m.ctx.data.settings.total_max_meur
