"""Pyomo's internals are reached only in ``model/pyomo_fast.py``, each fast path with a public
fallback: forced (``PACTOPT_NO_FAST_PATHS``), the fallbacks build the same model and hand HiGHS
the same LP, with the same optimum."""

from __future__ import annotations

from collections.abc import Callable
from importlib import metadata
from typing import Any

import numpy as np
import pyomo.environ as pyo
import pytest

from pactopt.fast_paths import NO_FAST_PATHS, UNTESTED_FAST_PATHS, release
from pactopt.model import pyomo_fast
from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver.highs import DirectHighs
from tests.conftest import REFERENCE_XLSX
from tests.model.test_compile import _by_visitor, _lp_arrays, _odd_rows, _with_odd_columns

pytestmark = pytest.mark.solve

FAST_PATHS: list[Callable[[], bool]] = [
    pyomo_fast.fast_fill,
    pyomo_fast.fast_data_objects,
    pyomo_fast.fast_column_bounds,
    pyomo_fast.fast_walker,
]


def _fast_paths_present() -> None:
    if not all(check() for check in FAST_PATHS):
        pytest.skip("the fast paths are off for this Pyomo release")


def _both_ways(make: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """``make()`` with the fast paths, then with every fallback."""
    _fast_paths_present()
    fast = make()
    with monkeypatch.context() as patch:
        patch.setenv(NO_FAST_PATHS, "1")
        assert not any(check() for check in FAST_PATHS)
        slow = make()
    return fast, slow


def test_the_switch_turns_every_fast_path_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_FAST_PATHS, "1")
    monkeypatch.setenv(UNTESTED_FAST_PATHS, "1")
    assert not any(check() for check in FAST_PATHS)


