"""What a scenario changes in the allocation against the base, in one sentence for the
scenario's Summary: the money that moves between instruments, where it goes and where it
comes from, and the domains whose totals change (in every language: ``spoken_shift``)."""

from __future__ import annotations

import pandas as pd

from pactopt.i18n import LANGUAGES, Lang

EN = Lang("en")

SHOWN = 3
MOVE_MEUR = 0.5  # below half a €m nothing moved


def _totals(allocation: pd.DataFrame, key: str) -> pd.Series:
    return allocation.groupby(key)["total"].sum()


def _listed(changes: pd.Series, names: dict[str, str], lang: Lang) -> str:
    return ", ".join(
        f"{names.get(str(i), str(i))} ({lang.meur(float(v), signed=True)})"
        for i, v in changes.items()
    )


def scenario_shift_sentence(
    scenario: str,
    base: pd.DataFrame,
    variant: pd.DataFrame,
    names: dict[str, str],
    lang: Lang = EN,
) -> str:
    """The sentence, from the two Allocation tables (instrument, domain, total); '' when
    the scenario moves nothing."""
    change = _totals(variant, "instrument").sub(_totals(base, "instrument"), fill_value=0.0)
    change = change[change.abs() > MOVE_MEUR].sort_values()
    if change.empty:
        return lang.t(
            "Against the base, scenario {scenario} moves no money between instruments: the "
            "allocation is the same.",
            scenario=scenario,
        )
    moved = float(change[change > 0].sum())
    towards = change[change > 0].sort_values(ascending=False).head(SHOWN)
    away = change[change < 0].head(SHOWN)
    where = []
    if len(towards):
        where.append(lang.t("towards {instruments}", instruments=_listed(towards, names, lang)))
    if len(away):
        where.append(lang.t("away from {instruments}", instruments=_listed(away, names, lang)))
    domains = _totals(variant, "domain").sub(_totals(base, "domain"), fill_value=0.0)
    domains = domains[domains.abs() > MOVE_MEUR]
    tail = (
        lang.t(
            "; domain totals: {changes}",
            changes=", ".join(f"{d} {lang.meur(v, signed=True)}" for d, v in domains.items()),
        )
        if len(domains)
        else lang.t("; no domain's total changes")
    )
    return lang.t(
        "Against the base, scenario {scenario} moves {moved} between instruments: {where}{tail}.",
        scenario=scenario,
        moved=lang.meur(moved),
        where="; ".join(where),
        tail=tail,
    )


def spoken_shift(
    scenario: str, base: pd.DataFrame, variant: pd.DataFrame, names: dict[str, str]
) -> dict[str, str]:
    """The sentence in each language but English, by language."""
    return {
        code: scenario_shift_sentence(scenario, base, variant, names, Lang(code))
        for code in LANGUAGES
        if code != "en"
    }
