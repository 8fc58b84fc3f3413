"""Fixtures for model tests: build and solve a tiny instance in one call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution
from pactopt.solver.solve import solve_model
from tests.model.tiny import load

Solved = tuple[PactData, BuiltModel, Solution]


@pytest.fixture(name="solve_tiny")
def solve_tiny_fixture(tmp_path: Path) -> Callable[[dict[str, Any]], Solved]:
    """``solve_tiny(spec)`` → (data, model, result) for a tiny instance spec."""
    counter = iter(range(1000))

    def run(spec: dict[str, Any]) -> Solved:
        data = load(spec, tmp_path, f"tiny{next(counter)}.xlsx")
        model = create_model(data)
        return data, model, solve_model(model, data.settings)

    return run
