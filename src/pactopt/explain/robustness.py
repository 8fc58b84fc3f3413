"""What the robust plan costs and buys, in one sentence: value given up at the central
estimates against value gained at the 5th percentile of fresh draws."""

from __future__ import annotations

import numpy as np

from pactopt.analysis.robust_evaluation import PLANS, RobustComparison
from pactopt.words import meur_text


def robustness_sentence(comparison: RobustComparison) -> str:
    """What robustness costs (value at central coefficients given up) and buys (the 5th
    percentile of the value on fresh draws gained)."""
    cost = comparison.central_value["central"] - comparison.central_value["robust"]
    p5 = {p: float(np.percentile(comparison.figures[p]["value"], 5)) for p in PLANS}
    n = len(comparison.best_value)
    return (
        f"Robustness costs {meur_text(max(cost, 0.0))} of value at the central estimates "
        f"({comparison.central_value['robust']:,.0f} instead of "
        f"{comparison.central_value['central']:,.0f}) and buys "
        f"{meur_text(p5['robust'] - p5['central'], signed=True)} at the 5th percentile of "
        f"{n} fresh draws (seed {comparison.seed}: {p5['robust']:,.0f} instead of "
        f"{p5['central']:,.0f}); the Robustness sheet has the spread, the regret and what "
        "the robust plan moves."
    )
