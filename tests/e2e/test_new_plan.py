"""A planner's first plan in one sitting: a fresh template for any horizon, filled with a
plan that is not the reference case, validates in one round and solves."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pactopt.pipeline import SolveOptions, run_solve
from pactopt.schema.parse import load_pact
from pactopt.template.examples import ExampleData
from pactopt.template.generate import build_template, write_template
from pactopt.xlsx.write import save_atomically

PLAN = Path(__file__).parent / "plans" / "regional_ai_2026_2031.yaml"


@pytest.mark.parametrize("years", [2, 6, 12, 30])
@pytest.mark.slow  # in process, but it writes whole workbooks: seconds, not the edit loop's
def test_the_example_round_trips_any_horizon(tmp_path: Path, years: int) -> None:
    """The reference example written for a 2-to-30-year horizon starting in 2026 validates
    with exactly those years (values kept where the horizons overlap)."""
    path = tmp_path / f"h{years}.xlsx"
    write_template(path, "digital-pact", horizon=(2026, 2026 + years - 1))
    data = load_pact(path)
    assert data.years == tuple(range(2026, 2026 + years))


@pytest.mark.solve
def test_a_new_regional_plan_validates_in_one_round_and_solves(tmp_path: Path) -> None:
    """The plan's YAML, typed into a fresh 2026-2031 template: valid at the first try, and
    the regional money shifted (20% of €150m a year, six years: at most €180m) is spent."""
    raw = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    settings = {k: (v["value"], v["source"]) for k, v in raw.pop("settings").items()}
    path = tmp_path / "regional.xlsx"
    save_atomically(build_template(ExampleData(settings, raw), (2026, 2031)), path)
    data = load_pact(path)
    assert data.years == tuple(range(2026, 2032))
    outcome = run_solve(data, path, SolveOptions(alternatives=False))
    assert outcome.result.status.value == "optimal"
    shifted = sum(outcome.result.value_map("shift").values())
    assert 0 < shifted <= 180 + 1e-6
