"""The sentence harness's four cases (issue 26), solved once per test session and shared by
the harness of the workbook's and terminal's sentences and the harness of the brief's: the
reference case, a scenario, a new planner's plan that is not the reference case (2026-2031,
tests/e2e/plans) and a MILP (a 0/1 capital budget)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from pactopt.pipeline import Outcome, SolveOptions, run_solve
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario
from pactopt.template.examples import ExampleData
from pactopt.template.generate import build_template
from pactopt.xlsx.write import save_atomically
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import capital_budget, render

QUICK = SolveOptions(alternatives=False)  # no near-optimal ranges (not checked by the harness)
PLAN = Path(__file__).parents[1] / "e2e" / "plans" / "regional_ai_2026_2031.yaml"
CASES = ["reference", "scenario", "new_plan", "milp"]
SCENARIO = "ai_offensive"


def new_plan(path: Path) -> Path:
    """The new planner's plan as an input workbook at ``path``."""
    raw = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    settings = {k: (v["value"], v["source"]) for k, v in raw.pop("settings").items()}
    save_atomically(build_template(ExampleData(settings, raw), (2026, 2031)), path)
    return path


@pytest.fixture(scope="session")
def sentence_cases(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[Path, Outcome]]]:
    """Each case's input file and its one solve."""
    where = tmp_path_factory.mktemp("cases")
    plan = new_plan(where / "regional.xlsx")
    milp = render(capital_budget(), where / "milp.xlsx")
    yield {
        "reference": (REFERENCE_XLSX, run_solve(load_pact(REFERENCE_XLSX), REFERENCE_XLSX, QUICK)),
        "scenario": (
            REFERENCE_XLSX,
            run_solve(load_scenario(REFERENCE_XLSX, SCENARIO), REFERENCE_XLSX, QUICK),
        ),
        "new_plan": (plan, run_solve(load_pact(plan), plan, QUICK)),
        "milp": (milp, run_solve(load_pact(milp), milp, QUICK)),
    }
