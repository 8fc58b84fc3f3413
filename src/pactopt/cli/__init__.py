"""The command line: one module per command group, all registered on one Typer app.

``solving`` holds solve; ``main`` the root options and evaluate; ``brief`` the minister's
brief; ``workbooks`` validate, template and checks; ``listing`` constraints; ``analysis``
frontier, uncertainty and compare; ``sensitivity`` the global sensitivity; ``common`` the
app, the consoles and the shared printing; ``safety`` the signals and closed pipes. They are
registered in the order ``--help`` lists them: the main job first.
Nothing below this package prints.
"""

from __future__ import annotations

import importlib
import inspect
import signal
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import typer

from pactopt.cli.common import (
    EXIT_BUG,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    REPORT_BUG,
    app,
    emit_error,
    err,
    state,
)
from pactopt.cli.safety import (
    exit_code_of,
    handled_signals,
    interrupted,
    pipe_safe_streams,
    received,
)
from pactopt.errors import ExtensionError
from pactopt.report import run_info
from pactopt.xlsx.files import OutputError
from pactopt.xlsx.staging import one_run, os_message

COMMAND_GROUPS = ("solving", "main", "brief", "workbooks", "listing", "analysis", "sensitivity")
for _group in COMMAND_GROUPS:  # each registers its commands on ``app``, in this order
    importlib.import_module(f"{__name__}.{_group}")


def _short_help() -> None:
    """Each command's line in the command list: its description's first paragraph on one
    line, for Click to wrap at the terminal's width (by default Click cuts it at the first
    sentence or about 45 characters, with '...')."""
    for info in app.registered_commands:
        doc = info.callback.__doc__ if info.callback is not None else None
        if info.short_help is None and doc:
            info.short_help = " ".join(inspect.cleandoc(doc).split("\n\n")[0].split())


_short_help()


def _failed(code: int, message: str, kind: str) -> int:
    if "--debug" in sys.argv:
        raise
    err.print(message, style="red")
    if code == EXIT_BUG:
        err.print(REPORT_BUG)
    emit_error(code, message, kind=kind)
    return code


@cache
def _click_command() -> Callable[..., Any]:
    """The click command that typer builds from ``app``, built once per process (typer reads
    every command's signature each time it builds it: 0.4 s, paid again by each run of a
    process that runs several, as the test suite does)."""
    return typer.main.get_command(app)


def _run_app() -> int:
    """Run the command; its exit code. Click is asked to raise what it would print and
    exit with (standalone mode would end Ctrl-C with exit 1, 'Aborted!'), so that every
    ending is decided here: a usage error (2, a JSON error object with --json), an
    interruption (130 or 143), an output or the machine refusing a file (2, naming it), an
    extension's failure (2), and anything else, a bug (1)."""
    state["json"], state["emitted"] = "--json" in sys.argv[1:], False
    state["interrupted"] = False
    state["command"] = next((a for a in sys.argv[1:] if not a.startswith("-")), "")
    try:
        code = _click_command()(standalone_mode=False)
    except typer.TyperException as exc:  # click's usage errors, as typer re-exports them
        code = int(getattr(exc, "exit_code", EXIT_INPUT))
        _show_usage_error(exc)
        emit_error(code, exc.format_message(), kind="usage")
        return code
    except typer.Exit as exc:
        return int(exc.exit_code)
    except (KeyboardInterrupt, typer.Abort) as exc:
        return interrupted(exc)
    except ExtensionError as exc:  # raised while a command builds the model
        return _failed(EXIT_INPUT, f"--extension: {exc}", "input")
    except OutputError as exc:  # an output refused where no command step caught it
        return _failed(EXIT_INPUT, f"{exc.flag or 'output'}: {exc}", "input")
    except OSError as exc:  # the machine: a read-only folder, a full disk, a permission
        where = f" {exc.filename}" if exc.filename else ""
        message = f"cannot read or write the file{where}: {os_message(exc)}"
        return _failed(EXIT_INPUT, message, "input")
    except Exception as exc:
        return _failed(EXIT_BUG, f"unexpected error: {type(exc).__name__}: {exc}", "bug")
    if code == EXIT_INTERRUPTED and not state["interrupted"]:
        # typer turns a KeyboardInterrupt (Ctrl-C, or SIGTERM as this run handles it) that
        # no command step caught into a silent 130: said here, with the signal's own code
        return interrupted(None)
    return code if isinstance(code, int) else 0


def _show_usage_error(exc: Exception) -> None:
    """A usage error as typer shows it (a panel; plain text with --json, as before)."""
    if not state["json"]:
        try:
            from typer import rich_utils

            rich_utils.rich_format_error(exc)  # type: ignore[arg-type]
            return
        except ImportError:  # typer without rich
            pass
    exc.show()  # type: ignore[attr-defined]


def run() -> None:
    """Entry point: an unexpected error is a bug in pactopt (exit 1), reported in one line
    with how to report it, without a traceback (``--debug`` shows it). A signal received at
    any moment ends the run with its code, never 0."""
    run_info.COMMAND[0] = " ".join(["pactopt", *sys.argv[1:]])
    code = EXIT_BUG
    try:
        with pipe_safe_streams(), handled_signals(), one_run():
            try:
                code = _run_app()
                if received and code == 0:  # a signal some library swallowed: never "done"
                    code = interrupted(None)
            except KeyboardInterrupt as exc:  # a second signal while the first was said
                code = exit_code_of(getattr(exc, "signum", signal.SIGINT))
    except KeyboardInterrupt as exc:  # a signal while the run was closing (its files removed)
        code = exit_code_of(getattr(exc, "signum", signal.SIGINT))
    sys.exit(code)


__all__ = ["app", "run"]
