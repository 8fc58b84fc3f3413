"""Global sensitivity through the whole path (SALib sample → coefficients → persistent
re-solves → indices), on a tiny instance whose net output is an additive function of two
coefficients with known variances, and a smoke run on the reference pact.

Tiny: A and B are held at €100m and €50m (min = max), paid by private money (nothing is
forgone), no jobs, no discounting, uniform draws: net output = 100 o_A + 50 o_B with
o_A ~ U(1, 2) and o_B ~ U(0, 4). Var(100 o_A) = 100² / 12 = 833.3 and
Var(50 o_B) = 50² × 16 / 12 = 3,333.3, so S1 = ST = 0.2 for A and 0.8 for B exactly.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pactopt.analysis.sensitivity import (
    coefficient_groups,
    quantile_values,
    run_sensitivity,
)
from pactopt.glossary import BASIS_NOTE
from pactopt.schema.parse import load_pact
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import base, instrument, render

NO_JOBS = {
    f"jobs_{kind}_per_meur_{level}": 0.0
    for kind in ("direct", "indirect")
    for level in ("low", "central", "high")
}


def additive(tmp_path: Path) -> Path:
    spec = base()
    spec["settings"]["uncertainty_distribution"] = "uniform"
    spec["Instruments"] = [
        instrument(
            "A",
            min_total_meur=100,
            max_total_meur=100,
            output_per_eur_low=1.0,
            output_per_eur_central=1.5,
            output_per_eur_high=2.0,
            **NO_JOBS,
        ),
        instrument(
            "B",
            min_total_meur=50,
            max_total_meur=50,
            output_per_eur_low=0.0,
            output_per_eur_central=2.0,
            output_per_eur_high=4.0,
            **NO_JOBS,
        ),
    ]
    return render(spec, tmp_path / "additive.xlsx")


@pytest.mark.solve
def test_sobol_indices_of_an_additive_instance_match_their_variances(tmp_path: Path) -> None:
    path = additive(tmp_path)
    data = load_pact(path)
    result = run_sensitivity(path, data, "sobol", 256, seed=7)
    assert result.solves == 256 * (2 + 2)
    rows = result.table[result.table["response"] == "net_output"].set_index("group")
    assert rows["S1"].to_dict() == pytest.approx({"A": 0.2, "B": 0.8}, abs=0.06)
    assert rows["ST"].to_dict() == pytest.approx({"A": 0.2, "B": 0.8}, abs=0.06)
    # the allocation is held: its indices are zero, not NaN
    domain = result.table[result.table["response"] == "domain D"]
    assert domain["ST"].tolist() == [0.0, 0.0]


@pytest.mark.solve
def test_morris_ranks_the_wider_estimate_first(tmp_path: Path) -> None:
    """Morris's elementary effect of a linear response is its slope in the quantile: for A
    100 €m × (2 − 1) = 100 per unit of quantile, for B 50 €m × (4 − 0) = 200."""
    path = additive(tmp_path)
    result = run_sensitivity(path, load_pact(path), "morris", 4, seed=3)
    rows = result.table[result.table["response"] == "net_output"].set_index("group")
    assert rows["mu_star"].to_dict() == pytest.approx({"A": 100.0, "B": 200.0})


@pytest.mark.fast
def test_quantiles_map_through_each_distribution() -> None:
    q = np.array([0.0, 0.5, 1.0])
    assert quantile_values(1, 2, 3, q, "triangular").tolist() == pytest.approx([1, 2, 3])
    assert quantile_values(0, 1, 4, q, "uniform").tolist() == pytest.approx([0, 2, 4])
    # triangle (0, 0, 1): F(x) = 1 − (1 − x)², so the median is 1 − √0.5
    median = quantile_values(0, 0, 1, np.array([0.5]), "triangular")[0]
    assert median == pytest.approx(1 - 0.5**0.5)
    assert quantile_values(0, 0.5, 1, np.array([0.5]), "pert")[0] == pytest.approx(0.5)


@pytest.mark.solve
def test_reference_pact_smoke() -> None:
    """A small Morris run on the reference pact: every group and response gets indices."""
    data = load_pact(REFERENCE_XLSX)
    groups = coefficient_groups(data)
    result = run_sensitivity(REFERENCE_XLSX, data, "morris", 2, seed=0)
    assert result.solves == 2 * (len(groups) + 1)
    responses = {"net_output", "net_jobs", *(f"domain {d.id}" for d in data.domains)}
    assert set(result.table["response"]) == responses
    assert len(result.table) == len(responses) * len(groups)
    assert result.table["mu_star"].notna().all()


@pytest.mark.slow
def test_the_command_writes_a_tornado_and_names_the_estimates(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tests.e2e.test_cli import pactopt

    path = additive(tmp_path)
    target = tmp_path / "sens.xlsx"
    done = pactopt("sensitivity", path, "--method", "morris", "--samples", "2", "-o", target)
    assert done.returncode == 0, done.stderr
    # B's slope (200 per unit quantile) before A's (100): B is the estimate to improve first
    # each estimate by its instrument's name (and id), not by an internal id alone
    said = " ".join(done.stdout.split())
    assert "for net output instrument B (B) (200); instrument A (A) (100)" in said
    wb = load_workbook(target)
    assert wb.sheetnames == ["Sensitivity", "Indices", "Groups", "Glossary", "Run"]
    # Morris's μ* are in €m for net output and in jobs for net jobs: one chart each
    assert len(wb["Sensitivity"]._charts) == 2
    assert wb["Sensitivity"]["A3"].value == BASIS_NOTE  # title, sentence, basis, table
    assert wb["Sensitivity"]["A6"].value == "instrument B (B)"
    run = dict(wb["Run"].iter_rows(values_only=True))
    assert run["command"].startswith("pactopt sensitivity")
    assert (run["method"], run["samples"], run["seed"], run["workers"]) == ("morris", 2, 0, 1)
    assert run["solves"] == 2 * (2 + 1)  # Morris: N × (groups + 1)
    bad = pactopt("sensitivity", path, "--method", "sobol", "--samples", "6")
    assert bad.returncode == 2 and "power of two" in bad.stderr


@pytest.mark.slow
def test_the_json_names_each_group_s_instruments_and_the_run(tmp_path: Path) -> None:
    """A script can tell which instruments an estimate stands for, and how it was run."""
    import json

    from tests.e2e.test_cli import pactopt

    path = additive(tmp_path)
    done = pactopt(
        "sensitivity", path, "--method", "morris", "--samples", "2", "--seed", "4", "--json"
    )
    assert done.returncode == 0, done.stderr
    said = json.loads(done.stdout)
    assert sorted((g["group"], g["instruments"]) for g in said["groups"]) == [
        ("A", ["A"]),
        ("B", ["B"]),
    ]
    assert (said["run"]["method"], said["run"]["seed"], said["run"]["solves"]) == ("morris", 4, 6)
    assert said["run"]["scheduler"] == "this machine"
