"""The command line: one module per command group, all registered on one Typer app.

``main`` holds template, validate, evaluate, solve, constraints and checks; ``analysis``
holds compare, frontier and uncertainty; ``sensitivity`` the global sensitivity; ``common``
the app, the consoles and the shared printing. Nothing below this package prints.
"""

from __future__ import annotations

import sys

import typer

from pactopt.cli import analysis, brief, main, sensitivity, solving  # noqa: F401  (register them)
from pactopt.cli.common import EXIT_BUG, EXIT_INPUT, REPORT_BUG, app, emit_error, err, state
from pactopt.errors import ExtensionError
from pactopt.report import run_info


def _json_run() -> None:
    """With --json, a usage error (an unknown flag, a missing argument) is a JSON error
    object too: click is asked to raise it rather than print it."""
    state["json"] = True
    state["command"] = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    try:
        code = app(standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors, as typer re-exports them
        code = int(getattr(exc, "exit_code", EXIT_INPUT))
        exc.show()  # type: ignore[attr-defined]
        emit_error(code, exc.format_message(), kind="usage")
        sys.exit(code)
    except typer.Abort:
        emit_error(130, "interrupted", kind="interrupted")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


def run() -> None:
    """Entry point: an unexpected error is a bug in pactopt (exit 1), reported in one line
    with how to report it, without a traceback (``--debug`` shows it)."""
    run_info.COMMAND[0] = " ".join(["pactopt", *sys.argv[1:]])
    try:
        if "--json" in sys.argv[1:]:
            _json_run()
        app()
    except ExtensionError as exc:  # raised while a command builds the model
        if "--debug" in sys.argv:
            raise
        err.print(f"--extension: {exc}", style="red")
        emit_error(EXIT_INPUT, f"--extension: {exc}", kind="input")
        sys.exit(EXIT_INPUT)
    except Exception as exc:
        if "--debug" in sys.argv:
            raise
        err.print(f"unexpected error: {type(exc).__name__}: {exc}", style="red")
        err.print(REPORT_BUG)
        emit_error(EXIT_BUG, f"unexpected error: {type(exc).__name__}: {exc}", kind="bug")
        sys.exit(EXIT_BUG)


__all__ = ["app", "run"]
