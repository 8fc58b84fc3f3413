"""The reference plan under the workbook's own rules, and the like-for-like bridge from it to
the optimised plan.

The reference plan fixes only each instrument's total (Instruments ``reference_plan_meur``):
who pays, in which year and from which budget line is chosen within every rule, as well as
the rules allow it (the same objective as the optimisation). When no such financing exists,
an elastic relaxation with the totals held fixed says which rules the plan breaks, in their
cells and units.

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
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import elastic_relaxation, equal_alternatives
from pactopt.solver.solution import Conflict, Solution
from pactopt.solver.solve import solve_within


def check_reference(m: Any, direct: DirectHighs, data: PactData) -> ReferenceCheck:
    """Fix every instrument's total at its reference amount and finance it within the rules;
    when that is impossible, the least amounts by which rules must give way."""
    rows: list[tuple[Any, float | None, float | None]] = [
        (m.total_spend[i.id], i.reference_plan_meur, i.reference_plan_meur)
        for i in data.instruments
    ]
    instead: dict[str, list[Conflict]] = {}

    def relax() -> list[Conflict]:
        """The least bends, and which of them had equally small alternatives (found while
        the reference amounts are still held)."""
        bends = elastic_relaxation(m, direct, data)
        instead.update(equal_alternatives(m, direct, data, bends))
        return bends

    solution, bends = solve_within(
        m, direct, data.settings, rows, mode="reference plan", relax=relax
    )
    return ReferenceCheck(solution, tuple(bends), instead)


def bridge(
    m: Any, direct: DirectHighs, data: PactData, reference: ReferenceCheck, optimised: Solution
) -> Bridge | None:
    """The like-for-like bridge (None when the reference plan cannot be financed)."""
    if not reference.feasible:
        return None
    spent = yearly_spending_meur(reference.solution)
    rows: list[tuple[Any, float | None, float | None]] = [
        (sum(m.spend[i, year] for i in m.instruments), spent.get(year, 0.0), spent.get(year, 0.0))
        for year in data.years
    ]
    same, _ = solve_within(m, direct, data.settings, rows, mode="same yearly spending")
    return Bridge(reference.solution, same, optimised)
