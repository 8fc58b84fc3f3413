"""Whether pactopt may take its fast paths into a library's internals.

Why: two modules reach past a library's public API for speed, ``xlsx/fast_rows.py`` into
openpyxl's and ``model/pyomo_fast.py`` into Pyomo's. Each checks once that the internals it
needs are there and that the installed release is one its tests passed on, and otherwise goes
through the library's public API: slower, the same workbook or model. A release outside the
tested range therefore runs, slowly, instead of being refused by an upper cap.

Two environment variables, read at each use, steer the choice:

- ``PACTOPT_NO_FAST_PATHS=1``: every fallback, whatever is installed (the tests that compare
  both ways set it);
- ``PACTOPT_UNTESTED_FAST_PATHS=1``: the fast paths on a release outside the tested range too,
  when their internals are there (to try a new release: ``make test-deps`` runs the
  comparisons so, and a pass is the evidence for widening the range).

Imports nothing but the standard library, so that either stage can use it.
"""

from __future__ import annotations

import os
import re
from functools import cache
from importlib import metadata

NO_FAST_PATHS = "PACTOPT_NO_FAST_PATHS"
UNTESTED_FAST_PATHS = "PACTOPT_UNTESTED_FAST_PATHS"


def _set(name: str) -> bool:
    return os.environ.get(name, "").strip() not in ("", "0")


def forced_off() -> bool:
    """True when ``PACTOPT_NO_FAST_PATHS`` asks for every fallback."""
    return _set(NO_FAST_PATHS)


def release(text: str) -> tuple[int, ...]:
    """A version's leading numbers: '6.8.1' → (6, 8, 1), '3.1.0rc1' → (3, 1, 0)."""
    numbers = re.match(r"\d+(?:\.\d+)*", text)
    return tuple(int(n) for n in numbers.group(0).split(".")) if numbers else ()


@cache
def installed_release(distribution: str) -> tuple[int, ...]:
    """The installed release's numbers (() when it is not installed); looked up once, as a
    lookup costs about a millisecond."""
    try:
        return release(metadata.version(distribution))
    except metadata.PackageNotFoundError:
        return ()


def tested(distribution: str, first: str, below: str) -> bool:
    """True when the installed ``distribution`` is a release from ``first`` up to (not
    including) ``below`` (the fast paths' tests passed on those), or when
    ``PACTOPT_UNTESTED_FAST_PATHS`` lets any release through."""
    if _set(UNTESTED_FAST_PATHS):
        return True
    installed = installed_release(distribution)
    return bool(installed) and release(first) <= installed < release(below)
