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

import numpy as np

from pactopt.analysis.robust_evaluation import (
    PLANS,
    Exposure,
    RobustComparison,
    cvar,
    figures_under,
)
from pactopt.analysis.uncertainty import PersistentSolver
from pactopt.model.built import BuiltModel
from pactopt.model.draws import Draws, central_draw, draw_coefficients
from pactopt.model.robust import exposure_expressions
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution
from pactopt.solver.solve import column_values_of, run_solver


def plan_exposure(built: BuiltModel, direct: DirectHighs, x: np.ndarray) -> Exposure:
    """The exposure of the plan with column values ``x`` of the compiled model."""
    parts = exposure_expressions(built.pyomo)

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


def _totals(
    built: BuiltModel, direct: DirectHighs, x: np.ndarray, ids: list[str]
) -> dict[str, float]:
    forms = direct.linear_forms([built.pyomo.total_spend[i] for i in ids])
    return {i: f.value(x) for i, f in zip(ids, forms, strict=True)}


def compare_plans(
    built: BuiltModel, direct: DirectHighs, data: PactData, robust: Solution
) -> RobustComparison | None:
    """Solve the central plan on the robust model's instance (the central value as objective,
    a scoped change) next to the robust plan ``robust`` (the plan shown), and compare both on
    fresh draws (None when the central plan has no optimum)."""
    s = data.settings
    ids = [i.id for i in data.instruments]
    x_robust = column_values_of(direct, robust)
    plans = {"robust": x_robust}
    with direct.objective(built.pyomo.central_value):
        if not run_solver(direct).has_solution:
            return None
        plans["central"] = direct.column_values()
    fresh = draw_coefficients(data, s.robust_evaluation_draws, s.robust_evaluation_seed)
    figures, totals, central = {}, {}, {}
    central_point = central_draw(data)
    for name in PLANS:
        exposure = plan_exposure(built, direct, plans[name])
        figures[name] = figures_under(data, exposure, fresh)
        central[name] = float(figures_under(data, exposure, central_point)["value"][0])
        totals[name] = _totals(built, direct, plans[name], ids)
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


__all__ = ["PLANS", "RobustComparison", "compare_plans", "cvar", "figures_under"]
