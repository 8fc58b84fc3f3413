"""Linear forms of a Pyomo model's rows and objectives, compiled into flat arrays.

Why: Pyomo's linear visitor (``pyomo.repn.linear``) handles any expression and costs about
20 µs per row: at 10^5 rows, most of the time outside HiGHS. The model's rows are sums of
variables, named expressions (``spend[i,y]``) and constant multiples of those, so
``FormCompiler`` walks just those node kinds, records each named expression's form once (a
slice of one pool of columns and coefficients) and lets a row refer to it by number with a
scale; numpy expands the matrix, sums it by (row, column) and lays it out row-wise for HiGHS.

Any other node (a product of two variable expressions, a function...) makes ``Unsupported``
rise for that one expression, which the caller walks with Pyomo's visitor instead
(``model/pyomo_fast.py``). As with that visitor given every variable of the model, a fixed
variable is a column (its bounds hold it), a parameter is its current value, and
coefficients that sum to exactly zero are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyomo.core.expr.numeric_expr import (
    DivisionExpression,
    LinearExpression,
    NegationExpression,
    ProductExpression,
    SumExpression,
)
from pyomo.core.expr.numvalue import value
from pyomo.core.expr.relational_expr import EqualityExpression, InequalityExpression

INF = float("inf")  # HiGHS's infinity (highspy.kHighsInf)
_VAR, _CONST, _SUM, _PRODUCT, _NEG, _DIV, _FIXED, _NAMED, _OTHER = range(9)
# a named expression whose parts hold more entries than this is expanded by numpy (its fixed
# cost, some 50 µs, is then less than Python's per-entry cost)
NUMPY_FROM = 1000
# the kind of each node type met so far (a type's kind never depends on the instance)
_KIND: dict[type, int] = {int: _CONST, float: _CONST}


class Unsupported(Exception):
    """An expression this compiler does not walk (the caller falls back to Pyomo's)."""


def _classify(node: Any) -> int:
    if isinstance(node, SumExpression):
        return _SUM  # LinearExpression too
    if isinstance(node, ProductExpression):
        return _PRODUCT  # MonomialTermExpression too
    if isinstance(node, NegationExpression):
        return _NEG
    if isinstance(node, DivisionExpression):
        return _DIV
    if not hasattr(node, "is_potentially_variable"):
        return _OTHER
    if node.is_variable_type():
        return _VAR
    if node.is_named_expression_type():
        return _NAMED
    if not node.is_potentially_variable():
        return _FIXED  # a parameter, a constant, an expression of those
    return _OTHER


def _kind(node: Any) -> int:
    kind = _KIND.get(type(node))
    if kind is None:
        kind = _KIND[type(node)] = _classify(node)
    return kind


def _constant(node: Any) -> float | None:
    """The value of ``node`` when it holds no variable, else None (a fixed variable is a
    column too, as with Pyomo's visitor given every variable of the model)."""
    kind = _kind(node)
    if kind == _CONST:
        return float(node)
    if kind == _FIXED:
        return float(value(node))
    return None


def moved(bound: Any, offset: float, infinite: float) -> float:
    """A row bound with the body's constant moved over (``infinite`` when it has none)."""
    return infinite if bound is None else float(bound) - offset


def _bound_value(side: Any) -> float | None:
    """A relation's side as a finite bound, when it is a plain finite number (else None:
    the walk takes it as part of the body, or declines)."""
    if type(side) is float or type(side) is int:
        if side - side == 0:  # finite
            return float(side)
        raise Unsupported(side)  # ±inf: Pyomo's standardisation says what it means
    return None


@dataclass
class Entries:
    """One expression's (or one row's) pieces as the walk leaves them: direct variable
    entries, and references to named forms with their scales."""

    cols: list[int]
    coefs: list[float]
    forms: list[int]
    scales: list[float]


@dataclass(frozen=True)
class Matrix:
    """Rows in HiGHS's row-wise layout: row ``r`` holds ``index[start[r]:start[r+1]]``."""

    start: np.ndarray
    index: np.ndarray
    value: np.ndarray


class FormCompiler:
    """Walks linear expressions over the columns ``col_of`` (``id(var)`` → column); keeps
    each named expression's form until ``reset``."""

    def __init__(self, col_of: dict[int, int], n_cols: int) -> None:
        self._col_of = col_of
        self._n_cols = n_cols
        self.reset()

    def reset(self) -> None:
        """Forget the named expressions' forms (after a parameter changed)."""
        self._named: dict[int, tuple[int, float]] = {}
        self._batched: dict[int, Any] = {}  # indexed named expressions recorded at once
        self._pool_cols: list[int] = []
        self._pool_coefs: list[float] = []
        self._form_start: list[int] = []
        self._form_len: list[int] = []
        # the pool as arrays, converted up to self._converted (it only grows)
        self._buffers: tuple[np.ndarray, ...] = tuple(
            np.empty(0, dtype=t) for t in (np.int64, float, np.int64, np.int64)
        )
        self._converted: tuple[int, ...] = (0, 0, 0, 0)

    # ----- walking ---------------------------------------------------------------------------

    def add(self, node: Any, scale: float, out: Entries) -> float:
        """Add ``scale × node`` to ``out``; returns the constant part (times ``scale``)."""
        kind = _KIND.get(type(node))
        if kind is None:
            kind = _kind(node)
        if kind == _VAR:
            col = self._col_of.get(id(node))
            if col is None:  # not of the model: a constant when fixed, an error otherwise
                if node.fixed:
                    return scale * float(node.value)
                raise KeyError(node.name)
            out.cols.append(col)
            out.coefs.append(scale)
            return 0.0
        if kind == _SUM:
            return self._add_sum(node.args, scale, out)
        if kind == _NAMED:
            form, constant = self._named.get(id(node)) or self._named_form(node)
            out.forms.append(form)
            out.scales.append(scale)
            return scale * constant
        if kind == _CONST:
            return scale * node  # type: ignore[no-any-return]
        if kind == _PRODUCT:
            left, right = node.args
            factor = _constant(left)
            if factor is not None:
                return self.add(right, scale * factor, out)
            factor = _constant(right)
            if factor is not None:
                return self.add(left, scale * factor, out)
            raise Unsupported(node)
        if kind == _NEG:
            return self.add(node.args[0], -scale, out)
        if kind == _DIV:
            numerator, denominator = node.args
            divisor = _constant(denominator)
            if divisor is None:
                raise Unsupported(node)
            return self.add(numerator, scale / divisor, out)
        if kind == _FIXED:
            return scale * float(value(node))
        raise Unsupported(node)

    def _add_sum(self, args: list[Any], scale: float, out: Entries) -> float:
        """``add`` of a sum's terms, the two commonest kinds (a variable, a named expression)
        without a call each: most rows are sums of those."""
        constant = 0.0
        col_of, named, kinds = self._col_of, self._named, _KIND
        cols, coefs, forms, scales = out.cols, out.coefs, out.forms, out.scales
        for arg in args:
            kind = kinds.get(type(arg))
            if kind == _VAR:
                col = col_of.get(id(arg))
                if col is not None:
                    cols.append(col)
                    coefs.append(scale)
                    continue
            elif kind == _NAMED:
                form, part = named.get(id(arg)) or self._named_form(arg)
                forms.append(form)
                scales.append(scale)
                constant += scale * part
                continue
            constant += self.add(arg, scale, out)
        return constant

    def _named_form(self, node: Any) -> tuple[int, float]:
        """Record the form of a named expression in the pool (named expressions inside it
        expanded into it) and return its number and constant."""
        component = node.parent_component()
        if component is not node and id(component) not in self._batched:
            self._batched[id(component)] = component  # kept, so that its id is not reused
            self._record_plain_sums(component)
            known = self._named.get(id(node))
            if known is not None:
                return known
        (expr,) = node.args  # what ``node.expr`` gives, without making a constant numeric
        if type(expr) is LinearExpression:
            try:  # the commonest: a plain sum of the model's variables
                cols = [self._col_of[id(v)] for v in expr.args]
            except KeyError:
                pass
            else:
                return self._record(id(node), cols, [1.0] * len(cols), 0.0)
        out = Entries([], [], [], [])
        constant = self.add(expr, 1.0, out)
        cols, coefs = out.cols, out.coefs
        if sum(self._form_len[form] for form in out.forms) > NUMPY_FROM:
            # a long sum of sums (output over every instrument): expanded and summed by numpy
            matrix = self.assemble(out, [len(cols)], [len(out.forms)])
            return self._record(id(node), matrix.index.tolist(), matrix.value.tolist(), constant)
        for form, scale in zip(out.forms, out.scales, strict=True):
            start = self._form_start[form]
            end = start + self._form_len[form]
            cols.extend(self._pool_cols[start:end])
            coefs.extend([scale * c for c in self._pool_coefs[start:end]])
        return self._record(id(node), cols, coefs, constant)

    def _record_plain_sums(self, component: Any) -> None:
        """Record at once the forms of every member of an indexed named expression that is
        a plain sum of the model's variables (``spend[i,y]``: most of the model's named
        expressions), as ``_named_form`` would one by one, without a call each."""
        col_of, named = self._col_of, self._named
        starts, lengths = self._form_start, self._form_len
        pool_cols, pool_coefs = self._pool_cols, self._pool_coefs
        for data in component.values():
            (expr,) = data.args
            if type(expr) is not LinearExpression or id(data) in named:
                continue
            try:
                cols = [col_of[id(v)] for v in expr.args]
            except KeyError:  # not only variables of the model: walked alone, when met
                continue
            named[id(data)] = (len(starts), 0.0)
            starts.append(len(pool_cols))
            lengths.append(len(cols))
            pool_cols.extend(cols)
            pool_coefs.extend([1.0] * len(cols))

    def _record(
        self, key: int, cols: list[int], coefs: list[float], constant: float
    ) -> tuple[int, float]:
        number = len(self._form_start)
        self._form_start.append(len(self._pool_cols))
        self._form_len.append(len(cols))
        self._pool_cols.extend(cols)
        self._pool_coefs.extend(coefs)
        self._named[key] = (number, constant)
        return number, constant

    def row(self, con: Any, out: Entries) -> tuple[float, float] | None:
        """Add the body of ``con`` to ``out``; its (lower, upper) bounds with the body's
        constant moved over, or None when it has neither. ``lhs ≤ rhs`` with a variable
        expression on each side is walked as lhs − rhs without making that expression."""
        expr = con.expr
        kind = type(expr)
        if kind is not EqualityExpression and kind is not InequalityExpression:
            low, body, high = con.to_bounded_expression(True)
            if low is None and high is None:
                return None
            offset = self.add(body, 1.0, out)
            return moved(low, offset, -INF), moved(high, offset, INF)
        equality = kind is EqualityExpression
        lhs, rhs = expr.args
        side = type(rhs)
        if (side is float or side is int) and rhs - rhs == 0:  # the commonest: a finite bound
            if _KIND.get(type(lhs)) == _NAMED:  # of a named expression (spend[i,y] ≤ cap)
                form, offset = self._named.get(id(lhs)) or self._named_form(lhs)
                out.forms.append(form)
                out.scales.append(1.0)
            else:
                offset = self.add(lhs, 1.0, out)
            bound = rhs - offset
            return (bound if equality else -INF), bound
        add = self.add
        bound = _bound_value(rhs)
        if bound is not None:
            offset = add(lhs, 1.0, out)
            return (bound - offset if equality else -INF), bound - offset
        bound = _bound_value(lhs)
        if bound is not None:
            offset = add(rhs, 1.0, out)
            return bound - offset, (bound - offset if equality else INF)
        offset = add(lhs, 1.0, out) + add(rhs, -1.0, out)
        return (0.0 - offset if equality else -INF), 0.0 - offset

    # ----- assembling ------------------------------------------------------------------------

    def assemble(
        self,
        rows: Entries,
        direct_count: Sequence[int] | np.ndarray,
        form_count: Sequence[int] | np.ndarray,
    ) -> Matrix:
        """The row-wise matrix of rows whose pieces were all gathered in ``rows``: row ``r``
        owns the next ``direct_count[r]`` direct entries and the next ``form_count[r]`` form
        references. Entries of one (row, column) are summed in the order met; exact zeros
        are dropped."""
        n_rows = len(direct_count)
        row_ids = np.arange(n_rows, dtype=np.int64)
        pool_cols, pool_coefs, form_start, form_len = self._pool_arrays()
        forms = np.asarray(rows.forms, dtype=np.int64)
        lengths = form_len[forms]
        starts = form_start[forms]
        total = int(lengths.sum())
        # pool positions of every expanded entry: each reference's start, then +1 within it
        first = np.cumsum(lengths) - lengths
        pos = np.arange(total, dtype=np.int64) + np.repeat(starts - first, lengths)
        form_rows = np.repeat(row_ids, np.asarray(form_count, dtype=np.int64))
        direct_rows = np.repeat(row_ids, np.asarray(direct_count, dtype=np.int64))
        row = np.concatenate([direct_rows, form_rows.repeat(lengths)])
        col = np.concatenate([np.asarray(rows.cols, dtype=np.int64), pool_cols[pos]])
        scales = np.asarray(rows.scales, dtype=float).repeat(lengths)
        coef = np.concatenate([np.asarray(rows.coefs, dtype=float), pool_coefs[pos] * scales])
        return _summed(row, col, coef, n_rows, self._n_cols)

    def _pool_arrays(self) -> tuple[np.ndarray, ...]:
        """The pool's columns and coefficients, the forms' starts and lengths, as arrays:
        only what was recorded since the last call is converted, into buffers that double
        when full (the pool only grows)."""
        lists: tuple[list[Any], ...] = (
            self._pool_cols,
            self._pool_coefs,
            self._form_start,
            self._form_len,
        )
        views = []
        buffers = list(self._buffers)
        for k, (items, done) in enumerate(zip(lists, self._converted, strict=True)):
            if len(items) > len(buffers[k]):
                grown = np.empty(max(2 * len(buffers[k]), len(items)), dtype=buffers[k].dtype)
                grown[:done] = buffers[k][:done]
                buffers[k] = grown
            buffers[k][done : len(items)] = items[done:]
            views.append(buffers[k][: len(items)])
        self._buffers = tuple(buffers)
        self._converted = tuple(len(items) for items in lists)
        return tuple(views)

    def form(self, expr: Any) -> tuple[np.ndarray, np.ndarray, float]:
        """``expr`` as (columns, coefficients, constant), columns ascending."""
        matrix, constants = self.forms([expr])
        return matrix.index, matrix.value, float(constants[0])

    def forms(self, exprs: Sequence[Any]) -> tuple[Matrix, np.ndarray]:
        """Several expressions assembled in one pass (row r is ``exprs[r]``), and their
        constants: at 20,000 expressions a tenth of the time ``form`` takes one by one."""
        out = Entries([], [], [], [])
        ends = [(0, 0)]  # after each expression: the direct entries and form references so far
        constants = []
        for expr in exprs:
            constants.append(self.add(expr, 1.0, out))
            ends.append((len(out.cols), len(out.forms)))
        counts = np.diff(np.array(ends, dtype=np.int64), axis=0)
        return self.assemble(out, counts[:, 0], counts[:, 1]), np.asarray(constants, dtype=float)


def _summed(row: np.ndarray, col: np.ndarray, coef: np.ndarray, n_rows: int, n_cols: int) -> Matrix:
    """Triplets summed by (row, column) into row-wise arrays, columns ascending in a row."""
    n_cols = max(n_cols, 1)
    key = row * n_cols + col
    order = np.argsort(key, kind="stable")  # stable: equal keys are summed in the order met
    key = key[order]
    if len(key):
        head = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        sums = np.add.reduceat(coef[order], head)
        key = key[head]
    else:
        sums = coef
    kept = sums != 0.0
    key, sums = key[kept], sums[kept]
    rows = key // n_cols
    start = np.searchsorted(rows, np.arange(n_rows + 1)).astype(np.int32)
    return Matrix(start, (key % n_cols).astype(np.int32), sums.astype(float))
