"""The registry of cross-sheet checks (``check``, ``run_checks``) and what checks share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from pactopt.errors import Problem
from pactopt.schema.data import ParsedRow, ParsedTable
from pactopt.schema.settings import Settings

Tables = dict[str, ParsedTable]
CheckFn = Callable[[Settings | None, Tables], list[Problem]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a cross-sheet check under ``name``; names must be unique."""

    def register(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check '{name}' is registered twice")
        CHECKS[name] = fn
        return fn

    return register


def run_checks(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every registered check, in registration order."""
    problems: list[Problem] = []
    for fn in CHECKS.values():
        problems.extend(fn(settings, tables))
    return problems


def rows_of(tables: Tables, sheet: str) -> Iterator[tuple[ParsedRow, Any]]:
    table = tables.get(sheet)
    for parsed in table.rows if table else []:
        yield parsed, parsed.model


def keys_of(tables: Tables, sheet: str) -> frozenset[str]:
    table = tables.get(sheet)
    return table.keys if table else frozenset()
