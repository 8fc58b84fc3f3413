"""A plan's figures under draws of the coefficients, and the comparison of the central and
robust plans built from them (analysis/robust.py). Plain numpy: the Robustness sheet reads
these without loading the model or the solver."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pactopt.model.draws import Draws
from pactopt.schema.data import PactData

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
