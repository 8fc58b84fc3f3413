"""Runs side by side (the scenario comparison): their headline figures, domain totals, and
the binding limits each adds or drops against the first (the base), as a planner reads them."""

from __future__ import annotations

import pandas as pd

from pactopt.model.registry import RULES
from pactopt.report.summary import (
    FORGONE_OUTPUT,
    GROSS_OUTPUT,
    NET_JOBS,
    NET_OUTPUT,
    PRIVATE,
    PUBLIC,
    SAVINGS,
    SPENDING,
)
from pactopt.report.tables import ResultTables

COMPARED = (NET_OUTPUT, NET_JOBS, SPENDING, PUBLIC, PRIVATE, SAVINGS, GROSS_OUTPUT, FORGONE_OUTPUT)


# the limits a scenario's comparison line names, the rest counted
LISTED_LIMITS = 6


def _limits(tables: ResultTables) -> list[str]:
    """The binding limits of a run as a planner reads them (the Binding sheet's 'limit' in
    words, largest stake first), or, without that view, its binding rules in words."""
    split = tables.binding_split
    if split is not None and "limit" in split.planner:
        return list(dict.fromkeys(str(t) for t in split.planner["limit"]))
    return [_rule_words(r) for r in dict.fromkeys(tables.binding["rule"])]


def _rule_words(name: str) -> str:
    """A rule in words, for a planner's page: its meaning, the first clause of its
    declaration's docstring ("New money over the horizon stays within the funder's cap"),
    its name where it has none (an extension's rule not loaded here)."""
    rule = RULES.get(name)
    meaning = rule.doc.split(":")[0].strip() if rule is not None else ""
    return meaning or name


def comparison_table(named: list[tuple[str, ResultTables]]) -> pd.DataFrame:
    """Scenarios side by side: headline figures, domain totals, and the binding rules that
    differ from the first (base) run."""
    rows: list[dict[str, object]] = []
    for figure in COMPARED:
        row: dict[str, object] = {"figure": figure}
        for name, tables in named:
            figures = dict(zip(tables.summary["figure"], tables.summary["optimised"], strict=True))
            row[name] = float(figures[figure])
        rows.append(row)
    for domain in named[0][1].domains["domain"]:
        row = {"figure": f"Domain {domain} (€m)"}
        for name, tables in named:
            totals = tables.domains.set_index("domain")["optimised_meur"]
            row[name] = float(totals.get(domain, 0.0))
        rows.append(row)
    base = _limits(named[0][1])
    row = {"figure": "Binding rules added / dropped vs base"}
    for name, tables in named:
        limits = _limits(tables)
        added = [f"+ {t}" for t in limits if t not in base]
        dropped = [f"− {t}" for t in base if t not in limits]
        said = added + dropped
        if len(said) > LISTED_LIMITS:
            said = [*said[:LISTED_LIMITS], f"and {len(said) - LISTED_LIMITS} more"]
        row[name] = "; ".join(said) or "—"
    rows.append(row)
    return pd.DataFrame(rows, columns=["figure", *(n for n, _ in named)])
