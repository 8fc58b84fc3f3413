"""The engines of a sweep (analysis/engines.py): the process pool and Dask give the same
numbers (draws, frontier points, scenarios), a Dask worker keeps one model across batches
and sweeps, a draw's numbers do not depend on the draws solved before it, and Ctrl-C
writes nothing."""

from __future__ import annotations

import itertools
import json
import multiprocessing as mp
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from distributed import Client, LocalCluster
from rich.progress import Progress

from pactopt.analysis import engines
from pactopt.analysis.alternatives import near_optimal_ranges
from pactopt.analysis.engines import Engine, run_draws
from pactopt.analysis.frontier import trace_frontier
from pactopt.analysis.sensitivity import run_sensitivity
from pactopt.analysis.uncertainty import PersistentSolver, draw_coefficients
from pactopt.model.build import create_model
from pactopt.pipeline import SolveOptions, Spread
from pactopt.pipeline.scenarios import ScenarioJob, solve_scenarios
from pactopt.report.comparison import comparison_table
from pactopt.report.plan_frames import frontier_table
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario, scenario_names
from pactopt.solver.solve import open_solver, solve_model
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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.solve
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


@pytest.mark.fast
def test_batches_cover_every_item_once_in_small_batches() -> None:
    """Every item in exactly one batch, at least four batches per worker, none larger than
    the cap (the progress bar moves every few draws), none empty (four frontier levels on
    two workers: one a batch)."""
    parts = engines.batches(95, 2)
    assert sorted(i for part in parts for i in part) == list(range(95))
    assert len(parts) >= 8 and max(len(p) for p in parts) <= engines.MAX_BATCH
    assert engines.batches(4, 2) == [[0], [1], [2], [3]]


@pytest.mark.slow
def test_the_frontier_is_the_same_on_every_engine(cluster: tuple[LocalCluster, Client]) -> None:
    """Five points of the reference frontier (its two ends in this process, three levels
    on the engine): this process, a pool of 2 and a 2-worker Dask cluster give the same
    Frontier table, to a relative 1e-9 (bit for bit when measured: every level starts from
    the same state)."""
    local, _ = cluster
    data = load_pact(REFERENCE_XLSX)
    tables = [
        frontier_table(data, [(p.jobs_floor, p.result) for p in traced])
        for traced in (
            trace_frontier(data, 5),
            trace_frontier(data, 5, workers=2),
            trace_frontier(data, 5, scheduler=local.scheduler_address),
        )
    ]
    assert len(tables[0]) == 5
    for table in tables[1:]:
        pd.testing.assert_frame_equal(table, tables[0], check_exact=False, rtol=1e-9)


@pytest.mark.slow
def test_all_scenarios_compare_the_same_on_every_engine(
    cluster: tuple[LocalCluster, Client],
) -> None:
    """Two scenarios of the reference workbook (without near-optimal ranges, which the
    Comparison sheet does not show): in this process, on a pool of 2 and on a 2-worker
    Dask cluster, the same Comparison figures to a relative 1e-9."""
    local, _ = cluster
    data = load_pact(REFERENCE_XLSX)
    names = scenario_names(data)[:2]
    variants = [load_scenario(REFERENCE_XLSX, name) for name in names]
    comparisons = []
    for spread in (Spread(1), Spread(2), Spread(scheduler=local.scheduler_address)):
        job = ScenarioJob(REFERENCE_XLSX, SolveOptions(alternatives=False, spread=spread))
        outcomes = solve_scenarios(variants, job)
        assert [o.data.scenario for o in outcomes] == names
        solved = [(n, o.tables) for n, o in zip(names, outcomes, strict=True) if o.tables]
        comparisons.append(comparison_table(solved))
    assert len(comparisons[0].columns) == 1 + len(names)
    for comparison in comparisons[1:]:
        pd.testing.assert_frame_equal(comparison, comparisons[0], check_exact=False, rtol=1e-9)


def _interrupt_at(call: int) -> Callable[..., None]:
    """A progress bar's ``advance`` that raises KeyboardInterrupt at its ``call``-th call."""
    calls = itertools.count(1)

    def advance(self: Progress, *args: object, **kwargs: object) -> None:
        if next(calls) >= call:
            raise KeyboardInterrupt

    return advance


