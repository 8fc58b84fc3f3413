"""The constraint registry: every rule is a module-level function registered with the sets
that index it, the sheet its data comes from and its unit.

A modeller adds a family in a file of their own (see ``models/``)::

    from pactopt.model import sets
    from pactopt.model.registry import constraint

    @constraint("regional_share_hc", index=(sets.YEARS,), sheet="Funders", unit="€m")
    def regional_share_hc(m, year):
        '''Regions pay at least 40% of public HC money: Σ_i x[i,regional,y] ≥ 0.4 Σ_i pub[i,y].'''
        ...

and passes the file with ``--extension PATH``. Files are only loaded from paths given on the
command line or in Python: a workbook can never name code to run.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Rule = Callable[..., Any]


@dataclass(frozen=True)
class ConstraintRule:
    """One registered constraint rule."""

    name: str
    family: str
    index: tuple[str, ...]
    sheet: str
    unit: str
    rule: Rule

    @property
    def doc(self) -> str:
        """The rule's docstring: its meaning and math."""
        return " ".join((self.rule.__doc__ or "").split())


RULES: dict[str, ConstraintRule] = {}
_target: list[dict[str, ConstraintRule]] = [RULES]


class RegistryError(Exception):
    """A rule name is registered twice, or an extension cannot be loaded."""


def constraint(
    name: str, *, index: tuple[str, ...], sheet: str, unit: str, family: str | None = None
) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule of constraint ``name`` over the product of ``index`` sets.

    The family defaults to the defining module's name (one module per family)."""

    def register(fn: Rule) -> Rule:
        registry = _target[-1]
        if name in registry or name in RULES:
            raise RegistryError(f"constraint '{name}' is registered twice")
        module = fn.__module__.rsplit(".", 1)[-1]
        registry[name] = ConstraintRule(name, family or module, index, sheet, unit, fn)
        return fn

    return register


@contextmanager
def _collecting() -> Iterator[dict[str, ConstraintRule]]:
    collected: dict[str, ConstraintRule] = {}
    _target.append(collected)
    try:
        yield collected
    finally:
        _target.pop()


def load_extension(path: Path) -> list[ConstraintRule]:
    """Run the Python file at ``path`` and return the rules it registers (kept apart from the
    core registry, so loading an extension never changes another run)."""
    if not path.is_file() or path.suffix != ".py":
        raise RegistryError(f"extension must be an existing .py file: {path}")
    module_name = f"pactopt_extension_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"cannot load extension {path}")
    module = importlib.util.module_from_spec(spec)
    with _collecting() as collected:
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        finally:
            sys.modules.pop(module_name, None)
    if not collected:
        raise RegistryError(f"extension {path} registers no constraint")
    return list(collected.values())


def families() -> dict[str, list[ConstraintRule]]:
    """Core rules grouped by family, in registration order."""
    grouped: dict[str, list[ConstraintRule]] = {}
    for rule in RULES.values():
        grouped.setdefault(rule.family, []).append(rule)
    return grouped
