"""A small run of each benchmark, so that they cannot rot (timings are not asserted)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_uncertainty_benchmark_runs() -> None:
    """Two draws through every path of the benchmark print its table."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_uncertainty.py"), "--draws", "2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    for line in (
        "HiGHS alone",
        "pactopt persistent re-solve",
        "rebuild + solve",
        "speed-up with 2 workers",
    ):
        assert line in result.stdout


def test_scale_benchmark_runs() -> None:
    """Two tiny sizes through every column of the scale table."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "bench_scale.py"), "--sizes", "4x1,6x2"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "(b+s)/HiGHS" in result.stdout and "build time grows as variables^" in result.stdout


def test_profile_script_runs() -> None:
    """The profiling script prints the build profile and the split of the solve."""
    result = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "profile_scale.py"), "--size", "4x1"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "== build:" in result.stdout and "compile into HiGHS" in result.stdout
