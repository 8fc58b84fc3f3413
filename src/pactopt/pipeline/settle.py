"""The plan ``solve`` reports: the reference plan financed within the rules and, of the
plans within the least-change tolerance of the best value, the one closest to it."""

from __future__ import annotations

import dataclasses

from pactopt.analysis.plans import LeastChange, ReferenceCheck
from pactopt.analysis.reference import (
    check_reference,
    distance_meur,
    kept_meur,
    reference_targets_meur,
)
from pactopt.pipeline.requests import SolveOptions
from pactopt.pipeline.solved import Solved
from pactopt.solver.closest import solve_closest
from pactopt.solver.solve import integer_levels


def settle(
    solved: Solved, options: SolveOptions = SolveOptions()
) -> tuple[Solved, ReferenceCheck | None]:
    """The reference plan financed within the rules (the nearest financeable one when its
    announced totals break them), and the plan to report: of the plans within the Settings'
    least-change tolerance of the best value, the one closest to that reference (least €
    moved over instruments and years), with the optimum's yes/no decisions and its duals (the
    marginal values are those of the best value). Without a stated reference plan, or with
    least_change off, the optimum itself. Past ``options.least_change_max_variables`` (each of
    these stages is a solve about as long as the first), only the announced totals are checked
    and the optimum is shown, unless ``options.least_change`` asks for them."""
    built, direct, data, optimum = solved.model, solved.direct, solved.data, solved.result
    # a workbook with no reference amounts states no plan to compare with
    if not any(i.reference_plan_meur for i in data.instruments):
        return solved, None
    s = data.settings
    optimum_basis = direct.current_basis()  # before the reference check's solves
    wanted = options.least_change
    small = solved.run.variables <= options.least_change_max_variables
    full = wanted if wanted is not None else small
    reference = check_reference(built, direct, data, nearest=full)
    if not full and s.least_change:
        return dataclasses.replace(solved, least_skipped=True), reference
    if not (s.least_change and reference.comparable):
        return solved, reference
    targets = reference_targets_meur(data, reference.solution)
    closest = solve_closest(
        built,
        direct,
        s,
        [[(built.pyomo.spend[i, y], target) for (i, y), target in targets.items()]],
        mode=optimum.mode,
        tolerance=s.least_change_tolerance,
        integer_levels=integer_levels(direct, optimum),
        optimum_basis=optimum_basis,
    )
    plan = closest.solution
    if not plan.status.has_solution or optimum.objective is None or plan.objective is None:
        return solved, reference
    least = LeastChange(
        s.least_change_tolerance,
        optimum.objective,
        plan.objective,
        distance_meur(plan, targets),
        distance_meur(optimum, targets),
        sum(targets.values()),
        kept_meur(plan, targets),
        kept_meur(optimum, targets),
    )
    best = {"objective": optimum.objective, **optimum.figures}
    result = dataclasses.replace(
        plan,
        status=optimum.status,
        duals=optimum.duals,
        ranges=optimum.ranges,
        reduced_costs=optimum.reduced_costs,
        rhs=optimum.rhs,
        money_effects=optimum.money_effects,
        duals_conditional=optimum.duals_conditional,
        solve_seconds=optimum.solve_seconds + plan.solve_seconds,
        best=best,
    )
    shown = (
        "least_change",
        f"the plan shown is the closest to the reference plan within "
        f"{s.least_change_tolerance:.2%} of the best value ({plan.objective:,.2f} of "
        f"{optimum.objective:,.2f})",
    )
    run = dataclasses.replace(
        solved.run, objective=plan.objective, options=(*solved.run.options, shown)
    )
    return (
        dataclasses.replace(solved, result=result, optimum=optimum, least=least, run=run),
        reference,
    )
