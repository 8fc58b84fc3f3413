"""The command line: one module per command group, all registered on one Typer app.

``main`` holds template, validate, evaluate, solve, constraints and checks; ``analysis``
holds compare, frontier and uncertainty; ``sensitivity`` the global sensitivity; ``common``
the app, the consoles and the shared printing. Nothing below this package prints.
"""

from __future__ import annotations

import sys

from pactopt.cli import analysis, main, sensitivity  # noqa: F401  (imported to register them)
from pactopt.cli.common import app, err
from pactopt.report import run_info


def run() -> None:
    """Entry point that turns unexpected errors into exit code 1 without a traceback."""
    run_info.COMMAND[0] = " ".join(["pactopt", *sys.argv[1:]])
    try:
        app()
    except Exception as exc:  # pragma: no cover - last resort
        if "--debug" in sys.argv:
            raise
        err.print(f"[red]unexpected error: {exc}[/red] (rerun with --debug for details)")
        sys.exit(1)


__all__ = ["app", "run"]
