"""The solve variants of a compiled model, each a scoped change of the HiGHS instance that
undoes itself on leaving its block: another objective, extra rows, a shifted right-hand side,
integer decisions pinned or fixed, the LP relaxation, the primal simplex method, and elastic
columns for the diagnosis (the deviation columns of the least-change stages and the k-moves
curve: ``solver/deviations.py``).

``ScopedChanges`` is a mixin of ``solver.highs.DirectHighs``, which holds the instance and the
row and column bookkeeping these changes read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import highspy
import numpy as np

if TYPE_CHECKING:
    from pactopt.solver.highs import LinearForm

INF = highspy.kHighsInf
SIMPLEX_PRIMAL = 4  # HiGHS option simplex_strategy: the primal simplex method


class ScopedChanges:
    """Scoped changes of a compiled model's HiGHS instance."""

    highs: highspy.Highs
    columns: list[Any]
    integer_cols: list[int]
    _row_of: dict[int, int]
    _row_lower: list[float]
    _row_upper: list[float]
    _objective: Any
    _maximise: bool
    all_pinned: bool = False  # every integer column pinned: HiGHS holds an LP (and its basis)
    added_integers: int = 0  # yes/no columns a block added (``switched_groups``): a MIP

    @property
    def holds_lp(self) -> bool:
        """HiGHS holds an LP: no integer column, or every one pinned, and no yes/no added."""
        return not self.added_integers and (not self.integer_cols or self.all_pinned)

    def threads(self) -> int:
        """HiGHS's threads option (a second instance must ask for as many: one pool per
        process)."""
        return int(self.highs.getOptionValue("threads")[1])

    def linear_form(self, expr: Any) -> LinearForm:
        """``expr`` as a linear form over the columns (``DirectHighs`` gives it)."""
        raise NotImplementedError

    def linear_forms(self, exprs: Sequence[Any]) -> list[LinearForm]:
        """Several expressions as linear forms (``DirectHighs`` gives it)."""
        raise NotImplementedError

    def set_objective(self, expr: Any, *, maximise: bool = True) -> None:
        """Make ``expr`` HiGHS's objective (``DirectHighs`` gives it)."""
        raise NotImplementedError

    def all_column_values(self) -> np.ndarray:
        """Every column's value in HiGHS's solution (``DirectHighs`` gives it)."""
        raise NotImplementedError

    @contextmanager
    def objective(self, expr: Any, *, maximise: bool = True) -> Iterator[None]:
        """Solve with another objective inside the block; the previous one comes back."""
        previous, sense = self._objective, self._maximise
        self.set_objective(expr, maximise=maximise)
        try:
            yield
        finally:
            self.set_objective(previous, maximise=sense)

    @contextmanager
    def extra_row(self, expr: Any, lower: float | None, upper: float | None) -> Iterator[None]:
        """A row ``lower ≤ expr ≤ upper`` that exists only inside the block."""
        with self.extra_rows([(expr, lower, upper)]):
            yield

    @contextmanager
    def extra_rows(self, rows: Sequence[tuple[Any, float | None, float | None]]) -> Iterator[None]:
        """Rows ``lower ≤ expr ≤ upper`` that exist only inside the block (added in one call,
        after the model's rows, and deleted on leaving it)."""
        first = self.highs.getNumRow()
        lower: list[float] = []
        upper: list[float] = []
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for expr, low, high in rows:
            form = self.linear_form(expr)
            lower.append(-INF if low is None else low - form.constant)
            upper.append(INF if high is None else high - form.constant)
            starts.append(len(index))
            index.extend(form.cols.tolist())
            value.extend(form.coefs.tolist())
        if rows:
            self.highs.addRows(
                len(rows),
                np.array(lower),
                np.array(upper),
                len(index),
                np.array(starts, dtype=np.int32),
                np.array(index, dtype=np.int32),
                np.array(value, dtype=float),
            )
        try:
            yield
        finally:
            if rows:
                added = np.arange(first, first + len(rows), dtype=np.int32)
                self.highs.deleteRows(len(rows), added)

    @contextmanager
    def primal_simplex(self) -> Iterator[None]:
        """Inside the block, LPs are solved by the primal simplex method: for re-solves that
        change only the objective, whose last basis stays primal feasible (a quarter of the
        time the dual method takes on the reference model's near-optimal ranges)."""
        previous = int(self.highs.getOptionValue("simplex_strategy")[1])
        self.highs.setOptionValue("simplex_strategy", SIMPLEX_PRIMAL)
        try:
            yield
        finally:
            self.highs.setOptionValue("simplex_strategy", previous)

    def _set_row_bounds(self, row: int, low: float, high: float) -> None:
        self._row_lower[row] = low
        self._row_upper[row] = high
        self.highs.changeRowBounds(row, low, high)

    @contextmanager
    def shifted_row(self, con: Any, delta: float) -> Iterator[None]:
        """Inside the block, both (finite) bounds of the row of ``con`` are ``delta`` higher."""
        row = self._row_of[id(con)]
        low, high = self._row_lower[row], self._row_upper[row]
        self._set_row_bounds(
            row, low + delta if low > -INF else low, high + delta if high < INF else high
        )
        try:
            yield
        finally:
            self._set_row_bounds(row, low, high)

    def _set_integrality(self, cols: Sequence[int], *, integer: bool) -> None:
        idx = np.asarray(cols, dtype=np.int32)
        kind = highspy.HighsVarType.kInteger if integer else highspy.HighsVarType.kContinuous
        self.highs.changeColsIntegrality(len(idx), idx, np.full(len(idx), kind))

    def _column_bounds(self, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lp = self.highs.getLp()
        return (
            np.asarray(lp.col_lower_, dtype=float)[cols],
            np.asarray(lp.col_upper_, dtype=float)[cols],
        )

    @contextmanager
    def pinned_integers(self, levels: dict[int, float]) -> Iterator[None]:
        """Inside the block, the given integer columns are continuous and fixed at the given
        levels (the LP whose duals explain a MILP's solution): ``fixed_columns`` with their
        integrality lifted."""
        cols = list(levels)
        was = self.all_pinned
        with self.fixed_columns(levels):
            if cols:
                self._set_integrality(cols, integer=False)
            self.all_pinned = was or set(self.integer_cols) <= set(cols)
            try:
                yield
            finally:
                self.all_pinned = was
                if cols:
                    self._set_integrality(cols, integer=True)

    @contextmanager
    def fixed_columns(self, levels: dict[int, float]) -> Iterator[None]:
        """Inside the block, the given columns are fixed at the given levels (integrality
        kept: a MILP stays a MILP)."""
        if not levels:
            yield
            return
        idx = np.fromiter(levels, dtype=np.int32)
        vals = np.fromiter(levels.values(), dtype=float, count=len(idx))
        lower, upper = self._column_bounds(idx)
        self.highs.changeColsBounds(len(idx), idx, vals, vals)
        try:
            yield
        finally:
            self.highs.changeColsBounds(len(idx), idx, lower, upper)

    @contextmanager
    def relaxed_integers(self) -> Iterator[None]:
        """Inside the block, every integer column is continuous (the LP relaxation)."""
        if not self.integer_cols:
            yield
            return
        self._set_integrality(self.integer_cols, integer=False)
        try:
            yield
        finally:
            self._set_integrality(self.integer_cols, integer=True)

    @contextmanager
    def elastic(
        self, cons: Sequence[Any], costs: Sequence[float] | None = None
    ) -> Iterator[list[tuple[Any, int, int]]]:
        """Inside the block, each row of ``cons`` may bend: two non-negative columns (up and
        down, +1 and −1 in the row) are added, and the objective minimises their sum, each
        weighted by the row's entry of ``costs`` (1 by default). Yields (constraint, up
        column, down column) for each row of the model among ``cons``."""
        weights = [1.0] * len(cons) if costs is None else list(costs)
        kept = [(con, w) for con, w in zip(cons, weights, strict=True) if id(con) in self._row_of]
        rows = [(con, self._row_of[id(con)]) for con, _ in kept]
        first = len(self.columns)
        previous, sense = self._objective, self._maximise
        every = np.arange(first, dtype=np.int32)
        self.highs.changeColsCost(len(every), every, np.zeros(first))
        self.highs.changeObjectiveOffset(0.0)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
        n = 2 * len(rows)
        starts = np.arange(n, dtype=np.int32)
        index = np.repeat(np.array([r for _, r in rows], dtype=np.int32), 2)
        value = np.tile(np.array([1.0, -1.0]), len(rows))
        cost = np.repeat(np.array([w for _, w in kept], dtype=float), 2)
        self.highs.addCols(n, cost, np.zeros(n), np.full(n, INF), n, starts, index, value)
        try:
            yield [(con, first + 2 * k, first + 2 * k + 1) for k, (con, _) in enumerate(rows)]
        finally:
            self.highs.deleteCols(n, np.arange(first, first + n, dtype=np.int32))
            self.set_objective(previous, maximise=sense)
