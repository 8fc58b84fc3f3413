"""The Python interface: the README's example runs as written, and the functions give the
same answers as the command line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pactopt
from pactopt.errors import InputError
from tests.conftest import REFERENCE_XLSX, REPO


def _readme_example() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Python") :]
    match = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert match is not None
    return match.group(1)


@pytest.mark.slow
def test_the_readme_example_runs_as_written(tmp_path: Path) -> None:
    """Run in a fresh interpreter from the repository (its paths are relative to it), with
    the results written under a temporary folder instead of outputs/."""
    code = _readme_example().replace("outputs/api_example.xlsx", str(tmp_path / "api.xlsx"))
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert run.returncode == 0, run.stderr
    status, objective = run.stdout.splitlines()[0].split(" ", 1)
    assert status == "optimal" and float(objective.replace(",", "")) > 0
    assert (tmp_path / "api.xlsx").is_file()


@pytest.mark.slow
def test_import_pactopt_loads_no_solver_until_used() -> None:
    """`import pactopt` stays light: the API is imported on first use."""
    run = subprocess.run(
        [sys.executable, "-c", "import sys, pactopt; print('pyomo' in sys.modules)"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "False", run.stderr


@pytest.mark.solve
def test_api_results_match_the_reference_run() -> None:
    """solve gives the reference optimum and its tables, and shows the least-change plan at
    exactly the tolerance below it (0.1%: the closest plan gives up all it may); evaluate says
    the reference plan cannot be financed (its procurement unit's public share,
    Instruments!H20); a scenario is applied when named."""
    plan = pactopt.read_workbook(REFERENCE_XLSX)
    result = pactopt.solve(plan, alternatives=False)
    assert result.status == "optimal"
    assert result.best_objective == pytest.approx(47976.67, abs=0.01)
    assert result.objective == pytest.approx(47976.6716 * (1 - 0.001), abs=0.01)
    assert {"summary", "allocation", "marginal", "binding", "projects"} <= set(result.tables)
    evaluated = pactopt.evaluate(plan)
    assert evaluated.iloc[-1]["domain"] == "total"
    assert evaluated.iloc[-1]["spend_meur"] == pytest.approx(33245.0)
    within = evaluated.attrs["within_rules"]
    assert within["feasible"] is False and "Instruments!H20" in within["breaches"]
    flat = pactopt.read_workbook(REFERENCE_XLSX, scenario="no_discounting")
    assert flat.data.settings.discount_rate == 0.0


@pytest.mark.fast
def test_bad_input_raises_with_the_cell(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(InputError):
        pactopt.read_workbook(broken)
