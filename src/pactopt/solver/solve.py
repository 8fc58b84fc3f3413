"""Solve a built model with HiGHS (compiled straight into highspy by ``solver.highs``) and
return a pure ``Solution``: status, objective, every variable's value, duals where they
exist, and times.

The model is never changed: the lexicographic stages, the integer-pinned LP for the duals
and the money re-solves are scoped changes on the HiGHS instance, so solving the same model
twice gives the same answer. The model is an LP when it has no integer variable and a MILP
otherwise; for a MILP the duals are those of the LP with every integer variable fixed at its
solution value, and are flagged as conditional on those decisions.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import highspy
import numpy as np
import pandas as pd
from pyomo.opt import ProblemFormat

from pactopt.model.built import BuiltModel
from pactopt.model.objective import Stage
from pactopt.model.registry import MarginalKind, rules_with
from pactopt.model.sets import index_tuple
from pactopt.model.variables import VARIABLE_INDEX_NAMES
from pactopt.schema.settings import Settings
from pactopt.solver.highs import DirectHighs, new_highs
from pactopt.solver.solution import (
    MONEY_EFFECTS,
    Conflict,
    Solution,
    SolveStatus,
    labelled,
    labelled_index,
)
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy, write_atomically

ZERO = 1e-9  # €m: below this a value is round-off


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
    built: BuiltModel,
    settings: Settings,
    *,
    threads: int | None = None,
    track_parameters: bool = False,
) -> DirectHighs:
    """``built``'s Pyomo model compiled into a persistent HiGHS instance with the Settings'
    limits and method (``track_parameters``: for re-solves after mutable coefficients
    change)."""
    return DirectHighs(
        built.pyomo,
        time_limit_s=settings.solver_time_limit_s,
        mip_gap=settings.mip_gap,
        threads=threads,
        lp_method=settings.lp_method,
        track_parameters=track_parameters,
    )


def run_solver(direct: DirectHighs) -> SolveStatus:
    """Solve with the instance's current objective; how it ended."""
    model_status = direct.run()
    if model_status == highspy.HighsModelStatus.kTimeLimit:
        if direct.has_solution():
            return SolveStatus.TIME_LIMIT_FEASIBLE
        return SolveStatus.TIME_LIMIT_NO_SOLUTION
    return _STATUS.get(model_status, SolveStatus.ERROR)


@dataclass(frozen=True)
class Sensitivity:
    """Duals, right-hand-side ranges, reduced costs and money effects of the (integer-fixed)
    LP, labelled."""

    duals: dict[str, pd.Series] = field(default_factory=dict)
    ranges: dict[str, pd.DataFrame] = field(default_factory=dict)
    reduced_costs: dict[str, pd.Series] = field(default_factory=dict)
    money_effects: pd.DataFrame | None = None
    rhs: dict[str, pd.Series] = field(default_factory=dict)


def _names(built: BuiltModel, component: str, width: int) -> list[str]:
    """Index level names of a model component (its declaration, else positions)."""
    rule = built.rules.get(component)
    names = rule.index_names if rule else VARIABLE_INDEX_NAMES.get(component, ())
    if len(names) != width:
        names = tuple(f"index_{k}" for k in range(width))
    return list(names)


def _label(
    built: BuiltModel, by_component: dict[str, dict[tuple[Any, ...], Any]]
) -> dict[str, pd.Series]:
    out = {}
    for name, values in by_component.items():
        width = len(next(iter(values))) if values else 0
        out[name] = labelled(values, _names(built, name, width), label=name)
    return out


def _label_ranges(
    built: BuiltModel, ranges: dict[str, dict[tuple[Any, ...], tuple[float, float]]]
) -> dict[str, pd.DataFrame]:
    out = {}
    for name, values in ranges.items():
        width = len(next(iter(values))) if values else 0
        index = labelled_index(list(values), _names(built, name, width), label=name)
        out[name] = pd.DataFrame(list(values.values()), index=index, columns=["low", "high"])
    return out


def _sensitivity(built: BuiltModel, direct: DirectHighs, x: np.ndarray) -> Sensitivity:
    """Sensitivity of the LP; for a MILP that of the LP with every integer pinned at its
    solution value (inside a scoped change of the HiGHS instance)."""
    with direct.pinned_integers({j: float(round(x[j])) for j in direct.integer_cols}):
        if run_solver(direct) is not SolveStatus.OPTIMAL:
            return Sensitivity()
        ranges = direct.ranges()
        duals = direct.duals()
        # the money rule: one more €m of a funder's money in a year (found by its kind)
        money = next(
            (r.name for r in rules_with(built.rules.values(), kind=MarginalKind.MONEY)), ""
        )
        effects = _money_effects(built, direct, money, ranges.get(money, {}), duals.get(money, {}))
        return Sensitivity(
            _label(built, duals),
            _label_ranges(built, ranges),
            _label(built, direct.reduced_costs()),
            effects,
            _label(built, direct.right_hand_sides()),
        )


