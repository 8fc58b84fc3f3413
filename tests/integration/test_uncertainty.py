"""Monte Carlo: reproducible by seed, independent of the number of workers, a persistent
model whose coefficients change in place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pytest

from pactopt.analysis.engines import run_draws
from pactopt.analysis.uncertainty import PersistentSolver, draw_coefficients, summarise
from pactopt.schema.parse import load_pact
from tests.conftest import REFERENCE_XLSX
from tests.e2e.test_cli import pactopt


@pytest.mark.fast
def test_draws_follow_the_seed_and_stay_within_low_and_high() -> None:
    """Same seed, same draws; another seed, other draws; every draw within [low, high]."""
    data = load_pact(REFERENCE_XLSX)
    a, b, c = (draw_coefficients(data, 50, s) for s in (7, 7, 8))
    assert np.array_equal(a.output_per_eur, b.output_per_eur)
    assert not np.array_equal(a.output_per_eur, c.output_per_eur)
    low = np.array([i.output_per_eur_low for i in data.instruments])
    high = np.array([i.output_per_eur_high for i in data.instruments])
    assert (a.output_per_eur >= low - 1e-12).all() and (a.output_per_eur <= high + 1e-12).all()


@pytest.mark.solve
def test_persistent_model_is_reused_and_matches_central_values() -> None:
    """Re-solving the one model with the central coefficients gives the central optimum; with
    every output coefficient at its low value, output falls."""
    data = load_pact(REFERENCE_XLSX)
    solver = PersistentSolver(data)
    model = solver.model
    central_out = np.array([i.output_per_eur_central for i in data.instruments])
    central_jobs = np.array(
        [
            i.jobs_direct_per_meur_central + i.jobs_indirect_per_meur_central
            for i in data.instruments
        ]
    )
    low_out = np.array([i.output_per_eur_low for i in data.instruments])
    central = solver.solve(0, central_out, central_jobs)
    low = solver.solve(1, low_out, central_jobs)
    assert solver.model is model
    assert central.figures is not None and low.figures is not None
    assert low.figures["output"] < central.figures["output"]
    again = solver.solve(2, central_out, central_jobs)
    assert again.figures == pytest.approx(central.figures)


@pytest.mark.slow
def test_same_seed_same_results_across_worker_counts() -> None:
    """Six draws solved in one process and in two give identical figures and totals."""
    data = load_pact(REFERENCE_XLSX)
    draws = draw_coefficients(data, 6, 11)
    one = run_draws(REFERENCE_XLSX, draws, workers=1)
    two = run_draws(REFERENCE_XLSX, draws, workers=2)
    assert [r.index for r in two] == list(range(6))
    assert [r.figures for r in one] == [r.figures for r in two]
    assert [r.totals for r in one] == [r.totals for r in two]
    percentiles, robustness = summarise(data, one)
    row = percentiles.set_index("figure").loc["Gross output, discounted (€m)"]
    assert row["p5"] <= row["p25"] <= row["p50"] <= row["p75"] <= row["p95"]
    assert robustness["share_of_draws_above"].between(0, 1).all()


@pytest.mark.slow
def test_uncertainty_command_writes_its_sheet(tmp_path: Path) -> None:
    """`pactopt uncertainty` writes how sure (percentiles, two spread charts), each
    instrument's robustness (with a chart), every draw, the Glossary and the Run."""
    out = tmp_path / "u.xlsx"
    result = pactopt("uncertainty", REFERENCE_XLSX, "--draws", "3", "--seed", "5", "-o", out)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Uncertainty", "Instruments", "Draws", "Glossary", "Run"]
    assert len(wb["Uncertainty"]._charts) == 2  # the spread of net output, of net jobs
    assert len(wb["Instruments"]._charts) == 1  # each instrument's share funded above
    assert [c.value for c in wb["Draws"][1]][:2] == ["Draw", "Net output (€m)"]
    assert wb["Draws"].max_row == 4
