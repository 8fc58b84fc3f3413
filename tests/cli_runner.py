"""The command line run in this process, as ``pactopt`` runs it (through ``run()``, the
entry point with its last-resort handler), with its exit code and both streams captured:
a child process per run would cost a second of start-up each, too much for the fuzzer."""

from __future__ import annotations

import io
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from pactopt.cli import run
from pactopt.cli.common import err, out, state

WIDTH = 400  # wide enough that no message of the suite wraps


@dataclass(frozen=True)
class Ran:
    """One run: exit code, standard output, standard error."""

    code: int
    stdout: str
    stderr: str


class RunTimeout(Exception):
    """A run went past its time bound."""


@contextmanager
def _time_bound(seconds: float | None) -> Iterator[None]:
    if not seconds:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise RunTimeout(f"run took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def invoke(*args: str | Path, timeout: float | None = None) -> Ran:
    """Run ``pactopt ARGS`` in this process; ``timeout`` bounds its wall time (RunTimeout)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    argv, widths = sys.argv, (out.width, err.width)
    sys.argv = ["pactopt", *map(str, args)]
    out.width = err.width = WIDTH
    code = 0
    try:
        with redirect_stdout(stdout), redirect_stderr(stderr), _time_bound(timeout):
            try:
                run()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = argv
        out.width, err.width = widths
        state["debug"] = False
    return Ran(code, stdout.getvalue(), stderr.getvalue())
