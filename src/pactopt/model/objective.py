"""The objective terms and the objective.

Weighted mode maximises
    weight_output × (output − output forgone on shifted lines)
  + meur_per_job × (jobs − jobs forgone on shifted lines)
  + weight_savings × savings
  − cost of switching enabling conditions on,
all in €m (jobs valued at meur_per_job €m each). An instrument's impacts are discounted by
(1 + discount_rate)^−(year + lag − first_year); what a shifted line would have produced by
(1 + discount_rate)^−(year − first_year) (no lag); a project's own output and jobs, given as
lump sums, as its cost is spent (the cost-weighted factor of its years, with its instrument's
lag). Lexicographic mode maximises net output first, then net jobs with output held within a
tolerance of its optimum. Robust mode maximises the mean and CVaR of the weighted value over
seeded draws of the coefficients (model/robust.py), then, of the equally robust plans, the one
best at central values. Each mode is declared once here (``MODES``: its stages, which stage's
value is reported, the figures a solution reads); the solver runs the stages it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyomo.core as pyo

from pactopt.model.accounting import reskilling_domains
from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.robust import robust_objective
from pactopt.model.sets import SKILLS_BOTTLENECK
from pactopt.model.terms import (
    instrument_jobs,
    instrument_output,
    instrument_savings,
    project_jobs,
    project_output,
)


def output_term(m: PyomoBlock) -> Any:
    """Output of instruments and built projects (€m)."""
    return sum(instrument_output(m, i) for i in m.instruments) + sum(
        project_output(m, p) for p in m.projects
    )


def jobs_term(m: PyomoBlock) -> Any:
    """Net jobs; outside the reskilling domains only those the skills bottleneck credits."""
    if not SKILLS_BOTTLENECK(m.ctx):
        return sum(instrument_jobs(m, i) for i in m.instruments) + sum(
            project_jobs(m, p) for p in m.projects
        )
    domains = reskilling_domains(m.ctx.instruments.values())
    inside = [i for i in m.instruments if m.ctx.instruments[i].domain in domains]
    return (
        m.jobs_other
        + sum(instrument_jobs(m, i) for i in inside)
        + sum(project_jobs(m, p) for p in m.projects if m.ctx.projects[p].instrument in inside)
    )


def savings_term(m: PyomoBlock) -> Any:
    """Savings of government, business and citizens (€m)."""
    return sum(instrument_savings(m, i) for i in m.instruments)


def _forgone(m: PyomoBlock, attribute: str) -> Any:
    return sum(
        getattr(m.ctx.lines[line], attribute) * m.ctx.discount(y) * m.shifted_out[line, y]
        for line in m.budget_lines
        if m.ctx.index.shifts_of_line.get(line)
        for y in m.years
    )


def forgone_output_term(m: PyomoBlock) -> Any:
    """Output the shifted budget lines would have produced (€m)."""
    return _forgone(m, "output_forgone_per_eur")


def forgone_jobs_term(m: PyomoBlock) -> Any:
    """Jobs the shifted budget lines would have supported (€m shifted × jobs per €m)."""
    return _forgone(m, "jobs_forgone_per_meur")


def switch_cost_term(m: PyomoBlock) -> Any:
    """Cost of the enabling conditions switched on (€m)."""
    return sum(m.ctx.switches[w].cost_meur * m.switch_on[w] for w in m.switches)


TERMS: dict[str, Callable[[Any], Any]] = {
    "output": output_term,
    "jobs": jobs_term,
    "savings": savings_term,
    "forgone_output": forgone_output_term,
    "forgone_jobs": forgone_jobs_term,
    "switch_cost": switch_cost_term,
}


def add_terms(m: PyomoBlock) -> None:
    """Add each term as an Expression (``m.output``, ``m.jobs``, …), and the net figures."""
    for name, term in TERMS.items():
        m.add_component(name, pyo.Expression(expr=term(m)))
    m.net_output = pyo.Expression(expr=m.output - m.forgone_output)
    m.net_jobs = pyo.Expression(expr=m.jobs - m.forgone_jobs)


@dataclass(frozen=True)
class Stage:
    """One stage of a solve: maximise the model's named expression ``maximise`` (``objective``:
    the model's own objective); from the second stage on, the previous stage's expression is
    held at least at its optimum less ``hold`` × max(``hold_floor``, |optimum|)."""

    maximise: str
    hold: float = 0.0
    hold_floor: float = 0.0


@dataclass(frozen=True)
class ObjectiveMode:
    """An objective mode: its stages, the stage whose optimum is the reported objective
    (its index), and the named expressions a solution reads as its figures."""

    name: str
    stages: tuple[Stage, ...]
    reported_stage: int
    figures: tuple[str, ...]


# the plan figures every solution reads (named expressions of the model, €m and jobs)
FIGURES = (
    "output",
    "jobs",
    "savings",
    "forgone_output",
    "forgone_jobs",
    "switch_cost",
    "net_output",
    "net_jobs",
)
# robust mode: the mean and the CVaR of the weighted value over the draws, its central value
ROBUST_FIGURES = ("draw_mean", "cvar", "central_value")
# the robust value is held this close (relative) to its optimum while the central value breaks
# the tie between equally robust plans
ROBUST_TIE_TOLERANCE = 1e-9
# what one more €m of a funder's money changes, for the Marginal sheet's split of its value
MONEY_EFFECT_FIGURES = ("net_output", "net_jobs", "savings")


def objective_mode(settings: Any) -> ObjectiveMode:
    """The objective mode of the Settings, declared once: weighted (one stage), lexicographic
    (net output, then net jobs with output held within the Settings tolerance; the reported
    objective is the jobs stage's) or robust (the robust value, then the central value with
    the robust value held; the reported objective is the robust value)."""
    mode = settings.objective_mode
    if mode == "lexicographic":
        tolerance = settings.lexicographic_output_tolerance
        stages = (Stage("net_output"), Stage("net_jobs", hold=tolerance))
        return ObjectiveMode(mode, stages, len(stages) - 1, FIGURES)
    if mode == "robust":
        stages = (
            Stage("objective"),
            Stage("central_value", hold=ROBUST_TIE_TOLERANCE, hold_floor=1.0),
        )
        return ObjectiveMode(mode, stages, 0, FIGURES + ROBUST_FIGURES)
    return ObjectiveMode(mode, (Stage("objective"),), 0, FIGURES)


def add_objective(m: PyomoBlock, ctx: ModelContext) -> None:
    """Add the weighted value at central coefficients, ``m.central_value``, and the objective
    ``m.objective`` (maximised): that value, or in robust mode the blend of the mean and the
    CVaR of the value over the draws (model/robust.py)."""
    s = ctx.data.settings
    m.central_value = pyo.Expression(
        expr=s.weight_output * m.net_output
        + s.meur_per_job * m.net_jobs
        + s.weight_savings * m.savings
        - m.switch_cost
    )
    robust = s.objective_mode == "robust"
    m.objective = pyo.Objective(
        expr=robust_objective(m) if robust else m.central_value, sense=pyo.maximize
    )
