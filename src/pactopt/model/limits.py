"""A limit's rows with its workbook value moved: what the value at stake of a limit re-solves.

A rule's limit is the first column of its declared cells (``Origin.columns[0]``: the share of
a public-share floor, the €m of a ceiling, the share of a shift cap, a setting's value). Moving
it means re-evaluating the rule's rows with that one value changed in the data the rules read
(``m.ctx``), so that a share or a leverage, which is a coefficient of its row and not its
right-hand side, moves as it would in the workbook. The value stays within the bounds its
column declares (a share above 1 does not exist)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Le

from pactopt.model.block import PyomoBlock
from pactopt.model.built import BuiltModel
from pactopt.model.context import ModelContext
from pactopt.model.registry import ConstraintRule

# the data a sheet's rows are in, keyed by id, on the model's context
CONTEXT_ROWS = {
    "Domains": "domains",
    "Instruments": "instruments",
    "Funders": "funders",
    "BudgetLines": "lines",
    "Projects": "projects",
    "Links": "links",
    "Switches": "switches",
}


@dataclass(frozen=True)
class MovedLimit:
    """The workbook value of a limit, the value it was moved to, and the rule's rows
    (relational expressions, one per index) with the moved value."""

    value: float
    moved: float
    rows: tuple[Any, ...]
    unit: str = ""  # the unit its column declares ('share 0-1', '€m', …)


class _WithContext:
    """The model as a rule sees it, with another context (``m.ctx``)."""

    def __init__(self, m: PyomoBlock, ctx: ModelContext) -> None:
        self._m = m
        self.ctx = ctx

    def __getattr__(self, name: str) -> Any:
        return getattr(self._m, name)


def _bounded(row: Any, field: str, value: float) -> float:
    """``value`` within the bounds the row model declares for ``field``."""
    info = type(row).model_fields.get(field)
    for bound in info.metadata if info is not None else ():
        if isinstance(bound, Ge):
            value = max(value, float(bound.ge))  # type: ignore[arg-type]
        elif isinstance(bound, Le):
            value = min(value, float(bound.le))  # type: ignore[arg-type]
    return value


def _unit(row: Any, field: str) -> str:
    """The unit the row model declares for ``field`` ('' when none)."""
    info = type(row).model_fields.get(field)
    extra = info.json_schema_extra if info is not None else None
    return str(extra.get("unit", "")) if isinstance(extra, dict) else ""


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _moved_context(
    ctx: ModelContext, rule: ConstraintRule, index: tuple[Any, ...], factor: float
) -> tuple[ModelContext, float, float] | None:
    """The context with the rule's limit at ``index`` times ``factor`` (within its bounds),
    the value and the moved value; None when the limit is not one number of a row."""
    origin = rule.cells
    if origin is None or not origin.columns:
        return None
    if origin.sheet == "Settings" and isinstance(origin.key, str):
        settings = ctx.data.settings
        value = _number(getattr(settings, origin.key, None))
        if value is None:
            return None
        moved = _bounded(settings, origin.key, value * factor)
        new = settings.model_copy(update={origin.key: moved})
        data = dataclasses.replace(ctx.data, settings=new)
        return dataclasses.replace(ctx, data=data), value, moved
    field, attr = origin.columns[0], CONTEXT_ROWS.get(origin.sheet)
    if attr is None or "{" in field or not isinstance(origin.key, int):
        return None
    rows = getattr(ctx, attr)
    key = index[origin.key]
    row = rows.get(key)
    value = _number(getattr(row, field, None)) if row is not None else None
    if value is None:
        return None
    moved = _bounded(row, field, value * factor)
    changed: dict[str, Any] = {attr: {**rows, key: row.model_copy(update={field: moved})}}
    return dataclasses.replace(ctx, **changed), value, moved


def moved_limit(
    built: BuiltModel, rule: ConstraintRule, indexes: Sequence[tuple[Any, ...]], factor: float
) -> MovedLimit | None:
    """The rows of ``rule`` at ``indexes`` (one limit: the same workbook value, e.g. its
    years) with that value times ``factor``; None when the limit is not one number of a
    row (a yearly column, a row found by a function), or the rows differ in their value."""
    if not indexes:
        return None
    found = _moved_context(built.ctx, rule, indexes[0], factor)
    if found is None:
        return None
    ctx, value, moved = found
    origin = rule.cells
    if isinstance(origin.key if origin else None, int):  # one row of the sheet: one value
        at = int(origin.key)  # type: ignore[union-attr,arg-type]
        if any(ix[at] != indexes[0][at] for ix in indexes[1:]):
            return None
    seen = _WithContext(built.pyomo, ctx)
    rows = tuple(rule.rule(seen, *ix) for ix in indexes)
    return MovedLimit(value, moved, rows, _unit_of(built.ctx, rule))


def _unit_of(ctx: ModelContext, rule: ConstraintRule) -> str:
    """The unit of a rule's limit (its first declared column)."""
    origin = rule.cells
    if origin is None:
        return ""
    if origin.sheet == "Settings" and isinstance(origin.key, str):
        return _unit(ctx.data.settings, origin.key)
    rows = getattr(ctx, CONTEXT_ROWS.get(origin.sheet, ""), None) or {}
    row = next(iter(rows.values()), None)
    return _unit(row, origin.columns[0]) if row is not None else ""
