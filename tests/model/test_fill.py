"""The build fills its constraints and named expressions itself (``model/pyomo_fast.py``): the
components are those Pyomo's own construction from the same rules makes, index by index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pyomo.environ as pyo
import pytest

from pactopt.model.build import create_model, rule_index
from pactopt.model.built import BuiltModel
from pactopt.model.linear import var_sum
from pactopt.model.pyomo_fast import fill
from pactopt.schema.parse import load_pact
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import full, load

pytestmark = pytest.mark.fast


def _same_component(built: Any, constructed: Any) -> None:
    """Same keys in the same order, each with the same expression text and index."""
    assert list(built.keys()) == list(constructed.keys())
    for key, data in built.items():
        other = constructed[key]
        assert data.index() == other.index() == key
        assert data.parent_component() is built
        assert data.expr.to_string() == other.expr.to_string(), (built.name, key)


@pytest.fixture(scope="module", params=["reference", "full tiny"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> BuiltModel:
    if request.param == "reference":
        return create_model(load_pact(REFERENCE_XLSX))
    return create_model(load(full(), tmp_path_factory.mktemp("fill")))


def test_every_rule_is_built_as_pyomo_would_build_it(built: BuiltModel) -> None:
    model = built.pyomo
    for name, rule in built.rules.items():
        if rule.scalar:  # one row, Pyomo's own scalar construction: rule(m)
            model.add_component(f"again_{name}", pyo.Constraint(rule=rule.rule))
            _same_component(getattr(model, name), getattr(model, f"again_{name}"))
            continue
        members = [c if len(c) > 1 else c[0] for c in rule_index(model, rule)]
        model.add_component(f"again_{name}_index", pyo.Set(initialize=members, ordered=True))
        index = getattr(model, f"again_{name}_index")
        model.add_component(f"again_{name}", pyo.Constraint(index, rule=rule.rule))
        _same_component(getattr(model, name), getattr(model, f"again_{name}"))


def _rule_of(m: Any, name: str) -> Callable[..., Any]:
    """The named expressions' rules as the build wrote them before it filled them."""
    ix = m.ctx.index
    private = set(ix.private_funders)
    rules: dict[str, Callable[..., Any]] = {
        "spend": lambda _, i, y: var_sum(m.funding[i, f, y] for f in ix.funders_of.get(i, ())),
        "public_spend": lambda _, i, y: var_sum(
            m.funding[i, f, y] for f in ix.funders_of.get(i, ()) if f not in private
        ),
        "private_spend": lambda _, i, y: var_sum(
            m.funding[i, f, y] for f in ix.funders_of.get(i, ()) if f in private
        ),
        "shifted_out": lambda _, line, y: var_sum(
            m.shift[line, i, y] for i in ix.shifts_of_line.get(line, ())
        ),
        "total_spend": lambda _, i: sum(m.spend[i, y] for y in m.years),
        "discounted_spend": lambda _, i: sum(
            m.ctx.discount(y + m.ctx.instruments[i].impact_lag_years) * m.spend[i, y]
            for y in m.years
        ),
    }
    return rules[name]


@pytest.mark.parametrize(
    "name",
    ["spend", "shifted_out", "public_spend", "private_spend", "total_spend", "discounted_spend"],
)
def test_named_expressions_are_built_as_pyomo_would_build_them(
    built: BuiltModel, name: str
) -> None:
    model = built.pyomo
    expression = getattr(model, name)
    again = pyo.Expression(expression.index_set(), rule=_rule_of(model, name))
    model.add_component(f"again_{name}", again)
    _same_component(expression, again)
    first = next(iter(expression.keys()))
    assert type(expression[first].expr) is type(again[next(iter(again.keys()))].expr)


def test_fill_keeps_pyomos_checks_of_each_value() -> None:
    """A rule's bool, None or strict inequality is refused as construction refuses it, and
    Skip leaves the index out."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.s = pyo.Set(initialize=[1, 2, 3])
    m.c = pyo.Constraint(m.s)
    fill(m.c, [(1, m.x <= 1), (2, pyo.Constraint.Skip), (3, m.x >= 0)])
    assert list(m.c.keys()) == [1, 3]
    for bad in (True, None, m.x < 1):
        m.del_component("d")
        m.d = pyo.Constraint(m.s)
        with pytest.raises((ValueError, TypeError)):
            fill(m.d, [(1, bad)])
        assert len(m.d) == 0
