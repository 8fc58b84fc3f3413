"""Solve a built model with HiGHS (compiled straight into highspy by ``highs_direct``) and
return a frozen, typed result: status, objective, every variable's value, duals where they
exist, and times.

The model is an LP when it has no integer variable and a MILP otherwise. For a MILP the duals
are those of the LP with every integer variable fixed at its solution value, and are flagged
as conditional on those decisions.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import highspy
import numpy as np
import pyomo.environ as pyo

from pactopt.highs_direct import DirectHighs, new_highs
from pactopt.schema.settings import Settings

Values = Mapping[str, Mapping[tuple[Any, ...], float]]
FIGURES = (
    "output",
    "jobs",
    "savings",
    "forgone_output",
    "forgone_jobs",
    "switch_cost",
    "net_output",
    "net_jobs",
)


class SolveStatus(Enum):
    """How the solve ended."""

    OPTIMAL = "optimal"
    TIME_LIMIT_FEASIBLE = "time limit reached: best solution found, not proven optimal"
    TIME_LIMIT_NO_SOLUTION = "time limit reached with no solution"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    ERROR = "solver error"

    @property
    def has_solution(self) -> bool:
        """True when values can be read."""
        return self in (SolveStatus.OPTIMAL, SolveStatus.TIME_LIMIT_FEASIBLE)


@dataclass(frozen=True)
class SolveResult:
    """The outcome of one solve; values and duals keyed by component name, then index."""

    status: SolveStatus
    objective: float | None
    is_mip: bool
    mode: str
    values: Values = field(default_factory=lambda: MappingProxyType({}))
    duals: Values = field(default_factory=lambda: MappingProxyType({}))
    ranges: Mapping[str, Mapping[tuple[Any, ...], tuple[float, float]]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    reduced_costs: Values = field(default_factory=lambda: MappingProxyType({}))
    # (public funder, year) -> (Δ net output €m, Δ net jobs, Δ savings €m) for one more €m
    money_effects: Mapping[tuple[Any, ...], tuple[float, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    duals_conditional: bool = False
    figures: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    solve_seconds: float = 0.0
    solver: str = ""

    def value(self, name: str, *index: Any) -> float:
        """A variable's value (0 when the variable is absent)."""
        return self.values.get(name, {}).get(tuple(index), 0.0)


@functools.cache
def solver_version() -> str:
    """'HiGHS x.y.z (highspy)'."""
    h = new_highs()
    return f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()} (highspy)"


_STATUS = {
    highspy.HighsModelStatus.kOptimal: SolveStatus.OPTIMAL,
    highspy.HighsModelStatus.kInfeasible: SolveStatus.INFEASIBLE,
    highspy.HighsModelStatus.kUnbounded: SolveStatus.UNBOUNDED,
    highspy.HighsModelStatus.kUnboundedOrInfeasible: SolveStatus.UNBOUNDED,
}


def open_solver(
    m: Any,
    settings: Settings,
    *,
    threads: int | None = None,
    track_parameters: bool = False,
) -> DirectHighs:
    """``m`` compiled into a persistent HiGHS instance with the Settings' limits and method
    (``track_parameters``: for re-solves after mutable coefficients change)."""
    return DirectHighs(
        m,
        time_limit_s=settings.solver_time_limit_s,
        mip_gap=settings.mip_gap,
        threads=threads,
        lp_method=settings.lp_method,
        track_parameters=track_parameters,
    )


def run_solver(direct: DirectHighs) -> SolveStatus:
    """Solve with the model's active objective; how it ended."""
    model_status = direct.run()
    if model_status == highspy.HighsModelStatus.kTimeLimit:
        if direct.has_solution():
            return SolveStatus.TIME_LIMIT_FEASIBLE
        return SolveStatus.TIME_LIMIT_NO_SOLUTION
    return _STATUS.get(model_status, SolveStatus.ERROR)


@dataclass(frozen=True)
class Sensitivity:
    """Duals, right-hand-side ranges and reduced costs of the (integer-fixed) LP."""

    duals: dict[str, dict[tuple[Any, ...], float]]
    ranges: dict[str, dict[tuple[Any, ...], tuple[float, float]]]
    reduced_costs: dict[str, dict[tuple[Any, ...], float]]
    money_effects: dict[tuple[Any, ...], tuple[float, ...]] = field(default_factory=dict)


def _key(index: Any) -> tuple[Any, ...]:
    return index if isinstance(index, tuple) else (index,)


