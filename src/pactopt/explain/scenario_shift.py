"""What a scenario changes in the allocation against the base, in one sentence for the
scenario's Summary: the money that moves between instruments, where it goes and where it
comes from, and the domains whose totals change."""

from __future__ import annotations

import pandas as pd

from pactopt.words import meur_text

SHOWN = 3
MOVE_MEUR = 0.5  # below half a €m nothing moved


def _totals(allocation: pd.DataFrame, key: str) -> pd.Series:
    return allocation.groupby(key)["total"].sum()


def _listed(changes: pd.Series, names: dict[str, str]) -> str:
    return ", ".join(
        f"{names.get(str(i), str(i))} ({meur_text(float(v), signed=True)})"
        for i, v in changes.items()
    )


def scenario_shift_sentence(
    scenario: str, base: pd.DataFrame, variant: pd.DataFrame, names: dict[str, str]
) -> str:
    """The sentence, from the two Allocation tables (instrument, domain, total); '' when
    the scenario moves nothing."""
    change = _totals(variant, "instrument").sub(_totals(base, "instrument"), fill_value=0.0)
    change = change[change.abs() > MOVE_MEUR].sort_values()
    if change.empty:
        return (
            f"Against the base, scenario {scenario} moves no money between instruments: "
            "the allocation is the same."
        )
    moved = float(change[change > 0].sum())
    towards = change[change > 0].sort_values(ascending=False).head(SHOWN)
    away = change[change < 0].head(SHOWN)
    parts = [f"Against the base, scenario {scenario} moves {meur_text(moved)} between instruments"]
    if len(towards):
        parts.append(f"towards {_listed(towards, names)}")
    if len(away):
        parts.append(f"away from {_listed(away, names)}")
    domains = _totals(variant, "domain").sub(_totals(base, "domain"), fill_value=0.0)
    domains = domains[domains.abs() > MOVE_MEUR]
    tail = (
        "; domain totals: "
        + ", ".join(f"{d} {meur_text(v, signed=True)}" for d, v in domains.items())
        if len(domains)
        else "; no domain's total changes"
    )
    return ", ".join(parts[:1]) + ": " + "; ".join(parts[1:]) + tail + "."
