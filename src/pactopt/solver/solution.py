"""The outcome of a solve as plain labelled data: what explanations, results tables, reports
and analyses read. This module imports neither Pyomo nor HiGHS (a test checks it).

Values, duals and reduced costs are pandas Series, one per model component, indexed by a
MultiIndex whose levels are named after the component's index (``instrument``, ``funder``,
``year``, …); a scalar component (a rule or variable without index sets: the pact's total
ceiling, the CVaR threshold) has one element on a flat Index labelled with its own name, and
its index tuple is ``()`` (``entries``, ``value``, ``interval``); HiGHS's right-hand-side
ranging is a DataFrame with ``low`` and ``high`` columns on the same index; the money effects
are a DataFrame indexed by (funder, year).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import Enum
from functools import cached_property
from types import MappingProxyType
from typing import Any, cast

import pandas as pd

from pactopt.i18n import N_
from pactopt.model.registry import ConstraintRule

MONEY_EFFECTS = ("net_output", "net_jobs", "savings")


class SolveStatus(Enum):
    """How the solve ended."""

    # in words (translated where shown: the terminal's title)
    OPTIMAL = N_("optimal")
    TIME_LIMIT_FEASIBLE = N_("time limit reached: best solution found, not proven optimal")
    TIME_LIMIT_NO_SOLUTION = N_("time limit reached with no solution")
    INFEASIBLE = N_("infeasible")
    UNBOUNDED = N_("unbounded")
    ERROR = N_("solver error")

    @property
    def has_solution(self) -> bool:
        """True when values can be read."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT_FEASIBLE)


def labelled_index(
    keys: Sequence[tuple[Any, ...]], names: Sequence[str], label: str = "value"
) -> pd.Index:
    """A MultiIndex of ``keys`` with the given level names; for a scalar component (no
    names: its one key is ``()``) a flat Index labelled ``label``, its name."""
    if not names:
        return pd.Index([label] * len(keys))
    if not keys:
        return pd.MultiIndex.from_arrays([[] for _ in names], names=list(names))
    return pd.MultiIndex.from_tuples(list(keys), names=list(names))


def labelled(
    values: Mapping[tuple[Any, ...], Any], names: Sequence[str], label: str = "value"
) -> pd.Series:
    """A Series indexed by a MultiIndex with the given level names (``labelled_index``)."""
    index = labelled_index(list(values), names, label)
    return pd.Series(list(values.values()), index=index, dtype=float)


def index_keys(index: pd.Index) -> list[tuple[Any, ...]]:
    """The index tuple of each row of a labelled index: ``()`` for a scalar's one row."""
    if isinstance(index, pd.MultiIndex):
        return cast(list[tuple[Any, ...]], list(index))
    return [()] * len(index)


def entries(series: pd.Series | None) -> Iterator[tuple[tuple[Any, ...], float]]:
    """(index tuple, value) of each element of a labelled Series (none for None)."""
    if series is None:
        return iter(())
    return zip(index_keys(series.index), map(float, series.tolist()), strict=True)


def constraint_name(rule: str, index: tuple[Any, ...]) -> str:
    """A row's name as the LP file writes it: ``rule[a,b]``, or ``rule`` for a scalar."""
    return f"{rule}[{','.join(map(str, index))}]" if index else rule


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


def _no_effects() -> pd.DataFrame:
    index = pd.MultiIndex.from_arrays([[], []], names=["funder", "year"])
    return pd.DataFrame(columns=list(MONEY_EFFECTS), index=index, dtype=float)


