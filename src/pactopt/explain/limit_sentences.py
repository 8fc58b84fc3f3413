"""A binding limit in words, in the reader's language: what it means that it binds (its
rule's phrase), its year, what one more €m of it is, and the planner's sentence for a limit
and its years (the Binding sheet's and the Summary's ten limits)."""

from __future__ import annotations

from typing import Any

from pactopt.analysis.stakes import LimitStake
from pactopt.explain.stake_words import stake_text, stake_value
from pactopt.i18n import Lang
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution

Members = list[tuple[tuple[Any, ...], float]]


def year_prefix(rule: ConstraintRule | None, index: tuple[Any, ...]) -> str:
    """'2027: ' when the constraint's index has a year, else ''."""
    if rule is None or "year" not in rule.index_names:
        return ""
    return f"{index[rule.index_names.index('year')]}: "


def in_year(year: object, sentence: str, lang: Lang) -> str:
    """'2027: the ceiling of X …' ('2027 : …' in French); the sentence alone without a
    year."""
    return sentence if year is None else lang.t("{year}: {sentence}", year=year, sentence=sentence)


def year_of(rule: ConstraintRule | None, index: tuple[Any, ...]) -> object:
    """The year of the constraint at ``index`` (None when its index has none)."""
    if rule is None or "year" not in rule.index_names:
        return None
    return index[rule.index_names.index("year")]


def describe(
    rule: ConstraintRule | None,
    name: str,
    data: PactData,
    index: tuple[Any, ...],
    lang: Lang | None = None,
) -> str:
    """What it means that the constraint binds (the rule's phrase, or its name in words), in
    ``lang`` (English by default)."""
    return rule.describe(data, index, lang) if rule else name.replace("_", " ")


def one_more(
    rule: ConstraintRule | None,
    data: PactData,
    index: tuple[Any, ...],
    here: bool = True,
    lang: Lang | None = None,
) -> str:
    """What one more €m on the row's right-hand side is, in words: 'one more €m here' (the
    limit just named, in €m), the rule's own words for a limit that is not in €m (a share:
    'letting its public money fall €1m short of its least share'), or, for a limit that
    moves against its row's right-hand side, the limit by name ('one more €m of the
    projects' cost on X')."""
    lang = lang or Lang("en")
    more = rule.describe_more(data, index, lang) if rule is not None else None
    if more is not None:
        return more
    if rule is not None and rule.direction < 0:
        return lang.t("one more €m of {limit}", limit=rule.describe_limit(data, index, lang))
    return lang.t("one more €m here") if here else lang.t("one more €m")


def planner_row(
    data: PactData,
    solution: Solution,
    rank: int,
    name: str,
    members: Members,
    stake: LimitStake | None,
    lang: Lang,
) -> dict[str, Any]:
    rule = solution.rule(name)
    assert rule is not None  # rows without a declaration are left out
    first = members[0][0]
    listed = list(dict.fromkeys(c for index, _ in members for c in rule.cells_of(data, index)))
    text = rule.describe(data, first, lang)
    text = text[0].upper() + text[1:]
    when = ""
    if "year" in rule.index_names:
        years = sorted(index[rule.index_names.index("year")] for index, _ in members)
        when = (
            f"{years[0]}"
            if len(years) == 1
            else lang.t("{n} years, {span}", n=len(years), span=f"{years[0]}-{years[-1]}")
        )
    value = rule.direction * sum(d for _, d in members)
    # the sentence names the first two cells; the cells column lists them all
    shown = ", ".join(listed[:2])
    if len(listed) > 2:
        shown = lang.t("{cells} and {n} more", cells=shown, n=len(listed) - 2)
    how = (
        stake_text(stake, solution.mode, mip=solution.is_mip, lang=lang)
        if stake is not None
        else ""
    )
    words = {
        "limit": text,
        "cells": f" ({shown})" if shown else "",
        "when": f", {when}" if when else "",
        "more": one_more(rule, data, first, here=False, lang=lang),
        "each": " " + lang.t("in each of those years") if len(members) > 1 else "",
        "value": lang.objective(abs(value), solution.mode),
        "how": how,
    }
    if how:
        sentence = (
            lang.t("{limit}{cells}{when}: {more}{each} adds {value}; {how}.", **words)
            if value > 0
            else lang.t("{limit}{cells}{when}: {more}{each} costs {value}; {how}.", **words)
        )
    else:
        sentence = (
            lang.t("{limit}{cells}{when}: {more}{each} adds {value}.", **words)
            if value > 0
            else lang.t("{limit}{cells}{when}: {more}{each} costs {value}.", **words)
        )
    return {
        "rank": rank,
        "limit": text,
        "when": when,
        "cells": ", ".join(listed),
        "value_per_meur_each_year": value,
        "value_at_stake_meur": stake_value(stake),
        "stake": how,
        "sentence": sentence,
    }
