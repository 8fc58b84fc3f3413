"""The mid-term review in words a minister reads in seconds: how far the pact is, what was
spent and what the re-plan adds, the verdict by domain, what re-planning gains, what the
years already spent cost, and the past's breaches of yearly rules, with their cells."""

from __future__ import annotations

from typing import Any

from pactopt.analysis.review import PACT, Review
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData
from pactopt.words import meur_text


def _span(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _jobs(value: float) -> str:
    return f"{value:,.0f} jobs"


def _progress(review: Review) -> str:
    pact = review.table[review.table["area"] == PACT].iloc[0]
    locked, years = review.locked_years, review.years
    free = tuple(y for y in years if y > review.as_of_year)
    text = (
        f"Mid-term review as of {review.as_of_year}: {len(locked)} of the pact's {len(years)} "
        f"years are spent and locked. {meur_text(pact.spent_to_date_meur)} has been spent "
        f"in {_span(locked)}"
    )
    if pact.reference_meur:
        text += (
            f", against {meur_text(pact.pace_to_date_meur)} had the reference plan's "
            f"{meur_text(pact.reference_meur)} been spent evenly"
        )
    if free:
        text += f"; the re-plan adds {meur_text(pact.replan_adds_meur)} in {_span(free)}"
    return text + f": the pact is {pact.verdict}."


def _domains(review: Review) -> str:
    rows = review.table[review.table["area"] != PACT]
    groups: dict[str, list[str]] = {}
    for row in rows.itertuples():
        spent = float(row.spent_to_date_meur)  # type: ignore[arg-type]
        groups.setdefault(str(row.verdict), []).append(f"{row.area} ({meur_text(spent)} spent)")
    if not groups:
        return ""
    parts = [f"{verdict}: {', '.join(areas)}" for verdict, areas in groups.items()]
    return "By domain, " + "; ".join(parts) + "."


def _impacts(review: Review) -> str:
    spent, added = review.spent, review.added
    text = (
        f"The money spent to date buys {meur_text(spent.output_meur)} of output, "
        f"{_jobs(spent.jobs)} and {meur_text(spent.savings_meur)} of savings; the re-plan adds "
        f"{meur_text(added.output_meur)}, {_jobs(added.jobs)} and "
        f"{meur_text(added.savings_meur)} (gross, undiscounted)"
    )
    goals = []
    output = spent.output_meur + added.output_meur
    jobs = spent.jobs + added.jobs
    if review.target_output_meur is not None:
        gap = output - review.target_output_meur
        goals.append(
            f"the output target of {meur_text(review.target_output_meur)} is "
            + ("met" if gap >= 0 else f"missed by {meur_text(-gap)}")
        )
    if review.target_jobs is not None:
        gap = jobs - review.target_jobs
        goals.append(
            f"the jobs target of {review.target_jobs:,.0f} is "
            + ("met" if gap >= 0 else f"missed by {-gap:,.0f}")
        )
    return text + ("; " + " and ".join(goals) if goals else "") + "."


def _comparisons(review: Review) -> str:
    parts = []
    if review.gain_value is None:
        parts.append(
            "the reference plan's remaining amounts cannot be financed within the rules "
            "(Summary), so no gain of re-planning over them is stated"
        )
    else:
        parts.append(
            f"Re-planning now gains {meur_text(review.gain_value)} of value (the weighted "
            "objective) over spending the reference plan's remaining amounts"
        )
    if review.regret_value is not None:
        first = review.years[0]
        parts.append(
            f"the years already spent cost {meur_text(max(review.regret_value, 0.0))} of value "
            f"against the plan that would have been best from {first}"
        )
    if not parts:
        return ""
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _breach(data: PactData, rules: dict[str, ConstraintRule], breach: Any) -> str:
    rule = rules.get(breach.rule)
    what = rule.describe_limit(data, breach.index) if rule else breach.rule
    cells = rule.cells_of(data, breach.index) if rule else []
    year = breach.index[-1]
    where = f" ({', '.join(cells)})" if cells else ""
    return f"in {year}, {what}{where}, by {meur_text(breach.short_meur)}"


def review_sentences(data: PactData, review: Review, rules: dict[str, ConstraintRule]) -> list[str]:
    """The Review sheet's paragraphs, in the order a minister reads them."""
    parts = [_progress(review), _domains(review), _impacts(review), _comparisons(review)]
    if review.breaches:
        shown = [_breach(data, rules, b) for b in review.breaches[:5]]
        more = len(review.breaches) - len(shown)
        tail = f", and {more} more (the Review sheet lists them all)" if more > 0 else ""
        parts.append(
            "The actual spending broke yearly rules the plan keeps from now on; they are "
            f"reported, not imposed on the past: {'; '.join(shown)}{tail}."
        )
    return [p for p in parts if p]
