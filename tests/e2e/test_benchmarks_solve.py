"""The benchmarks that solve the reference case several times, each run once as a smoke test
(the rest: test_benchmarks.py; a file of its own so that the suite's two workers share them)."""

from __future__ import annotations

import pytest

from tests.e2e.test_benchmarks import run_benchmark

pytestmark = pytest.mark.slow


def test_alternatives_benchmark_runs() -> None:
    """The reference pact and the smallest generated one, once each, print their rows."""
    out = run_benchmark("bench_alternatives.py", "--sizes", "4x1", "--repeat", "1")
    assert "| reference | 1,443 |" in out
    assert "| 4x1 |" in out


def test_cli_benchmark_runs() -> None:
    """One run of each command prints the start-up table, solve with and without the
    near-optimal ranges."""
    out = run_benchmark("bench_cli.py", "--repeat", "1", "--no-warm-up")
    assert "median user + sys s" in out and "median max RSS MiB" in out
    for command in ("--help", "validate", "solve", "solve --no-alternatives"):
        assert f"| `pactopt {command}` |" in out


def test_all_benchmark_prints_one_table() -> None:
    """Two tiny sizes, one run each, through every measurement: one markdown row per size,
    each with every column and the same optimum everywhere, then the target row."""
    out = run_benchmark("bench_all.py", "--sizes", "4x1,6x2", "--repeat", "1", "--points", "3")
    lines = [line for line in out.splitlines() if line.startswith("|")]
    header, rows = lines[0], lines[2:]
    assert "pipeline / HiGHS" in header and "pactopt / linopy" in header
    assert [row.split(" | ")[0] for row in rows] == ["| 4x1", "| 6x2", "| target"]
    columns = header.count("|")
    assert all(row.count("|") == columns for row in rows), out
    assert all(row.endswith("| yes | 1 |") for row in rows[:2]), out


def test_midterm_benchmark_runs() -> None:
    """The re-plan against a plain solve: one row per case and the whole runs' ratio."""
    out = run_benchmark("bench_midterm.py", "--sizes", "4x1", "--repeat", "1")
    assert "| reference |" in out and "| 4x1 |" in out
    assert "run_solve without ranges" in out


def test_least_change_benchmark_runs() -> None:
    """The reference case once, with a small generated pact beside it (no curve there): the
    table of each stage against the first solve."""
    out = run_benchmark("bench_least_change.py", "--sizes", "4x1", "--repeat", "1")
    rows = [line for line in out.splitlines() if line.startswith("| reference") or "4x1" in line]
    assert len(rows) == 2 and "(11)" in rows[0] and rows[1].endswith("| skipped |"), out
