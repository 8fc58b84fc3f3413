"""Column metadata shared by the row models and the template generator.

A row model field is declared with :func:`column`, which records the unit shown in the
template's units row, the note shown on the header cell, and (for id references) the sheet
whose ids the cell must name. The template, the reader and the docs all read this metadata,
so a column is described in exactly one place.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from pydantic.fields import FieldInfo

# Units as shown in the template's units row. Shares accept "30%" typed as text.
UNIT_MEUR = "€m"
UNIT_SHARE = "share 0-1"
UNIT_EUR_PER_EUR = "€ per €"
UNIT_JOBS_PER_MEUR = "jobs per €m"
UNIT_YEARS = "years"
UNIT_TEXT = "text"
UNIT_ID = "id"
UNIT_YES_NO = "yes/no"
UNIT_JOBS = "jobs"
UNIT_COUNT = "count"
UNIT_WEIGHT = "weight"

# The sane range of every amount and coefficient, declared once per unit: a value beyond it
# is a slip (a pasted row number, 1e308), and it would wreck the solver's numerics (HiGHS
# reports a "solver error" or "unbounded" with no cell to blame). A column may narrow it.
SANE_MAX: dict[str, float] = {
    UNIT_MEUR: 1e7,  # €10 trillion, far above any national pact
    UNIT_EUR_PER_EUR: 100.0,
    UNIT_JOBS_PER_MEUR: 10_000.0,  # €100 per job
    UNIT_JOBS: 1e7,
    UNIT_WEIGHT: 1_000.0,
}

Identifier = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]


def column(
    unit: str,
    note: str,
    *,
    default: Any = ...,
    ref: str | None = None,
    ge: float | None = None,
    le: float | None = None,
) -> Any:
    """A row-model field with its unit, note and (optionally) the sheet its ids refer to.
    A numeric field with a lower bound and no upper bound gets its unit's ``SANE_MAX``."""
    if le is None and ge is not None:
        le = SANE_MAX.get(unit)
    extra: dict[str, Any] = {"unit": unit}
    if ref is not None:
        extra["ref"] = ref
    return Field(default, description=note, json_schema_extra=extra, ge=ge, le=le)


class Row(BaseModel):
    """Base of every sheet's row model: frozen, and no field that the sheet does not define."""

    model_config = ConfigDict(frozen=True, extra="forbid")


FieldKind = Literal["number", "integer", "yesno", "text", "enum", "list", "years"]


@dataclass(frozen=True)
class ColumnSpec:
    """What the template and the reader need to know about one column."""

    name: str
    kind: FieldKind
    unit: str
    note: str
    required: bool
    choices: tuple[str, ...] = ()
    ref: str | None = None
    ge: float | None = None
    le: float | None = None

    def range_rule(self) -> str:
        """The column's sane range as a rule: 'must be between 0 and 1,000 (weight)'."""
        low = "" if self.ge is None else _number_text(self.ge)
        high = "" if self.le is None else _number_text(self.le)
        if low and high:
            return f"must be between {low} and {high} ({self.unit})"
        return f"must be ≥ {low}" if low else f"must be ≤ {high}"


def _number_text(x: float) -> str:
    """1000000 → '1,000,000'; 0.0001 → '0.0001'."""
    return f"{int(x):,}" if float(x).is_integer() and abs(x) < 1e16 else f"{x:g}"


def _strip_optional(annotation: Any) -> tuple[Any, bool]:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _kind_of(annotation: Any) -> tuple[FieldKind, tuple[str, ...]]:
    inner, _ = _strip_optional(annotation)
    if get_origin(inner) is Annotated:
        inner = get_args(inner)[0]
    if get_origin(inner) is Literal:
        return "enum", tuple(str(a) for a in get_args(inner))
    if get_origin(inner) is tuple:
        return "list", ()
    if get_origin(inner) is dict:
        return "years", ()
    if inner is bool:
        return "yesno", ("yes", "no")
    if inner is int:
        return "integer", ()
    if inner is float:
        return "number", ()
    return "text", ()


def _bound(info: FieldInfo, name: str) -> float | None:
    for meta in info.metadata:
        value = getattr(meta, name, None)
        if value is not None:
            return float(value)
    return None


def column_specs(model: type[BaseModel]) -> list[ColumnSpec]:
    """The columns of a row model, in declaration order."""
    return list(_column_specs(model))


@cache
def _column_specs(model: type[BaseModel]) -> tuple[ColumnSpec, ...]:
    # read from the model's declaration once per process: the checks ask for a sheet's
    # columns hundreds of times a validate (0.8 s of a 1.5 s validate before)
    specs = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        kind, choices = _kind_of(info.annotation)
        specs.append(
            ColumnSpec(
                name=name,
                kind=kind,
                unit=str(extra.get("unit", UNIT_TEXT)),
                note=info.description or "",
                required=info.is_required(),
                choices=choices,
                ref=str(extra["ref"]) if "ref" in extra else None,
                ge=_bound(info, "ge"),
                le=_bound(info, "le"),
            )
        )
    return tuple(specs)
