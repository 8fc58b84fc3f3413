"""Every reach of pactopt into Pyomo's internals, each with a public fallback.

Why: at 10^5-10^6 variables Pyomo's general machinery cost more than HiGHS itself, so the
build and the hand-over to HiGHS take four short cuts through Pyomo's internals. They are all
here, each chosen at its use by a predicate that checks once that the internals are there and
that the installed Pyomo is a release they were tested on (``TESTED``; ``fast_paths.py``
says how ``PACTOPT_NO_FAST_PATHS`` and ``PACTOPT_UNTESTED_FAST_PATHS`` change that). Outside
it the public API does the same, more slowly, and gives the same model and the same LP
(``tests/model/test_pyomo_fast.py`` forces each fallback and compares):

====================  ==========================================  ================================
what                  fast path (internal)                        fallback (public)
====================  ==========================================  ================================
``fill``              ``component._setitem_when_not_present``     ``component[index] = value``
``data_objects``      the component's store ``_data``, in order   ``component.values()``
``column_bounds``     ``VarData._lb``/``_ub``/``_domain`` slots   ``var.bounds``, ``is_integer()``
``LinearWalker``      ``LinearRepnVisitor`` + ``VarRecorder``     ``generate_standard_repn``
====================  ==========================================  ================================

``fill``: ``pyo.Constraint(index, rule=f)`` calls ``f`` through Pyomo's initializer and walks
its index set; at 10^6 variables that was about a third of the build. The build declares the
component empty, computes the values itself (the same rules, called the same way, in the same
order) and stores them with the storage step of Pyomo's construction, which checks each value
as construction does (a strict inequality, a bool or None refused, ``Skip`` skipped). The
fallback's ``__setitem__`` checks the index against the index set first, then takes the same
step.

``data_objects``: ``component_data_objects`` spent 1.3 s listing 10^6 variables (it checks every
object against those already returned, which only a ``Reference`` can repeat). Component by
component, a dense component's store is in index order (the order its data objects were
stored in), so it is listed without walking the index set (a product of sets is walked in
Python); the fallback walks it with ``values()``. With a reference present, both ask
``component_data_objects``.

``column_bounds``: reading each variable's bounds and integrality through Pyomo's properties
cost another second; a variable without bounds of its own (its ``_lb`` and ``_ub`` slots
unset) takes its domain's, read once per domain.

``LinearWalker``: the linear form of an expression the form compiler (``solver/compile.py``,
public expression API only) declines. Pyomo's LP writer's visitor, given every column, keeps
each named expression's form between walks and leaves a fixed column of the model a column
(its bounds hold it); ``VarRecorder`` first exists in Pyomo 6.8.1. The fallback,
``generate_standard_repn``, makes a fixed variable a constant, so the model's fixed columns in
the expression are unfixed for the walk and fixed again at once (same value), which keeps
them columns as the visitor does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from pactopt.fast_paths import forced_off, tested
from pactopt.model.block import PyomoBlock

# the Pyomo releases the fast paths were tested on: from 6.8.1 (the first with VarRecorder)
# up to, not including, the second
TESTED = ("6.8.1", "6.11")
INF = float("inf")


def _tested() -> bool:
    return tested("pyomo", *TESTED)


@cache
def _has_store() -> bool:
    """An indexed component has ``_setitem_when_not_present`` and keeps its data objects in
    a dict ``_data``, in the order they were stored."""
    import pyomo.core as pyo

    m = pyo.ConcreteModel()
    m.x = pyo.Var([2, 1])
    m.e = pyo.Expression([1, 2], initialize={})
    m.e._setitem_when_not_present(2, m.x[2])
    store = getattr(m.x, "_data", None)
    return (
        isinstance(store, dict)
        and list(store.values()) == [m.x[2], m.x[1]]
        and list(m.e._data) == [2]
    )


@cache
def _var_slots() -> type | None:
    """Pyomo's variable class when its bounds and domain are the slots ``_lb``, ``_ub`` and
    ``_domain`` (None when not)."""
    try:
        from pyomo.core.base.var import VarData
    except ImportError:
        return None
    import pyomo.core as pyo

    m = pyo.ConcreteModel()
    m.x = pyo.Var([1], within=pyo.Binary)
    m.y = pyo.Var([1], bounds=(1, 2))
    x, y = m.x[1], m.y[1]
    ok = (
        type(x) is VarData  # an indexed variable's data objects (a scalar one is its own class)
        and getattr(x, "_lb", 0) is None
        and getattr(x, "_ub", 0) is None
        and getattr(x, "_domain", None) is pyo.Binary
        and getattr(y, "_lb", None) == 1
        and getattr(y, "_ub", None) == 2
    )
    return VarData if ok else None


@cache
def _visitor_classes() -> tuple[type, type] | None:
    """Pyomo's ``LinearRepnVisitor`` and ``VarRecorder`` (None before 6.8.1)."""
    try:
        from pyomo.repn.linear import LinearRepnVisitor
        from pyomo.repn.util import VarRecorder
    except ImportError:
        return None
    return LinearRepnVisitor, VarRecorder


def fast_fill() -> bool:
    """True when ``fill`` stores through Pyomo's storage step."""
    return not forced_off() and _tested() and _has_store()


def fast_data_objects() -> bool:
    """True when ``data_objects`` lists dense components from their stores."""
    return not forced_off() and _tested() and _has_store()


