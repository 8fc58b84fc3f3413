"""What the compiled model proves about a linear form (solver/bounds.py), on a hand-made LP:
bounds from the columns alone, from a row that states the form or a multiple of it, and many
forms evaluated together at a solution, empty ones included."""

from __future__ import annotations

import numpy as np
import pyomo.environ as pyo
import pytest

from pactopt.solver.bounds import INF, FormValues, implied_bounds
from pactopt.solver.highs import DirectHighs, LinearForm

pytestmark = pytest.mark.fast


def _lp() -> pyo.ConcreteModel:
    """0 ≤ x ≤ 3, y ≥ 1, z free;  2 ≤ 2x + 4y ≤ 20 (the form x + 2y, times 2);
    −6 ≤ −3z ≤ 9 (the form z, times −3); x + y + z ≤ 100 (no form of the tests states it)."""
    m = pyo.ConcreteModel()
    m.x = pyo.Var(bounds=(0, 3))
    m.y = pyo.Var(bounds=(1, None))
    m.z = pyo.Var()
    m.doubled = pyo.Constraint(expr=pyo.inequality(2, 2 * m.x + 4 * m.y, 20))
    m.negated = pyo.Constraint(expr=pyo.inequality(-6, -3 * m.z, 9))
    m.loose = pyo.Constraint(expr=m.x + m.y + m.z <= 100)
    m.obj = pyo.Objective(expr=m.x + m.y + m.z, sense=pyo.maximize)
    return m


def test_bounds_come_from_columns_and_from_rows_that_state_the_form() -> None:
    m = _lp()
    direct = DirectHighs(m)
    forms = direct.linear_forms(
        [
            m.x + 2 * m.y + 5,  # columns: ≥ 0 + 2 + 5 = 7; the row: 1 + 5 ≤ · ≤ 10 + 5
            m.z,  # columns: free; the row −3z ∈ [−6, 9]: z ∈ [−3, 2]
            m.x,  # columns alone: [0, 3]
            m.x - m.y,  # columns: x − y ≤ 3 − 1 = 2, unbounded below
            m.x + m.y,  # no row states it: [1, ∞)
        ]
    )
    bounds = implied_bounds(direct.highs, forms)
    assert bounds[0] == pytest.approx([7.0, 15.0])
    assert bounds[1] == pytest.approx([-3.0, 2.0])
    assert bounds[2] == pytest.approx([0.0, 3.0])
    assert bounds[3][0] == -INF and bounds[3][1] == pytest.approx(2.0)
    assert bounds[4][0] == pytest.approx(1.0) and bounds[4][1] == INF


def test_a_row_with_the_same_columns_but_other_proportions_proves_nothing() -> None:
    """2x + 4y is not a multiple of x + y: only the columns bound x + y."""
    m = _lp()
    direct = DirectHighs(m)
    (form,) = direct.linear_forms([m.x + m.y])
    assert implied_bounds(direct.highs, [form])[0][1] == INF


def test_many_forms_are_evaluated_at_once_empty_ones_included() -> None:
    x = np.array([1.0, 2.0, 3.0])
    forms = [
        LinearForm(np.array([], dtype=np.int32), np.array([]), 4.0),
        LinearForm(np.array([0, 2], dtype=np.int32), np.array([2.0, -1.0]), 0.5),
        LinearForm(np.array([1], dtype=np.int32), np.array([10.0]), 0.0),
        LinearForm(np.array([], dtype=np.int32), np.array([]), -1.0),
    ]
    assert list(FormValues(forms).at(x)) == pytest.approx([4.0, 2 - 3 + 0.5, 20.0, -1.0])
    assert list(FormValues([]).at(x)) == []
