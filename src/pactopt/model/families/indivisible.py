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


def _project(data: PactData, project: str) -> str:
    """A project as a planner reads it: 'project <its name>' (never its id alone)."""
    return project_words(row_name(data, "projects", project))


@constraint(
    "semicontinuous_min",
    index=(sets.SEMICONTINUOUS,),
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("min_if_funded_meur",)),
    phrase=lambda d, ix: f"{row_name(d, 'instruments', ix[0])} is at its least funded amount",
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: f"the least funded amount of {row_name(d, 'instruments', ix[0])}",
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
    phrase=lambda d, ix: f"{row_name(d, 'instruments', ix[0])} is at its ceiling",
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: f"the ceiling of {row_name(d, 'instruments', ix[0])}",
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
    phrase=lambda d, ix: (
        f"{row_name(d, 'instruments', ix[0])} spends just its projects' cost, the least it "
        "may spend"
    ),
    limit=lambda d, ix: f"the projects' cost on {row_name(d, 'instruments', ix[0])}",
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
    phrase=lambda d, ix: (
        f"{row_name(d, 'instruments', ix[0])} spends only its projects' cost (it yields "
        "nothing of its own)"
    ),
    limit=lambda d, ix: (
        f"the rule that {row_name(d, 'instruments', ix[0])} spends only on projects"
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
    phrase=lambda d, ix: f"{_project(d, ix[0])} is mandatory",
    limit=lambda d, ix: f"the mandatory {project_words(row_name(d, 'projects', ix[0]))}",
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
    phrase=lambda d, ix: (
        f"{_project(d, ix[0])} is built only with {_project(d, d.row('projects', ix[0]).requires)}"
    ),
    limit=lambda d, ix: (
        f"{_project(d, ix[0])}'s need for {_project(d, d.row('projects', ix[0]).requires)}"
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
    phrase=lambda d, ix: (
        f"{_project(d, ix[0])} and {_project(d, d.row('projects', ix[0]).excludes)} exclude "
        "each other"
    ),
    limit=lambda d, ix: (
        f"the exclusion of {_project(d, ix[0])} and "
        f"{_project(d, d.row('projects', ix[0]).excludes)}"
    ),
    bends=False,
    marginal=MarginalKind.NONE,
)
def project_excludes(m: PyomoBlock, project: str) -> Any:
    """Two exclusive projects are not both built: build[p] + build[q] ≤ 1."""
    return m.build[project] + m.build[m.ctx.projects[project].excludes] <= 1
