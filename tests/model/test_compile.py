"""The form compiler (solver/compile.py) hands HiGHS the same LP as Pyomo's linear visitor,
on the reference model and on rows of every shape it walks or declines."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyomo.environ as pyo
import pytest
from pyomo.core.expr import EqualityExpression

from pactopt.model import pyomo_fast as columns
from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver import compile as forms
from pactopt.solver.highs import DirectHighs
from tests.conftest import REFERENCE_XLSX


def _lp_arrays(direct: DirectHighs) -> dict[str, Any]:
    """The instance's LP, each row's entries in column order (HiGHS keeps rows as given)."""
    lp = direct.highs.getLp()
    matrix = lp.a_matrix_
    start = np.asarray(matrix.start_)
    index = np.asarray(matrix.index_)
    value = np.asarray(matrix.value_)
    if matrix.format_ != matrix.format_.kRowwise:
        raise AssertionError("expected the row-wise matrix the rows were added as")
    rows = np.repeat(np.arange(len(start) - 1), np.diff(start))
    order = np.lexsort((index, rows))
    return {
        "cost": np.asarray(lp.col_cost_),
        "offset": lp.offset_,
        "col_lower": np.asarray(lp.col_lower_),
        "col_upper": np.asarray(lp.col_upper_),
        "row_lower": np.asarray(lp.row_lower_),
        "row_upper": np.asarray(lp.row_upper_),
        "start": start,
        "index": index[order],
        "value": value[order],
    }


def _by_visitor(m: Any, monkeypatch: pytest.MonkeyPatch, **options: Any) -> DirectHighs:
    """``m`` compiled with the form compiler declining every expression: Pyomo's visitor
    walks them all, as before the compiler existed."""

    def decline(self: forms.FormCompiler, node: Any, scale: float, out: forms.Entries) -> float:
        raise forms.Unsupported(node)

    with monkeypatch.context() as patch:
        patch.setattr(forms.FormCompiler, "add", decline)
        return DirectHighs(m, **options)


def _assert_same_lp(m: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same LP, number for number; where Pyomo's visitor is not there (an untested
    Pyomo: ``model/pyomo_fast.py``), ``generate_standard_repn`` walks instead and may sum a
    coefficient in another order, so the numbers are then equal to 1e-15."""
    compiled = _lp_arrays(DirectHighs(m, track_parameters=True))
    visited = _lp_arrays(_by_visitor(m, monkeypatch, track_parameters=True))
    assert compiled.keys() == visited.keys()
    rtol = 0.0 if columns.fast_walker() else 1e-15
    for key, expected in visited.items():
        np.testing.assert_allclose(compiled[key], expected, rtol=rtol, atol=0, err_msg=key)


