"""The speed tiers hold: a fast test that starts a process or a HiGHS solve fails, and so does a
solve test that starts a process (tests/tiers.py)."""

from __future__ import annotations

import multiprocessing
import os
import subprocess

import highspy
import pytest

from tests import tiers
from tests.tiers import TierError, tier_guard

pytest_plugins = ["pytester"]


@pytest.mark.fast
def test_a_fast_test_may_start_no_process() -> None:
    # each looked up inside the guard (an attribute taken before would be the unguarded one)
    starts = {
        "a subprocess": lambda: subprocess.run(["true"], check=True),
        "a forked process": lambda: os.fork() or os._exit(0),  # a child, if not refused, ends
        "a multiprocessing process": lambda: multiprocessing.Process(target=print).start(),
        "a shell": lambda: os.system("true"),
    }
    for what, start in starts.items():
        with tier_guard("fast") as refusals, pytest.raises(TierError) as refused:
            start()
        message = f"a test marked fast started {what}; mark it slow (see tests/tiers.py)"
        assert str(refused.value) == message
        assert refusals == [message]


@pytest.mark.fast
def test_a_fast_test_may_run_no_highs_solve() -> None:
    highs = highspy.Highs()
    for solve in ("run", "solve"):
        with tier_guard("fast"), pytest.raises(TierError, match="mark it solve or slow"):
            getattr(highs, solve)()


@pytest.mark.fast
def test_a_solve_test_may_solve_but_start_no_process() -> None:
    run = highspy._core._Highs.run
    with tier_guard("solve"):
        assert highspy._core._Highs.run is run
        with pytest.raises(
            TierError, match="a test marked solve started a subprocess; mark it slow"
        ):
            subprocess.run(["true"], check=True)
    with tier_guard("slow"):
        assert subprocess.Popen._execute_child is not None  # nothing is refused


@pytest.mark.fast
def test_the_guard_undoes_its_patches() -> None:
    before = (subprocess.Popen._execute_child, os.fork, highspy._core._Highs.run)
    with tier_guard("fast"):
        assert subprocess.Popen._execute_child is not before[0]
    assert (subprocess.Popen._execute_child, os.fork, highspy._core._Highs.run) == before


INNER_INI = """
[pytest]
markers =
    fast: fast
    solve: solve
    slow: slow
"""

INNER_TESTS = """
import subprocess

import highspy
import pytest


def _solve():
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    return h.run()


@pytest.fixture(scope="module")
def solved():
    return _solve()


@pytest.mark.fast
def test_fast_runs_a_process():
    subprocess.run(["true"], check=True)


@pytest.mark.fast
def test_fast_hides_the_refusal():
    try:
        subprocess.run(["true"], check=True)
    except Exception:
        pass


@pytest.mark.fast
def test_fast_solves():
    _solve()


@pytest.mark.fast
def test_fast_uses_a_solved_fixture(solved):
    pass


@pytest.mark.solve
def test_solve_runs_a_process():
    subprocess.run(["true"], check=True)


@pytest.mark.solve
def test_solve_solves():
    _solve()


@pytest.mark.slow
def test_slow_runs_a_process():
    subprocess.run(["true"], check=True)
"""


@pytest.mark.slow  # its inner tests start processes and solve, so the outer guard must stand off
def test_each_test_is_held_to_its_marked_tier(pytester: pytest.Pytester) -> None:
    pytester.makeini(INNER_INI)
    pytester.makepyfile(test_inner=INNER_TESTS)
    run = pytester.inline_run("-p", "no:cacheprovider", plugins=[tiers])
    reports = run.getreports("pytest_runtest_logreport")
    refused = {r.nodeid.split("::")[1]: r.longreprtext for r in reports if r.outcome == "failed"}
    assert refused.keys() == {
        "test_fast_runs_a_process",
        "test_fast_hides_the_refusal",
        "test_fast_solves",
        "test_fast_uses_a_solved_fixture",  # at its setup
        "test_solve_runs_a_process",
    }
    fast_process = "a test marked fast started a subprocess; mark it slow (see tests/tiers.py)"
    assert fast_process in refused["test_fast_runs_a_process"]
    assert fast_process in refused["test_fast_hides_the_refusal"]
    fast_solve = "a test marked fast started a HiGHS solve; mark it solve or slow"
    assert fast_solve in refused["test_fast_solves"]
    assert fast_solve in refused["test_fast_uses_a_solved_fixture"]
    solve_process = "a test marked solve started a subprocess; mark it slow"
    assert solve_process in refused["test_solve_runs_a_process"]
    passed = {r.nodeid.split("::")[1] for r in reports if r.when == "call" and r.passed}
    assert passed == {"test_solve_solves", "test_slow_runs_a_process"}


@pytest.mark.parametrize(
    ("marks", "found"), [("", "none"), ("@pytest.mark.fast\n@pytest.mark.slow\n", "fast, slow")]
)
@pytest.mark.fast
def test_a_test_without_one_tier_stops_the_run(
    pytester: pytest.Pytester, marks: str, found: str
) -> None:
    pytester.makeini(INNER_INI)
    pytester.makepyfile(test_inner=f"import pytest\n\n\n{marks}def test_it():\n    pass\n")
    result = pytester.runpytest_inprocess("-m", "fast", "-p", "no:cacheprovider", plugins=[tiers])
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    needs = f"a test needs exactly one tier of fast, solve, slow (found {found})"
    result.stderr.fnmatch_lines([f"*test_inner.py::test_it: {needs}*"])
