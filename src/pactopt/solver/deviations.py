"""The solve variants that add columns of their own, each a scoped change of the HiGHS
instance that undoes itself on leaving its block: deviation columns (how far expressions are
from targets) for the least-change stages, started from the current plan where HiGHS holds an
LP's basis; yes/no switches of groups of them for the k-moves curve; rows over added columns;
and the starts, gaps and bounds those solves set.

``DeviationChanges`` is a mixin of ``solver.highs.DirectHighs`` (``solver/variants.py`` holds
the changes of the model's own rows and columns)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import highspy
import numpy as np

from pactopt.solver.variants import INF, ScopedChanges

if TYPE_CHECKING:
    from pactopt.solver.highs import LinearForm


@dataclass(frozen=True)
class Deviations:
    """Columns added by ``ScopedChanges.deviations``: for pair k, ``up[k]`` and ``down[k]``
    with expr_k − up_k + down_k = target_k (row ``rows[k]``), so that up_k + down_k ≥
    |expr_k − target_k| (equal at any optimum that minimises them)."""

    up: np.ndarray
    down: np.ndarray
    rows: np.ndarray

    def both(self, picked: Sequence[int] | None = None) -> np.ndarray:
        """The up and down columns of the pairs ``picked`` (all when None)."""
        if picked is None:
            return np.concatenate([self.up, self.down])
        chosen = np.asarray(picked, dtype=np.int64)
        return np.concatenate([self.up[chosen], self.down[chosen]])


class DeviationChanges(ScopedChanges):
    """The scoped changes that add columns of their own (deviations, yes/no switches)."""

    def _add_free_columns(self, n: int, lower: float, upper: float) -> np.ndarray:
        first = self.highs.getNumCol()
        self.highs.addCols(
            n,
            np.zeros(n),
            np.full(n, lower),
            np.full(n, upper),
            0,
            np.zeros(n, dtype=np.int32),
            np.zeros(0, dtype=np.int32),
            np.zeros(0),
        )
        return np.arange(first, first + n, dtype=np.int32)

    def _add_column_rows(
        self, rows: Sequence[tuple[Sequence[int], Sequence[float], float, float]]
    ) -> np.ndarray:
        """Rows ``lower ≤ Σ coef·column ≤ upper`` over columns given by index."""
        first = self.highs.getNumRow()
        starts: list[int] = []
        index: list[int] = []
        value: list[float] = []
        for cols, coefs, _, _ in rows:
            starts.append(len(index))
            index.extend(int(c) for c in cols)
            value.extend(float(c) for c in coefs)
        self.highs.addRows(
            len(rows),
            np.array([r[2] for r in rows], dtype=np.float64),
            np.array([r[3] for r in rows], dtype=np.float64),
            len(index),
            np.array(starts, dtype=np.int32),
            np.array(index, dtype=np.int32),
            np.array(value, dtype=np.float64),
        )
        return np.arange(first, first + len(rows), dtype=np.int32)

    @contextmanager
    def deviations(
        self, pairs: Sequence[tuple[Any, float]], *, from_current: bool = False
    ) -> Iterator[Deviations]:
        """Inside the block, each (expression, target) pair has two non-negative columns, up
        and down, in a row expression − up + down = target (costless until an objective
        names them). Yields their columns; rows and columns go on leaving the block. With
        ``from_current``, where HiGHS holds an LP's basis, the basis grows so that the current
        plan stays a basic feasible solution (``_basic_deviations``): a primal simplex goes on
        from it, where HiGHS would otherwise start from rows that all break their bounds; and
        HiGHS scales the grown model afresh."""
        n = len(pairs)
        x = self.all_column_values() if from_current else None
        if x is not None and len(x) != self.highs.getNumCol():
            x = None  # no solution of the instance as it is
        forms = self.linear_forms([expr for expr, _ in pairs])
        cols = self._add_free_columns(2 * n, 0.0, INF)
        up, down = cols[:n], cols[n:]
        right = np.array([float(t) for _, t in pairs]) - np.array([f.constant for f in forms])
        basis = self.highs.getBasis() if x is not None else None
        added = self._add_deviation_rows(forms, up, down, right)
        if basis is not None and basis.valid and n:
            assert x is not None
            above = np.array([float(f.coefs @ x[f.cols]) for f in forms]) >= right
            self._basic_deviations(basis, np.where(above, up, down), added)
        try:
            yield Deviations(up, down, added)
        finally:
            if len(added):
                self.highs.deleteRows(len(added), added)
            self.highs.deleteCols(len(cols), cols)

    def _add_deviation_rows(
        self, forms: Sequence[LinearForm], up: np.ndarray, down: np.ndarray, right: np.ndarray
    ) -> np.ndarray:
        """Rows form_k − up_k + down_k = right_k, laid out by numpy; their row numbers."""
        n = len(forms)
        if not n:
            return np.zeros(0, dtype=np.int32)
        lengths = np.array([len(f.cols) for f in forms], dtype=np.int64)
        cols = np.concatenate([f.cols for f in forms]).astype(np.int32)
        coefs = np.concatenate([f.coefs for f in forms]).astype(float)
        # row k: its form's entries, then up_k and down_k
        start = np.concatenate([[0], np.cumsum(lengths + 2)[:-1]])
        own = np.arange(len(cols)) + np.repeat(start - (np.cumsum(lengths) - lengths), lengths)
        index = np.empty(len(cols) + 2 * n, dtype=np.int32)
        value = np.empty(len(cols) + 2 * n, dtype=float)
        index[own], value[own] = cols, coefs
        index[start + lengths], value[start + lengths] = up, -1.0
        index[start + lengths + 1], value[start + lengths + 1] = down, 1.0
        first = self.highs.getNumRow()
        self.highs.addRows(n, right, right, len(index), start.astype(np.int32), index, value)
        return np.arange(first, first + n, dtype=np.int32)

    def _basic_deviations(self, basis: Any, basic: np.ndarray, rows: np.ndarray) -> None:
        """Extend ``basis`` (the one before ``rows`` and their deviation columns were added)
        with ``basic`` basic, one per row, each row at its bound, and start from it, the model
        scaled afresh. HiGHS keeps the scale factors it found when the model was first solved
        and extends them to rows and columns added later; past thousands of deviation rows
        those factors lead the primal simplex method a long way round (at 106,524 variables
        the least change took 30,033 iterations with them and 9,593 with fresh ones, 12.2 s
        against 4.9 s: benchmarks/bench_least_change.py). A model passed again is scaled anew
        when it is next solved."""
        n_cols, n_rows = self.highs.getNumCol(), self.highs.getNumRow()
        at_lower = highspy.HighsBasisStatus.kLower
        col_status = list(basis.col_status) + [at_lower] * (n_cols - len(basis.col_status))
        row_status = list(basis.row_status) + [at_lower] * (n_rows - len(basis.row_status))
        for col in basic.tolist():
            col_status[col] = highspy.HighsBasisStatus.kBasic
        for row in rows.tolist():
            row_status[row] = at_lower
        basis.col_status = col_status
        basis.row_status = row_status
        self.highs.passModel(self.highs.getLp())
        self.highs.setBasis(basis)

    @contextmanager
    def column_rows(
        self, rows: Sequence[tuple[Sequence[int], Sequence[float], float, float]]
    ) -> Iterator[np.ndarray]:
        """Rows over columns given by index (added columns too) that exist only inside the
        block; yields their row numbers (their bounds may be changed inside it)."""
        added = self._add_column_rows(rows) if rows else np.zeros(0, dtype=np.int32)
        try:
            yield added
        finally:
            if len(added):
                self.highs.deleteRows(len(added), added)

    def current_basis(self) -> Any:
        """HiGHS's basis as it stands (an LP's, or a MILP's with its yes/no decisions
        pinned), for ``start_from_basis`` after other solves; None when it holds none."""
        basis = self.highs.getBasis()
        return basis if basis.valid else None

    def start_from_basis(self, basis: Any) -> None:
        """Start the next LP from ``basis`` (``current_basis``, taken while the instance had
        the rows and columns it has now)."""
        if basis is not None:
            self.highs.setBasis(basis)

    def start_from(self, x: np.ndarray) -> None:
        """Give the next MIP run a feasible solution to start from (every column's value)."""
        solution = highspy.HighsSolution()
        solution.col_value = list(map(float, x))
        solution.value_valid = True
        self.highs.setSolution(solution)

    @contextmanager
    def mip_gap_meur(self, gap: float | None) -> Iterator[None]:
        """Inside the block, a MIP stops once proven within ``gap`` of its best (absolute,
        in objective units; None: HiGHS's default until ``set_mip_gap_meur``)."""
        previous = float(self.highs.getOptionValue("mip_abs_gap")[1])
        if gap is not None:
            self.set_mip_gap_meur(gap)
        try:
            yield
        finally:
            self.highs.setOptionValue("mip_abs_gap", previous)

    def set_mip_gap_meur(self, gap: float) -> None:
        """Let the next MIP runs stop once proven within ``gap`` of their best."""
        self.highs.setOptionValue("mip_abs_gap", max(float(gap), 0.0))

    def set_row_bounds(self, row: int, lower: float, upper: float) -> None:
        """Change the bounds of a row added in a block (``column_rows``)."""
        self.highs.changeRowBounds(int(row), float(lower), float(upper))

    def set_column_bounds(self, cols: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        """Change the bounds of columns added in a block (``deviations``): they go with it."""
        idx = np.asarray(cols, dtype=np.int32)
        self.highs.changeColsBounds(
            len(idx), idx, np.asarray(lower, float), np.asarray(upper, float)
        )

    def row_duals(self, rows: np.ndarray) -> np.ndarray:
        """The last LP's duals of the given rows: what one more unit of each row's bound adds
        to the objective."""
        duals = np.asarray(self.highs.getSolution().row_dual, dtype=float)
        picked: np.ndarray = duals[np.asarray(rows)]
        return picked

    @contextmanager
    def minimise_columns(
        self, cols: np.ndarray, weights: np.ndarray | None = None
    ) -> Iterator[None]:
        """Inside the block, the objective is to minimise the sum of the given columns, each
        times its weight (1 by default; the model's own columns cost nothing); the previous
        objective comes back on leaving."""
        previous, sense = self._objective, self._maximise
        every = np.arange(len(self.columns), dtype=np.int32)
        self.highs.changeColsCost(len(every), every, np.zeros(len(every)))
        self.highs.changeObjectiveOffset(0.0)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
        chosen = np.asarray(cols, dtype=np.int32)
        costs = np.ones(len(chosen)) if weights is None else np.asarray(weights, dtype=float)
        self.highs.changeColsCost(len(chosen), chosen, costs)
        try:
            yield
        finally:
            self.highs.changeColsCost(len(chosen), chosen, np.zeros(len(chosen)))
            self.set_objective(previous, maximise=sense)

    @contextmanager
    def switched_groups(
        self,
        deviations: Deviations,
        groups: Sequence[Sequence[int]],
        big_meur: Sequence[tuple[float, float]],
    ) -> Iterator[tuple[np.ndarray, int]]:
        """Inside the block, group g of deviation pairs may be non-zero only when its yes/no
        column is 1: the sum of its ups ≤ up_g × yes_g and the sum of its downs ≤ down_g ×
        yes_g, for (up_g, down_g) = ``big_meur[g]`` (each as small as the group can move, for a
        tight relaxation). Yields the yes/no columns and the row Σ yes ≤ k, whose upper bound
        the caller sets (``set_row_bounds``)."""
        n = len(groups)
        switches = self._add_free_columns(n, 0.0, 1.0)
        kind = highspy.HighsVarType.kInteger
        self.highs.changeColsIntegrality(n, switches, np.full(n, kind))
        self.added_integers += n
        rows: list[tuple[Sequence[int], Sequence[float], float, float]] = []
        for g, pairs in enumerate(groups):
            for side, bound in zip((deviations.up, deviations.down), big_meur[g], strict=True):
                cols = [int(side[k]) for k in pairs]
                rows.append(([*cols, int(switches[g])], [1.0] * len(cols) + [-bound], -INF, 0.0))
        rows.append((switches.tolist(), [1.0] * n, -INF, float(n)))
        try:
            with self.column_rows(rows) as added:
                yield switches, int(added[-1])
        finally:
            self.highs.deleteCols(n, switches)
            self.added_integers -= n
