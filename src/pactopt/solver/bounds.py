"""What the compiled model alone proves about a linear form: the lowest and highest value it
can take by its columns' bounds and by any row that states the same form (a multiple of it).

A near-optimal range whose end the rules state outright (an instrument's total at its floor
or its cap, a domain at its envelope) needs no re-solve once some solution is seen to reach
that end: the bound is a proof, the solution a witness (the skipping rule of flux variability
analysis). ``FormValues`` evaluates many forms at a solution in one numpy pass, to collect
those witnesses from every re-solve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import highspy
import numpy as np

if TYPE_CHECKING:
    from pactopt.solver.highs import LinearForm

INF = highspy.kHighsInf
SAME_RATIO = 1e-12  # relative: a row is the form times one number, to round-off


@dataclass(frozen=True)
class _Rows:
    """The instance's rows, row by row: column indices sorted within each row."""

    start: np.ndarray
    cols: np.ndarray
    coefs: np.ndarray
    lower: np.ndarray
    upper: np.ndarray

    def of(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        span = slice(self.start[row], self.start[row + 1])
        return self.cols[span], self.coefs[span]


def _rows(lp: highspy.HighsLp) -> _Rows:
    matrix = lp.a_matrix_
    start = np.asarray(matrix.start_, dtype=np.int64)
    index = np.asarray(matrix.index_, dtype=np.int64)
    value = np.asarray(matrix.value_, dtype=float)
    n_rows = int(lp.num_row_)
    if matrix.format_ == highspy.MatrixFormat.kColwise:
        col = np.repeat(np.arange(len(start) - 1), np.diff(start))
        order = np.lexsort((col, index))  # by row, then by column
        row, col, value = index[order], col[order], value[order]
    else:
        row = np.repeat(np.arange(len(start) - 1), np.diff(start))
        order = np.lexsort((index, row))
        row, col, value = row[order], index[order], value[order]
    row_start = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(row, minlength=n_rows), out=row_start[1:])
    return _Rows(
        row_start,
        col,
        value,
        np.asarray(lp.row_lower_, dtype=float),
        np.asarray(lp.row_upper_, dtype=float),
    )


def _by_columns(form: LinearForm) -> tuple[np.ndarray, np.ndarray]:
    """The form's columns sorted, duplicates summed, zero coefficients dropped."""
    cols, where = np.unique(form.cols, return_inverse=True)
    coefs = np.bincount(where, weights=form.coefs, minlength=len(cols))
    keep = coefs != 0.0
    return cols[keep].astype(np.int64), coefs[keep]


def _from_columns(coefs: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> tuple[float, float]:
    """Interval arithmetic over the columns' bounds (without the form's constant)."""
    up = coefs > 0
    low_ends = np.where(up, coefs * lower, coefs * upper)
    high_ends = np.where(up, coefs * upper, coefs * lower)
    with np.errstate(invalid="ignore"):
        low, high = float(low_ends.sum()), float(high_ends.sum())
    return (-INF if not np.isfinite(low) else low), (INF if not np.isfinite(high) else high)


def implied_bounds(highs: highspy.Highs, forms: Sequence[LinearForm]) -> np.ndarray:
    """(lowest, highest) of each form that the instance's column bounds and rows prove, one
    row per form (±``INF`` where nothing bounds it)."""
    lp = highs.getLp()
    col_lower = np.asarray(lp.col_lower_, dtype=float)
    col_upper = np.asarray(lp.col_upper_, dtype=float)
    rows = _rows(lp)
    sorted_forms = [_by_columns(f) for f in forms]
    # only rows as long as some form can state one
    lengths = {len(cols) for cols, _ in sorted_forms}
    widths = np.diff(rows.start)
    same: dict[bytes, list[int]] = {}
    for r in np.flatnonzero(np.isin(widths, list(lengths))).tolist():
        same.setdefault(rows.of(r)[0].tobytes(), []).append(r)
    out = np.empty((len(forms), 2))
    for k, (form, (cols, coefs)) in enumerate(zip(forms, sorted_forms, strict=True)):
        low, high = _from_columns(coefs, col_lower[cols], col_upper[cols])
        for r in same.get(cols.tobytes(), []) if len(cols) else []:
            ratio = rows.of(r)[1] / coefs
            factor = float(ratio[0])
            if not np.allclose(ratio, factor, rtol=SAME_RATIO, atol=0.0):
                continue
            ends = sorted((rows.lower[r] / factor, rows.upper[r] / factor))
            # ±inf/factor stays infinite: a one-sided row bounds one side
            low, high = max(low, ends[0]), min(high, ends[1])
        out[k] = (low + form.constant, high + form.constant)
    return out


class FormValues:
    """Many linear forms evaluated together at a solution (one gather and one segmented sum)."""

    def __init__(self, forms: Sequence[LinearForm]) -> None:
        sizes = [len(f.cols) for f in forms]
        self._cols = np.concatenate([f.cols for f in forms]) if forms else np.zeros(0, int)
        self._coefs = np.concatenate([f.coefs for f in forms]) if forms else np.zeros(0)
        self._start = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.int64)
        self._empty = np.asarray(sizes) == 0
        self._constant = np.array([f.constant for f in forms], dtype=float)

    def at(self, x: np.ndarray) -> np.ndarray:
        """Each form's value at column values ``x``."""
        if not len(self._constant):
            return self._constant.copy()
        # a zero term closes the list, so that every segment starts inside it; reduceat gives
        # an empty segment the term it starts at: such forms are their constant alone
        terms = np.append(x[self._cols] * self._coefs, 0.0)
        sums = np.add.reduceat(terms, self._start)
        return np.asarray(np.where(self._empty, 0.0, sums) + self._constant, dtype=float)
