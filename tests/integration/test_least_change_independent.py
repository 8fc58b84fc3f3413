"""The least-change plan checked by an independent solver: CBC, on the suite's own PuLP
formulation (tests/independent.py), reaches the plan pactopt shows on the tiny instances of
test_least_change.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.pipeline import SolveOptions, run_solve
from tests.independent import cbc_available, independent_least_change
from tests.integration.test_least_change import _by_instrument_year, _private_only
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.slow  # CBC runs as a process of its own


@pytest.mark.skipif(not cbc_available(), reason="PuLP's CBC binary cannot run here")
def test_an_independent_solver_reaches_the_same_least_change_plan(tmp_path: Path) -> None:
    """CBC, on the suite's own PuLP formulation, finds the least-change plan of the twins
    and of the tolerance case at the same distance from the reference plan and with the same
    instrument totals."""
    for tolerance, b_output in ((0.0, 1.5), (0.01, 2.0)):
        spec = _private_only(base())
        spec["settings"].update({"total_max_meur": 100, "least_change_tolerance": tolerance})
        spec["Instruments"] = [
            instrument("A", reference_plan_meur=100),
            instrument(
                "B",
                output_per_eur_low=b_output,
                output_per_eur_central=b_output,
                output_per_eur_high=b_output,
            ),
        ]
        data = load(spec, tmp_path)
        outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
        targets = {("A", 2025): 50.0, ("A", 2026): 50.0, ("B", 2025): 0.0, ("B", 2026): 0.0}
        distance, spend = independent_least_change(data, targets, tolerance)
        mine = _by_instrument_year(outcome)
        assert distance == pytest.approx(
            sum(abs(mine.get(k, 0.0) - t) for k, t in targets.items()), abs=1e-4
        )
        # the years of B's €95.8m are a tie for both (B's target is 0 in each): the
        # instruments' totals are not
        for name in ("A", "B"):
            theirs = sum(v for (i, _), v in spend.items() if i == name)
            ours = sum(v for (i, _), v in mine.items() if i == name)
            assert ours == pytest.approx(theirs, abs=1e-4)
