"""The cyclic garbage collector paused while the results are made.

Building the tables and the workbook of a large plan makes millions of small objects (dicts,
strings, rows) and no cyclic garbage worth collecting; each full collection meanwhile walks
every object alive, the Pyomo model and the solver's maps included (gigabytes at 1e6
variables). The model build and the hand-over to HiGHS pause it for the same reason."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it runs) for the block, or the decorated call."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
