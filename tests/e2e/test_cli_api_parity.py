"""The command line and the Python API are two doors to one application layer: called with
their default arguments on the same workbook, they give the same numbers for solve (with
every scenario), frontier, uncertainty and sensitivity. A small plan with spread
coefficients and a scenario keeps every sweep cheap (16 draws in its Settings)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import pactopt
from pactopt.report.json_payloads import records
from tests.cli_runner import invoke
from tests.model import tiny

pytestmark = pytest.mark.solve


def _spread(id_: str, output: tuple[float, float, float], jobs: tuple[float, float, float]) -> Any:
    levels = ("low", "central", "high")
    return tiny.instrument(
        id_,
        max_total_meur=120,
        **{f"output_per_eur_{k}": v for k, v in zip(levels, output, strict=True)},
        **{f"jobs_direct_per_meur_{k}": v for k, v in zip(levels, jobs, strict=True)},
    )


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = tiny.base()
    spec["settings"]["uncertainty_draws"] = 16
    spec["Instruments"] = [
        _spread("A", (1.2, 1.5, 1.8), (0.5, 1.0, 3.0)),
        _spread("B", (1.0, 1.4, 2.0), (1.0, 2.0, 2.5)),
    ]
    spec["Scenarios"] = [
        {
            "scenario": "b_better",
            "sheet": "Instruments",
            "row_id": "B",
            "column": "output_per_eur_central",
            "value": "1.7",
            "source": "ASSUMED: test",
        }
    ]
    return tiny.render(spec, tmp_path_factory.mktemp("parity") / "plan.xlsx")


def _cli(command: str, *args: str | Path) -> dict[str, Any]:
    ran = invoke(command, *args, "--json")
    assert ran.code == 0, ran.stderr
    payload: dict[str, Any] = json.loads(ran.stdout)
    return payload


def _same(cli_rows: list[dict[str, Any]], api_rows: list[dict[str, Any]]) -> None:
    """Row by row, key by key: numbers to 1e-9 relative, everything else equal."""
    assert len(cli_rows) == len(api_rows)
    for ours, theirs in zip(cli_rows, api_rows, strict=True):
        for key, value in theirs.items():
            if isinstance(value, float):
                assert ours[key] == pytest.approx(value, rel=1e-9, abs=1e-9), key
            else:
                assert ours[key] == value, key


def test_solve_with_every_scenario_gives_the_same_numbers(workbook: Path, tmp_path: Path) -> None:
    cli = _cli("solve", workbook, "-o", tmp_path / "r.xlsx", "--all-scenarios")
    runs = pactopt.scenarios(pactopt.read_workbook(workbook))
    base = runs.results["base"]
    assert cli["objective"] == pytest.approx(base.objective, rel=1e-12)
    _same(cli["instruments"], records(base.tables["allocation"]))
    _same(cli["domains"], records(base.tables["domains"]))
    assert [s["scenario"] for s in cli["scenarios"]] == list(runs.results)
    for scenario in cli["scenarios"]:
        assert scenario["objective"] == pytest.approx(runs.results[scenario["scenario"]].objective)
    assert runs.comparison is not None
    _same(cli["comparison"], records(runs.comparison))
    # and a plain solve is the base of that comparison
    alone = pactopt.solve(pactopt.read_workbook(workbook))
    assert alone.objective == pytest.approx(base.objective, rel=1e-12)


def test_frontier_gives_the_same_points(workbook: Path, tmp_path: Path) -> None:
    cli = _cli("frontier", workbook, "-o", tmp_path / "f.xlsx")
    table = pactopt.frontier(pactopt.read_workbook(workbook))
    assert len(table) == 7  # the default number of points, held once by FrontierRequest
    _same(cli["points"], records(table))


def test_uncertainty_gives_the_same_draws(workbook: Path, tmp_path: Path) -> None:
    """Both draw the Settings' 16 draws from seed 0 (the API drew 50 from seed 1)."""
    cli = _cli("uncertainty", workbook, "-o", tmp_path / "u.xlsx")
    percentiles, robustness = pactopt.uncertainty(pactopt.read_workbook(workbook))
    assert cli["draws"] == 16 and cli["seed"] == 0
    _same(cli["percentiles"], records(percentiles))
    _same(cli["robustness"], records(robustness))


def test_sensitivity_gives_the_same_indices(workbook: Path, tmp_path: Path) -> None:
    cli = _cli("sensitivity", workbook, "-o", tmp_path / "s.xlsx")
    table = pactopt.sensitivity(pactopt.read_workbook(workbook))
    assert cli["method"] == "sobol" and cli["samples"] == 32
    _same(cli["indices"], records(table))
    assert {g["group"]: g["instruments"] for g in cli["groups"]} == table.attrs["groups"]


def test_the_api_s_keywords_are_the_request_s_fields(workbook: Path) -> None:
    """A keyword that is no field of the request is refused, not ignored."""
    plan = pactopt.read_workbook(workbook)
    with pytest.raises(TypeError, match="drawz"):
        pactopt.uncertainty(plan, drawz=3)
    percentiles, _ = pactopt.uncertainty(plan, draws=4, seed=2)
    assert len(percentiles) > 0
