"""A small run of each benchmark, so that they cannot rot (timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def run_benchmark(script: str, *args: str) -> str:
    """Run ``benchmarks/<script>``; its standard output (it must exit 0)."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_uncertainty_benchmark_runs() -> None:
    """Two draws through every path of the benchmark print its table."""
    out = run_benchmark("bench_uncertainty.py", "--draws", "2")
    for line in (
        "HiGHS alone",
        "pactopt persistent re-solve",
        "rebuild + solve",
        "speed-up with 2 workers",
    ):
        assert line in out


def test_sweep_benchmark_runs() -> None:
    """Four draws of the smallest generated pact on every engine: the per-draw table, the
    draws per second, and one set of objectives everywhere."""
    out = run_benchmark("bench_sweep.py", "--size", "4x1", "--draws", "4", "--lp-method", "choose")
    for line in ("HiGHS alone", "process pool, one of 2", "Dask LocalCluster, one of 2"):
        assert line in out
    assert "same objectives on every engine and HiGHS alone: yes" in out


def test_scale_benchmark_runs() -> None:
    """Two tiny sizes through every column of the scale table, with pactopt's and HiGHS's
    objectives in agreement (the table flags any difference)."""
    out = run_benchmark("bench_scale.py", "--sizes", "4x1,6x2", "--repeat", "2")
    assert "(b+s)/HiGHS" in out and "build time grows as variables^" in out
    assert "objectives differ" not in out


def test_profile_script_runs() -> None:
    """The profiling script prints the build profile and the split of the solve."""
    out = run_benchmark("profile_scale.py", "--size", "4x1")
    assert "== build:" in out and "compile into HiGHS" in out


def test_linopy_peer_benchmark_runs_and_agrees() -> None:
    """The smallest generated pact, built with linopy and with pactopt, has one optimum."""
    out = run_benchmark("bench_linopy.py", "--sizes", "4x1")
    row = next(line for line in out.splitlines() if line.startswith("| 4x1 |"))
    assert row.endswith("| yes |"), row


def test_robust_benchmark_runs() -> None:
    """Two draws, one run each: the table of central against robust solve times."""
    out = run_benchmark("bench_robust.py", "--draws", "2", "--repeat", "1")
    assert "solve s" in out and "total s" in out


def test_far_cell_benchmark_runs() -> None:
    """One run of each far-cell workbook: the value is exit 2, the styled cell exit 0."""
    out = run_benchmark("bench_far_cell.py", "--repeat", "1")
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()}
    assert lines["value"][-1] == "2" and lines["styled empty cell"][-1] == "0"


def test_junk_rows_benchmark_runs() -> None:
    """A hundred junk rows: validate says exit 2 (each row breaks 16 rules)."""
    out = run_benchmark("bench_junk_rows.py", "--rows", "100", "--repeat", "1")
    [row] = [line.split() for line in out.splitlines() if line.strip().startswith("100 ")]
    assert row[-1] == "2"


def test_compile_benchmark_runs_and_both_paths_agree() -> None:
    """The smallest generated pact, compiled by the form compiler and by Pyomo's visitor
    alone, and solved on each: the same LP, so its row ends 'yes'."""
    out = run_benchmark("bench_compile.py", "--sizes", "4x1", "--repeat", "1", "--solve")
    row = next(line for line in out.splitlines() if line.startswith("| 4x1 |"))
    assert "| yes |" in row, row


def test_resolve_benchmark_runs_and_agrees() -> None:
    """A tiny frontier: pactopt's points and HiGHS alone's re-solves find the same outputs."""
    out = run_benchmark("bench_resolve.py", "--size", "4x1", "--points", "3")
    row = out.strip().splitlines()[-1]
    assert row.startswith("| two solves |")
    assert float(row.split("|")[-2]) < 1e-6  # outputs agree


def test_read_benchmark_runs_and_the_readers_agree() -> None:
    """The reference workbook and one tiny size, read by both readers: the same cells."""
    out = run_benchmark("bench_read.py", "--sizes", "4x1", "--repeat", "1")
    rows = [line for line in out.splitlines() if line.startswith(("| reference |", "| 4x1 |"))]
    assert len(rows) == 2 and all(row.endswith("| yes |") for row in rows), out


def test_brief_benchmark_runs() -> None:
    """One repeat of a few draws prints every part of the brief's time."""
    out = run_benchmark("bench_brief.py", "--repeat", "1", "--draws", "5")
    for line in ("monte carlo", "switching values", "render fr", "beyond the solve"):
        assert line in out
