"""What the near-optimal ranges mean for a planner: which instrument totals, domains and years
the best plans agree on, and which are free choices."""

from __future__ import annotations

from collections.abc import Sequence

from pactopt.analysis.plans import Range


def alternatives_sentence(ranges: Sequence[Range], tolerance: float) -> str:
    """How much of the plan is forced, in one or two sentences ('' without ranges)."""
    instruments = [r for r in ranges if r.kind == "instrument"]
    if not instruments:
        return ""
    counts = {v: sum(r.verdict == v for r in instruments) for v in ("forced", "narrow", "free")}
    whole = sum(r.optimised_meur for r in instruments)
    forced = sum(r.optimised_meur for r in instruments if r.verdict == "forced")
    within = f"Among plans within {tolerance:.0%} of the best value"
    if len(instruments) == 1:
        only = instruments[0]
        text = f"{within}, the plan's one instrument is {only.verdict}"
        if only.verdict == "forced":
            text += " by the rules"
    elif counts["forced"]:
        text = (
            f"{within}, {counts['forced']} of {len(instruments)} instruments are forced by the "
            f"rules, {counts['narrow']} narrow and {counts['free']} free"
        )
        if whole > 1e-9:
            text += f"; the forced ones hold {forced / whole:.0%} of the plan's spending"
    else:
        text = (
            f"{within}, no instrument's total is forced: {counts['narrow']} of "
            f"{len(instruments)} can move by up to a quarter of their amount and "
            f"{counts['free']} by more, so the instrument detail is one of many equally good "
            "plans"
        )
    years = [r for r in ranges if r.kind == "year" and not r.locked]
    if years:
        fixed = sum(r.verdict == "forced" for r in years)
        text += (
            f". The yearly split is forced in {fixed} of {len(years)} years"
            if fixed
            else ". No year's spending is forced"
        )
    return text + " (Alternatives sheet)."
