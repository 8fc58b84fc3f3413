"""What the robust plan costs and buys, in one sentence: value given up at the central
estimates against value gained at the 5th percentile of fresh draws."""

from __future__ import annotations

import numpy as np

from pactopt.analysis.robust_evaluation import PLANS, RobustComparison
from pactopt.words import distinct_digits


def robustness_sentence(comparison: RobustComparison) -> str:
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
        f"costs €{cost:,.{shown}f}m of value at the central estimates"
        if cost > 0
        else "gives up no value at the central estimates"
    )
    sign = "+" if gained > 0 else "−" if gained < 0 else ""
    return (
        "The plan shown is the robust plan (the best mean and worst-case tail of the value "
        f"over the draws, not the best at the central estimates). Robustness {costs} "
        f"({_pair(robust, central, at)}) and buys "
        f"{sign}€{abs(gained):,.{tail}f}m at the 5th percentile of "
        f"{n} fresh draws (seed {comparison.seed}: {_pair(p5['robust'], p5['central'], tail)}); "
        "the Robustness sheet has the spread, the regret and what "
        "the robust plan moves."
    )


def _pair(robust: float, central: float, digits: int) -> str:
    """'47,977.1 instead of 47,977.2', or '47,977 for both plans' when they are equal."""
    if robust == central:
        return f"{robust:,.{digits}f} for both plans"
    return f"{robust:,.{digits}f} instead of {central:,.{digits}f}"