# Below this room (€m) HiGHS's validity range is degenerate: the basis changes at once, but
# the value of the next €m may still be the dual. A €1m re-solve tells.
DEGENERATE_ROOM_MEUR = 1e-9


def _money_effects(
    built: BuiltModel,
    direct: DirectHighs,
    name: str,
    ranges: dict[tuple[Any, ...], tuple[float, float]],
    duals: dict[tuple[Any, ...], float],
) -> pd.DataFrame | None:
    """For each public funder and year: the change of net output (€m, after what shifted lines
    would have produced), net jobs and savings (€m) per €m more of that funder's money that
    year, by re-solving the (warm-started, persistent) LP with that balance shifted. The step
    is €1m, or half the room left in the dual's validity range when that is smaller, so that
    the split describes the same basis as the dual (a full €1m past the range would mix two).

    When the range leaves no room at all (a degenerate basis), the step is €1m and the split
    is kept only if the objective moved by exactly the dual over it: the optimum is concave in
    the money, so an average slope equal to the dual means the value holds over the whole step,
    and the range's upper end is widened to it (in ``ranges``, in place). Otherwise the next
    €m is worth less than the dual and no split is stated."""
    component = getattr(built.pyomo, name, None) if name else None
    if component is None:
        return None
    forms = direct.linear_forms([built.component(f) for f in built.money_effect_figures])
    x = direct.column_values()
    before = [f.value(x) for f in forms]
    objective_before = direct.objective_value()
    effects: dict[tuple[Any, ...], tuple[float, ...]] = {}
    for index, con in component.items():
        if direct.row(con) is None:
            continue
        low, high = ranges.get(index, (0.0, float("inf")))
        room = high - direct.bound_of(con)
        degenerate = room <= DEGENERATE_ROOM_MEUR
        step = 1.0 if degenerate else min(1.0, 0.5 * room)
        with direct.shifted_row(con, step):
            if direct.run() != highspy.HighsModelStatus.kOptimal:
                continue
            gain = (direct.objective_value() - objective_before) / step
            after = direct.column_values()
        if degenerate:
            dual = duals.get(index, 0.0)
            if abs(gain - dual) > 1e-6 * max(1.0, abs(dual)):
                continue
            ranges[index] = (low, direct.bound_of(con) + step)
        effects[index] = tuple(
            (f.value(after) - b) / step for f, b in zip(forms, before, strict=True)
        )
    names = _names(built, name, 2)
    frame_index = pd.MultiIndex.from_tuples(list(effects), names=names)
    return pd.DataFrame(list(effects.values()), index=frame_index, columns=list(MONEY_EFFECTS))


def stage_expression(built: BuiltModel, name: str) -> Any:
    """The model's named expression ``name`` (``objective``: its objective's)."""
    return built.pyomo.objective.expr if name == "objective" else built.component(name)


@contextmanager
def run_stages(
    built: BuiltModel, direct: DirectHighs, stages: Sequence[Stage]
) -> Iterator[SolveStatus]:
    """Run the model's stages (``built.mode.stages``, declared by its objective mode) on one
    HiGHS instance: each maximises its expression, the earlier ones held near their optima
    by a row, each starting from the previous basis; yields the last status (or the first
    without a solution). Leaving the block removes every row and restores the objective."""
    with ExitStack() as scoped:
        status = SolveStatus.ERROR
        held: tuple[Any, float] | None = None
        for stage in stages:
            if held is not None:
                expression, best = held
                slack = stage.hold * max(stage.hold_floor, abs(best))
                scoped.enter_context(direct.extra_row(expression, best - slack, None))
            if stage.maximise != "objective":
                scoped.enter_context(direct.objective(stage_expression(built, stage.maximise)))
            status = run_solver(direct)
            if not status.has_solution:
                break
            held = (stage_expression(built, stage.maximise), direct.objective_value())
        yield status


def reported_objective(
    built: BuiltModel, direct: DirectHighs, x: np.ndarray | None = None
) -> float:
    """The objective a solution reports after ``run_stages``: the last stage's optimum, or
    the declared earlier stage's expression at the solution ``x`` (the columns' values)."""
    stages = built.mode.stages
    if built.mode.reported_stage == len(stages) - 1:
        return direct.objective_value()
    reported = stage_expression(built, stages[built.mode.reported_stage].maximise)
    x = direct.column_values() if x is None else x
    return direct.linear_forms([reported])[0].value(x)


