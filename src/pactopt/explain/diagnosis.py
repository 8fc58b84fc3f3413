"""Why there is no solution, in the planner's cells and euros: the pre-check findings, the
irreducible set of conflicting rules and the amounts by which rules must give way."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from pactopt.analysis.prechecks import Finding
from pactopt.explain.limit_sentences import describe, in_year
from pactopt.i18n import Lang
from pactopt.model.registry import ConstraintRule, Role
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict

COLUMNS = ["step", "rule", "cells", "short_meur", "explanation"]


def _years(years: list[int]) -> str:
    if not years:
        return ""
    low, high = min(years), max(years)
    return f"{low}: " if low == high else f"{low}-{high}: "


def _span_cells(cells: list[str]) -> str:
    return ", ".join(cells) if len(cells) <= 4 else f"{', '.join(cells[:2])} … {cells[-1]}"


def _grouped(conflicts: Sequence[Conflict]) -> dict[tuple[str, tuple[Any, ...]], list[Conflict]]:
    """IIS rows grouped by rule and index without its year."""
    groups: dict[tuple[str, tuple[Any, ...]], list[Conflict]] = {}
    for c in conflicts:
        groups.setdefault((c.rule, c.key), []).append(c)
    return groups


def diagnosis_table(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    findings: Sequence[Finding],
    conflicts: Sequence[Conflict] | None,
    bends: Sequence[Conflict],
    instead: Mapping[str, Sequence[Conflict]] | None = None,
    lang: Lang | None = None,
) -> pd.DataFrame:
    """One row per pre-check finding, per group of conflicting rules (bookkeeping left out:
    it holds in every plan) and per rule that must give way; after a rule that need not
    (``instead``: others could give way by the same least total), a row saying which. The
    rules that give way and the locked past are said in ``lang`` (English by default)."""
    lang = lang or Lang("en")
    rows: list[dict[str, Any]] = [
        {
            "step": "pre-check",
            "rule": f.check,
            "cells": ", ".join(f.cells),
            "short_meur": f.short_meur,
            "explanation": f.message,
        }
        for f in findings
    ]
    for (name, _), group in _grouped(conflicts or []).items():
        rule = rules.get(name)
        if rule is not None and rule.role is Role.BOOKKEEPING:
            continue
        years = _years([y for c in group if (y := c.year) is not None])
        cells = list(dict.fromkeys(cell for c in group for cell in c.cells))
        what = describe(rule, name, data, group[0].index)
        rows.append(
            {
                "step": "conflicting rules (IIS)",
                "rule": name,
                "cells": ", ".join(cells),
                "short_meur": None,
                "explanation": f"{years}{what}" + (f" ({_span_cells(cells)})" if cells else ""),
            }
        )
    if conflicts is None:
        rows.append(
            {
                "step": "conflicting rules (IIS)",
                "rule": "",
                "cells": "",
                "short_meur": None,
                "explanation": "with fractional projects and switches a solution exists: "
                "the conflict lies in the all-or-nothing decisions",
            }
        )
    rows += _locked_past(data, lang)
    told: set[str] = set()
    for b in bends:
        others = (instead or {}).get(b.rule) if b.rule not in told else None
        text = give_way_text(data, rules, b, "could" if others else "must", lang)
        if others:
            told.add(b.rule)
            text = _instead_text(data, rules, others, text, lang)
        rows.append(
            {
                "step": "euros missing (relaxation)",
                "rule": b.constraint,
                "cells": ", ".join(b.cells),
                "short_meur": (b.short or 0.0) if b.unit == "€m" else None,
                "explanation": text,
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _locked_past(data: PactData, lang: Lang) -> list[dict[str, Any]]:
    """With years locked by the mid-term review, the row that says so: the past is what was
    spent, so what follows is what the years left cannot absorb."""
    s = data.settings
    locked, free = s.locked_years, s.free_years
    if not locked:
        return []
    spent = sum(data.actual_meur().values())
    cell = data.cell("Settings", "as_of_year", "value")
    span = str(locked[0]) if len(locked) == 1 else f"{locked[0]}-{locked[-1]}"
    left = (
        lang.t(
            "only {years} can still change",
            years=free[0] if len(free) == 1 else f"{free[0]}-{free[-1]}",
        )
        if free
        else lang.t("no year is left to change")
    )
    return [
        {
            "step": "locked past",
            "rule": "as_of_year",
            "cells": cell,
            "short_meur": None,
            "explanation": lang.t(
                "{span} is locked to the {amount} actually spent (as_of_year {year}, {cell}; "
                "Actuals sheet): {left}, so the amounts below are what the years left cannot "
                "absorb",
                span=span,
                amount=lang.meur(spent),
                year=s.as_of_year,
                cell=cell,
                left=left,
            ),
        }
    ]


def _instead_text(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    others: Sequence[Conflict],
    first: str,
    lang: Lang,
) -> str:
    """'…, or, for the same least total, …': the choice an elastic relaxation had (other
    rules that could give way instead of ``first``, the first three named)."""
    shown = lang.listed(give_way_text(data, rules, o, "could", lang) for o in others[:3])
    more = " " + lang.t("(and {n} more)", n=len(others) - 3) if len(others) > 3 else ""
    return lang.t(
        "{first}, or, for the same least total, {shown}{more}: the rules alone do not say "
        "which should give way",
        first=first,
        shown=shown,
        more=more,
    )


def give_way_text(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    bend: Conflict,
    verb: str = "must",
    lang: Lang | None = None,
) -> str:
    """'2027: the ceiling of X (Instruments!E3) must give way by €5m': a rule an elastic
    relaxation bent, its cells and the amount, in the rule's own unit (a yes/no rule is never
    summed into euros); ``verb`` 'must', 'could' or 'would have to', in ``lang``."""
    lang = lang or Lang("en")
    rule = rules.get(bend.rule)
    what = (
        rule.describe_limit(data, bend.index, lang)
        if rule
        else lang.t("the rule {name}", name=bend.rule)
    )
    short = bend.short or 0.0
    cells = f" ({', '.join(bend.cells)})" if bend.cells else ""
    if bend.unit == "binary":
        # a yes/no decision gives way whole or not at all: no amount to state
        return in_year(bend.year, _binary_gives_way(verb, lang, what=what, cells=cells), lang)
    if bend.unit == "€m":
        amount = lang.meur(short)
    elif lang.english:
        amount = f"{short:,.2f} ({bend.unit or 'units'})"
    else:
        amount = f"{lang.number(short, 2)} ({bend.unit or 'units'})"
    words = {"what": what, "cells": cells, "amount": amount}
    if verb == "could":
        said = lang.t("{what}{cells} could give way by {amount}", **words)
    elif verb == "would have to":
        said = lang.t("{what}{cells} would have to give way by {amount}", **words)
    else:
        said = lang.t("{what}{cells} must give way by {amount}", **words)
    return in_year(bend.year, said, lang)


def _binary_gives_way(verb: str, lang: Lang, **words: str) -> str:
    """A yes/no rule that gives way, with ``verb`` ('must', 'could', 'would have to')."""
    if verb == "could":
        return lang.t(
            "{what}{cells} could give way: no plan meets the other rules with it", **words
        )
    if verb == "would have to":
        return lang.t(
            "{what}{cells} would have to give way: no plan meets the other rules with it", **words
        )
    return lang.t("{what}{cells} must give way: no plan meets the other rules with it", **words)
