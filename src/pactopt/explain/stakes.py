"""Which limits are re-solved for their value at stake (``analysis/stakes.py`` re-solves
them, ``explain/stake_words.py`` says what it found): the limits the Summary and the
Assumptions sheet rank, those with a marginal value in a year the plan can still change, the
most valuable by their marginal values first."""

from __future__ import annotations

from typing import Any

from pactopt.analysis.impacts import instrument_totals
from pactopt.analysis.stakes import Candidate
from pactopt.explain.binding import current_entries, why_not_listed
from pactopt.model.registry import ConstraintRule
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries

TOL = 1e-6


def weak(source: str) -> bool:
    """True for a figure the workbook marks as an assumption or a calculation."""
    return "ASSUMED" in source or "DERIVED" in source


def limit_source(data: PactData, rule: ConstraintRule, index: tuple[Any, ...]) -> str:
    """The source note of the workbook row a limit comes from ('' when none)."""
    origin = rule.cells
    if origin is None:
        return ""
    key = (
        origin.key(data, index)
        if callable(origin.key)
        else (str(index[origin.key]) if isinstance(origin.key, int) else origin.key)
    )
    # a rule whose cells are on several rows (a project cost floor) is sourced by its first
    first = key if isinstance(key, str) else (list(key) or [""])[0]
    return data.source_of(origin.sheet, first)


def without_year(rule: ConstraintRule | None, index: tuple[Any, ...]) -> tuple[Any, ...]:
    """The index of a limit's row without its year: the limit it belongs to."""
    names = rule.index_names if rule is not None else ()
    return tuple(v for v, n in zip(index, names, strict=False) if n != "year")


def _ranked(rule: ConstraintRule, listed: bool, source: str) -> bool:
    """True when the Summary's top ten (a limit a planner can change) or the Assumptions
    (an assumed or derived limit that may bend) rank the limit."""
    return listed or (rule.cells is not None and rule.bends and weak(source))


def limit_candidates(data: PactData, solution: Solution) -> list[Candidate]:
    """The limits the Summary and the Assumptions rank, each with every row of its (all its
    years: its workbook value sets them all), largest sum of marginal values first."""
    totals = instrument_totals(data, solution) if solution.duals else {}
    unfunded = {i for i, total in totals.items() if total <= TOL}
    weights: dict[tuple[str, tuple[Any, ...]], float] = {}
    for name in solution.duals:
        rule = solution.rule(name)
        if rule is None:
            continue
        for index, dual in current_entries(data, solution, name):
            if abs(dual) <= TOL:
                continue
            listed = not why_not_listed(rule, index, unfunded)
            if not _ranked(rule, listed, limit_source(data, rule, index)):
                continue
            key = (name, without_year(rule, index))
            weights[key] = weights.get(key, 0.0) + abs(dual)
    out: list[Candidate] = []
    for (name, group), _ in sorted(weights.items(), key=lambda kv: -kv[1]):
        rule = solution.rule(name)
        every = entries(solution.duals[name])
        rows = tuple(ix for ix, _ in every if without_year(rule, ix) == group)
        out.append((name, group, rows))
    return out
