"""What the robust plan costs and buys, in one sentence: value given up at the central
estimates against value gained at the 5th percentile of fresh draws."""

from __future__ import annotations

import numpy as np

from pactopt.analysis.robust_evaluation import PLANS, RobustComparison
from pactopt.i18n import LANGUAGES, Lang
from pactopt.words import distinct_digits

EN = Lang("en")


def robustness_sentence(comparison: RobustComparison, lang: Lang = EN) -> str:
    """That the plan shown is the robust one; what robustness costs (value at central
    coefficients given up) and buys (the 5th percentile of the value on fresh draws gained),
    each pair printed to the decimals at which its two numbers differ."""
    central = comparison.central_value["central"]
    robust = comparison.central_value["robust"]
    cost = central - robust
    p5 = {p: float(np.percentile(comparison.figures[p]["value"], 5)) for p in PLANS}
    n = len(comparison.best_value)
    at = distinct_digits(central, robust)
    tail = distinct_digits(p5["robust"], p5["central"])
    gained = p5["robust"] - p5["central"]
    # the cost itself to the decimals at which it is not 0
    shown = next((d for d in range(at, 5) if round(cost, d) != 0), at)
    costs = (
        lang.t(
            "costs {cost} of value at the central estimates",
            cost=lang.t("€{amount}m", amount=_number(lang, cost, shown)),
        )
        if cost > 0
        else lang.t("gives up no value at the central estimates")
    )
    sign = "+" if gained > 0 else "\u2212" if gained < 0 else ""
    return lang.t(
        "The plan shown is the robust plan (the best mean and worst-case tail of the value over "
        "the draws, not the best at the central estimates). Robustness {costs} ({central}) and "
        "buys {gained} at the 5th percentile of {n} fresh draws (seed {seed}: {p5}); the "
        "Robustness sheet has the spread, the regret and what the robust plan moves.",
        costs=costs,
        central=_pair(lang, robust, central, at),
        gained=sign + lang.t("€{amount}m", amount=_number(lang, abs(gained), tail)),
        n=n,
        seed=comparison.seed,
        p5=_pair(lang, p5["robust"], p5["central"], tail),
    )


def spoken_robustness(comparison: RobustComparison) -> dict[str, str]:
    """The sentence in each language but English, by language."""
    return {c: robustness_sentence(comparison, Lang(c)) for c in LANGUAGES if c != "en"}


def _number(lang: Lang, value: float, digits: int) -> str:
    return f"{value:,.{digits}f}" if lang.english else lang.number(value, digits)


def _pair(lang: Lang, robust: float, central: float, digits: int) -> str:
    """'47,977.1 instead of 47,977.2', or '47,977 for both plans' when they are equal."""
    if robust == central:
        return lang.t("{value} for both plans", value=_number(lang, robust, digits))
    return lang.t(
        "{robust} instead of {central}",
        robust=_number(lang, robust, digits),
        central=_number(lang, central, digits),
    )
