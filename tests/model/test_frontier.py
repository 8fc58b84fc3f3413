"""The output-jobs frontier: hand-derived on a tiny instance, monotone and checked on the
reference pact."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyomo.environ as pyo
import pytest

from pactopt.analysis.frontier import trace_frontier
from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver.solve import solve_model
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import load, output_or_jobs

pytestmark = pytest.mark.solve


def test_tiny_frontier_derived_by_hand(tmp_path: Path) -> None:
    """A: 1.5 output and 1 job per €m; B: 1.0 output and 10 jobs; together ≤ 1,000 €m, all
    private. Ends: all on A (output 1,500, jobs 1,000) and all on B (1,000, 10,000). The
    middle of 3 points asks jobs ≥ 5,500: x_A + 10 x_B ≥ 5,500 with x_A + x_B = 1,000 gives
    x_B = 500, output 1,250."""
    spec = output_or_jobs()
    points = trace_frontier(load(spec, tmp_path), 3)
    figures = [(p.result.figures["net_output"], p.result.figures["net_jobs"]) for p in points]
    # the second (jobs) stage may give up 1e-7 of output: compare to 1e-5
    assert figures[0] == pytest.approx((1500, 1000), rel=1e-5)
    assert figures[1] == pytest.approx((1250, 5500), rel=1e-5)
    assert figures[2] == pytest.approx((1000, 10_000), rel=1e-5)


@pytest.fixture(scope="module")
def reference_frontier() -> list[object]:
    return trace_frontier(load_pact(REFERENCE_XLSX), 4)  # type: ignore[return-value]


def test_reference_frontier_is_monotone_and_checked(reference_frontier: list[object]) -> None:
    """Jobs rise and output falls along the frontier; every point passes the checker."""
    data = load_pact(REFERENCE_XLSX)
    outputs = [p.result.figures["net_output"] for p in reference_frontier]  # type: ignore[attr-defined]
    jobs = [p.result.figures["net_jobs"] for p in reference_frontier]  # type: ignore[attr-defined]
    assert all(b >= a - 1e-6 for a, b in itertools.pairwise(jobs))
    assert all(b <= a + 1e-6 for a, b in itertools.pairwise(outputs))
    for point in reference_frontier:
        assert violations(data, point.result) == []  # type: ignore[attr-defined]


def test_reference_frontier_ends_are_the_single_objective_optima(
    reference_frontier: list[object],
) -> None:
    """The first point has the most net output, the last the most net jobs."""
    data = load_pact(REFERENCE_XLSX)
    best = {}
    for name in ("net_output", "net_jobs"):
        built = create_model(data)
        built.pyomo.objective.deactivate()
        built.pyomo.only = pyo.Objective(expr=built.component(name), sense=pyo.maximize)
        best[name] = solve_model(built, data.settings, want_duals=False).figures[name]
    first, last = reference_frontier[0], reference_frontier[-1]
    assert first.result.figures["net_output"] == pytest.approx(best["net_output"], rel=1e-6)  # type: ignore[attr-defined]
    assert last.result.figures["net_jobs"] == pytest.approx(best["net_jobs"], rel=1e-6)  # type: ignore[attr-defined]
