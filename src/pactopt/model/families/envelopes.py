"""Family 7, domain floors and ceilings, and the pact's total envelope."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


def _domain_total(m: Any, domain: str) -> Any:
    return sum(m.total_spend[i] for i in m.ctx.index.instruments_of_domain.get(domain, ()))


@constraint("domain_floor", index=(sets.DOMAINS,), sheet="Domains", unit="€m")
def domain_floor(m: Any, domain: str) -> Any:
    """Σ_{i in d} Σ_y spend[i,y] ≥ min_total_meur[d]  (€m)."""
    row = m.ctx.domains[domain]
    if row.min_total_meur is None:
        return pyo.Constraint.Skip
    return _domain_total(m, domain) >= row.min_total_meur


@constraint("domain_ceiling", index=(sets.DOMAINS,), sheet="Domains", unit="€m")
def domain_ceiling(m: Any, domain: str) -> Any:
    """Σ_{i in d} Σ_y spend[i,y] ≤ max_total_meur[d]  (€m)."""
    row = m.ctx.domains[domain]
    if row.max_total_meur is None:
        return pyo.Constraint.Skip
    return _domain_total(m, domain) <= row.max_total_meur


@constraint("total_floor", index=(sets.ONE,), sheet="Settings", unit="€m")
def total_floor(m: Any, _: str) -> Any:
    """The whole pact spends at least total_min_meur: Σ_i Σ_y spend[i,y] ≥ total_min  (€m)."""
    floor = m.ctx.data.settings.total_min_meur
    if floor is None:
        return pyo.Constraint.Skip
    return sum(m.total_spend[i] for i in m.instruments) >= floor


@constraint("total_ceiling", index=(sets.ONE,), sheet="Settings", unit="€m")
def total_ceiling(m: Any, _: str) -> Any:
    """The whole pact spends at most total_max_meur: Σ_i Σ_y spend[i,y] ≤ total_max  (€m)."""
    ceiling = m.ctx.data.settings.total_max_meur
    if ceiling is None:
        return pyo.Constraint.Skip
    return sum(m.total_spend[i] for i in m.instruments) <= ceiling