def test_the_fast_paths_run_on_every_tested_release(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside the tested range every internal is there; outside it they are off unless
    PACTOPT_UNTESTED_FAST_PATHS lets them through."""
    monkeypatch.delenv(NO_FAST_PATHS, raising=False)
    monkeypatch.delenv(UNTESTED_FAST_PATHS, raising=False)
    first, below = (release(v) for v in pyomo_fast.TESTED)
    if first <= release(metadata.version("pyomo")) < below:
        assert all(check() for check in FAST_PATHS)
    else:
        assert not any(check() for check in FAST_PATHS)


def _same_components(fast: Any, slow: Any) -> None:
    """Same components, each with the same keys in the same order and the same expressions."""
    for ctype in (pyo.Constraint, pyo.Expression, pyo.Var):
        mine = list(fast.component_objects(ctype, descend_into=True, sort=False))
        theirs = list(slow.component_objects(ctype, descend_into=True, sort=False))
        assert [c.name for c in mine] == [c.name for c in theirs]
        for a, b in zip(mine, theirs, strict=True):
            assert list(a.keys()) == list(b.keys()), a.name
            if ctype is not pyo.Var:
                for key in a:
                    assert str(a[key].expr) == str(b[key].expr), (a.name, key)


def test_the_fallbacks_build_the_same_model(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = _both_ways(lambda: create_model(load_pact(REFERENCE_XLSX)).pyomo, monkeypatch)
    _same_components(fast, slow)


def test_the_fill_fallback_keeps_pyomos_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    """``component[index] = value`` refuses what the storage step refuses and skips Skip."""
    monkeypatch.setenv(NO_FAST_PATHS, "1")
    m = pyo.ConcreteModel()
    m.x = pyo.Var()
    m.s = pyo.Set(initialize=[1, 2, 3])
    m.c = pyo.Constraint(m.s)
    pyomo_fast.fill(m.c, [(1, m.x <= 1), (2, pyo.Constraint.Skip), (3, m.x >= 0)])
    assert list(m.c.keys()) == [1, 3]
    for bad in (True, None, m.x < 1):
        m.del_component("d")
        m.d = pyo.Constraint(m.s)
        with pytest.raises((ValueError, TypeError)):
            pyomo_fast.fill(m.d, [(1, bad)])
        assert len(m.d) == 0
    with pytest.raises(KeyError):  # and an index outside the index set, as well
        pyomo_fast.fill(m.c, [(4, m.x <= 2)])


@pytest.mark.parametrize(
    "build", [_with_odd_columns, lambda: create_model(load_pact(REFERENCE_XLSX)).pyomo]
)
def test_the_fallbacks_list_and_bound_the_same_columns_and_rows(
    build: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    m = build()

    def listed() -> tuple[Any, ...]:
        variables = pyomo_fast.data_objects(m, pyo.Var)
        rows = pyomo_fast.data_objects(m, pyo.Constraint, active=True)
        lower, upper, integer = pyomo_fast.column_bounds(variables)
        return [id(v) for v in variables], [id(r) for r in rows], lower, upper, integer

    fast, slow = _both_ways(listed, monkeypatch)
    for mine, theirs in zip(fast, slow, strict=True):
        np.testing.assert_array_equal(mine, theirs)


def _assert_same_arrays(fast: dict[str, Any], slow: dict[str, Any], rtol: float = 0.0) -> None:
    """The same LP: structure exactly, numbers to ``rtol`` (a walk may sum in another order)."""
    assert fast.keys() == slow.keys()
    for key in fast:
        if key in ("start", "index", "col_lower", "col_upper"):
            np.testing.assert_array_equal(fast[key], slow[key], err_msg=key)
        else:
            np.testing.assert_allclose(fast[key], slow[key], rtol=rtol, atol=0, err_msg=key)


@pytest.mark.parametrize(
    "build", [_with_odd_columns, lambda: create_model(load_pact(REFERENCE_XLSX)).pyomo]
)
def test_the_fallbacks_hand_highs_the_same_lp_and_optimum(
    build: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built and compiled both ways: the same LP (the form compiler walks most rows either
    way; the declined one is walked by the visitor or generate_standard_repn) and optimum."""

    def solved() -> tuple[dict[str, Any], float, np.ndarray]:
        direct = DirectHighs(build(), track_parameters=True)
        lp = _lp_arrays(direct)
        direct.run()
        return lp, direct.objective_value(), direct.column_values()

    (fast_lp, fast_opt, fast_x), (slow_lp, slow_opt, slow_x) = _both_ways(solved, monkeypatch)
    _assert_same_arrays(fast_lp, slow_lp, rtol=1e-15)
    assert slow_opt == pytest.approx(fast_opt, rel=1e-12)
    np.testing.assert_allclose(slow_x, fast_x, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    "build", [_odd_rows, lambda: create_model(load_pact(REFERENCE_XLSX)).pyomo]
)
def test_generate_standard_repn_walks_every_row_as_the_visitor_does(
    build: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the form compiler declining everything, every row, the objective and the
    parameter rows are walked by the fallback (fixed columns kept as columns, as the
    visitor keeps them): the same LP, up to the order of summing."""
    m = build()
    fixed = [(v, v.value) for v in m.component_data_objects(pyo.Var) if v.fixed]
    assert fixed
    fast, slow = _both_ways(
        lambda: _lp_arrays(_by_visitor(m, monkeypatch, track_parameters=True)), monkeypatch
    )
    _assert_same_arrays(fast, slow, rtol=1e-15)
    assert [(v, v.value) for v in m.component_data_objects(pyo.Var) if v.fixed] == fixed


def test_the_fallback_walker_refuses_what_the_visitor_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(NO_FAST_PATHS, "1")
    m = _odd_rows()
    direct = DirectHighs(m)
    with pytest.raises(ValueError, match="not linear"):
        direct.linear_form(m.x[1] * m.x[2])
    stranger = pyo.ConcreteModel()
    stranger.y = pyo.Var()
    with pytest.raises(ValueError, match="outside the model"):
        direct.linear_form(m.x[1] ** m.one + stranger.y)
    stranger.y.fix(3.0)  # a fixed variable outside the model is its value
    form = direct.linear_form(m.x[1] ** m.one + stranger.y)
    assert form.constant == 3.0
