"""The Alternatives sheet and its sentence: which parts of the plan are forced by the rules
and which are free choices among equally good plans (near-optimal ranges)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pactopt.analysis.plans import Range

COLUMNS = ["kind", "id", "name", "optimised_meur", "lowest_meur", "highest_meur", "verdict"]


def alternatives_table(ranges: Sequence[Range]) -> pd.DataFrame:
    """One row per instrument, domain and year: its optimised €m and how low and how high it
    can go while the objective stays within the tolerance."""
    rows = [
        (r.kind, r.key, r.name, r.optimised_meur, r.low_meur, r.high_meur, r.verdict)
        for r in ranges
    ]
    return pd.DataFrame(rows, columns=COLUMNS)
