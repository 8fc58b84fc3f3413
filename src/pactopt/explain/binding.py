"""Binding rules as sentences naming the workbook cells and the euros at stake.

Values are in objective units: €m of weighted value, i.e. output + €m-per-job × jobs +
weight × savings − what shifted lines would have produced (Settings). A dual is the change of
that value for one more €m on the right-hand side of a constraint; for a MILP it is the dual
of the LP with every integer decision fixed, and is labelled as conditional on them. Every
phrase and cell comes from the rule's declaration (``model/registry.py``), so a modeller's
extension is explained like a core family.

The planner's view (``split_binding``) lists only limits a planner can change, each with the
cell that holds it, and on the Summary the ten that matter most by euros at stake. The model
also binds on rows no planner sets: bookkeeping (the link between money shifted from a line
and the instrument it pays, the filling of curve segments), money identities (all of a
funder's money is spent) and limits of instruments that get nothing (their duals say how far
the instrument is from being funded, which the Marginal sheet already states). Those are
counted per rule on a technical sheet instead of listed one by one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pactopt.analysis.impacts import instrument_totals
from pactopt.analysis.stakes import Stakes
from pactopt.explain.limit_sentences import (
    Members,
    describe,
    in_year,
    one_more,
    planner_row,
    year_of,
    year_prefix,
)
from pactopt.explain.stake_words import stake_of
from pactopt.i18n import Lang
from pactopt.model.registry import ConstraintRule, Role, rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict, Solution, constraint_name, entries
from pactopt.words import meur_text

TOL = 1e-6
COLUMNS = ["constraint", "rule", "value_per_meur", "valid_from", "valid_to", "cells", "sentence"]


def current_entries(
    data: PactData, solution: Solution, name: str
) -> list[tuple[tuple[Any, ...], float]]:
    """The (index, dual) rows of rule ``name`` that the plan can still change: a row in a
    year the mid-term review locked (Settings as_of_year) speaks of the past, not of a
    choice, and is left out of the marginal values and the binding rules."""
    found = list(entries(solution.duals.get(name)))
    locked = set(data.settings.locked_years)
    rule = solution.rule(name)
    if rule is not None and "new_money_cap" in rule.tags:
        found = [(index, dual) for index, dual in found if not _held(solution, rule, index)]
    if not locked or rule is None or "year" not in rule.index_names:
        return found
    at = rule.index_names.index("year")
    return [(index, dual) for index, dual in found if index[at] not in locked]


def _held(solution: Solution, rule: ConstraintRule, index: tuple[Any, ...]) -> bool:
    """True when a new-money cap at ``index`` cannot move alone: another rule (budget
    neutrality) holds the funder's new money at 0 in every year the cap covers, so the cap's
    dual is a share of that rule's, and a re-solve with the cap moved changes nothing."""
    held = {
        ix
        for other in rules_with(solution.rules.values(), tag="no_new_money")
        for ix, _ in entries(solution.rhs.get(other.name))
    }
    names = rule.index_names
    funder = index[names.index("funder")] if "funder" in names else None
    if "year" in names:
        return (funder, index[names.index("year")]) in held
    return bool(held) and all((funder, year) in held for year in _years(solution))


def _years(solution: Solution) -> set[Any]:
    """The years of the model (those of its spending)."""
    return {year for (_, _, year) in solution.value_map("funding")}


