"""A small run of each benchmark, so that they cannot rot (timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def _run(script: str, *args: str) -> str:
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
    out = _run("bench_uncertainty.py", "--draws", "2")
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
    out = _run("bench_sweep.py", "--size", "4x1", "--draws", "4", "--lp-method", "choose")
    for line in ("HiGHS alone", "process pool, one of 2", "Dask LocalCluster, one of 2"):
        assert line in out
    assert "same objectives on every engine and HiGHS alone: yes" in out


def test_scale_benchmark_runs() -> None:
    """Two tiny sizes through every column of the scale table, with pactopt's and HiGHS's
    objectives in agreement (the table flags any difference)."""
    out = _run("bench_scale.py", "--sizes", "4x1,6x2", "--repeat", "2")
    assert "(b+s)/HiGHS" in out and "build time grows as variables^" in out
    assert "objectives differ" not in out


def test_profile_script_runs() -> None:
    """The profiling script prints the build profile and the split of the solve."""
    out = _run("profile_scale.py", "--size", "4x1")
    assert "== build:" in out and "compile into HiGHS" in out


def test_alternatives_benchmark_runs() -> None:
    """The reference pact and the smallest generated one, once each, print their rows."""
    out = _run("bench_alternatives.py", "--sizes", "4x1", "--repeat", "1")
    assert "| reference | 1,443 |" in out
    assert "| 4x1 |" in out


def test_cli_benchmark_runs() -> None:
    """One run of each command prints the start-up table, solve with and without the
    near-optimal ranges."""
    out = _run("bench_cli.py", "--repeat", "1")
    assert "median user + sys s" in out and "median max RSS MiB" in out
    for command in ("--help", "validate", "solve", "solve --no-alternatives"):
        assert f"| `pactopt {command}` |" in out


def test_all_benchmark_prints_one_table() -> None:
    """Two tiny sizes, one run each, through every measurement: one markdown row per size,
    each with every column and the same optimum everywhere, then the target row."""
    out = _run("bench_all.py", "--sizes", "4x1,6x2", "--repeat", "1", "--points", "3")
    lines = [line for line in out.splitlines() if line.startswith("|")]
    header, rows = lines[0], lines[2:]
    assert "pipeline / HiGHS" in header and "pactopt / linopy" in header
    assert [row.split(" | ")[0] for row in rows] == ["| 4x1", "| 6x2", "| target"]
    columns = header.count("|")
    assert all(row.count("|") == columns for row in rows), out
    assert all(row.endswith("| yes | 1 |") for row in rows[:2]), out


def test_linopy_peer_benchmark_runs_and_agrees() -> None:
    """The smallest generated pact, built with linopy and with pactopt, has one optimum."""
    out = _run("bench_linopy.py", "--sizes", "4x1")
    row = next(line for line in out.splitlines() if line.startswith("| 4x1 |"))
    assert row.endswith("| yes |"), row


def test_robust_benchmark_runs() -> None:
    """Two draws, one run each: the table of central against robust solve times."""
    out = _run("bench_robust.py", "--draws", "2", "--repeat", "1")
    assert "solve s" in out and "total s" in out


def test_far_cell_benchmark_runs() -> None:
    """One run of each far-cell workbook: the value is exit 2, the styled cell exit 0."""
    out = _run("bench_far_cell.py", "--repeat", "1")
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()}
    assert lines["value"][-1] == "2" and lines["styled empty cell"][-1] == "0"


def test_junk_rows_benchmark_runs() -> None:
    """A hundred junk rows: validate says exit 2 (each row breaks 16 rules)."""
    out = _run("bench_junk_rows.py", "--rows", "100", "--repeat", "1")
    [row] = [line.split() for line in out.splitlines() if line.strip().startswith("100 ")]
    assert row[-1] == "2"


def test_compile_benchmark_runs_and_both_paths_agree() -> None:
    """The smallest generated pact, compiled by the form compiler and by Pyomo's visitor
    alone, and solved on each: the same LP, so its row ends 'yes'."""
    out = _run("bench_compile.py", "--sizes", "4x1", "--repeat", "1", "--solve")
    row = next(line for line in out.splitlines() if line.startswith("| 4x1 |"))
    assert "| yes |" in row, row


def test_resolve_benchmark_runs_and_agrees() -> None:
    """A tiny frontier: pactopt's points and HiGHS alone's re-solves find the same outputs."""
    out = _run("bench_resolve.py", "--size", "4x1", "--points", "3")
    row = out.strip().splitlines()[-1]
    assert row.startswith("| two solves |")
    assert float(row.split("|")[-2]) < 1e-6  # outputs agree


def test_read_benchmark_runs_and_the_readers_agree() -> None:
    """The reference workbook and one tiny size, read by both readers: the same cells."""
    out = _run("bench_read.py", "--sizes", "4x1", "--repeat", "1")
    rows = [line for line in out.splitlines() if line.startswith(("| reference |", "| 4x1 |"))]
    assert len(rows) == 2 and all(row.endswith("| yes |") for row in rows), out


def test_midterm_benchmark_runs() -> None:
    """The re-plan against a plain solve: one row per case and the whole runs' ratio."""
    out = _run("bench_midterm.py", "--sizes", "4x1", "--repeat", "1")
    assert "| reference |" in out and "| 4x1 |" in out
    assert "run_solve without ranges" in out


def test_brief_benchmark_runs() -> None:
    """One repeat of a few draws prints every part of the brief's time."""
    out = _run("bench_brief.py", "--repeat", "1", "--draws", "5")
    for line in ("monte carlo", "switching values", "render fr", "beyond the solve"):
        assert line in out


def test_least_change_benchmark_runs() -> None:
    """The reference case once, with a small generated pact beside it (no curve there): the
    table of each stage against the first solve."""
    out = _run("bench_least_change.py", "--sizes", "4x1", "--repeat", "1")
    rows = [line for line in out.splitlines() if line.startswith("| reference") or "4x1" in line]
    assert len(rows) == 2 and "(11)" in rows[0] and rows[1].endswith("| skipped |"), out
