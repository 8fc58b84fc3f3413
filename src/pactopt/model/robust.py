"""The scenarios of the robust objective: N seeded draws of the impact coefficients.

In robust mode (Settings ``objective_mode = robust``) the model maximises a blend of the mean
and the CVaR of the weighted objective over N draws s of every instrument's output per € and
jobs per €m (a sample average approximation):

    (1 − w) × (1/N) Σ_s v_s + w × CVaR_α,    CVaR_α = η − 1/(αN) × Σ_s u_s,
    u_s ≥ η − v_s,  u_s ≥ 0   (Rockafellar–Uryasev; the rows are families/robust.py),

with w = ``robust_cvar_weight``, α = ``robust_cvar_alpha`` and v_s the weighted objective
with draw s's coefficients. At the optimum η is the value below which the worst αN draws
fall and CVaR_α is their mean. The coefficients enter only the objective, so the model gains
N rows and N + 1 variables (η, u_s), not N copies of the plan; when the skills bottleneck is
set, each draw also counts its own jobs outside the reskilling domains (N more variables and
2N rows, since those jobs depend on the draw's jobs per €m).

Everything else in the model keeps the central coefficients: ``m.output``, ``m.jobs`` and the
reported figures are central values.
"""

from __future__ import annotations

from typing import Any

import pyomo.core as pyo

from pactopt.model.accounting import reskilling_domains
from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.draws import Draws, draw_coefficients
from pactopt.model.sets import SKILLS_BOTTLENECK
from pactopt.model.terms import output_exposure, project_jobs, project_output
from pactopt.schema.data import PactData


def robust_draws(data: PactData) -> Draws | None:
    """The draws the robust objective is optimised over (None outside robust mode)."""
    s = data.settings
    if s.objective_mode != "robust":
        return None
    return draw_coefficients(data, s.robust_draws, s.robust_seed)


def outside_reskilling(ctx: ModelContext) -> set[str]:
    """Instruments whose jobs the skills bottleneck limits (outside the reskilling domains)."""
    domains = reskilling_domains(ctx.instruments.values())
    return {i for i, r in ctx.instruments.items() if r.domain not in domains}


def reskilling_effort(m: PyomoBlock) -> Any:
    """€m spent on reskilling instruments over the horizon: Σ_{i reskilling} Σ_y spend[i,y]."""
    return sum(m.total_spend[i] for i, r in m.ctx.instruments.items() if r.reskilling)


def draw_jobs(m: PyomoBlock, draw: int, instruments: set[str] | None = None) -> Any:
    """Jobs of the instruments (all when None) and their built projects with draw ``draw``'s
    jobs per €m: Σ_i j[s,i] × discounted spend[i] + Σ_p jobs[p] × build[p]."""
    draws: Draws = m.draw_coefficients
    chosen = set(m.instruments) if instruments is None else instruments
    return sum(
        float(draws.jobs_per_meur[draw, k]) * m.discounted_spend[i]
        for k, i in enumerate(draws.instruments)
        if i in chosen
    ) + sum(project_jobs(m, p) for p, row in m.ctx.projects.items() if row.instrument in chosen)


def _draw_value(m: PyomoBlock, draw: int) -> Any:
    """v_s: the weighted objective with draw s's output per € and jobs per €m."""
    draws: Draws = m.draw_coefficients
    s = m.ctx.data.settings
    output = sum(
        float(draws.output_per_eur[draw, k]) * m.output_exposure[i]
        for k, i in enumerate(draws.instruments)
    ) + sum(project_output(m, p) for p in m.projects)
    if len(m.skill_draws):
        inside = set(m.instruments) - outside_reskilling(m.ctx)
        jobs = m.jobs_other_draw[draw] + draw_jobs(m, draw, inside)
    else:
        jobs = draw_jobs(m, draw)
    return (
        s.weight_output * (output - m.forgone_output)
        + s.meur_per_job * (jobs - m.forgone_jobs)
        + s.weight_savings * m.savings
        - m.switch_cost
    )


def add_robust_expressions(m: PyomoBlock) -> None:
    """``m.output_exposure[i]`` (what output per € multiplies) and ``m.draw_value[s]`` (v_s);
    needs the objective's terms (``m.forgone_output``, ``m.savings``, …)."""
    instruments = list(m.instruments) if len(m.draws) else []
    m.output_exposure = pyo.Expression(instruments, rule=lambda _, i: output_exposure(m, i))
    m.draw_value = pyo.Expression(m.draws, rule=lambda _, s: _draw_value(m, s))


def robust_objective(m: PyomoBlock) -> Any:
    """(1 − w) × mean_s v_s + w × (η − 1/(αN) Σ_s u_s), also kept as ``m.draw_mean`` and
    ``m.cvar``."""
    s = m.ctx.data.settings
    n = len(m.draws)
    m.draw_mean = pyo.Expression(expr=sum(m.draw_value[d] for d in m.draws) / n)
    m.cvar = pyo.Expression(
        expr=m.cvar_threshold - sum(m.shortfall[d] for d in m.draws) / (s.robust_cvar_alpha * n)
    )
    weight = s.robust_cvar_weight
    return (1 - weight) * m.draw_mean + weight * m.cvar


def exposure_expressions(m: PyomoBlock) -> dict[str, list[Any]]:
    """What a plan's figures under any draw are made of, as linear expressions of the plan:
    per instrument (in data order) the euros output per € multiplies (``output``) and those
    jobs per €m multiply (``jobs``), with ``outside`` marking the instruments whose jobs the
    skills bottleneck limits (1.0) and ``cap`` the bottleneck's limit (empty without it); and
    the parts no draw changes: ``fixed`` = [projects' output, projects' jobs inside and
    outside reskilling, output forgone, jobs forgone, savings, switch cost]."""
    ids = [r.id for r in m.ctx.data.instruments]
    skills = SKILLS_BOTTLENECK(m.ctx)
    outside = outside_reskilling(m.ctx) if skills else set()
    projects_in = [p for p, r in m.ctx.projects.items() if r.instrument not in outside]
    projects_out = [p for p, r in m.ctx.projects.items() if r.instrument in outside]
    fixed = [
        sum(project_output(m, p) for p in m.projects),
        sum(project_jobs(m, p) for p in projects_in),
        sum(project_jobs(m, p) for p in projects_out),
        m.forgone_output,
        m.forgone_jobs,
        m.savings,
        m.switch_cost,
    ]
    cap = []
    if skills:
        multiple = m.ctx.data.settings.jobs_per_reskilling_meur
        cap = [multiple * reskilling_effort(m)]
    return {
        "output": [output_exposure(m, i) for i in ids],
        "jobs": [m.discounted_spend[i] for i in ids],
        "outside": [1.0 if i in outside else 0.0 for i in ids],
        "fixed": fixed,
        "cap": cap,
    }