def binding_table(
    data: PactData,
    solution: Solution,
    blocked: Sequence[tuple[str, Conflict]] = (),
    lang: Lang | None = None,
    only: Collection[str] | None = None,
) -> pd.DataFrame:
    """One row per binding constraint (non-zero dual), largest value first, with a sentence
    (in ``lang``, English by default) naming the workbook cells and the euros at stake;
    then, in a MILP, each limit that keeps a project out (``blocked``: project, the limit it
    would have to bend), even where the LP with the decisions fixed gives it no dual.
    ``only``: the rows of these rules alone (the Summary's, said in another language)."""
    lang = lang or Lang("en")
    rows = []
    for name in solution.duals:
        if only is not None and name not in only:
            continue
        rule = solution.rule(name)
        for index, dual in current_entries(data, solution, name):
            if abs(dual) <= TOL:
                continue
            cells = rule.cells_of(data, index) if rule else []
            low, high = solution.interval(name, index)
            if rule is not None and rule.direction < 0:
                # a floor written the other way round: the sentence's limit moves against
                # the row's right-hand side, and so do its value and range
                dual, low, high = -dual, -high, -low
            words = {
                "what": describe(rule, name, data, index, lang),
                "cells": f" ({', '.join(cells)})" if cells else "",
                "more": one_more(rule, data, index, lang=lang),
                "value": lang.objective(abs(dual), solution.mode),
            }
            sentence = in_year(
                year_of(rule, index),
                lang.t("{what}{cells}; {more} would add {value}.", **words)
                if dual > 0
                else lang.t("{what}{cells}; {more} would cost {value}.", **words),
                lang,
            )
            rows.append(
                {
                    "constraint": constraint_name(name, index),
                    "rule": name,
                    "value_per_meur": dual,
                    "valid_from": low,
                    "valid_to": high,
                    "cells": ", ".join(cells),
                    "sentence": sentence[0].upper() + sentence[1:],
                }
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame = frame.reindex(frame["value_per_meur"].abs().sort_values(ascending=False).index)
    blocking = _blocking_rows(data, solution, blocked, set(frame["constraint"]))
    if blocking.empty:
        return frame
    # pandas 3 keeps an empty frame's and an all-missing column's dtype (object) in the joined
    # frame, pandas 2 leaves them out (and warns): made explicit, both join as pandas 3 does
    if frame.empty:
        return blocking.astype(object)
    missing = {c: object for c in COLUMNS if blocking[c].isna().all()}
    return pd.concat([frame.astype(missing), blocking], ignore_index=True)


def _blocking_rows(
    data: PactData,
    solution: Solution,
    blocked: Sequence[tuple[str, Conflict]],
    listed: set[str],
) -> pd.DataFrame:
    by_limit: dict[str, list[tuple[str, Conflict]]] = {}
    for project, bend in blocked:
        by_limit.setdefault(bend.constraint, []).append((project, bend))
    rows = []
    for constraint, group in by_limit.items():
        if constraint in listed:
            continue
        bend = group[0][1]
        rule = solution.rule(bend.rule)
        what = rule.describe_limit(data, bend.index) if rule else f"the rule {bend.rule}"
        cells = f" ({', '.join(bend.cells)})" if bend.cells else ""
        short = ", ".join(
            f"project {p} ({meur_text(b.short or 0.0)} short)" if b.unit == "€m" else p
            for p, b in group
        )
        sentence = (
            f"{year_prefix(rule, bend.index)}{what}{cells} keeps out {short}: on top of the "
            "plan as built, that many more euros here would let each in (the LP with the "
            "decisions fixed gives this limit no value of its own)."
        )
        rows.append(
            {
                "constraint": constraint,
                "rule": bend.rule,
                "value_per_meur": 0.0,
                "valid_from": None,
                "valid_to": None,
                "cells": ", ".join(bend.cells),
                "sentence": sentence[0].upper() + sentence[1:],
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def summary_rules(solution: Solution) -> list[str]:
    """The rules the Summary paragraph may mention when they bind, in the order declared."""
    ranked = [r for r in solution.rules.values() if r.summary_rank is not None]
    return [r.name for r in sorted(ranked, key=lambda r: r.summary_rank or 0)]


TOP = 10


TECHNICAL_COLUMNS = ["rule", "kind", "rows", "value_per_meur", "meaning"]


PLANNER_COLUMNS = [
    "rank",
    "limit",
    "when",
    "cells",
    "value_per_meur_each_year",
    "value_at_stake_meur",
    "stake",
    "sentence",
]


@dataclass(frozen=True)
class BindingSplit:
    """The limits a planner can change (each once, its years together, largest value at
    stake first: re-solved with the limit 10% either way; those not re-solved after them, by
    their marginal values), and a count of the other binding rows per rule."""

    planner: pd.DataFrame
    technical: pd.DataFrame

    @property
    def left_out(self) -> int:
        """How many binding rows are not on the Binding sheet."""
        return int(self.technical["rows"].sum()) if len(self.technical) else 0

    def top(self, limit: int = TOP) -> pd.DataFrame:
        """The ``limit`` limits with the most euros at stake."""
        return self.planner.head(limit)


def why_not_listed(rule: ConstraintRule | None, index: tuple[Any, ...], unfunded: set[str]) -> str:
    """'' when a planner can change the row, else why it is left out."""
    if rule is None:
        return "rule without a declaration"
    if rule.role is not Role.LIMIT:
        return str(rule.role.value)
    at = rule.index_names.index("instrument") if "instrument" in rule.index_names else None
    if at is not None and index[at] in unfunded:
        return "limit of an instrument that gets nothing"
    return ""


def split_binding(
    data: PactData, solution: Solution, stakes: Stakes | None = None, lang: Lang | None = None
) -> BindingSplit:
    """The binding rows (non-zero duals) of ``solution`` split into the planner's limits,
    grouped over years and ranked by their re-solved ``stakes`` (their words in ``lang``,
    English by default), and a count of bookkeeping, identity and unfunded-instrument
    rows."""
    lang = lang or Lang("en")
    # (a solve without duals, as the benchmarks run, has nothing to split)
    totals = instrument_totals(data, solution) if solution.duals else {}
    unfunded = {i for i, total in totals.items() if total <= TOL}
    left: dict[tuple[str, str], list[float]] = {}
    groups: dict[tuple[str, tuple[Any, ...]], Members] = {}
    for name in solution.duals:
        rule = solution.rule(name)
        year = rule.index_names.index("year") if rule and "year" in rule.index_names else None
        for index, dual in current_entries(data, solution, name):
            if abs(dual) <= TOL:
                continue
            why = why_not_listed(rule, index, unfunded)
            if why:
                left.setdefault((name, why), []).append(dual)
                continue
            rest = tuple(v for k, v in enumerate(index) if k != year)
            groups.setdefault((name, rest), []).append((index, dual))

    def order(item: tuple[tuple[str, tuple[Any, ...]], Members]) -> tuple[bool, float]:
        stake = stake_of(stakes, *item[0])
        dual = sum(abs(d) for _, d in item[1])
        return (stake is None, -(stake.stake if stake is not None else dual))

    ranked = sorted(groups.items(), key=order)
    planner = [
        planner_row(data, solution, rank, name, members, stake_of(stakes, name, key), lang)
        for rank, ((name, key), members) in enumerate(ranked, start=1)
    ]
    technical = []
    for (name, why), values in sorted(left.items(), key=lambda kv: -len(kv[1])):
        rule = solution.rule(name)
        technical.append(
            {
                "rule": name,
                "kind": why,
                "rows": len(values),
                "value_per_meur": max(values, key=abs),
                "meaning": rule.doc if rule else "",
            }
        )
    return BindingSplit(
        pd.DataFrame(planner, columns=PLANNER_COLUMNS),
        pd.DataFrame(technical, columns=TECHNICAL_COLUMNS),
    )


def with_blocking_limits(split: BindingSplit, binding: pd.DataFrame) -> BindingSplit:
    """The split with, after the priced limits, each limit that only keeps projects out (a
    MILP's rows of value 0 in ``binding``: the LP with the decisions fixed gives them no
    dual, yet they are what blocks the next project)."""
    blocking = binding[binding["value_per_meur"] == 0]
    if blocking.empty:
        return split
    start = len(split.planner) + 1
    rows = pd.DataFrame(
        {
            "rank": range(start, start + len(blocking)),
            "limit": [s.split(" keeps out ", 1)[0] for s in blocking["sentence"]],
            "when": "",
            "cells": list(blocking["cells"]),
            "value_per_meur_each_year": 0.0,
            "value_at_stake_meur": float("nan"),
            "stake": "",
            "sentence": list(blocking["sentence"]),
        },
        columns=PLANNER_COLUMNS,
    )
    planner = rows if split.planner.empty else pd.concat([split.planner, rows], ignore_index=True)
    return BindingSplit(planner, split.technical)
