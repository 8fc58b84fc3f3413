"""What the Run sheet records: versions, input hash, status, sizes and times."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    scenario: str | None = None
    # (path, SHA-256) of each modeller extension file the model was built with
    extensions: tuple[tuple[str, str], ...] = ()
    # solver options that shape the answer (lp_method, mip_gap, time limit)
    options: tuple[tuple[str, object], ...] = ()
    command: str = field(default_factory=lambda: command_line())

    def rows(self) -> list[tuple[str, object]]:
        """(label, value) pairs for the Run sheet."""
        return [
            ("command", self.command),
            ("scenario", self.scenario or "base (no scenario)"),
            *(("extension", f"{path} (SHA-256 {digest})") for path, digest in self.extensions),
            *((f"option {name}", value) for name, value in self.options),
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


# set by the command line's entry point; a run from Python leaves it as it is
COMMAND: list[str] = ["Python API"]


def command_line() -> str:
    """The command that made this run: 'pactopt solve IN.xlsx …', or 'Python API'."""
    return COMMAND[0]


def sweep_rows(
    input_path: str, input_sha256: str, settings: dict[str, object]
) -> list[tuple[str, object]]:
    """The Run sheet of a sweep (uncertainty, sensitivity): the command, the input and its
    hash, the sweep's own settings (seed, draws, distribution…), and the versions."""
    return [
        ("command", command_line()),
        ("input file", input_path),
        ("input SHA-256", input_sha256),
        *settings.items(),
        ("pactopt", version("pactopt")),
        ("pyomo", version("pyomo")),
        ("highspy", version("highspy")),
        ("python", platform.python_version()),
        ("run at (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")),
    ]


def engine_rows(workers: int, scheduler: str | None) -> dict[str, object]:
    """Where a sweep ran, for its Run sheet: the engine, the processes asked for, and the
    Dask scheduler if any (``--workers``, ``--scheduler``)."""
    if scheduler is None:
        engine = "this process" if workers == 1 else "process pool"
    else:
        engine = "Dask LocalCluster" if scheduler == "local" else "Dask cluster"
    return {"engine": engine, "workers": workers, "scheduler": scheduler or "this machine"}


def extension_rows(files: Sequence[tuple[str, str]]) -> dict[str, object]:
    """Each (path, SHA-256) of the extension files a sweep's model was built with."""
    return {
        f"extension {k + 1}": f"{path} (SHA-256 {digest})" for k, (path, digest) in enumerate(files)
    }
