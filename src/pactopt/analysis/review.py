"""The mid-term review in numbers: for the pact and each domain, what the pact set out,
what was spent to date, what the re-plan adds, and a verdict; what the money already spent
buys and what the re-plan adds; what re-planning gains over continuing the reference plan,
and what the years already spent cost against the plan that would have been optimal from
the pact's first year (the regret of the past), each a real solve."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from pactopt.analysis.impacts import Impacts, evaluate_plan, total
from pactopt.analysis.plans import ReferenceCheck
from pactopt.model.facts import PastBreach
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution

# spent to date within this share of the reference plan's pace counts as on track
PACE_BAND = 0.10
REVIEW_COLUMNS = [
    "area",
    "floor_meur",
    "ceiling_meur",
    "reference_meur",
    "pace_to_date_meur",
    "spent_to_date_meur",
    "replan_adds_meur",
    "total_meur",
    "verdict",
]
PACT = "Whole pact"
REVIEW_IMPACT_COLUMNS = ["figure", "spent_to_date_buys", "replan_adds", "total", "target"]
PAST_BREACH_COLUMNS = ["year", "rule", "cells", "by_meur"]


@dataclass(frozen=True)
class Review:
    """The mid-term review of one re-plan (see the module)."""

    as_of_year: int
    years: tuple[int, ...]
    table: pd.DataFrame
    spent: Impacts  # gross impacts of the money spent to date
    added: Impacts  # gross impacts the re-plan adds
    target_output_meur: float | None
    target_jobs: float | None
    regret_value: float | None  # value the optimum from the first year has over the re-plan
    gain_value: float | None  # value the re-plan has over the reference plan's remainder
    breaches: tuple[PastBreach, ...]

    @property
    def locked_years(self) -> tuple[int, ...]:
        """The years spent and locked."""
        return tuple(y for y in self.years if y <= self.as_of_year)


def _amounts(plan: Solution, years: set[int]) -> dict[str, float]:
    """€m per instrument in ``years`` of ``plan``."""
    out: dict[str, float] = {}
    for (i, _, y), value in plan.value_map("funding").items():
        if int(y) in years:
            out[str(i)] = out.get(str(i), 0.0) + value
    return out


def _verdict(
    spent: float, pace: float, total_meur: float, floor: float | None, reference: float
) -> str:
    """ahead or behind the reference plan's even pace by more than ``PACE_BAND`` (else on
    track), and, when behind, what the re-plan's total reaches."""
    if pace > 0 and spent >= (1 + PACE_BAND) * pace:
        return "ahead"
    if pace > 0 and spent <= (1 - PACE_BAND) * pace:
        if total_meur >= reference - 1e-6:
            return "behind so far; the re-plan reaches the reference amount"
        if floor is not None and total_meur >= floor - 1e-6:
            return "behind so far; the re-plan reaches the floor, not the reference amount"
        return "behind so far, and below the reference amount after the re-plan"
    return "on track"


def _row(
    area: str,
    floor: float | None,
    ceiling: float | None,
    reference: float,
    share_spent: float,
    spent: float,
    added: float,
) -> dict[str, object]:
    pace = reference * share_spent
    return {
        "area": area,
        "floor_meur": floor,
        "ceiling_meur": ceiling,
        "reference_meur": reference,
        "pace_to_date_meur": pace,
        "spent_to_date_meur": spent,
        "replan_adds_meur": added,
        "total_meur": spent + added,
        "verdict": _verdict(spent, pace, spent + added, floor, reference),
    }


def review_table(
    data: PactData, spent: Mapping[str, float], added: Mapping[str, float]
) -> pd.DataFrame:
    """One row per domain and one for the whole pact (``spent`` and ``added``: €m per
    instrument in the locked and the free years)."""
    s = data.settings
    share_spent = len(s.locked_years) / len(s.years)
    by_domain: dict[str, list[str]] = {}
    for row in data.instruments:
        by_domain.setdefault(row.domain, []).append(row.id)
    reference = {i.id: i.reference_plan_meur for i in data.instruments}
    rows = []
    for d in data.domains:
        ids = by_domain.get(d.id, [])
        rows.append(
            _row(
                d.name,
                d.min_total_meur,
                d.max_total_meur,
                sum(reference[i] for i in ids),
                share_spent,
                sum(spent.get(i, 0.0) for i in ids),
                sum(added.get(i, 0.0) for i in ids),
            )
        )
    rows.append(
        _row(
            PACT,
            s.total_min_meur,
            s.total_max_meur,
            sum(reference.values()),
            share_spent,
            sum(spent.values()),
            sum(added.values()),
        )
    )
    return pd.DataFrame(rows, columns=REVIEW_COLUMNS)


def build_review(
    data: PactData,
    replan: Solution,
    breaches: Sequence[PastBreach],
    reference: ReferenceCheck | None,
    unlocked: Solution | None,
) -> Review | None:
    """The review of ``replan`` (None when no year is locked)."""
    s = data.settings
    if s.as_of_year is None or not s.locked_years:
        return None
    spent = _amounts(replan, set(s.locked_years))
    added = _amounts(replan, set(s.free_years))
    both = {i: spent.get(i, 0.0) + added.get(i, 0.0) for i in set(spent) | set(added)}
    spent_impacts = total(
        evaluate_plan(data, {i.id: spent.get(i.id, 0.0) for i in data.instruments})
    )
    all_impacts = total(evaluate_plan(data, {i.id: both.get(i.id, 0.0) for i in data.instruments}))
    added_impacts = Impacts(
        **{
            f.name: getattr(all_impacts, f.name) - getattr(spent_impacts, f.name)
            for f in dataclasses.fields(Impacts)
        }
    )
    regret = None
    best = replan.best_objective  # a least-change re-plan: the best it stays near
    if unlocked is not None and unlocked.objective is not None and best is not None:
        regret = unlocked.objective - best
    gain = None
    if reference is not None and reference.comparable and replan.objective is not None:
        ref_objective = reference.solution.objective
        gain = None if ref_objective is None else replan.objective - ref_objective
    return Review(
        s.as_of_year,
        s.years,
        review_table(data, spent, added),
        spent_impacts,
        added_impacts,
        s.target_output_meur,
        s.target_jobs,
        regret,
        gain,
        tuple(breaches),
    )
