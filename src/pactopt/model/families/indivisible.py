"""Family 9, semi-continuous instruments and indivisible projects (makes the model a MILP).

A semi-continuous instrument spends nothing or between its floor and ceiling. A project is
built whole or not at all; its yearly costs are part of its instrument's spending."""

from __future__ import annotations

from typing import Any

import pyomo.environ as pyo

from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint("semicontinuous_min", index=(sets.SEMICONTINUOUS,), sheet="Instruments", unit="€m")
def semicontinuous_min(m: Any, instrument: str) -> Any:
    """If funded, at least the larger of min_if_funded and min_total:
    Σ_y spend[i,y] ≥ max(min_if_funded[i], min_total[i]) × funded[i]  (€m)."""
    row = m.ctx.instruments[instrument]
    floor = max(row.min_if_funded_meur or 0.0, row.min_total_meur)
    return m.total_spend[instrument] >= floor * m.funded[instrument]


@constraint("semicontinuous_max", index=(sets.SEMICONTINUOUS,), sheet="Instruments", unit="€m")
def semicontinuous_max(m: Any, instrument: str) -> Any:
    """Nothing unless funded: Σ_y spend[i,y] ≤ max_total[i] × funded[i]  (€m)."""
    return (
        m.total_spend[instrument]
        <= m.ctx.instruments[instrument].max_total_meur * m.funded[instrument]
    )


@constraint(
    "project_cost", index=(sets.PROJECT_INSTRUMENTS, sets.YEARS), sheet="Projects", unit="€m"
)
def project_cost(m: Any, instrument: str, year: int) -> Any:
    """An instrument's spending covers the yearly cost of the projects built on it:
    spend[i,y] ≥ Σ_{p on i} cost_meur[p,y] × build[p]  (€m)."""
    projects = m.ctx.index.projects_of[instrument]
    cost = sum((m.ctx.projects[p].cost_meur.get(year) or 0.0) * m.build[p] for p in projects)
    if isinstance(cost, int | float):
        return pyo.Constraint.Skip
    return m.spend[instrument, year] >= cost


@constraint("project_mandatory", index=(sets.PROJECTS,), sheet="Projects", unit="binary")
def project_mandatory(m: Any, project: str) -> Any:
    """A mandatory project is built: build[p] = 1."""
    if not m.ctx.projects[project].mandatory:
        return pyo.Constraint.Skip
    return m.build[project] >= 1


@constraint("project_requires", index=(sets.PROJECTS,), sheet="Projects", unit="binary")
def project_requires(m: Any, project: str) -> Any:
    """A project needing another is built only with it: build[p] ≤ build[q]."""
    other = m.ctx.projects[project].requires
    if other is None:
        return pyo.Constraint.Skip
    return m.build[project] <= m.build[other]


@constraint("project_excludes", index=(sets.PROJECTS,), sheet="Projects", unit="binary")
def project_excludes(m: Any, project: str) -> Any:
    """Two exclusive projects are not both built: build[p] + build[q] ≤ 1."""
    other = m.ctx.projects[project].excludes
    if other is None:
        return pyo.Constraint.Skip
    return m.build[project] + m.build[other] <= 1
