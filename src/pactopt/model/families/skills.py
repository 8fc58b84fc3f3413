"""Family 13, skills bottleneck: jobs outside the reskilling domains need reskilled workers
(the source ties its 40,000 jobs to reskilling 700,000 people)."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.accounting import reskilling_domains
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Role, constraint, setting_cell
from pactopt.model.terms import instrument_jobs, project_jobs


@constraint(
    "jobs_other_potential",
    index=sets.SCALAR,
    where=sets.SKILLS_BOTTLENECK,
    sheet="Instruments",
    unit="jobs",
    cells=setting_cell("jobs_per_reskilling_meur"),
    phrase=lambda d, ix: said("jobs outside reskilling are all credited"),
    role=Role.BOOKKEEPING,
)
def jobs_other_potential(m: PyomoBlock) -> Any:
    """Jobs credited outside the reskilling domains are at most what the spending there
    and the projects built there create:
    J ≤ Σ_{i outside} Σ_y jobs_per_meur[i] × df(y+lag) × spend[i,y] + Σ_{p on i outside}
    jobs[p] × build[p]  (jobs)."""
    domains = reskilling_domains(m.ctx.instruments.values())
    outside = {i for i, r in m.ctx.instruments.items() if r.domain not in domains}
    potential = sum(instrument_jobs(m, i) for i in outside) + sum(
        project_jobs(m, p) for p, row in m.ctx.projects.items() if row.instrument in outside
    )
    return m.jobs_other <= potential


@constraint(
    "skills_bottleneck",
    index=sets.SCALAR,
    where=sets.SKILLS_BOTTLENECK,
    sheet="Settings",
    unit="jobs",
    cells=setting_cell("jobs_per_reskilling_meur"),
    phrase=lambda d, ix: said("jobs outside reskilling are limited by reskilling"),
    bends=False,  # counted in jobs, not euros: a diagnosis in €m cannot bend it
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said("the jobs the reskilling supports (skills bottleneck)"),
)
def skills_bottleneck(m: PyomoBlock) -> Any:
    """Jobs credited outside the reskilling domains are at most a multiple of the
    reskilling effort:
    J ≤ jobs_per_reskilling_meur × Σ_{i reskilling} Σ_y spend[i,y]  (jobs)."""
    multiple = m.ctx.data.settings.jobs_per_reskilling_meur
    effort = sum(m.total_spend[i] for i, r in m.ctx.instruments.items() if r.reskilling)
    return m.jobs_other <= multiple * effort
