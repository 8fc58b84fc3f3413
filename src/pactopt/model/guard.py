"""Running a modeller's code (an extension file, its rules and predicates) so that it cannot
pass for pactopt: what it prints goes to standard error, and whatever it raises or however it
tries to end the run is reported as the extension's failure, with its file and line.

An extension is code: it runs with the rights of the user who runs pactopt (it can read,
write and delete what they can). Pass only files you trust, as you would run a script.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from pactopt.errors import ExtensionError, Interrupted


def extension_failure(exc: BaseException, path: Path | str, doing: str) -> ExtensionError:
    """The error a modeller sees when their extension fails: its file and line (the deepest
    frame in that file, or the syntax error's own line) and what went wrong, never a raw
    traceback through Pyomo. An extension that exits (``sys.exit``, ``os._exit``) or raises
    ``KeyboardInterrupt`` itself fails the same way: it can never pass for a finished run."""
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
    tb = exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == Path(path).resolve():
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f"{path}, line {line}" if line is not None else str(path)
    if isinstance(exc, SyntaxError):
        detail = str(exc.msg)
    elif isinstance(exc, SystemExit):
        detail = f"the extension tried to end the run (exit code {exc.code!r}); it may not"
    else:
        detail = str(exc) or "(no message)"
    name = "os._exit" if isinstance(exc, _ExtensionExit) else type(exc).__name__
    if isinstance(exc, _TooLong):
        return ExtensionError(
            f"{where}: stopped after {exc.seconds:g} s while {doing} (the time limit, "
            "--extension-time-limit; raise it if the file is only slow)"
        )
    return ExtensionError(f"{where}: {name} while {doing}: {detail}")


# seconds an extension's loading, and each of its rules' building, may take (None: no
# limit); set by the command line's --extension-time-limit, read in this process and in
# the worker processes forked from it
TIME_LIMIT: list[float | None] = [None]


class _TooLong(BaseException):
    """The extension's code ran past ``TIME_LIMIT``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(seconds)
        self.seconds = seconds


@contextmanager
def _time_limited() -> Iterator[None]:
    """Stop the block after ``TIME_LIMIT`` seconds (a timer signal, so only in the main
    thread of a POSIX process; elsewhere, and without a limit, the block runs as long as it
    takes). A timer set outside (a test's time bound) is put back, less the time taken."""
    limit = TIME_LIMIT[0]
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not limit or not usable:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise _TooLong(limit)

    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, stop)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3))


class _ExtensionExit(SystemExit):
    """``os._exit`` called by an extension: refused, reported as its failure."""


def _no_os_exit(code: int) -> None:
    raise _ExtensionExit(code)


@contextmanager
def extension_code(path: Path | str, doing: str) -> Iterator[None]:
    """Run a modeller's code (an extension's module, a rule, a ``where``): whatever it
    prints goes to standard error, so that ``--json`` stays one document; any exception,
    ``SystemExit``, ``KeyboardInterrupt`` or ``os._exit`` it raises is an ``ExtensionError``
    naming its file and line. Only a signal the run received (``Interrupted``) passes."""
    sys.stdout.flush()
    saved_stdout, saved_exit = sys.stdout, os._exit
    saved_fd = _stdout_to_stderr()
    sys.stdout = sys.stderr
    os._exit = _no_os_exit  # type: ignore[assignment]
    try:
        with _time_limited():
            yield
    except (Interrupted, ExtensionError):
        raise
    except BaseException as exc:  # a modeller's code: say where, not how Python got there
        raise extension_failure(exc, path, doing) from None
    finally:
        os._exit = saved_exit
        sys.stdout = saved_stdout
        _restore_stdout(saved_fd)


def _stdout_to_stderr() -> int | None:
    """Point file descriptor 1 at standard error (what C code and ``os.write(1, …)`` print);
    the saved descriptor, or None where there is none to move."""
    try:
        sys.__stdout__.flush() if sys.__stdout__ else None
        saved = os.dup(1)
    except (OSError, ValueError):
        return None
    try:
        os.dup2(2, 1)
    except OSError:
        os.close(saved)
        return None
    return saved


def _restore_stdout(saved: int | None) -> None:
    if saved is None:
        return
    try:
        os.dup2(saved, 1)
    finally:
        os.close(saved)
