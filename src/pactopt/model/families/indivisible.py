"""Family 9, semi-continuous instruments and indivisible projects (makes the model a MILP).

A semi-continuous instrument spends nothing or between its floor and ceiling. A project is
built whole or not at all; its yearly costs are part of its instrument's spending.

In the infeasibility diagnosis a mandatory project gives way only when no euro limit can: its
giving way is priced far above its cost, so the euros that are missing are found first, and
it is reported as a decision, never summed into euros. The relations between projects
(requires, excludes) and a project's cost do not bend: a project is not built for less than
it costs."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import Said, said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name
from pactopt.schema.data import PactData
from pactopt.words import project_words


def _project_cost(data: PactData, project: str) -> float:
    row = data.row("projects", project)
    return sum(v or 0.0 for v in row.cost_meur.values()) if row is not None else 0.0


def _built_cost(m: PyomoBlock, instrument: str, year: int) -> Any:
    """Σ_{p on i} cost_meur[p,y] × build[p]: what the projects built on ``instrument`` cost
    in ``year`` (€m)."""
    projects = m.ctx.index.projects_of[instrument]
    return sum((m.ctx.projects[p].cost_meur.get(year) or 0.0) * m.build[p] for p in projects)


def _has_cost(ctx: ModelContext, instrument: str, year: int) -> bool:
    return any(
        (ctx.projects[p].cost_meur.get(year) or 0.0) != 0
        for p in ctx.index.projects_of.get(instrument, ())
    )


def _costing(data: PactData, index: tuple[Any, ...]) -> list[str]:
    """The projects on instrument ``index[0]`` with a cost in year ``index[1]``."""
    instrument, year = index[0], index[1]
    return [
        p.id
        for p in data.projects
        if p.instrument == instrument and (p.cost_meur.get(year) or 0.0) != 0
    ]


def _project(data: PactData, project: str) -> Said | str:
    """A project as a planner reads it: 'project <its name>' (never its id alone), or its
    name alone when it already says 'project' (``words.project_words``)."""
    name = row_name(data, "projects", project)
    return name if project_words(name) == name else said("project {name}", name=name)


@constraint(
    "semicontinuous_min",
    index=(sets.SEMICONTINUOUS,),
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("min_if_funded_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its least funded amount", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the least funded amount of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
)
def semicontinuous_min(m: PyomoBlock, instrument: str) -> Any:
    """If funded, at least the larger of min_if_funded and min_total:
    Σ_y spend[i,y] ≥ max(min_if_funded[i], min_total[i]) × funded[i]  (€m)."""
    row = m.ctx.instruments[instrument]
    floor = max(row.min_if_funded_meur or 0.0, row.min_total_meur)
    return m.total_spend[instrument] >= floor * m.funded[instrument]


@constraint(
    "semicontinuous_max",
    index=(sets.SEMICONTINUOUS,),
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("max_total_meur",)),
    phrase=lambda d, ix: said(
        "{instrument} is at its ceiling", instrument=row_name(d, "instruments", ix[0])
    ),
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said(
        "the ceiling of {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
)
def semicontinuous_max(m: PyomoBlock, instrument: str) -> Any:
    """Nothing unless funded: Σ_y spend[i,y] ≤ max_total[i] × funded[i]  (€m)."""
    return (
        m.total_spend[instrument]
        <= m.ctx.instruments[instrument].max_total_meur * m.funded[instrument]
    )


@constraint(
    "project_cost",
    index=(sets.PROJECT_INSTRUMENTS, sets.YEARS),
    where=_has_cost,
    sheet="Projects",
    unit="€m",
    cells=Origin("Projects", _costing, ("{1}",)),
    phrase=lambda d, ix: said(
        "{instrument} spends just its projects' cost, the least it may spend",
        instrument=row_name(d, "instruments", ix[0]),
    ),
    limit=lambda d, ix: said(
        "the projects' cost on {instrument}", instrument=row_name(d, "instruments", ix[0])
    ),
    bends=False,
    marginal=MarginalKind.NONE,
    # the row is cost·build − spend ≤ 0: one more €m of cost is one less on its right side
    direction=-1,
    # in a locked year, a started project's row holds nothing but what was spent and paid:
    # a cost covered to the actuals' rounding is a fact of the past, not a rule to impose
    tags={"past_fact"},
)
def project_cost(m: PyomoBlock, instrument: str, year: int) -> Any:
    """An instrument's spending covers the yearly cost of the projects built on it:
    spend[i,y] ≥ Σ_{p on i} cost_meur[p,y] × build[p]  (€m)."""
    return m.spend[instrument, year] >= _built_cost(m, instrument, year)


def project_only(ctx: ModelContext, instrument: str, year: int) -> bool:
    """An instrument that carries projects and yields nothing of its own (every output, jobs
    and savings coefficient 0, no upkeep): its euros beyond its projects' cost would be idle,
    so the model may not spend them."""
    row = ctx.instruments[instrument]
    own = (
        row.output_per_eur_high,
        row.jobs_direct_per_meur_high,
        row.jobs_indirect_per_meur_high,
        row.savings_government_per_eur,
        row.savings_business_per_eur,
        row.savings_citizens_per_eur,
        row.maintenance_rate,
    )
    return not any(own) and not row.reskilling and bool(ctx.index.funders_of.get(instrument))


@constraint(
    "project_only_spend",
    index=(sets.PROJECT_INSTRUMENTS, sets.YEARS),
    where=project_only,
    sheet="Projects",
    unit="€m",
    cells=Origin("Instruments", 0, ("output_per_eur_central",)),
    phrase=lambda d, ix: said(
        "{instrument} spends only its projects' cost (it yields nothing of its own)",
        instrument=row_name(d, "instruments", ix[0]),
    ),
    limit=lambda d, ix: said(
        "the rule that {instrument} spends only on projects",
        instrument=row_name(d, "instruments", ix[0]),
    ),
    marginal=MarginalKind.NONE,
)
def project_only_spend(m: PyomoBlock, instrument: str, year: int) -> Any:
    """An instrument with no impact of its own spends just its built projects' cost:
    spend[i,y] ≤ Σ_{p on i} cost_meur[p,y] × build[p]  (€m)."""
    return m.spend[instrument, year] <= _built_cost(m, instrument, year)


@constraint(
    "project_mandatory",
    index=(sets.PROJECTS,),
    where=lambda ctx, p: ctx.projects[p].mandatory,
    sheet="Projects",
    unit="binary",
    cells=Origin("Projects", 0, ("mandatory",)),
    phrase=lambda d, ix: said("{project} is mandatory", project=_project(d, ix[0])),
    limit=lambda d, ix: said("the mandatory {project}", project=_project(d, ix[0])),
    marginal=MarginalKind.NONE,
    bend_cost=lambda d, ix: 1e3 * (1.0 + _project_cost(d, ix[0])),
)
def project_mandatory(m: PyomoBlock, project: str) -> Any:
    """A mandatory project is built: build[p] = 1."""
    return m.build[project] >= 1


@constraint(
    "project_requires",
    index=(sets.PROJECTS,),
    where=lambda ctx, p: ctx.projects[p].requires is not None,
    sheet="Projects",
    unit="binary",
    cells=Origin("Projects", 0, ("requires",)),
    phrase=lambda d, ix: said(
        "{project} is built only with {other}",
        project=_project(d, ix[0]),
        other=_project(d, d.row("projects", ix[0]).requires),
    ),
    limit=lambda d, ix: said(
        "{project}'s need for {other}",
        project=_project(d, ix[0]),
        other=_project(d, d.row("projects", ix[0]).requires),
    ),
    bends=False,
    marginal=MarginalKind.NONE,
)
def project_requires(m: PyomoBlock, project: str) -> Any:
    """A project needing another is built only with it: build[p] ≤ build[q]."""
    return m.build[project] <= m.build[m.ctx.projects[project].requires]


@constraint(
    "project_excludes",
    index=(sets.PROJECTS,),
    where=lambda ctx, p: ctx.projects[p].excludes is not None,
    sheet="Projects",
    unit="binary",
    cells=Origin("Projects", 0, ("excludes",)),
    phrase=lambda d, ix: said(
        "{project} and {other} exclude each other",
        project=_project(d, ix[0]),
        other=_project(d, d.row("projects", ix[0]).excludes),
    ),
    limit=lambda d, ix: said(
        "the exclusion of {project} and {other}",
        project=_project(d, ix[0]),
        other=_project(d, d.row("projects", ix[0]).excludes),
    ),
    bends=False,
    marginal=MarginalKind.NONE,
)
def project_excludes(m: PyomoBlock, project: str) -> Any:
    """Two exclusive projects are not both built: build[p] + build[q] ≤ 1."""
    return m.build[project] + m.build[m.ctx.projects[project].excludes] <= 1
