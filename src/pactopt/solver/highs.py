"""A Pyomo model compiled once into a persistent HiGHS instance, without Pyomo's solver layer.

Why: Pyomo's persistent HiGHS interface re-derives every constraint with its general
expression machinery and calls HiGHS row by row; on models of 10^5 variables that took longer
than HiGHS itself. Here each constraint body is walked once by the form compiler
(``solver/compile.py``: each named expression such as ``spend[i,y]`` recorded once, the
matrix summed and laid out by numpy) and handed to HiGHS in one call; an expression the
compiler does not walk is walked by Pyomo: by its LP writer's linear visitor, or by its public
``generate_standard_repn`` where the visitor's internals are missing (``model/pyomo_fast.py``).

Every variable of the model is a column, in component order (a fixed variable is a column
with equal bounds), and every active constraint a row, in the same order. The Pyomo model is
never changed: every solve variant is an explicit change on this instance, a context manager
that undoes itself (``solver/variants.py``: another objective, extra rows, a shifted
right-hand side, pinned or fixed integers, the LP relaxation, elastic columns;
``solver/deviations.py``: deviation columns and yes/no switches). The one lasting change is
``update_parameters``: it re-reads the objective and, when built with ``track_parameters``,
every row that mentions a mutable parameter, after the caller changed the parameters.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.visitor import identify_mutable_parameters

from pactopt.model.block import PyomoBlock
from pactopt.model.pyomo_fast import LinearParts, LinearWalker, column_bounds, data_objects
from pactopt.model.sets import index_key
from pactopt.solver.compile import Entries, FormCompiler, Unsupported, moved
from pactopt.solver.deviations import DeviationChanges
from pactopt.solver.reading import SolutionReading
from pactopt.solver.rewrite import RowRewrites
from pactopt.solver.variants import SIMPLEX_PRIMAL

INF = highspy.kHighsInf


class NonlinearModelError(ValueError):
    """A constraint or objective is not linear in the variables."""


@dataclass(frozen=True)
class LinearForm:
    """``constant + Σ coefs[k] × column[cols[k]]``."""

    cols: np.ndarray
    coefs: np.ndarray
    constant: float

    def value(self, x: np.ndarray) -> float:
        """The form's value at column values ``x``."""
        return float(self.constant + self.coefs @ x[self.cols]) if len(self.cols) else self.constant


def new_highs() -> highspy.Highs:
    """A silent HiGHS instance: HiGHS prints its banner on the process's standard output when
    an instance is made, before any option can turn output off, so fd 1 points to the null
    device meanwhile (pactopt's own --json output goes to standard output)."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            highs = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    highs.setOptionValue("output_flag", False)
    return highs


def after_fork() -> None:
    """Give a forked process a thread pool of its own: HiGHS keeps one per process, and a
    child forked after the parent solved inherits the pool without its threads, so that its
    first run would wait for them forever."""
    highspy.Highs.resetGlobalScheduler(True)


def _the_objective(m: PyomoBlock) -> Any:
    """The model's one active objective."""
    active = list(m.component_data_objects(pyo.Objective, active=True))
    if len(active) != 1:
        raise ValueError(f"expected one active objective, found {len(active)}")
    return active[0]


