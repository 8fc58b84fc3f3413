"""What the Run sheet records: versions, input hash, status, sizes and times."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version


@dataclass(frozen=True)
class RunInfo:
    """The manifest of one run."""

    input_path: str
    input_sha256: str
    status: str
    mode: str
    objective: float | None
    is_mip: bool
    variables: int
    constraints: int
    integer_variables: int
    build_seconds: float
    solve_seconds: float
    solver: str

    def rows(self) -> list[tuple[str, object]]:
        """(label, value) pairs for the Run sheet."""
        return [
            ("pactopt", version("pactopt")),
            ("solver", self.solver),
            ("pyomo", version("pyomo")),
            ("python", platform.python_version()),
            ("run at (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")),
            ("input file", self.input_path),
            ("input SHA-256", self.input_sha256),
            ("status", self.status),
            ("objective mode", self.mode),
            ("objective value", self.objective),
            ("model type", "MILP" if self.is_mip else "LP"),
            ("variables", self.variables),
            ("integer variables", self.integer_variables),
            ("constraints", self.constraints),
            ("build seconds", round(self.build_seconds, 3)),
            ("solve seconds", round(self.solve_seconds, 3)),
        ]
