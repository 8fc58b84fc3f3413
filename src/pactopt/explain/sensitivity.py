"""What the global sensitivity indices mean in words: the estimates worth improving first,
ranked by their total Sobol index or Morris's μ*, and how an index reads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # analysis.sensitivity loads the solver: a type is all this needs
    from pactopt.analysis.sensitivity import SensitivityResult

# the index a group is ranked by: total Sobol effect, or Morris's μ*
RANK = {"sobol": "ST", "morris": "mu_star"}


TOP = 3


def ranked(result: SensitivityResult, response: str) -> pd.DataFrame:
    """The groups' rows for one response, largest effect first."""
    key = RANK[result.method]
    rows = result.table[result.table["response"] == response]
    return pd.DataFrame(rows.sort_values(key, ascending=False, kind="stable"))


def significant(value: float) -> str:
    """An index for a person: two or three significant digits, never in exponent form
    (Sobol indices are shares, 0.45; Morris μ* slopes, 1,860 rather than 1.9e+03)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2g}"


def sensitivity_sentence(result: SensitivityResult) -> str:
    """The estimates worth improving first: the largest effects on net output and jobs."""
    key = RANK[result.method]
    measure = "total Sobol index" if result.method == "sobol" else "Morris μ*"

    shown = {g.name: g.shown for g in result.groups}

    def top(response: str) -> str:
        rows = ranked(result, response).head(TOP)
        return "; ".join(
            f"{shown.get(str(r.group), r.group)} ({significant(getattr(r, key))})"
            for r in rows.itertuples()
        )

    text = (
        f"Estimates worth improving first ({measure}, {result.solves} solves): for net "
        f"output {top('net_output')}; for net jobs {top('net_jobs')}. A group is one "
        "instrument's output per € and jobs per €m, or the instruments sharing one estimate "
        "(the Groups sheet lists them)."
    )
    return f"{text} {result.productivity}" if result.productivity else text
