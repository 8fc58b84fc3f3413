"""What the machine and the user do to a run, handled the same way by every command:
Ctrl-C and SIGTERM (exit 128 + the signal's number: 130, 143), standard output or error
closed early by a reader (``pactopt … | head``: what is not read is dropped, the run goes
on to its end and its own exit code), and the outputs of the run placed all together.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from types import FrameType
from typing import Any, TextIO

import typer

from pactopt.cli.common import emit_error, err, state
from pactopt.errors import Interrupted
from pactopt.xlsx.staging import current

SIGNALS: dict[int, str] = {int(signal.SIGINT): "Ctrl-C (SIGINT)"}
if hasattr(signal, "SIGTERM"):
    SIGNALS[int(signal.SIGTERM)] = "SIGTERM"
# the signals received by this run, in order (a run that received one never exits 0)
received: list[int] = []


def exit_code_of(signum: int) -> int:
    """The shell's code for a process stopped by ``signum``: 128 + its number."""
    return 128 + int(signum)


def _on_signal(signum: int, frame: FrameType | None) -> None:
    received.append(signum)
    raise Interrupted(signum)


@contextmanager
def handled_signals() -> Iterator[None]:
    """SIGTERM is handled as Ctrl-C is: both raise ``Interrupted`` (a KeyboardInterrupt),
    so that a sweep stops its workers and the run removes its temporaries."""
    received.clear()
    previous: dict[int, Any] = {}
    for signum in SIGNALS:
        with suppress(ValueError, OSError):  # not the main thread: the caller's handlers
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def signal_of(exc: BaseException | None) -> int:
    """The signal behind an interruption (Ctrl-C when nothing says otherwise)."""
    while exc is not None:
        if isinstance(exc, Interrupted):
            return exc.signum
        exc = exc.__cause__ or exc.__context__
    return received[0] if received else int(signal.SIGINT)


class PipeSafe:
    """A stream whose reader may go away (``| head``, ``less`` quit early): the first write
    that finds the pipe closed points the file descriptor at the null device, and the rest
    of the run's output is dropped instead of ending the run with an error."""

    def __init__(self, inner: TextIO) -> None:
        self._inner = inner
        self.closed_by_reader = False

    def _dropped(self) -> None:
        self.closed_by_reader = True
        with suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self._inner.fileno())
            finally:
                os.close(null)

    def write(self, text: str) -> int:
        if self.closed_by_reader:
            return len(text)
        try:
            return self._inner.write(text)
        except BrokenPipeError:
            self._dropped()
            return len(text)

    def flush(self) -> None:
        try:
            self._inner.flush()
        except BrokenPipeError:
            self._dropped()
            with suppress(OSError, ValueError):
                self._inner.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


@contextmanager
def pipe_safe_streams() -> Iterator[None]:
    """Standard output and error as ``PipeSafe`` streams for the block; a name that is not
    UTF-8 (bytes the file system allows) is printed as the file system has it."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        with suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
    sys.stdout = PipeSafe(saved[0])
    sys.stderr = PipeSafe(saved[1])
    try:
        yield
    finally:
        for wrapped in (sys.stdout, sys.stderr):
            with suppress(Exception):
                wrapped.flush()
        sys.stdout, sys.stderr = saved


def interrupted(exc: BaseException | None) -> int:
    """Say that the run was stopped (by which signal, and whether its outputs were already
    in place), in JSON too; the exit code, 128 + the signal's number."""
    signum = signal_of(exc)
    state["interrupted"] = True
    outputs = current()
    placed = outputs.placed if outputs is not None else {}
    by = "" if signum == signal.SIGINT else f" by {SIGNALS.get(signum, str(signum))}"
    if placed:
        said = ", ".join(str(p) for p in placed.values())
        message = f"Interrupted{by} after its outputs were written: {said}."
    else:
        message = f"Interrupted: stopped{by}, and {NOTHING_WRITTEN}"
    err.print(message, style="yellow")
    emit_error(exit_code_of(signum), message, kind="interrupted")
    return exit_code_of(signum)


NOTHING_WRITTEN = "nothing was written (every output is written whole at the end, or not at all)."


@contextmanager
def interruptible() -> Iterator[None]:
    """Ctrl-C or SIGTERM inside the block ends the command with exit code 130 or 143 and
    says that nothing was written (typer would end it silently); a sweep's engine has
    stopped its workers by then."""
    try:
        yield
    except KeyboardInterrupt as exc:
        raise typer.Exit(interrupted(exc)) from None
