"""The independent checker is not a rubber stamp: it flags solutions that break a rule."""

from __future__ import annotations

import dataclasses
from types import MappingProxyType

import pytest

from pactopt.pipeline import run_solve
from pactopt.schema.parse import load_pact
from pactopt.solver.solution import Solution
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.solve


@pytest.fixture(scope="module")
def solved() -> tuple[object, Solution]:
    data = load_pact(REFERENCE_XLSX)
    return data, run_solve(data, REFERENCE_XLSX).result


def _tampered(result: Solution, name: str, key: tuple[object, ...], delta: float) -> Solution:
    values = {k: v.copy() for k, v in result.values.items()}
    values[name].loc[key] += delta
    return dataclasses.replace(result, values=MappingProxyType(values))


@pytest.mark.parametrize(
    ("name", "key", "delta", "words"),
    [
        ("funding", ("HC1", "federal", 2019), 50.0, "public balance"),
        ("funding", ("IN1", "private", 2019), 5_000.0, "IN1 total"),
        ("new_money", ("federal", 2020), 10.0, "new public money"),
        ("build", ("PR_PROCUREMENT",), -0.5, "partly built"),
    ],
)
def test_checker_flags_a_broken_solution(
    solved: tuple[object, Solution],
    name: str,
    key: tuple[object, ...],
    delta: float,
    words: str,
) -> None:
    """Nudging one value of the optimal solution breaks a rule the checker names."""
    data, result = solved
    assert violations(data, result) == []  # type: ignore[arg-type]
    broken = violations(data, _tampered(result, name, key, delta))  # type: ignore[arg-type]
    assert any(words in v for v in broken), broken