def _sensitivity(m: Any, direct: DirectHighs, x: np.ndarray) -> Sensitivity:
    """Sensitivity of the LP; for a MILP that of the LP with every integer pinned at its
    solution value (in HiGHS only: the Pyomo model is not touched)."""
    direct.pin_integers({j: float(round(x[j])) for j in direct.integer_cols})
    if run_solver(direct) is not SolveStatus.OPTIMAL:
        return Sensitivity({}, {}, {}, {})
    return Sensitivity(
        direct.duals(),
        direct.ranges(),
        direct.reduced_costs(),
        _money_effects(m, direct),
    )


def _money_effects(m: Any, direct: DirectHighs) -> dict[tuple[Any, ...], tuple[float, ...]]:
    """For each public funder and year: the change of net output (€m, after what shifted lines
    would have produced), net jobs and savings (€m) when that funder
    has one more €m that year, by re-solving the (warm-started, persistent) LP."""
    component = getattr(m, "public_balance", None)
    if component is None:
        return {}
    forms = direct.linear_forms([m.net_output, m.net_jobs, m.savings])
    x = direct.column_values()
    before = [f.value(x) for f in forms]
    effects: dict[tuple[Any, ...], tuple[float, ...]] = {}
    for index, con in component.items():
        if direct.row(con) is None:
            continue
        direct.shift_row_bounds(con, 1.0)
        try:
            if direct.run() == highspy.HighsModelStatus.kOptimal:
                after = direct.column_values()
                effects[_key(index)] = tuple(
                    f.value(after) - b for f, b in zip(forms, before, strict=True)
                )
        finally:
            direct.shift_row_bounds(con, -1.0)
    return effects


def _lexicographic(m: Any, direct: DirectHighs, settings: Settings) -> SolveStatus:
    """Maximise net output, then net jobs with output held within the tolerance (one HiGHS
    instance: the second stage adds a row and starts from the first stage's basis)."""
    m.objective.deactivate()
    m.lex_output = pyo.Objective(expr=m.net_output, sense=pyo.maximize)
    status = run_solver(direct)
    m.lex_output.deactivate()
    if not status.has_solution:
        return status
    best = direct.objective_value()
    slack = settings.lexicographic_output_tolerance * abs(best)
    m.lex_output_floor = pyo.Constraint(expr=m.net_output >= best - slack)
    direct.add_constraint(m.lex_output_floor)
    m.lex_jobs = pyo.Objective(expr=m.net_jobs, sense=pyo.maximize)
    return run_solver(direct)


def solve_model(m: Any, settings: Settings, *, want_duals: bool = True) -> SolveResult:
    """Solve ``m`` in the objective mode of ``settings`` (or with whichever single objective
    is active, when the Settings mode has been replaced, as the frontier does)."""
    start = time.perf_counter()
    direct = open_solver(m, settings)
    mip = bool(direct.integer_cols)
    if settings.objective_mode == "lexicographic" and m.objective.active:
        status = _lexicographic(m, direct, settings)
    else:
        status = run_solver(direct)
    seconds = time.perf_counter() - start
    if not status.has_solution:
        return SolveResult(
            status,
            None,
            mip,
            settings.objective_mode,
            solve_seconds=seconds,
            solver=solver_version(),
        )
    x = direct.load_values()
    values = direct.values_by_component(x)
    forms = direct.linear_forms([getattr(m, name) for name in FIGURES])
    figures = {name: f.value(x) for name, f in zip(FIGURES, forms, strict=True)}
    objective = direct.objective_value()
    wanted = want_duals and status is SolveStatus.OPTIMAL
    sens = _sensitivity(m, direct, x) if wanted else Sensitivity({}, {}, {}, {})
    return SolveResult(
        status=status,
        objective=objective,
        is_mip=mip,
        mode=settings.objective_mode,
        values=MappingProxyType(values),
        duals=MappingProxyType(sens.duals),
        ranges=MappingProxyType(sens.ranges),
        reduced_costs=MappingProxyType(sens.reduced_costs),
        money_effects=MappingProxyType(sens.money_effects),
        duals_conditional=mip and bool(sens.duals),
        figures=MappingProxyType(figures),
        solve_seconds=seconds,
        solver=solver_version(),
    )


def write_lp(m: Any, path: Path) -> None:
    """Write the model as an LP file with readable names (``funding[HC1,federal,2019]``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    m.write(str(path), io_options={"symbolic_solver_labels": True})