@dataclass(frozen=True)
class Solution:
    """One solve's status, objective, labelled values and sensitivity, and the rules of the
    model it solved (so explanations need nothing but this)."""

    status: SolveStatus
    objective: float | None
    is_mip: bool
    mode: str
    values: Mapping[str, pd.Series] = field(default_factory=_empty)
    duals: Mapping[str, pd.Series] = field(default_factory=_empty)
    ranges: Mapping[str, pd.DataFrame] = field(default_factory=_empty)
    reduced_costs: Mapping[str, pd.Series] = field(default_factory=_empty)
    # each constraint's finite bound (the right-hand side its dual prices)
    rhs: Mapping[str, pd.Series] = field(default_factory=_empty)
    # one more €m of a public funder's money in a year: Δ net output, net jobs, savings
    money_effects: pd.DataFrame = field(default_factory=_no_effects)
    duals_conditional: bool = False
    figures: Mapping[str, float] = field(default_factory=_empty)
    rules: Mapping[str, ConstraintRule] = field(default_factory=_empty)
    solve_seconds: float = 0.0
    solver: str = ""
    # a least-change plan (``pipeline.settle``): the best value and figures it stays
    # within the tolerance of ("objective" and each figure); empty for a plain optimum
    best: Mapping[str, float] = field(default_factory=_empty)

    @property
    def best_objective(self) -> float | None:
        """The best value attainable: the optimum's, also when a least-change plan is shown."""
        return self.best.get("objective", self.objective)

    def best_figure(self, name: str) -> float:
        """A figure of the optimum (of this plan when it is the optimum)."""
        return self.best.get(name, self.figures.get(name, 0.0))

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (back from a worker process) with its read-only maps as plain dicts,
        which pickle where a ``MappingProxyType`` does not, and without the lookup caches;
        each rule travels by name (``ConstraintRule.__reduce__``)."""
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        return {k: dict(v) if isinstance(v, MappingProxyType) else v for k, v in state.items()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, MappingProxyType(v) if isinstance(v, dict) else v)

    @cached_property
    def _value_maps(self) -> dict[str, dict[tuple[Any, ...], float]]:
        return {}

    def value_map(self, name: str) -> dict[tuple[Any, ...], float]:
        """A variable's values as a dict keyed by index tuple (made once per variable)."""
        maps = self._value_maps
        if name not in maps:
            series = self.values.get(name)
            maps[name] = dict(entries(series))
        return maps[name]

    def value(self, name: str, *index: Any) -> float:
        """A variable's value (0 when the variable is absent)."""
        return self.value_map(name).get(tuple(index), 0.0)

    @cached_property
    def _rhs_maps(self) -> dict[str, dict[tuple[Any, ...], float]]:
        return {}

    def bound(self, rule: str, index: tuple[Any, ...]) -> float:
        """A constraint's finite bound at ``index`` (``rhs``; 0 when it has none)."""
        maps = self._rhs_maps
        if rule not in maps:
            maps[rule] = dict(entries(self.rhs.get(rule)))
        return maps[rule].get(index, 0.0)

    @cached_property
    def _interval_maps(self) -> dict[str, dict[tuple[Any, ...], tuple[float, float]]]:
        return {}

    def interval(self, rule: str, index: tuple[Any, ...]) -> tuple[float, float]:
        """The range of a constraint's bound over which its dual holds (NaN when unknown)."""
        maps = self._interval_maps
        if rule not in maps:
            frame = self.ranges.get(rule)
            maps[rule] = (
                {}
                if frame is None
                else dict(
                    zip(
                        index_keys(frame.index),
                        zip(frame["low"], frame["high"], strict=True),
                        strict=True,
                    )
                )
            )
        return maps[rule].get(index, (float("nan"), float("nan")))

    def money_effect(self, funder: str, year: int) -> tuple[float, ...] | None:
        """(Δ net output €m, Δ net jobs, Δ savings €m) of one more €m, or None."""
        return self._effects.get((funder, year))

    @cached_property
    def _effects(self) -> dict[tuple[Any, ...], tuple[float, ...]]:
        frame = self.money_effects
        columns = [frame[c].tolist() for c in MONEY_EFFECTS]
        return {
            cast(tuple[Any, ...], k): tuple(float(col[n]) for col in columns)
            for n, k in enumerate(frame.index)
        }

    def rule(self, name: str) -> ConstraintRule | None:
        """The declaration of a constraint of the solved model."""
        return self.rules.get(name)


@dataclass(frozen=True)
class Limited:
    """The best plan when at most ``k`` groups of targets may differ from them
    (``solver.limited.solve_limited``), and the groups that do differ (their positions)."""

    k: int
    solution: Solution
    moved: tuple[int, ...]


@dataclass(frozen=True)
class Conflict:
    """One rule of an irreducible infeasible set, or one rule an elastic relaxation bent:
    the rule, its index (labelled by ``index_names``), its workbook cells, the bound it
    states and, for a bent rule, by how much it must give way (in the rule's unit)."""

    rule: str
    index: tuple[Any, ...]
    index_names: tuple[str, ...]
    cells: tuple[str, ...]
    limit: float | None
    short: float | None = None
    unit: str = "€m"

    @property
    def constraint(self) -> str:
        """The constraint's name as the LP file writes it: ``rule[a,b]`` (``rule``: scalar)."""
        return constraint_name(self.rule, self.index)

    @property
    def year(self) -> int | None:
        """The year of the constraint, when its index has one."""
        if "year" not in self.index_names:
            return None
        return int(self.index[self.index_names.index("year")])

    @property
    def key(self) -> tuple[Any, ...]:
        """The index without its year (to group a rule's years together)."""
        return tuple(v for v, n in zip(self.index, self.index_names, strict=True) if n != "year")
