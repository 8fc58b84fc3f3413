"""openpyxl's and Pyomo's internals are reached in two modules only, each import of them is
made on first use (so that a release without them loses the fast path, not pactopt), and the
switch that picks the fast paths reads the installed release as it should."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pactopt import fast_paths
from tests.conftest import REPO

pytestmark = pytest.mark.fast

SRC = REPO / "src" / "pactopt"
FENCES = {SRC / "xlsx" / "fast_rows.py", SRC / "model" / "pyomo_fast.py"}
LIBRARIES = ("openpyxl", "pyomo")
# modules of Pyomo's without a leading underscore that are still its internals
INTERNAL_MODULES = ("pyomo.repn.util", "pyomo.repn.linear")
# the standard library's public names that start with an underscore (``os._exit``, which
# model/guard.py refuses to an extension)
PUBLIC_UNDERSCORED = {("os", "_exit")}


def _internal_module(name: str) -> bool:
    parts = name.split(".")
    if parts[0] not in LIBRARIES:
        return False
    return any(p.startswith("_") for p in parts) or name.startswith(INTERNAL_MODULES)


def _private_attribute(node: ast.AST) -> bool:
    """``x._name`` on anything but ``self`` or ``cls`` (dunders aside)."""
    if not isinstance(node, ast.Attribute):
        return False
    name = node.attr
    if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
        return False
    if isinstance(node.value, ast.Name) and (node.value.id, name) in PUBLIC_UNDERSCORED:
        return False
    return not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"))


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and _internal_module(node.module):
            found.append(f"line {node.lineno}: from {node.module} import")
        elif isinstance(node, ast.Import):
            found += [
                f"line {node.lineno}: import {a.name}"
                for a in node.names
                if _internal_module(a.name)
            ]
        elif isinstance(node, ast.Attribute) and _private_attribute(node):
            found.append(f"line {node.lineno}: .{node.attr}")
    return found


def test_only_the_two_fences_reach_into_library_internals() -> None:
    """No private attribute of another object (openpyxl's ``ws._cells``, Pyomo's ``_data``)
    and no internal module outside ``xlsx/fast_rows.py`` and ``model/pyomo_fast.py``."""
    offenders = {
        str(path.relative_to(SRC)): found
        for path in sorted(SRC.rglob("*.py"))
        if path not in FENCES and (found := _offences(path))
    }
    assert offenders == {}


def test_the_fences_do_reach_into_them() -> None:
    """(So that the test above looks for the right things.)"""
    for path in FENCES:
        assert _offences(path), path


def _module_level_imports(tree: ast.Module) -> list[str]:
    """Modules imported when the module is (not in a function, not for type checking only)."""
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


@pytest.mark.parametrize("path", sorted(FENCES), ids=lambda p: p.name)
def test_the_fences_import_internals_only_when_they_take_a_fast_path(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert [m for m in _module_level_imports(tree) if _internal_module(m)] == []


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("6.8.1", (6, 8, 1)), ("3.1.0rc1", (3, 1, 0)), ("6.11", (6, 11)), ("2.0.post1", (2, 0))],
)
def test_a_release_is_read_as_its_numbers(text: str, numbers: tuple[int, ...]) -> None:
    assert fast_paths.release(text) == numbers


@pytest.mark.parametrize(
    ("installed", "expected"),
    [("6.8.0", False), ("6.8.1", True), ("6.10.1", True), ("6.11.0", False), ("7.0", False)],
)
def test_only_a_tested_release_takes_the_fast_paths(
    installed: str, expected: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(fast_paths.UNTESTED_FAST_PATHS, raising=False)
    monkeypatch.setattr(fast_paths, "installed_release", lambda _: fast_paths.release(installed))
    assert fast_paths.tested("pyomo", "6.8.1", "6.11") is expected
    monkeypatch.setenv(fast_paths.UNTESTED_FAST_PATHS, "1")
    assert fast_paths.tested("pyomo", "6.8.1", "6.11")


def test_a_missing_distribution_takes_no_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(fast_paths.UNTESTED_FAST_PATHS, raising=False)
    assert fast_paths.installed_release("no-such-distribution-here") == ()
    assert not fast_paths.tested("no-such-distribution-here", "0", "99")


@pytest.mark.parametrize(("value", "off"), [("", False), ("0", False), ("1", True), ("yes", True)])
def test_the_switch_reads_its_variable(
    value: str, off: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(fast_paths.NO_FAST_PATHS, value)
    assert fast_paths.forced_off() is off
