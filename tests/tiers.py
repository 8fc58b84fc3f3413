"""Test speed tiers, and the hooks that hold every test to its tier (loaded by tests/conftest.py).

- ``fast``: no HiGHS solve and no other process; ``make test-fast`` runs these.
- ``solve``: HiGHS solves, in this one process.
- ``slow``: other processes (the CLI, pools, Dask, CBC, LibreOffice), benchmarks, the fuzzer,
  and the few tests that would be fast but take seconds (whole workbooks written through the
  template command), so that ``make test-fast`` stays under a minute.

Every test carries exactly one tier, by its module's ``pytestmark`` or its own mark. While a
``fast`` or ``solve`` test and its fixtures run, the calls that start what its tier excludes
raise ``TierError`` and fail the test, even when the code under test catches the error: a tier
is only useful if a test cannot quietly be slower than its mark says.
"""

from __future__ import annotations

import multiprocessing.process
import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from highspy._core import _Highs

TIERS = ("fast", "solve", "slow")

# (owner, attribute, what calling it starts): the ways a test can start a process
PROCESS_STARTS: tuple[tuple[Any, str, str], ...] = (
    (subprocess.Popen, "_execute_child", "a subprocess"),
    (os, "fork", "a forked process"),
    (os, "forkpty", "a forked process"),
    (os, "posix_spawn", "a process"),
    (os, "posix_spawnp", "a process"),
    (os, "system", "a shell"),
    (multiprocessing.process.BaseProcess, "start", "a multiprocessing process"),
)
# Highs.run and Highs.solve, so every solve through highspy (pactopt's, linopy's), end here
SOLVES: tuple[tuple[Any, str, str], ...] = ((_Highs, "run", "a HiGHS solve"),)
EXCLUDED = {"fast": PROCESS_STARTS + SOLVES, "solve": PROCESS_STARTS, "slow": ()}


class TierError(Exception):
    """A test started something its tier excludes."""


def tier_of(item: pytest.Item) -> str:
    """The one tier ``item`` is marked with; raise ``pytest.UsageError`` if none or several."""
    tiers = sorted({m.name for m in item.iter_markers() if m.name in TIERS})
    if len(tiers) != 1:
        found = ", ".join(tiers) or "none"
        raise pytest.UsageError(
            f"{item.nodeid}: a test needs exactly one tier of {', '.join(TIERS)} (found {found});"
            " mark its module (pytestmark = pytest.mark.fast) or the test"
        )
    return tiers[0]


def _refusal(tier: str, starts: str) -> str:
    needed = "solve or slow" if starts == "a HiGHS solve" else "slow"
    return f"a test marked {tier} started {starts}; mark it {needed} (see tests/tiers.py)"


@contextmanager
def tier_guard(tier: str) -> Iterator[list[str]]:
    """While open, what ``tier`` excludes raises ``TierError``; yields the refusals made."""
    refusals: list[str] = []

    def refuse(starts: str) -> Callable[..., Any]:
        def refused(*_args: Any, **_kwargs: Any) -> Any:
            refusals.append(_refusal(tier, starts))
            raise TierError(refusals[-1])

        return refused

    with pytest.MonkeyPatch.context() as patch:
        for owner, name, starts in EXCLUDED[tier]:
            patch.setattr(owner, name, refuse(starts), raising=False)
        yield refusals


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Refuse the run when a test has no tier or several (before ``-m`` deselects any)."""
    for item in items:
        tier_of(item)


def _fail_on(refusals: list[str]) -> None:
    if refusals:  # also when the code under test caught the TierError
        pytest.fail(refusals[0], pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    """The test's fixtures, module- and session-scoped ones included, keep to its tier."""
    with tier_guard(tier_of(item)) as refusals:
        result = yield
    _fail_on(refusals)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """The test itself keeps to its tier."""
    with tier_guard(tier_of(item)) as refusals:
        result = yield
    _fail_on(refusals)
    return result
