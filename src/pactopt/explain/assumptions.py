"""What the plan depends on: the binding limits and the impact coefficients whose source is
an assumption (ASSUMED) or a calculation (DERIVED), ranked by the value at stake.

- A binding limit: the larger change of the objective when its workbook value moves 10%
  either way, each found by a re-solve (``analysis/stakes.py``; a share or a leverage moves
  as the coefficient it is, not its right-hand side of 0). A dual extrapolated over the same
  change holds only within its validity range.
- An impact coefficient (output per €, jobs per €m): the change of the objective when it
  moves to its low or to its high value, the larger of the two, at the current plan (first
  order: the plan is not re-optimised, so for a rise this is a lower bound of the gain).

Values are in objective units (€m of weighted value, discounted as in the model). The
private money the plan relies on where an instrument sits at its maximum leverage or its
minimum public share is stated in euros, with the sentence that the plan holds only if
private investors follow.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import pandas as pd

from pactopt.analysis.stakes import Stakes
from pactopt.explain.binding import current_entries
from pactopt.explain.stake_words import (
    NOT_RESOLVED,
    left_out_sentence,
    stake_of,
    stake_text,
    stake_value,
)
from pactopt.explain.stakes import limit_source, weak, without_year
from pactopt.i18n import Lang
from pactopt.i18n.said import said
from pactopt.model.accounting import curve_segments, discount_factor
from pactopt.model.registry import rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries

TOP = 5
# the source note last: on paper the sheet prints up to 'how' (the notes are long; the sheet
# keeps them for the screen)
COLUMNS = ["rank", "what", "kind", "cells", "value_at_stake_meur", "how", "source"]
TOL = 1e-6


def _limit_rows(
    data: PactData, solution: Solution, stakes: Stakes | None, lang: Lang
) -> list[dict[str, Any]]:
    """Each assumed or derived limit that binds (its years together), with its stake as
    re-solved (NaN when it was not: ranked after every stake stated)."""
    grouped: dict[tuple[str, tuple[Any, ...]], dict[str, Any]] = {}
    for name in solution.duals:
        rule = solution.rule(name)
        if rule is None or rule.cells is None or not rule.bends:
            continue
        for index, dual in current_entries(data, solution, name):
            if abs(dual) <= TOL:
                continue
            source = limit_source(data, rule, index)
            if not weak(source):
                continue
            group = without_year(rule, index)
            if (name, group) in grouped:
                continue
            stake = stake_of(stakes, name, group)
            grouped[(name, group)] = {
                "what": rule.describe(data, index, lang),
                "kind": "binding limit",
                "cells": ", ".join(rule.cells_of(data, index)),
                "source": source,
                "value_at_stake_meur": stake_value(stake),
                "how": (
                    stake_text(stake, solution.mode, mip=solution.is_mip)
                    if stake is not None
                    else NOT_RESOLVED
                ),
            }
    return list(grouped.values())


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


def _coefficient_rows(data: PactData, solution: Solution, lang: Lang) -> list[dict[str, Any]]:
    """Each assumed or derived impact coefficient of an instrument the plan funds, with the
    change of value at its low and its high value at the current plan."""
    s = data.settings
    spend = _weighted_spend(data, solution)
    rows = []
    for row in data.instruments:
        weighted, plain = spend[row.id]
        if plain <= TOL or not weak(row.source):
            continue
        jobs = {
            x: getattr(row, f"jobs_direct_per_meur_{x}")
            + getattr(row, f"jobs_indirect_per_meur_{x}")
            for x in ("low", "central", "high")
        }
        output = {x: getattr(row, f"output_per_eur_{x}") for x in ("low", "central", "high")}
        for kind, values, scale, columns in (
            (
                said("output per € of {instrument}", instrument=row.name).read(lang),
                output,
                s.weight_output * weighted,
                ("output_per_eur",),
            ),
            (
                said("jobs per €m of {instrument}", instrument=row.name).read(lang),
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
                    "what": kind,
                    "kind": "impact coefficient",
                    "cells": ", ".join(cells),
                    "source": row.source,
                    "value_at_stake_meur": stake,
                    "how": f"objective {low:+,.0f} at the low value, {high:+,.0f} at the high "
                    "value, at the current plan",
                }
            )
    return rows


def _stake(row: Any, mode: str, lang: Lang) -> str:
    if mode == "lexicographic" and row.kind == "binding limit":
        return lang.t("{n} net jobs", n=lang.count(row.value_at_stake_meur))
    return lang.t("€{amount}m", amount=lang.count(row.value_at_stake_meur))


def _order(row: dict[str, Any]) -> float:
    stake = float(row["value_at_stake_meur"])
    return -stake if math.isfinite(stake) else math.inf


def assumptions_table(
    data: PactData, solution: Solution, stakes: Stakes | None = None, lang: Lang | None = None
) -> pd.DataFrame:
    """Every ASSUMED or DERIVED binding limit and impact coefficient, largest stake first (a
    limit's as re-solved in ``stakes``; those not re-solved last), named in ``lang``."""
    lang = lang or Lang("en")
    rows = _limit_rows(data, solution, stakes, lang) + _coefficient_rows(data, solution, lang)
    rows.sort(key=_order)
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


def assumptions_sentence(
    table: pd.DataFrame,
    private_meur: float,
    mode: str = "weighted",
    stakes: Stakes | None = None,
    lang: Lang | None = None,
) -> str:
    """The top five things the plan depends on, and the private money it counts on (a
    limit's stake, re-solved with the jobs stage in lexicographic mode, in net jobs), in
    ``lang`` (the table named in it: ``assumptions_table``)."""
    lang = lang or Lang("en")
    parts = []
    stated = table[table["value_at_stake_meur"].notna()]
    if len(stated):
        top = [
            lang.t(
                "{what} ({cells}; {stake} at stake)",
                what=r.what,
                cells=r.cells,
                stake=_stake(r, mode, lang),
            )
            for r in stated.head(TOP).itertuples()
        ]
        parts.append(
            lang.t(
                "The plan depends most on these assumed or derived figures: {figures}.",
                figures=lang.listed(top),
            )
        )
    if (table["kind"] == "binding limit").any() and (left := left_out_sentence(stakes, lang)):
        parts.append(left)
    if private_meur > 0.5:
        parts.append(
            lang.t(
                "It counts on {amount} of private money in instruments held at their assumed "
                "maximum leverage or minimum public share: the plan holds only if private "
                "investors follow.",
                amount=lang.t("€{amount}m", amount=lang.count(private_meur)),
            )
        )
    return " ".join(parts)
