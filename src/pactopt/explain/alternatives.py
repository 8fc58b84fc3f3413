"""What the near-optimal ranges mean for a planner: which instrument totals, domains and years
the best plans agree on, and which are free choices."""

from __future__ import annotations

from collections.abc import Sequence

from pactopt.analysis.plans import Range
from pactopt.i18n import N_, Lang

EN = Lang("en")


NOT_ASKED = N_(
    "Near-optimal ranges were not computed (--no-alternatives), so the Summary cannot say "
    "which parts of the plan are free choices; solve without that flag to see them."
)
NOT_COMPUTED = N_(
    "Near-optimal ranges were not computed for a model of this size: ask for them with "
    "`pactopt solve --alternatives` (two re-solves per instrument, domain and year)."
)


def alternatives_text(
    ranges: Sequence[Range] | None, tolerance: float, asked: bool | None, lang: Lang = EN
) -> str:
    """The Summary's sentence on the ranges: how much of the plan is forced, or why the
    ranges were not computed (not asked for, or the model too large)."""
    if asked is False:
        return lang.t(NOT_ASKED)
    if ranges is None:
        return lang.t(NOT_COMPUTED)
    return alternatives_sentence(ranges, tolerance, lang)


def alternatives_sentence(ranges: Sequence[Range], tolerance: float, lang: Lang = EN) -> str:
    """How much of the plan is forced, in one or two sentences ('' without ranges)."""
    instruments = [r for r in ranges if r.kind == "instrument"]
    if not instruments:
        return ""
    counts = {v: sum(r.verdict == v for r in instruments) for v in ("forced", "narrow", "free")}
    whole = sum(r.optimised_meur for r in instruments)
    forced = sum(r.optimised_meur for r in instruments if r.verdict == "forced")
    within = lang.t(
        "Among plans within {tolerance} of the best value",
        tolerance=lang.whole_percent(tolerance),
    )
    n = len(instruments)
    if n == 1:
        verdict = instruments[0].verdict
        if verdict == "forced":
            text = lang.t(
                "{within}, the plan's one instrument is forced by the rules", within=within
            )
        elif verdict == "narrow":
            text = lang.t("{within}, the plan's one instrument is narrow", within=within)
        else:
            text = lang.t("{within}, the plan's one instrument is free", within=within)
    elif counts["forced"]:
        text = lang.nt(  # the verb agrees with the forced count (1 of 22 is, 2 of 22 are)
            "{within}, {forced} of {n} instruments is forced by the rules, {narrow} narrow and "
            "{free} free",
            "{within}, {forced} of {n} instruments are forced by the rules, {narrow} narrow and "
            "{free} free",
            counts["forced"],
            within=within,
            forced=counts["forced"],
            n=n,
            narrow=counts["narrow"],
            free=counts["free"],
        )
        if whole > 1e-9:
            text += lang.t(
                "; the forced ones hold {share} of the plan's spending",
                share=lang.whole_percent(forced / whole),
            )
    else:
        text = lang.t(
            "{within}, no instrument's total is forced: {narrow} of {n} can move by up to a "
            "quarter of their amount and {free} by more, so the instrument detail is one of "
            "many equally good plans",
            within=within,
            narrow=counts["narrow"],
            n=n,
            free=counts["free"],
        )
    years = [r for r in ranges if r.kind == "year" and not r.locked]
    if years:
        fixed = sum(r.verdict == "forced" for r in years)
        text += (
            lang.t(
                ". The yearly split is forced in {fixed} of {n} years", fixed=fixed, n=len(years)
            )
            if fixed
            else lang.t(". No year's spending is forced")
        )
    return text + lang.t(" (Alternatives sheet).")
