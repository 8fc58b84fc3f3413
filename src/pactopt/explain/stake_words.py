"""A limit's value at stake in words: the larger change of value (the objective) when its
workbook value moves 10% either way, each found by a re-solve (``analysis/stakes.py``); its
marginal value (the dual: one more €m) is stated beside it where a sentence speaks of the
next €m."""

from __future__ import annotations

import math
from typing import Any

from pactopt.analysis.stakes import STAKE_SHARE, LimitStake, Stakes
from pactopt.i18n import Lang
from pactopt.schema.columns import UNIT_MEUR, UNIT_SHARE
from pactopt.words import meur_text

NOT_RESOLVED = "not re-solved (see the Summary)"


def _value(stake: LimitStake, value: float, lang: Lang) -> str:
    if stake.rhs_moved or stake.unit == UNIT_MEUR:
        return lang.meur(value)
    if stake.unit == UNIT_SHARE:
        return lang.percent(value)
    return f"{value:,.4g}" if lang.english else lang.decimal(float(f"{value:.4g}"))


def change_text(change: float | None, mode: str, lang: Lang | None = None) -> str:
    """A re-solve's change of value: '+€257m of value', '−1,605 net jobs'; 'no plan'."""
    lang = lang or Lang("en")
    if change is None:
        return lang.t("no plan can be financed")
    if mode == "lexicographic":
        sign = "−" if change < -0.5 else "+" if change > 0.5 else ""
        return lang.t("{n} net jobs", n=sign + lang.count(abs(change)))
    if lang.english:
        return f"{meur_text(change, signed=True)} of value"
    return lang.t("{amount} of value", amount=lang.meur(change, signed=True))


def _end(
    stake: LimitStake, moved: float, change: float | None, mode: str, lower: bool, lang: Lang
) -> str:
    """'at 99%, −€126m of value', or that the value cannot move that way (a share of 100%
    is at most 100%)."""
    if abs(moved - stake.value) <= 1e-12 * max(1.0, abs(stake.value)):
        return lang.t("it cannot be lower") if lower else lang.t("it cannot be higher")
    return lang.t(
        "at {value}, {change}",
        value=_value(stake, moved, lang),
        change=change_text(change, mode, lang),
    )


def stake_text(stake: LimitStake, mode: str, *, mip: bool = False, lang: Lang | None = None) -> str:
    """How a limit's stake was found: 're-solved with the limit 10% either way from 90%: at
    81%, +€257m of value; at 99%, −€126m of value' (a MILP's with its yes/no decisions as
    chosen, as its marginal values are), in ``lang``."""
    lang = lang or Lang("en")
    low = _end(stake, stake.low, stake.at_low, mode, True, lang)
    high = _end(stake, stake.high, stake.at_high, mode, False, lang)
    held = " " + lang.t("with the projects and switches as chosen") if mip else ""
    words = {
        "share": lang.whole_percent(STAKE_SHARE),
        "value": _value(stake, stake.value, lang),
        "held": held,
        "low": low,
        "high": high,
    }
    if stake.rhs_moved:
        return lang.t(
            "re-solved with its right-hand sides in all {share} either way from "
            "{value}{held}: {low}; {high}",
            **words,
        )
    return lang.t(
        "re-solved with the limit {share} either way from {value}{held}: {low}; {high}",
        **words,
    )


def stake_of(stakes: Stakes | None, name: str, group: tuple[Any, ...]) -> LimitStake | None:
    """A limit's re-solved stake, None when it was not re-solved."""
    return None if stakes is None else stakes.of(name, group)


def stake_value(stake: LimitStake | None) -> float:
    """The stake (€m of value), NaN when the limit was not re-solved."""
    return math.nan if stake is None else stake.stake


def left_out_sentence(stakes: Stakes | None, lang: Lang | None = None) -> str:
    """What was not re-solved: '' when every ranked limit was (in ``lang``)."""
    lang = lang or Lang("en")
    if stakes is None:
        return lang.t(
            "The limits' stakes were not re-solved for a model of this size: each would take "
            "two re-solves."
        )
    if not stakes.left_out:
        return ""
    return lang.t(
        "Of the {ranked} binding limits ranked, the {left_out} with the smallest marginal "
        "values were not re-solved: their stakes are not stated.",
        ranked=stakes.ranked,
        left_out=stakes.left_out,
    )
