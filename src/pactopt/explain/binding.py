"""Binding rules as sentences naming the workbook cells and the euros at stake.

Values are in objective units: €m of weighted value, i.e. output + €m-per-job × jobs +
weight × savings − what shifted lines would have produced (Settings). A dual is the change of
that value for one more €m on the right-hand side of a constraint; for a MILP it is the dual
of the LP with every integer decision fixed, and is labelled as conditional on them. Every
phrase and cell comes from the rule's declaration (``model/registry.py``), so a modeller's
extension is explained like a core family.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from pactopt.model.registry import ConstraintRule, meur_text, value_text
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict, Solution, entries

TOL = 1e-6
COLUMNS = ["constraint", "rule", "value_per_meur", "valid_from", "valid_to", "cells", "sentence"]


def year_prefix(rule: ConstraintRule | None, index: tuple[Any, ...]) -> str:
    """'2027: ' when the constraint's index has a year, else ''."""
    if rule is None or "year" not in rule.index_names:
        return ""
    return f"{index[rule.index_names.index('year')]}: "


def describe(rule: ConstraintRule | None, name: str, data: PactData, index: tuple[Any, ...]) -> str:
    """What it means that the constraint binds (the rule's phrase, or its name in words)."""
    return rule.describe(data, index) if rule else name.replace("_", " ")


def binding_table(
    data: PactData, solution: Solution, blocked: Sequence[tuple[str, Conflict]] = ()
) -> pd.DataFrame:
    """One row per binding constraint (non-zero dual), largest value first, with a sentence
    naming the workbook cells and the euros at stake; then, in a MILP, each limit that keeps
    a project out (``blocked``: project, the limit it would have to bend), even where the LP
    with the decisions fixed gives it no dual."""
    rows = []
    for name, duals in solution.duals.items():
        rule = solution.rule(name)
        for index, dual in entries(duals):
            if abs(dual) <= TOL:
                continue
            cells = rule.cells_of(data, index) if rule else []
            effect = "add" if dual > 0 else "cost"
            where = f" ({', '.join(cells)})" if cells else ""
            sentence = (
                f"{year_prefix(rule, index)}{describe(rule, name, data, index)}{where}; "
                f"one more €m here would {effect} {value_text(abs(dual), solution.mode)}."
            )
            low, high = solution.interval(name, index)
            rows.append(
                {
                    "constraint": f"{name}[{','.join(map(str, index))}]",
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