@pytest.mark.parametrize(
    ("command", "call"),
    [
        (["uncertainty", "--draws", "40", "--workers", "2"], 1),
        (["uncertainty", "--draws", "40", "--workers", "2", "--scheduler", "local"], 1),
        (["sensitivity", "--method", "morris", "--samples", "2", "--workers", "2"], 1),
        # the two ends are solved in this process first: the third point is the pool's
        (["frontier", "--points", "8", "--workers", "2"], 3),
        (["solve", "--all-scenarios", "--no-alternatives", "--workers", "2"], 1),
    ],
    ids=[
        "uncertainty-pool",
        "uncertainty-dask",
        "sensitivity-pool",
        "frontier-pool",
        "scenarios-pool",
    ],
)
@pytest.mark.slow
def test_ctrl_c_during_a_sweep_writes_nothing_and_exits_130(
    command: list[str], call: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the first batch solved on the engine (as the progress bar advances): exit
    130, one line saying so, no output file, no worker process left."""
    before = set(mp.active_children())  # the module's cluster, if it is running
    monkeypatch.setattr(Progress, "advance", _interrupt_at(call))
    target = tmp_path / "out.xlsx"
    ran = invoke(command[0], REFERENCE_XLSX, *command[1:], "-o", target)
    assert ran.code == 130, ran.stderr
    assert "Interrupted: stopped, and nothing was written" in ran.stderr
    assert "Traceback" not in ran.stderr
    assert not target.exists() and list(tmp_path.iterdir()) == []
    assert set(mp.active_children()) <= before


@pytest.mark.parametrize("command", [["uncertainty"], ["frontier", "--points", "2"]])
@pytest.mark.solve
def test_a_scheduler_that_cannot_be_reached_is_an_input_error(
    command: list[str], tmp_path: Path
) -> None:
    """A malformed address: exit 2 naming the flag, nothing written."""
    target = tmp_path / "out.xlsx"
    ran = invoke(command[0], REFERENCE_XLSX, *command[1:], "--scheduler", "nowhere", "-o", target)
    assert ran.code == 2, ran.stderr
    assert "--scheduler nowhere: no Dask scheduler answers" in ran.stderr
    assert not target.exists()


@pytest.mark.slow
def test_the_near_optimal_ranges_are_the_same_on_every_engine(
    cluster: tuple[LocalCluster, Client],
) -> None:
    """The reference workbook's 39 ranges (a MILP, its projects held): a pool of 2 and a
    2-worker Dask cluster give the same ranges, bit for bit (each part starts from the held
    optimum's basis), and this process's, which also uses the solutions met on the way,
    to 1e-6 €m."""
    local, _ = cluster
    data = load_pact(REFERENCE_XLSX)
    m = create_model(data)
    direct = open_solver(m, data.settings)
    optimum = solve_model(m, data.settings, direct=direct)
    alone = near_optimal_ranges(m, direct, data, optimum)
    pool = near_optimal_ranges(m, direct, data, optimum, engine=Engine(workers=2))
    dask = near_optimal_ranges(
        m, direct, data, optimum, engine=Engine(scheduler=local.scheduler_address)
    )
    assert len(alone) == len(pool) == 39
    assert pool == dask
    for mine, theirs in zip(alone, pool, strict=True):
        assert (mine.kind, mine.key) == (theirs.kind, theirs.key)
        assert mine.low_meur == pytest.approx(theirs.low_meur, abs=1e-6)
        assert mine.high_meur == pytest.approx(theirs.high_meur, abs=1e-6)


@pytest.mark.slow
def test_solve_spreads_its_ranges_and_says_so_on_the_run_sheet(tmp_path: Path) -> None:
    """solve --workers 2 (no scenarios): the ranges run on a pool of 2, the Alternatives
    sheet is this process's to 1e-6 €m, and the Run sheet names the workers."""
    spread, alone = tmp_path / "spread.xlsx", tmp_path / "alone.xlsx"
    assert invoke("solve", REFERENCE_XLSX, "--workers", "2", "-o", spread).code == 0
    assert invoke("solve", REFERENCE_XLSX, "-o", alone).code == 0
    sheets = [openpyxl.load_workbook(p)["Alternatives"] for p in (spread, alone)]
    a, b = (pd.DataFrame(list(ws.iter_rows(values_only=True))[1:]) for ws in sheets)
    pd.testing.assert_frame_equal(a, b, check_exact=False, atol=1e-6, check_dtype=False)
    run = dict(openpyxl.load_workbook(spread)["Run"].iter_rows(values_only=True, max_col=2))
    assert (run["option engine"], run["option workers"]) == ("process pool", 2)


@pytest.mark.slow
def test_ctrl_c_during_the_ranges_of_a_solve_on_a_pool_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the ranges' first step from the pool (as their bar advances)."""
    before = set(mp.active_children())
    monkeypatch.setattr(Progress, "advance", _interrupt_at(1))
    target = tmp_path / "out.xlsx"
    ran = invoke("solve", REFERENCE_XLSX, "--workers", "2", "-o", target)
    assert ran.code == 130, ran.stderr
    assert "Interrupted: stopped, and nothing was written" in ran.stderr
    assert list(tmp_path.iterdir()) == []
    assert set(mp.active_children()) <= before


@pytest.mark.solve
def test_the_frontier_s_run_sheet_names_its_engine(tmp_path: Path) -> None:
    """The Frontier workbook's Run sheet and its JSON ``run`` say the engine and workers."""
    target = tmp_path / "frontier.xlsx"
    ran = invoke("frontier", REFERENCE_XLSX, "--points", "2", "--json", "-o", target)
    assert ran.code == 0, ran.stderr
    run = json.loads(ran.stdout)["run"]
    assert (run["engine"], run["workers"], run["scheduler"]) == ("this process", 1, "this machine")
    rows = dict(openpyxl.load_workbook(target)["Run"].iter_rows(values_only=True, max_col=2))
    assert rows["engine"] == "this process" and rows["workers"] == 1
