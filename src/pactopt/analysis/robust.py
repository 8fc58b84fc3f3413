"""The central plan and the robust plan compared out of sample.

The robust plan (Settings ``objective_mode = robust``, model/robust.py) is optimised over
``robust_draws`` draws of the coefficients from ``robust_seed``. Here both it and the central
plan (the weighted objective at central coefficients, solved on the same compiled model) are
evaluated on ``robust_evaluation_draws`` *fresh* draws from ``robust_evaluation_seed``: each
plan's net output, net jobs and weighted value in every draw, and its regret there, the value
the best plan for that draw (a re-solve with its coefficients, as ``pactopt uncertainty``
does) has over it.

A plan's figures are linear in the coefficients but for the skills bottleneck, which credits
the jobs outside the reskilling domains up to a multiple of the reskilling effort: in a draw
they are min(what those instruments create with the draw's jobs per €m, that limit), as a
re-solve with the plan held would credit them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from pactopt.analysis.uncertainty import PersistentSolver
from pactopt.model.draws import Draws, central_draw, draw_coefficients
from pactopt.model.robust import exposure_expressions
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solve import run_solver

PLANS = ("central", "robust")


@dataclass(frozen=True)
class Exposure:
    """A plan as the draws see it (model/robust.py ``exposure_expressions``, evaluated)."""

    output: np.ndarray  # per instrument: the euros output per € multiplies
    jobs: np.ndarray  # per instrument: the discounted euros jobs per €m multiply
    outside: np.ndarray  # per instrument: True when the skills bottleneck limits its jobs
    project_output: float
    project_jobs_inside: float
    project_jobs_outside: float
    forgone_output: float
    forgone_jobs: float
    savings: float
    switch_cost: float
    cap: float | None  # the skills bottleneck's limit (None without it)


def plan_exposure(m: Any, direct: DirectHighs, x: np.ndarray) -> Exposure:
    """The exposure of the plan with column values ``x`` of the compiled model."""
    parts = exposure_expressions(m)

    def values(name: str) -> np.ndarray:
        return np.array([f.value(x) for f in direct.linear_forms(parts[name])], dtype=float)

    fixed = values("fixed")
    cap = values("cap")
    return Exposure(
        output=values("output"),
        jobs=values("jobs"),
        outside=np.array(parts["outside"], dtype=bool),
        project_output=float(fixed[0]),
        project_jobs_inside=float(fixed[1]),
        project_jobs_outside=float(fixed[2]),
        forgone_output=float(fixed[3]),
        forgone_jobs=float(fixed[4]),
        savings=float(fixed[5]),
        switch_cost=float(fixed[6]),
        cap=float(cap[0]) if len(cap) else None,
    )


def figures_under(data: PactData, plan: Exposure, draws: Draws) -> dict[str, np.ndarray]:
    """Net output, net jobs and weighted value (discounted) of a plan in every draw."""
    output = draws.output_per_eur @ plan.output + plan.project_output
    inside, outside = ~plan.outside, plan.outside
    jobs = draws.jobs_per_meur[:, inside] @ plan.jobs[inside] + plan.project_jobs_inside
    credited = draws.jobs_per_meur[:, outside] @ plan.jobs[outside] + plan.project_jobs_outside
    jobs = jobs + (credited if plan.cap is None else np.minimum(credited, plan.cap))
    s = data.settings
    net_output = output - plan.forgone_output
    net_jobs = jobs - plan.forgone_jobs
    value = (
        s.weight_output * net_output
        + s.meur_per_job * net_jobs
        + s.weight_savings * plan.savings
        - plan.switch_cost
    )
    return {"net_output": net_output, "net_jobs": net_jobs, "value": value}


def cvar(values: np.ndarray, alpha: float) -> float:
    """The mean of the worst ``alpha`` share of ``values`` (the boundary draw counted in part):
    max_η η − 1/(αN) Σ max(0, η − v), the Rockafellar–Uryasev form the model optimises."""
    ordered = np.sort(values)
    n = len(ordered)
    weights = np.clip(alpha * n - np.arange(n), 0.0, 1.0)
    return float(weights @ ordered / (alpha * n))


@dataclass(frozen=True)
class RobustComparison:
    """Both plans out of sample: figures per plan and draw, best values per draw, and each
    plan's total €m per instrument."""

    draws: Draws
    seed: int
    figures: dict[str, dict[str, np.ndarray]]  # plan -> figure -> one value per draw
    best_value: np.ndarray  # per draw: the value of the plan best for that draw (nan: none)
    totals: dict[str, dict[str, float]]  # plan -> instrument -> €m
    central_value: dict[str, float]  # plan -> weighted value at central coefficients
    alpha: float

    def regret(self, plan: str) -> np.ndarray:
        """Per draw, what the best plan for that draw has over ``plan`` (value, €m)."""
        return np.asarray(np.maximum(self.best_value - self.figures[plan]["value"], 0.0))


def _totals(m: Any, direct: DirectHighs, x: np.ndarray, ids: list[str]) -> dict[str, float]:
    forms = direct.linear_forms([m.total_spend[i] for i in ids])
    return {i: f.value(x) for i, f in zip(ids, forms, strict=True)}


def compare_plans(m: Any, direct: DirectHighs, data: PactData) -> RobustComparison | None:
    """Solve the central plan on the robust model's instance (the central value as objective,
    a scoped change) next to the robust plan it holds now, and compare both on fresh draws
    (None when the central plan has no optimum). Call right after the robust solve."""
    s = data.settings
    ids = [i.id for i in data.instruments]
    x_robust = direct.column_values()
    plans = {"robust": x_robust}
    with direct.objective(m.central_value):
        if not run_solver(direct).has_solution:
            return None
        plans["central"] = direct.column_values()
    fresh = draw_coefficients(data, s.robust_evaluation_draws, s.robust_evaluation_seed)
    figures, totals, central = {}, {}, {}
    central_point = central_draw(data)
    for name in PLANS:
        exposure = plan_exposure(m, direct, plans[name])
        figures[name] = figures_under(data, exposure, fresh)
        central[name] = float(figures_under(data, exposure, central_point)["value"][0])
        totals[name] = _totals(m, direct, plans[name], ids)
    return RobustComparison(
        draws=fresh,
        seed=s.robust_evaluation_seed,
        figures=figures,
        best_value=best_values(data, fresh),
        totals=totals,
        central_value=central,
        alpha=s.robust_cvar_alpha,
    )


def best_values(data: PactData, draws: Draws) -> np.ndarray:
    """Per draw, the optimum of the weighted objective with the draw's coefficients (the
    persistent model of ``pactopt uncertainty``; nan where a draw has no optimum)."""
    solver = PersistentSolver(data)
    out = np.full(len(draws.output_per_eur), np.nan)
    for k in range(len(out)):
        result = solver.solve(k, draws.output_per_eur[k], draws.jobs_per_meur[k])
        if result.figures is not None:
            out[k] = result.figures["value"]
    return out
