"""What the plan depends on: the binding limits and the impact coefficients whose source is
an assumption (ASSUMED) or a calculation (DERIVED), ranked by the value at stake.

- A binding limit: its dual (value of one more €m) times a stated change of its right-hand
  side, ``LIMIT_CHANGE_SHARE`` (10%) of it, summed over the limit's years.
- An impact coefficient (output per €, jobs per €m): the change of the objective when it
  moves to its low or to its high value, the larger of the two, at the current plan (first
  order: the plan is not re-optimised, so for a rise this is a lower bound of the gain).

Values are in objective units (€m of weighted value, discounted as in the model). The
private money the plan relies on where an instrument sits at its maximum leverage or its
minimum public share is stated in euros, with the sentence that the plan holds only if
private investors follow.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pandas as pd

from pactopt.explain.binding import current_entries
from pactopt.model.accounting import curve_segments, discount_factor
from pactopt.model.registry import rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries
from pactopt.words import value_text

LIMIT_CHANGE_SHARE = 0.10
TOP = 5
# the source note last: on paper the sheet prints up to 'how' (the notes are long; the sheet
# keeps them for the screen)
COLUMNS = ["rank", "what", "kind", "cells", "value_at_stake_meur", "how", "source"]
TOL = 1e-6


def _weak(source: str) -> bool:
    return "ASSUMED" in source or "DERIVED" in source


def _limit_rows(data: PactData, solution: Solution) -> list[dict[str, Any]]:
    grouped: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = {}
    for name in solution.duals:
        rule = solution.rule(name)
        if rule is None or rule.cells is None or not rule.bends:
            continue
        rhs = solution.rhs.get(name)
        for index, dual in current_entries(data, solution, name):
            if abs(dual) <= TOL:
                continue
            origin = rule.cells
            key = (
                origin.key(data, index)
                if callable(origin.key)
                else (str(index[origin.key]) if isinstance(origin.key, int) else origin.key)
            )
            # a rule whose cells are on several rows (a project cost floor) is sourced by
            # its first row
            first = key if isinstance(key, str) else (list(key) or [""])[0]
            source = data.source_of(origin.sheet, first)
            if not _weak(source):
                continue
            bound = abs(float(rhs.get(index, 0.0))) if rhs is not None else 0.0
            group_key = tuple(
                v for v, n in zip(index, rule.index_names, strict=False) if n != "year"
            )
            entry = grouped.setdefault(
                (name, group_key),
                {
                    "what": rule.describe(data, index),
                    "kind": "binding limit",
                    "cells": ", ".join(rule.cells_of(data, index)),
                    "source": source,
                    "value_at_stake_meur": 0.0,
                    "years": 0,
                    "dual": 0.0,
                },
            )
            entry["value_at_stake_meur"] += abs(dual) * LIMIT_CHANGE_SHARE * bound
            entry["years"] += 1
            entry["dual"] = max(entry["dual"], abs(dual))
    rows = []
    for entry in grouped.values():
        years, dual = entry.pop("years"), entry.pop("dual")
        entry["how"] = (
            f"up to {value_text(dual, solution.mode)} per €m × {LIMIT_CHANGE_SHARE:.0%} of "
            "the limit" + (f", over {years} years" if years > 1 else "")
        )
        rows.append(entry)
    return rows


def _weighted_spend(data: PactData, solution: Solution) -> dict[str, tuple[float, float]]:
    """(output-weighted, plain) discounted €m of each instrument: what its output and its
    jobs coefficient multiply in the objective."""
    rate, first = data.settings.discount_rate, data.years[0]
    lag = {i.id: i.impact_lag_years for i in data.instruments}
    factors: dict[int, float] = {}  # by impact year: a few dozen, for a million values

    def factor_of(year: int) -> float:
        if year not in factors:
            factors[year] = discount_factor(rate, first, year)
        return factors[year]

    plain: dict[str, float] = defaultdict(float)
    for (i, _, y), v in solution.value_map("funding").items():
        plain[i] += factor_of(int(y) + lag[i]) * v
    curves: dict[str, list[Any]] = defaultdict(list)
    for c in data.curves:
        curves[c.instrument].append(c)
    factor = {
        (i, s.segment): s.output_factor for i, rows in curves.items() for s in curve_segments(rows)
    }
    curved: dict[str, float] = defaultdict(float)
    for (i, s, y), v in solution.value_map("segment_fill").items():
        curved[i] += factor_of(int(y) + lag[i]) * factor[(i, s)] * v
    return {
        i.id: (curved[i.id] if i.id in curves else plain[i.id], plain[i.id])
        for i in data.instruments
    }


def _coefficient_rows(data: PactData, solution: Solution) -> list[dict[str, Any]]:
    s = data.settings
    spend = _weighted_spend(data, solution)
    rows = []
    for row in data.instruments:
        weighted, plain = spend[row.id]
        if plain <= TOL or not _weak(row.source):
            continue
        jobs = {
            x: getattr(row, f"jobs_direct_per_meur_{x}")
            + getattr(row, f"jobs_indirect_per_meur_{x}")
            for x in ("low", "central", "high")
        }
        output = {x: getattr(row, f"output_per_eur_{x}") for x in ("low", "central", "high")}
        for kind, values, scale, columns in (
            ("output per €", output, s.weight_output * weighted, ("output_per_eur",)),
            (
                "jobs per €m",
                jobs,
                s.meur_per_job * plain,
                ("jobs_direct_per_meur", "jobs_indirect_per_meur"),
            ),
        ):
            low = (values["low"] - values["central"]) * scale
            high = (values["high"] - values["central"]) * scale
            stake = max(abs(low), abs(high))
            if stake <= TOL:
                continue
            cells = [
                data.cell("Instruments", row.id, f"{column}_{x}")
                for column in columns
                for x in ("low", "high")
            ]
            rows.append(
                {
                    "what": f"{kind} of {row.name}",
                    "kind": "impact coefficient",
                    "cells": ", ".join(cells),
                    "source": row.source,
                    "value_at_stake_meur": stake,
                    "how": f"objective {low:+,.0f} at the low value, {high:+,.0f} at the high "
                    "value, at the current plan",
                }
            )
    return rows


def _stake(row: Any, mode: str) -> str:
    if mode == "lexicographic" and row.kind == "binding limit":
        return f"{row.value_at_stake_meur:,.0f} net jobs"
    return f"€{row.value_at_stake_meur:,.0f}m"


def assumptions_table(data: PactData, solution: Solution) -> pd.DataFrame:
    """Every ASSUMED or DERIVED binding limit and impact coefficient, largest stake first."""
    rows = _limit_rows(data, solution) + _coefficient_rows(data, solution)
    rows.sort(key=lambda r: -r["value_at_stake_meur"])
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return pd.DataFrame(rows, columns=COLUMNS)


def private_reliance_meur(data: PactData, solution: Solution) -> float:
    """Private €m in instruments that sit at their maximum leverage or minimum public share
    in some year (the plan counts on private investors for exactly that money)."""
    tight: set[str] = set()
    for rule in rules_with(solution.rules.values(), tag="private_reliance"):
        for (instrument, *_), dual in entries(solution.duals.get(rule.name)):
            if abs(dual) > TOL:
                tight.add(str(instrument))
    private = {f.id for f in data.funders if f.kind == "private"}
    return sum(
        v for (i, f, _), v in solution.value_map("funding").items() if i in tight and f in private
    )


def assumptions_sentence(table: pd.DataFrame, private_meur: float, mode: str = "weighted") -> str:
    """The top five things the plan depends on, and the private money it counts on (a
    limit's stake in lexicographic mode in net jobs, its duals being of the jobs stage)."""
    parts = []
    if len(table):
        top = [
            f"{r.what} ({r.cells}; {_stake(r, mode)} at stake)"
            for r in table.head(TOP).itertuples()
        ]
        parts.append(
            "The plan depends most on these assumed or derived figures: " + "; ".join(top) + "."
        )
    if private_meur > 0.5:
        parts.append(
            f"It counts on €{private_meur:,.0f}m of private money in instruments held at their "
            "assumed maximum leverage or minimum public share: the plan holds only if private "
            "investors follow."
        )
    return " ".join(parts)
