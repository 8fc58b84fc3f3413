"""Solve a built model with HiGHS (Pyomo's highspy interface) and return a frozen, typed
result: status, objective, every variable's value, duals where they exist, and times.

The model is an LP when it has no integer variable and a MILP otherwise. For a MILP the duals
are those of the LP with every integer variable fixed at its solution value, and are flagged
as conditional on those decisions.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from types import MappingProxyType
from typing import Any

import highspy
import pyomo.environ as pyo
from pyomo.contrib.solver.common.results import TerminationCondition
from pyomo.contrib.solver.solvers.highs import Highs

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


def solver_version() -> str:
    """'HiGHS x.y.z (highspy)'."""
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    return f"HiGHS {h.versionMajor()}.{h.versionMinor()}.{h.versionPatch()} (highspy)"


def is_mip(m: Any) -> bool:
    """True when the model has an integer variable that is not fixed."""
    return any(v.is_integer() and not v.fixed for v in m.component_data_objects(pyo.Var))


_STATUS = {
    TerminationCondition.convergenceCriteriaSatisfied: SolveStatus.OPTIMAL,
    TerminationCondition.provenInfeasible: SolveStatus.INFEASIBLE,
    TerminationCondition.locallyInfeasible: SolveStatus.INFEASIBLE,
    TerminationCondition.unbounded: SolveStatus.UNBOUNDED,
    TerminationCondition.infeasibleOrUnbounded: SolveStatus.UNBOUNDED,
}


def _run(m: Any, settings: Settings) -> tuple[SolveStatus, Any, Any]:
    opt = Highs()
    opt.config.load_solutions = False
    opt.config.raise_exception_on_nonoptimal_result = False
    opt.config.time_limit = settings.solver_time_limit_s
    opt.config.rel_gap = settings.mip_gap
    opt.config.solver_options["random_seed"] = 0
    results = opt.solve(m)
    condition = results.termination_condition
    if condition == TerminationCondition.maxTimeLimit:
        has = results.incumbent_objective is not None
        status = SolveStatus.TIME_LIMIT_FEASIBLE if has else SolveStatus.TIME_LIMIT_NO_SOLUTION
    else:
        status = _STATUS.get(condition, SolveStatus.ERROR)
    if status.has_solution:
        results.solution_loader.load_vars()
    return status, results, opt


def _values(m: Any) -> dict[str, dict[tuple[Any, ...], float]]:
    out: dict[str, dict[tuple[Any, ...], float]] = {}
    for var in m.component_objects(pyo.Var, active=True):
        out[var.name] = {
            (k if isinstance(k, tuple) else (k,)): float(v.value or 0.0) for k, v in var.items()
        }
    return out


@dataclass(frozen=True)
class Sensitivity:
    """Duals, right-hand-side ranges and reduced costs of the (integer-fixed) LP."""

    duals: dict[str, dict[tuple[Any, ...], float]]
    ranges: dict[str, dict[tuple[Any, ...], tuple[float, float]]]
    reduced_costs: dict[str, dict[tuple[Any, ...], float]]
    money_effects: dict[tuple[Any, ...], tuple[float, ...]] = field(default_factory=dict)


def _key(index: Any) -> tuple[Any, ...]:
    return index if isinstance(index, tuple) else (index,)


def _ranges(opt: Any, cons: list[Any]) -> dict[str, dict[tuple[Any, ...], tuple[float, float]]]:
    """For each constraint, the interval of its right-hand side over which its dual holds
    (HiGHS ranging: row bound down / up)."""
    highs = opt._solver_model
    status, ranging = highs.getRanging()
    if status != highspy.HighsStatus.kOk:
        return {}
    rows = opt._pyomo_con_to_solver_con_map
    out: dict[str, dict[tuple[Any, ...], tuple[float, float]]] = {}
    for con in cons:
        row = rows.get(con)
        if row is None:
            continue
        low = float(ranging.row_bound_dn.value_[row])
        high = float(ranging.row_bound_up.value_[row])
        out.setdefault(con.parent_component().name, {})[_key(con.index())] = (low, high)
    return out


def _sensitivity(m: Any, settings: Settings) -> Sensitivity:
    """Sensitivity of the LP; for a MILP that of the LP with every integer pinned."""
    relaxed = []
    # each integer variable becomes a continuous one pinned to its value: an LP
    for v in m.component_data_objects(pyo.Var):
        if v.is_integer():
            relaxed.append((v, v.domain, v.lb, v.ub, v.fixed))
            level = round(v.value or 0.0)
            v.unfix()
            v.domain = pyo.Reals
            v.setlb(level)
            v.setub(level)
    try:
        status, results, opt = _run(m, settings)
        if status is not SolveStatus.OPTIMAL:
            return Sensitivity({}, {}, {}, {})
        duals = results.solution_loader.get_duals()
        reduced = results.solution_loader.get_reduced_costs()
        ranges = _ranges(opt, list(duals.keys()))
        effects = _money_effects(m, opt, results)
    finally:
        for v, domain, lb, ub, was_fixed in relaxed:
            v.domain = domain
            v.setlb(lb)
            v.setub(ub)
            if was_fixed:
                v.fix()
    out: dict[str, dict[tuple[Any, ...], float]] = {}
    for con, dual in duals.items():
        out.setdefault(con.parent_component().name, {})[_key(con.index())] = float(dual)
    costs: dict[str, dict[tuple[Any, ...], float]] = {}
    for var, cost in reduced.items():
        costs.setdefault(var.parent_component().name, {})[_key(var.index())] = float(cost)
    return Sensitivity(out, ranges, costs, effects)


def _money_effects(m: Any, opt: Any, base: Any) -> dict[tuple[Any, ...], tuple[float, ...]]:
    """For each public funder and year: the change of net output (€m, after what shifted lines
    would have produced), net jobs and savings (€m) when that funder
    has one more €m that year, by re-solving the (warm-started, persistent) LP."""
    component = getattr(m, "public_balance", None)
    if component is None:
        return {}
    base.solution_loader.load_vars()
    figures = (m.net_output, m.net_jobs, m.savings)
    before = [float(pyo.value(f)) for f in figures]
    effects: dict[tuple[Any, ...], tuple[float, ...]] = {}
    for index, con in component.items():
        low, high = pyo.value(con.lower), pyo.value(con.upper)
        con.set_value((low + 1, con.body, high + 1))
        try:
            results = opt.solve(m)
            if results.termination_condition == TerminationCondition.convergenceCriteriaSatisfied:
                results.solution_loader.load_vars()
                effects[_key(index)] = tuple(
                    float(pyo.value(f)) - b for f, b in zip(figures, before, strict=True)
                )
        finally:
            con.set_value((low, con.body, high))
    return effects


def _lexicographic(m: Any, settings: Settings) -> tuple[SolveStatus, Any, Any]:
    """Maximise net output, then net jobs with output held within the tolerance."""
    m.objective.deactivate()
    m.lex_output = pyo.Objective(expr=m.net_output, sense=pyo.maximize)
    status, results, opt = _run(m, settings)
    m.lex_output.deactivate()
    if not status.has_solution:
        return status, results, opt
    best = pyo.value(m.net_output)
    slack = settings.lexicographic_output_tolerance * abs(best)
    m.lex_output_floor = pyo.Constraint(expr=m.net_output >= best - slack)
    m.lex_jobs = pyo.Objective(expr=m.net_jobs, sense=pyo.maximize)
    return _run(m, settings)


def solve_model(m: Any, settings: Settings, *, want_duals: bool = True) -> SolveResult:
    """Solve ``m`` in the objective mode of ``settings`` (or with whichever single objective
    is active, when the Settings mode has been replaced, as the frontier does)."""
    mip = is_mip(m)
    start = time.perf_counter()
    if settings.objective_mode == "lexicographic" and m.objective.active:
        status, _, _ = _lexicographic(m, settings)
    else:
        status, _, _ = _run(m, settings)
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
    values = _values(m)
    figures = {name: float(pyo.value(getattr(m, name))) for name in FIGURES}
    active = next(m.component_data_objects(pyo.Objective, active=True))
    objective = float(pyo.value(active))
    wanted = want_duals and status is SolveStatus.OPTIMAL
    sens = _sensitivity(m, settings) if wanted else Sensitivity({}, {}, {}, {})
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
