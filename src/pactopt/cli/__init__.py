"""The command line: one module per command group, all registered on one Typer app.

``main`` holds template, validate, evaluate, solve, constraints and checks; ``analysis``
holds compare, frontier and uncertainty; ``sensitivity`` the global sensitivity; ``common``
the app, the consoles and the shared printing. Nothing below this package prints.
"""

from __future__ import annotations

import sys

from pactopt.cli import analysis, main, sensitivity, solving  # noqa: F401  (register them)
from pactopt.cli.common import EXIT_BUG, REPORT_BUG, app, err
from pactopt.report import run_info


def run() -> None:
    """Entry point: an unexpected error is a bug in pactopt (exit 1), reported in one line
    with how to report it, without a traceback (``--debug`` shows it)."""
    run_info.COMMAND[0] = " ".join(["pactopt", *sys.argv[1:]])
    try:
        app()
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        err.print(f"unexpected error: {type(exc).__name__}: {exc}", style="red")
        err.print(REPORT_BUG)
        sys.exit(EXIT_BUG)


__all__ = ["app", "run"]
