"""The model's columns and rows in component order, and the columns' bounds, read fast.

Why: at 10^6 variables ``component_data_objects`` spent 1.3 s listing the variables (it
checks every data object against the ones already returned, which only a ``Reference`` can
repeat), and reading each variable's bounds and integrality through Pyomo's properties
another second. ``data_objects`` returns the same objects in the same order (component by
component, each in its index order: the order its data objects were stored in, when every
index has one) and falls back to ``component_data_objects`` when a reference is present. (A
column or row order other than Pyomo's would still give the same LP up to that order: every
map from a column or row back to its component is made from the same list.)
``column_bounds`` reads the bounds and integrality of a domain once, for every variable
without bounds of its own (its ``_lb`` and ``_ub``, Pyomo's slots, unset), and asks Pyomo's
``bounds`` only for the others (``tests/model/test_compile.py`` compares both with Pyomo).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from pyomo.core.base.var import VarData

INF = float("inf")


def data_objects(m: Any, ctype: Any, *, active: bool | None = None) -> list[Any]:
    """``list(m.component_data_objects(ctype, active=active, sort=False))``, faster."""
    components = list(m.component_objects(ctype, active=active, descend_into=True, sort=False))
    if any(c.is_reference() for c in components):
        return list(m.component_data_objects(ctype, active=active, sort=False))
    out: list[Any] = []
    for component in components:
        data = component.values()
        if component.is_indexed() and len(component._data) == len(component.index_set()):
            # every index has its data object, stored in index order when it was built
            # (Pyomo's dense construction of a variable, fill's of a rule): the dict's own
            # order, without walking the index set (a product of sets is walked in Python)
            data = component._data.values()
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
    # a domain's (lower, upper, integer), for the columns without bounds of their own (most);
    # the domain is kept in the value, so that its id is not reused while this runs
    by_domain: dict[int, tuple[Any, float, float, bool]] = {}
    for j, v in enumerate(columns):
        if v.fixed:
            lower[j] = upper[j] = float(v.value)
            continue
        if type(v) is VarData and v._lb is None and v._ub is None:
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
