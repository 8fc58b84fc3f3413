"""Indexed Pyomo components filled from explicit lists of (index, value).

Why: ``pyo.Constraint(index, rule=f)`` and ``pyo.Expression(index, rule=f)`` call ``f`` through
Pyomo's initializer and iterate their index set; at 10^6 variables that machinery was about
a third of the build. Here the component is declared empty, its values are computed by the
caller (the same rules, called the same way, in the same order) and stored with Pyomo's own
``_setitem_when_not_present``, the storage step of its construction, which still checks each
value as construction does (a strict inequality, a bool or None is refused, ``Skip``
skipped). The model is the same: the same index, the same data objects in the same order,
the same expressions (``tests/model/test_build.py`` compares them with Pyomo's own
construction).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def fill(component: Any, items: Iterable[tuple[Any, Any]]) -> Any:
    """Store ``value`` at ``index`` for each item in ``component`` (declared on a model, with
    ``initialize={}`` for an Expression or no rule for a Constraint); returns it."""
    store = component._setitem_when_not_present
    for index, value in items:
        store(index, value)
    return component
