"""Family 14, the robust objective's draws (only in robust mode; model/robust.py): each draw's
shortfall below the CVaR threshold and, with the skills bottleneck, the jobs each draw may
credit outside the reskilling domains."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import Role, constraint, setting_cell
from pactopt.model.robust import draw_jobs, outside_reskilling, reskilling_effort


@constraint(
    "draw_shortfall",
    index=(sets.DRAWS,),
    sheet="Settings",
    unit="€m",
    cells=setting_cell("robust_draws"),
    phrase=lambda d, ix: said("draw {draw} falls below the CVaR threshold", draw=ix[0] + 1),
    role=Role.BOOKKEEPING,
    bends=False,
)
def draw_shortfall(m: PyomoBlock, draw: int) -> Any:
    """How far draw s's value falls below the threshold η (Rockafellar–Uryasev):
    u_s ≥ η − v_s, with u_s ≥ 0 its column bound; v_s is the weighted objective with the
    draw's output per € and jobs per €m  (€m of objective value)."""
    return m.shortfall[draw] >= m.cvar_threshold - m.draw_value[draw]


@constraint(
    "draw_jobs_other_potential",
    index=(sets.SKILL_DRAWS,),
    sheet="Instruments",
    unit="jobs",
    cells=setting_cell("jobs_per_reskilling_meur"),
    phrase=lambda d, ix: said(
        "draw {draw}: jobs outside reskilling are all credited", draw=ix[0] + 1
    ),
    role=Role.BOOKKEEPING,
)
def draw_jobs_other_potential(m: PyomoBlock, draw: int) -> Any:
    """Jobs credited outside the reskilling domains in draw s are at most what the spending
    there and its projects create with the draw's jobs per €m:
    J_s ≤ Σ_{i outside} j[s,i] × Σ_y df(y+lag) × spend[i,y] + Σ_{p on i outside} jobs[p] ×
    build[p]  (jobs)."""
    return m.jobs_other_draw[draw] <= draw_jobs(m, draw, outside_reskilling(m.ctx))


@constraint(
    "draw_skills_bottleneck",
    index=(sets.SKILL_DRAWS,),
    sheet="Settings",
    unit="jobs",
    cells=setting_cell("jobs_per_reskilling_meur"),
    phrase=lambda d, ix: said(
        "draw {draw}: jobs outside reskilling are limited by reskilling", draw=ix[0] + 1
    ),
    role=Role.BOOKKEEPING,
)
def draw_skills_bottleneck(m: PyomoBlock, draw: int) -> Any:
    """Jobs credited outside the reskilling domains in draw s are at most a multiple of the
    reskilling effort: J_s ≤ jobs_per_reskilling_meur × Σ_{i reskilling} Σ_y spend[i,y]
    (jobs)."""
    multiple = m.ctx.data.settings.jobs_per_reskilling_meur
    return m.jobs_other_draw[draw] <= multiple * reskilling_effort(m)
