"""The engines of a sweep (analysis/engines.py): the process pool and Dask give the same
numbers, a Dask worker keeps one model across batches and sweeps, a draw's numbers do not
depend on the draws solved before it, and Ctrl-C writes nothing."""

from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterator
from pathlib import Path

import pytest
from distributed import Client, LocalCluster
from rich.progress import Progress

from pactopt.analysis import engines
from pactopt.analysis.engines import run_draws
from pactopt.analysis.sensitivity import run_sensitivity
from pactopt.analysis.uncertainty import PersistentSolver, draw_coefficients
from pactopt.schema.parse import load_pact
from tests.cli_runner import invoke
from tests.conftest import REFERENCE_XLSX
from tests.model import tiny


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[LocalCluster, Client]]:
    """A 2-worker LocalCluster (processes, a thread each), closed after the module."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as local,
        Client(local) as client,
    ):
        yield local, client


def _models_on_worker() -> list[int]:
    """Run on a Dask worker: the identity of each model it keeps."""
    return [id(solver) for solver in engines._WORKER_SOLVERS.values()]


def test_dask_gives_the_pool_s_numbers_and_keeps_one_model_per_worker(
    cluster: tuple[LocalCluster, Client],
) -> None:
    """Six draws of the reference workbook: the pool of 2 processes, a 2-worker Dask
    cluster and this process give the same figures and totals, bit for bit; each Dask
    worker built one model, and a second sweep of the same data reuses it."""
    local, client = cluster
    data = load_pact(REFERENCE_XLSX)
    draws = draw_coefficients(data, 6, 11)
    pool = run_draws(REFERENCE_XLSX, draws, workers=2)
    dask = run_draws(REFERENCE_XLSX, draws, scheduler=local.scheduler_address)
    alone = run_draws(REFERENCE_XLSX, draws, workers=1)
    assert [r.index for r in dask] == list(range(6))
    assert [r.figures for r in dask] == [r.figures for r in pool] == [r.figures for r in alone]
    assert [r.totals for r in dask] == [r.totals for r in pool]
    models = client.run(_models_on_worker)
    assert [len(ids) for ids in models.values()] == [1, 1]
    run_draws(REFERENCE_XLSX, draw_coefficients(data, 4, 12), scheduler=local.scheduler_address)
    assert client.run(_models_on_worker) == models


def test_sensitivity_on_dask_gives_the_pool_s_indices(
    cluster: tuple[LocalCluster, Client],
) -> None:
    """Morris with two trajectories: the same indices on the pool and on Dask."""
    local, _ = cluster
    data = load_pact(REFERENCE_XLSX)
    pool = run_sensitivity(REFERENCE_XLSX, data, "morris", 2, seed=3, workers=2)
    dask = run_sensitivity(
        REFERENCE_XLSX, data, "morris", 2, seed=3, scheduler=local.scheduler_address
    )
    assert pool.table.equals(dask.table)


def test_a_draw_s_numbers_do_not_depend_on_the_draws_solved_before(tmp_path: Path) -> None:
    """A linear programme with tied instruments (A and B share their coefficients, so
    many plans are optimal): draw 3 solved first, or after draws 0-2 on the same model,
    gives the same figures and the same plan, bit for bit."""
    spec = tiny.base()
    spread = {"output_per_eur_low": 1.0, "output_per_eur_high": 2.0}
    spec["Instruments"] = [
        tiny.instrument("A", **spread),
        tiny.instrument("B", **spread),
        tiny.instrument("C", output_per_eur_low=1.2, output_per_eur_high=1.8),
    ]
    data = tiny.load(spec, tmp_path)
    draws = draw_coefficients(data, 4, 5)
    fresh = PersistentSolver(data)
    assert not fresh.direct.integer_cols
    first = fresh.solve(3, draws.output_per_eur[3], draws.jobs_per_meur[3])
    used = PersistentSolver(data)
    for i in range(3):
        used.solve(i, draws.output_per_eur[i], draws.jobs_per_meur[i])
    after = used.solve(3, draws.output_per_eur[3], draws.jobs_per_meur[3])
    assert after == first


def test_batches_cover_every_item_once_in_small_batches() -> None:
    """Every item in exactly one batch, at least four batches per worker, none larger than
    the cap (the progress bar moves every few draws), none empty (four frontier levels on
    two workers: one a batch)."""
    parts = engines.batches(95, 2)
    assert sorted(i for part in parts for i in part) == list(range(95))
    assert len(parts) >= 8 and max(len(p) for p in parts) <= engines.MAX_BATCH
    assert engines.batches(4, 2) == [[0], [1], [2], [3]]


def _interrupt(self: Progress, *args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    "command",
    [
        ["uncertainty", "--draws", "40", "--workers", "2"],
        ["uncertainty", "--draws", "40", "--workers", "2", "--scheduler", "local"],
        ["sensitivity", "--method", "morris", "--samples", "2", "--workers", "2"],
    ],
    ids=["uncertainty-pool", "uncertainty-dask", "sensitivity-pool"],
)
def test_ctrl_c_during_a_sweep_writes_nothing_and_exits_130(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the first solved batch (as the progress bar advances): exit 130, one line
    saying so, no output file, no worker process left."""
    before = set(mp.active_children())  # the module's cluster, if it is running
    monkeypatch.setattr(Progress, "advance", _interrupt)
    target = tmp_path / "out.xlsx"
    ran = invoke(command[0], REFERENCE_XLSX, *command[1:], "-o", target)
    assert ran.code == 130, ran.stderr
    assert "Interrupted: stopped, and nothing was written" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert set(mp.active_children()) <= before


def test_a_scheduler_that_cannot_be_reached_is_an_input_error(tmp_path: Path) -> None:
    """A malformed address: exit 2 naming the flag, nothing written."""
    target = tmp_path / "out.xlsx"
    ran = invoke("uncertainty", REFERENCE_XLSX, "--scheduler", "nowhere", "-o", target)
    assert ran.code == 2, ran.stderr
    assert "--scheduler nowhere: no Dask scheduler answers" in ran.stderr
    assert not target.exists()