@pytest.mark.fast
def test_the_reference_model_compiles_to_the_visitors_lp(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_lp(create_model(load_pact(REFERENCE_XLSX)).pyomo, monkeypatch)


def _odd_rows() -> pyo.ConcreteModel:
    """Rows of every shape: sums of named expressions (nested, scaled, negated), a division
    by a parameter, a ranged row, a constant on the left, a variable on both sides, a fixed
    variable, a coefficient that cancels, a row of constants only, a function of a parameter
    as a coefficient, and a linear row the compiler declines (a power whose exponent is a
    parameter at 1), which Pyomo's visitor then walks."""
    m = pyo.ConcreteModel()
    m.p = pyo.Param(initialize=4.0, mutable=True)
    m.q = pyo.Param(initialize=0.5)
    m.x = pyo.Var([1, 2, 3], within=pyo.NonNegativeReals, bounds=(0, 10))
    m.z = pyo.Var(within=pyo.Binary)
    m.fixed = pyo.Var(initialize=2.0)
    m.fixed.fix()
    m.pair = pyo.Expression(expr=m.x[1] + m.x[2])
    m.scaled = pyo.Expression(expr=3 * m.pair - m.x[3] + 1.5)
    m.nested = pyo.Constraint(expr=m.scaled + 2 * m.pair <= 20)
    m.divided = pyo.Constraint(expr=(m.x[1] + m.x[2]) / m.p >= 0.25)
    m.ranged = pyo.Constraint(expr=pyo.inequality(1, m.x[1] - m.q * m.x[3], 8))
    m.left = pyo.Constraint(expr=m.pair >= 2)
    m.both = pyo.Constraint(expr=m.x[1] + 1 <= m.x[2] - m.pair + m.p * m.x[3])
    m.with_fixed = pyo.Constraint(expr=m.x[1] + 5 * m.fixed + m.z == 12)
    m.cancels = pyo.Constraint(expr=m.x[1] + m.x[2] - m.x[1] <= 9)
    m.constant = pyo.Constraint(expr=m.p * m.fixed <= 100)
    m.function = pyo.Constraint(expr=pyo.exp(m.q) * m.x[2] + m.x[3] <= 30)
    m.one = pyo.Param(initialize=1, mutable=True)
    m.declined = pyo.Constraint(expr=m.x[2] ** m.one + m.pair <= 7)
    m.obj = pyo.Objective(expr=m.p * m.pair + m.scaled - m.x[3] / 2, sense=pyo.maximize)
    return m


@pytest.mark.fast
def test_rows_of_every_shape_compile_to_the_visitors_lp(monkeypatch: pytest.MonkeyPatch) -> None:
    _assert_same_lp(_odd_rows(), monkeypatch)


@pytest.mark.fast
def test_only_the_declined_row_is_walked_by_pyomos_visitor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    visited: list[str] = []
    visit = DirectHighs._visit_row

    def counting(self: DirectHighs, con: Any, out: forms.Entries) -> Any:
        visited.append(con.name)
        return visit(self, con, out)

    monkeypatch.setattr(DirectHighs, "_visit_row", counting)
    DirectHighs(_odd_rows())
    assert visited == ["declined"]


@pytest.mark.solve
def test_rows_of_every_shape_solve_and_reread_their_parameters() -> None:
    """The optimum is the visitor's after a parameter changes too (p = 4, then p = 1)."""
    m = _odd_rows()
    direct = DirectHighs(m, track_parameters=True)
    direct.run()
    first = direct.objective_value()
    m.p = 1.0
    direct.update_parameters()
    direct.run()
    again = DirectHighs(m)
    again.run()
    assert direct.objective_value() == pytest.approx(again.objective_value())
    assert direct.objective_value() != pytest.approx(first)


@pytest.mark.fast
def test_a_variable_outside_the_model_is_refused() -> None:
    m = _odd_rows()
    direct = DirectHighs(m)
    stranger = pyo.ConcreteModel()
    stranger.y = pyo.Var()
    with pytest.raises(ValueError, match="outside the model"):
        direct.linear_form(m.x[1] + stranger.y)


def _with_odd_columns() -> pyo.ConcreteModel:
    """The odd rows, with columns of every kind: bounds of their own on some indices only,
    an integer range, a deactivated row and a block below the model."""
    m = _odd_rows()
    m.w = pyo.Var([1, 2, 3], within=pyo.NonNegativeIntegers)
    m.w[2].setub(5)
    m.w[3].setlb(m.q)
    m.free = pyo.Var(within=pyo.Reals)
    m.sub = pyo.Block()
    m.sub.v = pyo.Var(bounds=(-1, 1))
    m.sub.row = pyo.Constraint(expr=m.sub.v + m.w[1] <= 3)
    m.cancels.deactivate()
    return m


@pytest.mark.parametrize(
    "build", [_with_odd_columns, lambda: create_model(load_pact(REFERENCE_XLSX)).pyomo]
)
@pytest.mark.fast
def test_columns_and_rows_are_listed_and_bounded_as_pyomo_gives_them(build: Any) -> None:
    m = build()
    variables = list(m.component_data_objects(pyo.Var, sort=False))
    assert columns.data_objects(m, pyo.Var) == variables
    rows = list(m.component_data_objects(pyo.Constraint, active=True, sort=False))
    assert columns.data_objects(m, pyo.Constraint, active=True) == rows
    lower, upper, integer = columns.column_bounds(variables)
    expected = [_bounds(v) for v in variables]
    assert list(zip(lower.tolist(), upper.tolist(), strict=True)) == expected
    assert integer == [j for j, v in enumerate(variables) if not v.fixed and v.is_integer()]


def _bounds(v: Any) -> tuple[float, float]:
    if v.fixed:
        return v.value, v.value
    lb, ub = v.bounds
    return (-np.inf if lb is None else lb), (np.inf if ub is None else ub)


@pytest.mark.fast
def test_a_bound_on_the_left_moves_the_body_s_constant_over() -> None:
    """x + 1 ≥ 2 (Pyomo keeps it as 2 ≤ x + 1) is the row 1 ≤ x; 4 = y + 1 is y = 3."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 10))
    m.y = pyo.Var(bounds=(0, 10))
    m.floor = pyo.Constraint(expr=m.x + 1 >= 2)
    m.fixed = pyo.Constraint(expr=EqualityExpression((4, m.y + 1)))
    m.obj = pyo.Objective(expr=m.x + m.y)
    lp = DirectHighs(m).highs.getLp()
    assert list(lp.row_lower_) == [1.0, 3.0]
    assert list(lp.row_upper_) == [math.inf, 3.0]


@pytest.mark.fast
def test_forms_compiled_in_one_pass_are_those_compiled_one_by_one() -> None:
    """``linear_forms`` compiles the forms it has not made in one pass; each equals the
    form made alone, on the odd rows' expressions (the declined one among them: the pass
    gives way to one by one) and on the reference model's spending by instrument and year."""
    m = _odd_rows()
    odd = [c.body for c in m.component_data_objects(pyo.Constraint)] + [m.obj.expr]
    reference = create_model(load_pact(REFERENCE_XLSX)).pyomo
    spending = [reference.spend[k] for k in reference.spend] + [reference.objective.expr]
    for model, exprs in ((m, odd), (reference, spending)):
        together = DirectHighs(model).linear_forms(exprs)
        alone = DirectHighs(model)
        assert len(together) == len(exprs)
        for expr, form in zip(exprs, together, strict=True):
            single = alone.linear_form(expr)
            np.testing.assert_array_equal(form.cols, single.cols)
            np.testing.assert_allclose(form.coefs, single.coefs, rtol=1e-15, atol=0)
            assert form.constant == pytest.approx(single.constant, rel=1e-15)
