"""The mid-term review in words a minister reads in seconds: how far the pact is, what was
spent and what the re-plan adds, the verdict by domain, what re-planning gains, what the
years already spent cost, and the past's breaches of yearly rules, with their cells — in the
reader's language (English by default, word for word as before)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pactopt.analysis.review import PACT, Review
from pactopt.i18n import N_, Lang
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData

ENGLISH = Lang("en")

# the verdicts of analysis/review.py, as the sentences say them
VERDICTS = {
    "ahead": N_("ahead"),
    "on track": N_("on track"),
    "behind so far; the re-plan reaches the reference amount": N_(
        "behind so far; the re-plan reaches the reference amount"
    ),
    "behind so far; the re-plan reaches the floor, not the reference amount": N_(
        "behind so far; the re-plan reaches the floor, not the reference amount"
    ),
    "behind so far, and below the reference amount after the re-plan": N_(
        "behind so far, and below the reference amount after the re-plan"
    ),
}


def verdict_text(verdict: str, lang: Lang = ENGLISH) -> str:
    """A verdict of the review table in ``lang``."""
    return lang.t(VERDICTS[verdict]) if verdict in VERDICTS else verdict


def _span(years: tuple[int, ...]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _progress(review: Review, lang: Lang) -> str:
    pact = review.table[review.table["area"] == PACT].iloc[0]
    locked, years = review.locked_years, review.years
    free = tuple(y for y in years if y > review.as_of_year)
    text = lang.t(
        "Mid-term review as of {year}: {locked} of the pact's {n} years are spent and "
        "locked. {spent} has been spent in {span}",
        year=review.as_of_year,
        locked=len(locked),
        n=len(years),
        spent=lang.meur(pact.spent_to_date_meur),
        span=_span(locked),
    )
    if pact.reference_meur:
        text += lang.t(
            ", against {pace} had the reference plan's {reference} been spent evenly",
            pace=lang.meur(pact.pace_to_date_meur),
            reference=lang.meur(pact.reference_meur),
        )
    if free:
        text += lang.t(
            "; the re-plan adds {added} in {span}",
            added=lang.meur(pact.replan_adds_meur),
            span=_span(free),
        )
    return text + lang.t(": the pact is {verdict}.", verdict=verdict_text(pact.verdict, lang))


def _domains(review: Review, lang: Lang) -> str:
    rows = review.table[review.table["area"] != PACT]
    groups: dict[str, list[str]] = {}
    for row in rows.itertuples():
        spent = float(row.spent_to_date_meur)  # type: ignore[arg-type]
        groups.setdefault(str(row.verdict), []).append(
            lang.t("{area} ({spent} spent)", area=row.area, spent=lang.meur(spent))
        )
    if not groups:
        return ""
    parts = [
        lang.t("{verdict}: {areas}", verdict=verdict_text(verdict, lang), areas=", ".join(areas))
        for verdict, areas in groups.items()
    ]
    return lang.t("By domain, {verdicts}.", verdicts=lang.listed(parts))


def _jobs(value: float, lang: Lang) -> str:
    return lang.t("{jobs} jobs", jobs=lang.number(value))


def _goal(
    reached: float,
    target: float,
    shown: Callable[[float], str],
    texts: tuple[str, str],
    lang: Lang,
) -> str:
    """A target met, or missed by how much (``texts``: the two messages, met then missed)."""
    met, missed = texts
    if reached >= target:
        return lang.t(met, target=shown(target))
    return lang.t(missed, target=shown(target), gap=shown(target - reached))


def _impacts(review: Review, lang: Lang) -> str:
    spent, added = review.spent, review.added
    text = lang.t(
        "The money spent to date buys {output} of output, {jobs} and {savings} of savings; "
        "the re-plan adds {added_output}, {added_jobs} and {added_savings} (gross, "
        "undiscounted)",
        output=lang.meur(spent.output_meur),
        jobs=_jobs(spent.jobs, lang),
        savings=lang.meur(spent.savings_meur),
        added_output=lang.meur(added.output_meur),
        added_jobs=_jobs(added.jobs, lang),
        added_savings=lang.meur(added.savings_meur),
    )
    goals = []
    if review.target_output_meur is not None:
        reached = spent.output_meur + added.output_meur
        met = N_("the output target of {target} is met")
        missed = N_("the output target of {target} is missed by {gap}")
        goals.append(_goal(reached, review.target_output_meur, lang.meur, (met, missed), lang))
    if review.target_jobs is not None:
        reached = spent.jobs + added.jobs
        met = N_("the jobs target of {target} is met")
        missed = N_("the jobs target of {target} is missed by {gap}")
        goals.append(_goal(reached, review.target_jobs, lang.number, (met, missed), lang))
    if goals:
        both = lang.t("{a} and {b}", a=goals[0], b=goals[1]) if len(goals) == 2 else goals[0]
        text = lang.listed([text, both])
    return text + "."


def _comparisons(review: Review, lang: Lang) -> str:
    parts = []
    if review.gain_value is None:
        parts.append(
            lang.t(
                "The reference plan's remaining amounts cannot be financed within the rules "
                "(Summary), so no gain of re-planning over them is stated"
            )
        )
    else:
        parts.append(
            lang.t(
                "Re-planning now gains {gain} of value (the weighted objective) over spending "
                "the reference plan's remaining amounts",
                gain=lang.meur(review.gain_value),
            )
        )
    if review.regret_value is not None:
        parts.append(
            lang.t(
                "the years already spent cost {regret} of value against the plan that would "
                "have been best from {first}",
                regret=lang.meur(max(review.regret_value, 0.0)),
                first=review.years[0],
            )
        )
    return lang.listed(parts) + "."


def _breach(data: PactData, rules: dict[str, ConstraintRule], breach: Any, lang: Lang) -> str:
    rule = rules.get(breach.rule)
    what = rule.describe_limit(data, breach.index, lang) if rule else breach.rule
    cells = rule.cells_of(data, breach.index) if rule else []
    where = f" ({', '.join(cells)})" if cells else ""
    return lang.t(
        "in {year}, {what}{where}, by {amount}",
        year=breach.index[-1],
        what=what,
        where=where,
        amount=lang.meur(breach.short_meur),
    )


def review_sentences(
    data: PactData,
    review: Review,
    rules: dict[str, ConstraintRule],
    lang: Lang = ENGLISH,
) -> list[str]:
    """The Review sheet's paragraphs, in the order a minister reads them."""
    parts = [
        _progress(review, lang),
        _domains(review, lang),
        _impacts(review, lang),
        _comparisons(review, lang),
    ]
    if review.breaches:
        shown = [_breach(data, rules, b, lang) for b in review.breaches[:5]]
        more = len(review.breaches) - len(shown)
        tail = (
            lang.t(", and {more} more (the Review sheet lists them all)", more=more)
            if more > 0
            else ""
        )
        parts.append(
            lang.t(
                "The actual spending broke yearly rules the plan keeps from now on; they are "
                "reported, not imposed on the past: {breaches}{tail}.",
                breaches=lang.listed(shown),
                tail=tail,
            )
        )
    return [p for p in parts if p]