def read_solution(
    built: BuiltModel,
    direct: DirectHighs,
    status: SolveStatus,
    mode: str,
    *,
    want_duals: bool,
    seconds: float,
) -> Solution:
    """The Solution held by ``direct`` after a solve that ended with ``status``."""
    mip = bool(direct.integer_cols)
    rules = MappingProxyType(dict(built.rules))
    if not status.has_solution:
        return Solution(
            status, None, mip, mode, rules=rules, solve_seconds=seconds, solver=solver_version()
        )
    x = direct.column_values()
    # HiGHS leaves round-off such as −5e-13 on columns at zero: a plan reads them as 0
    clean = np.where(np.abs(x) < ZERO, 0.0, x)
    values = _label(built, direct.values_by_component(clean))
    names = built.mode.figures
    forms = direct.linear_forms([built.component(name) for name in names])
    figures = {name: f.value(x) for name, f in zip(names, forms, strict=True)}
    objective = reported_objective(built, direct, x)
    wanted = want_duals and status is SolveStatus.OPTIMAL
    sens = _sensitivity(built, direct, x) if wanted else Sensitivity()
    extra: dict[str, Any] = {}
    if sens.money_effects is not None:
        extra["money_effects"] = sens.money_effects
    return Solution(
        status=status,
        objective=objective,
        is_mip=mip,
        mode=mode,
        values=MappingProxyType(values),
        duals=MappingProxyType(sens.duals),
        ranges=MappingProxyType(sens.ranges),
        reduced_costs=MappingProxyType(sens.reduced_costs),
        rhs=MappingProxyType(sens.rhs),
        duals_conditional=mip and bool(sens.duals),
        figures=MappingProxyType(figures),
        rules=rules,
        solve_seconds=seconds,
        solver=solver_version(),
        **extra,
    )


def solve_model(
    built: BuiltModel,
    settings: Settings,
    *,
    want_duals: bool = True,
    direct: DirectHighs | None = None,
) -> Solution:
    """Solve ``built`` in the objective mode of ``settings``, on ``direct`` when given (a compiled
    instance the caller keeps, e.g. for a diagnosis) or on a new one. Neither the model nor
    the instance is left changed."""
    start = time.perf_counter()
    direct = direct or open_solver(built, settings)
    with run_stages(built, direct, built.mode.stages) as status:
        seconds = time.perf_counter() - start
        return read_solution(
            built, direct, status, settings.objective_mode, want_duals=want_duals, seconds=seconds
        )


def solve_within(
    built: BuiltModel,
    direct: DirectHighs,
    settings: Settings,
    rows: list[tuple[Any, float | None, float | None]],
    *,
    mode: str,
    want_duals: bool = False,
    relax: Callable[[], list[Conflict]] | None = None,
) -> tuple[Solution, list[Conflict]]:
    """Solve with extra rows ``lower ≤ expr ≤ upper`` (in the objective mode of the Settings)
    and read the Solution, labelled ``mode``; when that is infeasible and ``relax`` is given,
    also run it with the rows still in place (they never bend) to say what must give way.
    The rows are gone afterwards."""
    start = time.perf_counter()
    with direct.extra_rows(rows):
        with run_stages(built, direct, built.mode.stages) as status:
            seconds = time.perf_counter() - start
            solution = read_solution(
                built, direct, status, mode, want_duals=want_duals, seconds=seconds
            )
        bends = relax() if relax is not None and status is SolveStatus.INFEASIBLE else []
    return solution, bends


def integer_levels(direct: DirectHighs, solution: Solution) -> dict[int, float]:
    """Each integer column of ``direct`` at its (rounded) value in ``solution``: what
    ``pinned_integers`` takes to hold a MILP's decisions."""
    return {j: float(round(_value_of(direct.columns[j], solution))) for j in direct.integer_cols}


def _value_of(var: Any, solution: Solution) -> float:
    """The value in ``solution`` of the column ``var`` (a Pyomo variable of the model)."""
    return solution.value(var.parent_component().name, *index_tuple(var.index()))


def column_values_of(direct: DirectHighs, solution: Solution) -> np.ndarray:
    """The model's columns at their values in ``solution`` (a plan read back into the
    instance's order, e.g. the plan shown after the instance solved others)."""
    out = np.zeros(len(direct.columns))
    for j, var in enumerate(direct.columns):
        out[j] = float(var.value or 0.0) if var.fixed else _value_of(var, solution)
    return out


def model_size(direct: DirectHighs) -> tuple[int, int, int]:
    """(variables, constraints, integer variables) of a compiled model, fixed ones excluded."""
    variables = sum(1 for v in direct.columns if not v.fixed)
    return variables, len(direct.rows), len(direct.integer_cols)


def write_lp(
    built: BuiltModel,
    path: Path,
    *,
    protect: Sequence[Path] = (),
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the model as an LP file with readable names (``funding[HC1,federal,2019]``),
    atomically and never over ``protect`` (the input)."""

    import pyomo.environ  # noqa: F401  (the LP writer is a plugin, registered by loading it)

    def write(tmp: Path) -> None:
        built.pyomo.write(
            str(tmp), format=ProblemFormat.cpxlp, io_options={"symbolic_solver_labels": True}
        )

    return write_atomically(path, write, protect=protect, policy=policy)
