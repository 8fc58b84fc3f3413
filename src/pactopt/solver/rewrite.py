"""A scoped change of a compiled model's HiGHS instance that rewrites rows: the rows of a
rule re-evaluated with other data (``model/limits.py``: a limit's workbook value moved, for
the value at stake of that limit), their coefficients and bounds as the new expression says
inside the block and as compiled again on leaving it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
from pyomo.core.expr import EqualityExpression, InequalityExpression, RangedExpression

from pactopt.solver.variants import INF, ScopedChanges

if TYPE_CHECKING:
    from pactopt.solver.highs import LinearForm


class RowRewrites(ScopedChanges):
    """Rows of the instance replaced by other relational expressions inside a block."""

    def _relation(self, expr: Any) -> tuple[LinearForm, float, float]:
        """A relational expression (``a <= b``, ``a == b``, ``lo <= a <= hi``) as the linear
        form of its body and that body's bounds."""
        if isinstance(expr, RangedExpression):
            low, body, high = expr.args
            form = self.linear_form(body)
            return form, float(low) - form.constant, float(high) - form.constant
        if not isinstance(expr, InequalityExpression | EqualityExpression):
            raise TypeError(f"not a row: {expr!r}")
        lhs, rhs = expr.args
        form = self.linear_form(lhs - rhs)
        high = -form.constant
        return form, high if isinstance(expr, EqualityExpression) else -INF, high

    def _set_row_entries(
        self, row: int, previous: np.ndarray, cols: np.ndarray, coefs: np.ndarray
    ) -> None:
        """Row ``row``'s coefficients set to ``coefs`` on ``cols`` (summed where a column
        repeats), and to 0 on the columns of ``previous`` that are not among them."""
        entries: dict[int, float] = {}
        for col, coef in zip(cols.tolist(), coefs.tolist(), strict=True):
            entries[col] = entries.get(col, 0.0) + coef
        for col in previous.tolist():
            entries.setdefault(int(col), 0.0)
        for col, coef in entries.items():
            self.highs.changeCoeff(row, col, coef)

    @contextmanager
    def rewritten_rows(self, rows: Sequence[tuple[Any, Any]]) -> Iterator[None]:
        """Inside the block, the row of each constraint ``con`` of the (con, expr) pairs is
        the relational expression ``expr`` (a rule re-evaluated with other data: its
        coefficients and bounds); the rows are as compiled again on leaving it."""
        saved: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, float, float]] = []
        try:
            for con, expr in rows:
                row = self._row_of.get(id(con))
                if row is None:
                    continue
                form, low, high = self._relation(expr)
                _, cols, values = self.highs.getRowEntries(row)
                bounds = self._row_lower[row], self._row_upper[row]
                saved.append((row, cols, values, form.cols, *bounds))
                self._set_row_entries(row, cols, form.cols, form.coefs)
                self._set_row_bounds(row, low, high)
            yield
        finally:
            for row, cols, values, new, low, high in reversed(saved):
                self._set_row_entries(row, new, cols, values)
                self._set_row_bounds(row, low, high)
