"""The reference plan under the workbook's own rules, and the like-for-like bridge from it to
the optimised plan.

The reference plan states only each instrument's total (Instruments ``reference_plan_meur``),
read as spread evenly over the years the plan decides. It is compared as financed within every
rule: the plan whose totals are closest to the announced ones (least € moved), then whose years
are closest to the even profile, then who pays and from which budget line as well as the rules
allow it (the same objective as the optimisation). When the announced totals cannot be financed,
an elastic relaxation with them held fixed says which rules they break, in their cells and
units, and the nearest financeable plan is the one compared.

The bridge has three real solves on the same HiGHS instance:
1. the reference plan, financed within the rules;
2. the best plan at the reference plan's own yearly spending (the total of each year fixed,
   its split over instruments free): the gain from reallocation alone;
3. the optimised plan within the full envelope: the further gain from spending more or at
   other times.
"""

from __future__ import annotations

from typing import Any

from pactopt.analysis.plans import Bridge, ReferenceCheck, yearly_spending_meur
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.solver.closest import Closest, solve_closest
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import least_bends
from pactopt.solver.solution import Conflict, Solution
from pactopt.solver.solve import solve_within

# the announced totals count as financeable when the nearest plan moves less than this (€m)
FINANCEABLE_MEUR = 0.01


def announced_profile_meur(data: PactData) -> dict[tuple[str, int], float]:
    """The reference plan by instrument and year: the pact announces totals only, so each is
    spread evenly over the years the plan decides; with a locked past, what is left of it
    after the actual spending (never below zero)."""
    free = data.settings.free_years
    spent: dict[str, float] = {}
    for (i, _, _), value in data.actual_meur().items():
        spent[i] = spent.get(i, 0.0) + value
    return {
        (i.id, y): max(0.0, i.reference_plan_meur - spent.get(i.id, 0.0)) / len(free)
        for i in data.instruments
        for y in free
    }


def reference_levels(
    built: BuiltModel, data: PactData, profile: dict[tuple[str, int], float]
) -> list[list[tuple[Any, float]]]:
    """The reference plan as two levels of targets: each instrument's total, then each
    instrument-year of ``profile`` (the years the plan decides)."""
    totals = [(built.pyomo.total_spend[i.id], i.reference_plan_meur) for i in data.instruments]
    yearly = [(built.pyomo.spend[i, y], target) for (i, y), target in profile.items()]
    return [totals, yearly]


def financeable_reference(built: BuiltModel, direct: DirectHighs, data: PactData) -> Closest:
    """The reference plan financed within every rule: the plan whose instrument totals are
    closest to the announced ones (€ moved), then whose years are closest to the announced
    profile, then of the best value (a real solve); its distances at each level."""
    levels = reference_levels(built, data, announced_profile_meur(data))
    return solve_closest(built, direct, data.settings, levels, mode="reference plan")


def check_reference(
    built: BuiltModel, direct: DirectHighs, data: PactData, *, nearest: bool = True
) -> ReferenceCheck:
    """The reference plan financed within every rule: the plan whose instrument totals are
    closest to the announced ones (€ moved), then whose years are closest to the announced
    profile, then of the best value (a real solve). When the announced totals cannot be
    financed, the least amounts by which rules would have to give way to finance them (the
    breach table), beside the nearest plan that can be. Without ``nearest`` (a large model:
    each level is a solve as long as the first), one solve: the announced totals held, their
    years and financing of the best value; when they break a rule, only the breach table."""
    if not nearest:
        return _announced_totals(built, direct, data)
    closest = financeable_reference(built, direct, data)
    moved = closest.distances_meur[0] if closest.distances_meur else None
    if moved is not None and moved <= FINANCEABLE_MEUR:
        return ReferenceCheck(closest.solution)
    # the least € moved is more than nothing: the announced totals cannot be held, so the
    # relaxation runs at once (a solve to find that out took 13 s at 106,524 variables)
    with direct.extra_rows(_announced_rows(built, data)):
        bends, instead = least_bends(built, direct, data)
    return ReferenceCheck(closest.solution, tuple(bends), instead, moved or 0.0)


def _announced_rows(
    built: BuiltModel, data: PactData
) -> list[tuple[Any, float | None, float | None]]:
    """Each instrument's total held at its announced amount."""
    return [
        (built.pyomo.total_spend[i.id], i.reference_plan_meur, i.reference_plan_meur)
        for i in data.instruments
    ]


def _announced_totals(built: BuiltModel, direct: DirectHighs, data: PactData) -> ReferenceCheck:
    """The announced totals held and financed as well as the rules allow; when that is
    impossible, the least amounts by which rules must give way (no plan compared)."""
    rows = _announced_rows(built, data)
    instead: dict[str, list[Conflict]] = {}

    def relax() -> list[Conflict]:
        """The least bends, and which of them had equally small alternatives (found while
        the reference amounts are still held)."""
        bends, alternatives = least_bends(built, direct, data)
        instead.update(alternatives)
        return bends

    solution, bends = solve_within(
        built, direct, data.settings, rows, mode="reference plan", relax=relax
    )
    return ReferenceCheck(solution, tuple(bends), instead)


def reference_targets_meur(data: PactData, reference: Solution) -> dict[tuple[str, int], float]:
    """What the least-change plan stays close to: the financeable reference plan's spending
    by instrument and year, in the years the plan decides."""
    free = set(data.settings.free_years)
    out = {(i.id, y): 0.0 for i in data.instruments for y in data.settings.free_years}
    for (i, _, y), value in reference.value_map("funding").items():
        if int(y) in free:
            out[str(i), int(y)] += value
    return out


def _spent(plan: Solution, targets: dict[tuple[str, int], float]) -> dict[tuple[str, int], float]:
    spent = dict.fromkeys(targets, 0.0)
    for (i, _, y), value in plan.value_map("funding").items():
        key = (str(i), int(y))
        if key in spent:
            spent[key] += value
    return spent


def distance_meur(plan: Solution, targets: dict[tuple[str, int], float]) -> float:
    """€ moved: the sum over instrument-years of |the plan's spending − the target|."""
    spent = _spent(plan, targets)
    return sum(abs(spent[k] - t) for k, t in targets.items())


def kept_meur(plan: Solution, targets: dict[tuple[str, int], float]) -> float:
    """€ of the targets the plan keeps where they are: the sum over instrument-years of the
    smaller of the plan's spending and the target."""
    spent = _spent(plan, targets)
    return sum(min(spent[k], t) for k, t in targets.items())


def bridge(
    built: BuiltModel,
    direct: DirectHighs,
    data: PactData,
    reference: ReferenceCheck,
    optimised: Solution,
) -> Bridge | None:
    """The like-for-like bridge (None when the reference plan cannot be financed)."""
    if not reference.comparable:
        return None
    spent = yearly_spending_meur(reference.solution)
    rows: list[tuple[Any, float | None, float | None]] = [
        (
            sum(built.pyomo.spend[i, year] for i in built.pyomo.instruments),
            spent.get(year, 0.0),
            spent.get(year, 0.0),
        )
        for year in data.years
    ]
    same, _ = solve_within(built, direct, data.settings, rows, mode="same yearly spending")
    return Bridge(reference.solution, same, optimised)