def fast_column_bounds() -> bool:
    """True when ``column_bounds`` reads the variables' slots."""
    return not forced_off() and _tested() and _var_slots() is not None


def fast_walker() -> bool:
    """True when ``LinearWalker`` walks with Pyomo's LP writer's visitor."""
    return not forced_off() and _tested() and _visitor_classes() is not None


# ----- building -------------------------------------------------------------------------------


def fill(component: Any, items: Iterable[tuple[Any, Any]]) -> Any:
    """Store ``value`` at ``index`` for each item in ``component`` (declared on a model, with
    ``initialize={}`` for an Expression or no rule for a Constraint); returns it."""
    if fast_fill():
        store = component._setitem_when_not_present
        for index, value in items:
            store(index, value)
    else:
        for index, value in items:
            component[index] = value
    return component


# ----- listing and bounding the columns and rows ----------------------------------------------


def data_objects(m: PyomoBlock, ctype: Any, *, active: bool | None = None) -> list[Any]:
    """``list(m.component_data_objects(ctype, active=active, sort=False))``, faster."""
    components = list(m.component_objects(ctype, active=active, descend_into=True, sort=False))
    if any(c.is_reference() for c in components):
        return list(m.component_data_objects(ctype, active=active, sort=False))
    from_store = fast_data_objects()
    out: list[Any] = []
    for component in components:
        data = component.values()
        if from_store and component.is_indexed():
            store = component._data
            if len(store) == len(component.index_set()):
                # every index has its data object, stored in index order when it was built
                # (Pyomo's dense construction of a variable, fill's of a rule): the dict's
                # own order, without walking the index set
                data = store.values()
        if active is None:
            out.extend(data)
        else:
            out.extend(d for d in data if d.active == active)
    return out


def column_bounds(columns: Sequence[Any]) -> tuple[np.ndarray, np.ndarray, list[int]]:
    """Each column's (lower, upper) bound, ±inf where it has none, the value of a fixed
    column as both, and the integer columns' positions, as Pyomo's ``bounds`` and
    ``is_integer`` give them."""
    n = len(columns)
    lower = np.empty(n)
    upper = np.empty(n)
    integer: list[int] = []
    var_data: Any = _var_slots() if fast_column_bounds() else None
    # a domain's (lower, upper, integer), for the columns without bounds of their own (most);
    # the domain is kept in the value, so that its id is not reused while this runs
    by_domain: dict[int, tuple[Any, float, float, bool]] = {}
    for j, v in enumerate(columns):
        if v.fixed:
            lower[j] = upper[j] = float(v.value)
            continue
        if type(v) is var_data and v._lb is None and v._ub is None:
            domain = v._domain
            known = by_domain.get(id(domain))
            if known is None:
                known = by_domain[id(domain)] = (domain, *_bounds_of(v))
            _, lower[j], upper[j], is_integer = known
        else:
            lower[j], upper[j], is_integer = _bounds_of(v)
        if is_integer:
            integer.append(j)
    return lower, upper, integer


def _bounds_of(v: Any) -> tuple[float, float, bool]:
    lb, ub = v.bounds
    return (-INF if lb is None else float(lb)), (INF if ub is None else float(ub)), v.is_integer()


# ----- walking what the form compiler declines -------------------------------------------------


@dataclass(frozen=True)
class LinearParts:
    """``constant + Σ coefs[k] × variable`` where ``id(variable) == var_ids[k]``."""

    var_ids: list[int]
    coefs: list[float]
    constant: float


class LinearWalker:
    """Linear forms of any expression over ``columns`` (every variable of the model); a fixed
    variable among them stays a column, any other fixed variable is its value. Keeps the
    forms of the named expressions it met (with the fast path) until it is dropped: make a
    new one after a mutable parameter changed."""

    def __init__(self, columns: Sequence[Any]) -> None:
        self._visitor: Any = None
        self._columns: dict[int, Any] = {id(v): v for v in columns}
        if fast_walker():
            classes = _visitor_classes()
            assert classes is not None
            visitor, recorder = classes
            # the column map is complete: the recorder is only asked about foreign variables
            self._visitor = visitor({}, var_recorder=recorder(dict(self._columns), None))

    def walk(self, expr: Any) -> LinearParts | None:
        """``expr`` as a linear form (None when it is not linear). A variable outside
        ``columns`` that is not fixed is kept (its id is not a column's: the caller refuses
        it)."""
        if self._visitor is not None:
            repn = self._visitor.walk_expression(expr)
            if repn.nonlinear is not None:
                return None
            return LinearParts(list(repn.linear), list(repn.linear.values()), float(repn.constant))
        return self._public_walk(expr)

    def _public_walk(self, expr: Any) -> LinearParts | None:
        from pyomo.core.expr.visitor import identify_variables
        from pyomo.repn import generate_standard_repn

        held = [
            v
            for v in identify_variables(expr, include_fixed=True)
            if v.fixed and id(v) in self._columns
        ]
        for v in held:
            v.unfix()
        try:
            repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
        finally:
            for v in held:
                v.fix()
        if not repn.is_linear():
            return None
        return LinearParts(
            [id(v) for v in repn.linear_vars],
            [float(c) for c in repn.linear_coefs],
            float(repn.constant),
        )