class DirectHighs(DeviationChanges, RowRewrites, SolutionReading):
    """The model ``m`` held by one HiGHS instance; solve it, change it, solve again."""

    def __init__(
        self,
        m: PyomoBlock,
        *,
        time_limit_s: float | None = None,
        mip_gap: float | None = None,
        threads: int | None = None,
        lp_method: str = "choose",
        track_parameters: bool = False,
    ) -> None:
        self.model = m
        self.columns: list[Any] = data_objects(m, pyo.Var)
        self._col_of = {id(v): j for j, v in enumerate(self.columns)}
        self._compiler = FormCompiler(self._col_of, len(self.columns))
        self.rows: list[Any] = []
        self._row_lower: list[float] = []
        self._row_upper: list[float] = []
        self._row_of: dict[int, int] = {}
        self._row_cols: dict[int, np.ndarray] = {}
        self._objective: Any = None
        self._maximise = True
        self._param_rows: list[Any] | None = None
        self._walker: LinearWalker | None = None
        # forms already made, by the expression object (kept, so its id is never reused):
        # a re-solve's objective, extra rows and figures are walked once, not per solve
        self._forms: dict[int, tuple[Any, LinearForm]] = {}
        self.integer_cols: list[int] = []
        self._start: highspy.HighsBasis | None = None
        self.highs = new_highs()
        self.highs.setOptionValue("random_seed", 0)
        if time_limit_s is not None:
            self.highs.setOptionValue("time_limit", float(time_limit_s))
        if mip_gap is not None:
            self.highs.setOptionValue("mip_rel_gap", float(mip_gap))
        self._fresh_scheduler = threads is not None
        self._lp_method = lp_method
        if threads is not None:
            self.highs.setOptionValue("threads", int(threads))
        with PauseGC():  # no garbage is made here, only objects that live on
            self._add_columns()
            self._add_rows(data_objects(m, pyo.Constraint, active=True))
            objective = _the_objective(m)
            self.set_objective(objective.expr, maximise=objective.sense == pyo.maximize)
            if track_parameters:
                self._rows_with_parameters()

    # ----- compiling -------------------------------------------------------------------------

    def _visit(self, expr: Any) -> LinearParts | None:
        """``expr`` walked by Pyomo (``model/pyomo_fast.py``: its LP writer's visitor, or its
        public ``generate_standard_repn``); None when it is not linear. The walker is shared
        by every walk until a parameter changes: the visitor keeps the linear form of each
        named expression (``spend[i,y]``, ``output``, …) it has met, so that rows, the
        objective and the reported figures walk each of them once."""
        if self._walker is None:
            self._walker = LinearWalker(self.columns)
        return self._walker.walk(expr)

    def linear_form(self, expr: Any) -> LinearForm:
        """``expr`` as a linear form over the columns (made once per expression until the
        mutable parameters change: ``update_parameters``)."""
        if self._known(expr):
            return self._forms[id(expr)][1]
        form = self._walk(expr)
        self._forms[id(expr)] = (expr, form)
        return form

    def _walk(self, expr: Any) -> LinearForm:
        """``expr`` walked by the form compiler, or by Pyomo's visitor where it declines."""
        try:
            cols, coefs, constant = self._compiler.form(expr)
        except Unsupported:
            return self._visited_form(expr)
        except KeyError as missing:
            raise NonlinearModelError(f"a variable outside the model in {expr}") from missing
        return LinearForm(cols, coefs, constant)

    def _visited_form(self, expr: Any) -> LinearForm:
        """``expr`` as a linear form, walked by Pyomo (any expression)."""
        parts = self._visit(expr)
        if parts is None:
            raise NonlinearModelError(f"not linear: {expr}")
        col_of = self._col_of
        try:
            cols = np.fromiter((col_of[k] for k in parts.var_ids), dtype=np.int32)
        except KeyError as missing:
            raise NonlinearModelError(f"a variable outside the model in {expr}") from missing
        coefs = np.fromiter(parts.coefs, dtype=float, count=len(cols))
        return LinearForm(cols, coefs, parts.constant)

    def linear_forms(self, exprs: Sequence[Any]) -> list[LinearForm]:
        """Several expressions as linear forms, those not made before compiled in one pass
        (one by one where the form compiler declines one of them)."""
        missing = list({id(e): e for e in exprs if not self._known(e)}.values())
        with suppress(Unsupported, KeyError):  # then each on its own, with its fallback or error
            matrix, constants = self._compiler.forms(missing)
            for r, expr in enumerate(missing):
                part = slice(int(matrix.start[r]), int(matrix.start[r + 1]))
                form = LinearForm(matrix.index[part], matrix.value[part], float(constants[r]))
                self._forms[id(expr)] = (expr, form)
        return [self.linear_form(e) for e in exprs]

    def _known(self, expr: Any) -> bool:
        known = self._forms.get(id(expr))
        return known is not None and known[0] is expr

    def _add_columns(self) -> None:
        n = len(self.columns)
        lower, upper, integer = column_bounds(self.columns)
        self.integer_cols = integer
        self.highs.addVars(n, lower, upper)
        if integer:
            idx = np.array(integer, dtype=np.int32)
            kinds = np.full(len(idx), highspy.HighsVarType.kInteger)
            self.highs.changeColsIntegrality(len(idx), idx, kinds)

    def _add_rows(self, constraints: Iterable[Any]) -> None:
        """Add rows for the model's ``constraints`` (linear, with a finite bound), walked by
        the form compiler (``solver/compile.py``), or by Pyomo's visitor where it declines."""
        walked = Entries([], [], [], [])
        cols, forms = walked.cols, walked.forms
        # where each added row's direct entries and form references end
        direct_end: list[int] = []
        form_end: list[int] = []
        bounds_of: list[tuple[float, float]] = []
        added: list[Any] = []
        row = self._compiler.row
        for con in constraints:
            n_direct, n_forms = len(cols), len(forms)
            try:
                bounds = row(con, walked)
            except Unsupported:
                del walked.cols[n_direct:], walked.coefs[n_direct:]
                del walked.forms[n_forms:], walked.scales[n_forms:]
                bounds = self._visit_row(con, walked)
            except KeyError as missing:
                message = f"a variable outside the model in {con.name}"
                raise NonlinearModelError(message) from missing
            if bounds is None:
                continue
            bounds_of.append(bounds)
            direct_end.append(len(cols))
            form_end.append(len(forms))
            added.append(con)
        if not added:
            return
        lower = [low for low, _ in bounds_of]
        upper = [high for _, high in bounds_of]
        direct_count = np.diff(direct_end, prepend=0)
        form_count = np.diff(form_end, prepend=0)
        matrix = self._compiler.assemble(walked, direct_count, form_count)
        first = len(self.rows)
        self._row_of.update(zip(map(id, added), range(first, first + len(added)), strict=True))
        self.rows.extend(added)
        self._row_lower.extend(lower)
        self._row_upper.extend(upper)
        self.highs.addRows(
            len(added),
            np.array(lower),
            np.array(upper),
            len(matrix.index),
            matrix.start[:-1],
            matrix.index,
            matrix.value,
        )

    def _visit_row(self, con: Any, out: Entries) -> tuple[float, float] | None:
        """A row walked by Pyomo (any expression; nonlinear ones refused)."""
        lb, body, ub = con.to_bounded_expression(True)
        if lb is None and ub is None:
            return None
        parts = self._visit(body)
        if parts is None:
            raise NonlinearModelError(f"constraint {con.name} is not linear")
        offset = parts.constant
        out.cols.extend(self._col_of[k] for k in parts.var_ids)
        out.coefs.extend(parts.coefs)
        return moved(lb, offset, -INF), moved(ub, offset, INF)

    def set_objective(self, expr: Any, *, maximise: bool = True) -> None:
        """Make the linear expression ``expr`` HiGHS's objective (costs, offset, sense)."""
        form = self.linear_form(expr)
        costs = np.zeros(len(self.columns))
        np.add.at(costs, form.cols, form.coefs)
        every = np.arange(len(self.columns), dtype=np.int32)
        self.highs.changeColsCost(len(every), every, costs)
        self.highs.changeObjectiveOffset(form.constant)
        self.highs.changeObjectiveSense(
            highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        )
        self._objective = expr
        self._maximise = maximise

    # ----- changes ---------------------------------------------------------------------------

    def row(self, con: Any) -> int | None:
        """The HiGHS row of a constraint (None when it has none)."""
        return self._row_of.get(id(con))

    def bound_of(self, con: Any) -> float:
        """The finite bound of the row of ``con`` (its upper bound when it has one)."""
        row = self._row_of[id(con)]
        high = self._row_upper[row]
        return high if high < INF else self._row_lower[row]

    def column_of(self, component: str, index: tuple[Any, ...]) -> int | None:
        """The column of the model variable ``component[index]`` (None when it has none)."""
        var = getattr(self.model, component, None)
        if var is None:
            return None
        key = index_key(index)
        if key not in var:
            return None
        return self._col_of.get(id(var[key]))

    def all_column_values(self) -> np.ndarray:
        """Primal values of every HiGHS column, the model's and any added in a block."""
        return np.asarray(self.highs.getSolution().col_value, dtype=float)

    def _rows_with_parameters(self) -> list[Any]:
        if self._param_rows is None:
            self._param_rows = []
            for con in self.rows:
                if any(True for _ in identify_mutable_parameters(con.expr)):
                    self._param_rows.append(con)
                    row = self._row_of[id(con)]
                    self._row_cols[row] = self.linear_form(con.body).cols
        return self._param_rows

    def update_parameters(self) -> None:
        """Re-read the objective and every row that mentions a mutable parameter (build with
        ``track_parameters=True`` so that the rows are found before the first change)."""
        self._walker = None  # its named expressions hold the old values
        self._compiler.reset()  # and so do the forms made from them
        self._forms.clear()
        for con in self._rows_with_parameters():
            row = self._row_of[id(con)]
            lb, body, ub = con.to_bounded_expression(True)
            form = self.linear_form(body)
            for col in np.setdiff1d(self._row_cols[row], form.cols):
                self.highs.changeCoeff(row, int(col), 0.0)
            for col, coef in zip(form.cols.tolist(), form.coefs.tolist(), strict=True):
                self.highs.changeCoeff(row, col, coef)
            self._row_cols[row] = form.cols
            low = -INF if lb is None else float(lb) - form.constant
            high = INF if ub is None else float(ub) - form.constant
            self._set_row_bounds(row, low, high)
        self.set_objective(self._objective, maximise=self._maximise)

    # ----- solving and reading ---------------------------------------------------------------

    def run(self) -> highspy.HighsModelStatus:
        """Solve (warm from the last solve where HiGHS can) with the current objective."""
        mip = self.integer_cols or self.added_integers
        method = self._lp_method if not mip else "choose"
        self.highs.setOptionValue("solver", method)
        if self._fresh_scheduler:
            # HiGHS keeps one thread pool per process, sized by the first run; a run asking
            # for another number of threads fails unless the pool is restarted first
            highspy.Highs.resetGlobalScheduler(True)
            self._fresh_scheduler = False
        self.highs.run()
        if self._lp_method == "ipm":
            # later runs (a new row, shifted bounds, new costs) start from the crossover basis,
            # where the simplex method is quicker than a new interior-point solve
            self._lp_method = "simplex"
        return self.highs.getModelStatus()

    def hold_start(self, *, primal: bool = True) -> None:
        """Keep the current basis (an LP's optimal one, or a MILP's with every integer pinned;
        a MIP keeps none) as the start of every run after :meth:`restart`, and solve those
        runs with the primal simplex method (``primal``): new costs leave the held basis
        feasible, so primal simplex goes on from it where the dual method would first have to
        repair it (about half the time a re-solve takes at 1e5 variables,
        benchmarks/bench_sweep.py). New rows leave it dual feasible instead: the dual method,
        HiGHS's default, goes on from it."""
        basis = self.highs.getBasis()
        self._start = basis if basis.valid and self.holds_lp else None
        if self._start is not None and primal:
            self.highs.setOptionValue("simplex_strategy", SIMPLEX_PRIMAL)

    def restart(self) -> None:
        """Forget what earlier runs left in HiGHS (basis, factorisation, solution) and start
        the next run from the held basis: its result then depends on the model alone, bit for
        bit, not on the runs before it."""
        self.highs.clearSolver()
        if self._start is not None:
            self.highs.setBasis(self._start)

    def has_solution(self) -> bool:
        """True when HiGHS holds a feasible primal solution."""
        return bool(self.highs.getInfo().primal_solution_status == 2)

    def objective_value(self) -> float:
        """The objective at the current solution (offset included)."""
        return float(self.highs.getInfo().objective_function_value)

    def column_values(self) -> np.ndarray:
        """Primal values, one per column of the model."""
        return self.all_column_values()[: len(self.columns)]
