"""Projects are visible: the Projects sheet and --json say which were built and what each
decision is worth, derived by hand on tiny instances."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pactopt.io.examples import ExampleData
from pactopt.io.excel_write import save_atomically
from pactopt.io.template import build_template
from pactopt.pipeline import run_solve
from tests.e2e.test_cli import pactopt
from tests.model.tiny import base, load


def _with_project(**changes: object) -> dict[str, object]:
    """base() with project P on A: €5m a year, €10m of output. A fills its €1,000m ceiling
    with free private money anyway, so P's cost is covered and it adds its 10 of output."""
    spec = base()
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "project P",
            "output_meur": 10,
            "cost_meur": 5,
            "source": "ASSUMED: test",
            **changes,
        }
    ]
    return spec


def test_a_built_project_is_listed_with_the_value_of_its_decision(tmp_path: Path) -> None:
    outcome = run_solve(load(_with_project(), tmp_path), tmp_path / "in.xlsx", alternatives=False)
    assert outcome.tables is not None
    row = outcome.tables.projects.set_index("project").loc["P"]
    assert (row["built"], row["mandatory"]) == ("yes", "no")
    assert row["cost_meur"] == pytest.approx(10.0)
    assert row["value_of_decision_meur"] == pytest.approx(10.0)
    assert row["meaning"] == "Built: leaving it out would lose €10m of value."


def test_a_mandatory_project_is_forced(tmp_path: Path) -> None:
    data = load(_with_project(mandatory="yes"), tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", alternatives=False)
    assert outcome.tables is not None
    row = outcome.tables.projects.set_index("project").loc["P"]
    cell = data.cell("Projects", "P", "mandatory")
    assert row["meaning"] == f"Built, and forced: it is mandatory ({cell})."
    assert (
        row["value_of_decision_meur"] is None
        or row["value_of_decision_meur"] != row["value_of_decision_meur"]
    )  # blank: no plan without it


def test_solve_json_lists_the_projects(tmp_path: Path) -> None:
    spec = _with_project()
    settings = {k: (v, "ASSUMED: test") for k, v in spec.pop("settings").items()}
    path = tmp_path / "p.xlsx"
    save_atomically(build_template(ExampleData(settings=settings, sheets=spec)), path)
    result = pactopt("solve", path, "-o", tmp_path / "out.xlsx", "--json")
    assert result.returncode == 0, result.stderr
    projects = json.loads(result.stdout)["projects"]
    assert projects == [
        {"project": "P", "built": True, "value_of_decision_meur": pytest.approx(10.0)}
    ]
