"""One cell and one row of a sheet, from raw cells to a row model, each problem recorded
against its cell (``parse.py`` reads Settings with these, ``table.py`` the table sheets).

A row that leaves a required cell empty cannot pass its row model whatever else it holds, so
it is not built: its empty required cells are reported, and each cell it does hold is checked
against its field alone (``_field_adapter``), which gives the problems the model would have
given, in the same order, for a tenth of the cost. Ten thousand junk ids pasted under a table
are ten thousand such rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from pactopt.errors import Problem, ProblemLog, Severity
from pactopt.schema.cells import Converted, convert
from pactopt.schema.columns import ColumnSpec, column_specs
from pactopt.schema.headers import a1
from pactopt.schema.sheets import FIRST_DATA_ROW, UNITS_PREFIX
from pactopt.xlsx.read import RawCell, RawSheet

REQUIRED_EMPTY = "required cell is empty"
NO_CACHED_VALUE = (
    "formula has no cached value; open and save the workbook in a spreadsheet program, or "
    "type the value"
)


@cache
def specs_of(model: type[BaseModel]) -> dict[str, ColumnSpec]:
    return {c.name: c for c in column_specs(model)}


@cache
def _field_adapter(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """A validator of one field of ``model`` on its own (its type and constraints)."""
    info = model.model_fields[name]
    kind: Any = info.annotation
    if info.metadata:
        kind = Annotated[kind, *info.metadata]
    return TypeAdapter(kind)


@cache
def _fields(model: type[BaseModel]) -> tuple[tuple[str, bool], ...]:
    """Each field of ``model`` and whether it is required, in order."""
    return tuple((name, info.is_required()) for name, info in model.model_fields.items())


@cache
def _required(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(name for name, required in _fields(model) if required)


def pydantic_rule(error: Any, spec: ColumnSpec | None) -> str:
    kind = error["type"]
    if kind in ("missing", "string_too_short"):
        return REQUIRED_EMPTY
    if kind in ("greater_than_equal", "less_than_equal") and spec is not None:
        return spec.range_rule()
    return str(error["msg"]).removeprefix("Value error, ")


# a reference into another workbook as a formula stores it: '[1]Sheet1'!A1, [1]Sheet1!A1,
# [1]!name (the number is that of an externalLink part), or [Budget.xlsx]Sheet1!A1
_BOOK = r"\[(?:\d+|[^\[\]']*\.xl\w*)\]"
_EXTERNAL = re.compile(rf"'(?:[^']|'')*{_BOOK}(?:[^']|'')*'!|{_BOOK}[^!\[\]\s(),;']*!")
_TEXT = re.compile(r'"[^"]*"')
EXTERNAL = "formula refers to another workbook"


def external_reference(formula: str) -> str | None:
    """The first reference of ``formula`` to another workbook (text in quotes left out)."""
    found = _EXTERNAL.search(_TEXT.sub("", formula))
    return found.group() if found else None


def read_cell(
    raw: RawCell, spec: ColumnSpec, sheet: str, cell: str, problems: ProblemLog
) -> Converted:
    """Convert one cell, recording its problem (if any) against ``sheet!cell``."""
    if raw.formula is not None:
        link = external_reference(raw.formula)
        if link is not None:
            problems.add(
                sheet,
                cell,
                raw.formula,
                f"{EXTERNAL} ({link}): its value is the one cached when this file was last "
                "saved, not recomputed; check it, or type the value",
                Severity.WARNING,
            )
        if raw.value is None:
            problems.add(sheet, cell, raw.formula, NO_CACHED_VALUE)
            return Converted(error="formula")
        if isinstance(raw.value, str) and raw.value.startswith("#"):
            problems.add(sheet, cell, raw.value, "formula result is an error")
            return Converted(error="formula")
    result = convert(raw.value, spec)
    if result.error:
        problems.add(sheet, cell, raw.value, result.error)
    elif result.warning:
        problems.add(sheet, cell, raw.value, result.warning, Severity.WARNING)
    return result


def build_row(
    model: type[BaseModel],
    values: dict[str, Any],
    failed: set[str],
    sheet: str,
    cells: Mapping[str, str],
    fallback_cell: str,
    problems: ProblemLog,
    raw_values: dict[str, object],
) -> BaseModel | None:
    """The row model of ``values``, or None with its problems recorded (none for the fields
    in ``failed``, already reported)."""
    specs = specs_of(model)

    def record(field: str, error: Any) -> None:
        cell = cells.get(field, fallback_cell)
        problems.add(sheet, cell, raw_values.get(field), pydantic_rule(error, specs.get(field)))

    if any(name not in values and name not in failed for name in _required(model)):
        _report_fields(model, values, failed, record)
        return None
    try:
        return model(**values)
    except ValidationError as exc:
        for error in exc.errors():
            fields = [str(error["loc"][0])] if error["loc"] else []
            if not fields:  # a model-level rule: its message starts with the field(s) it
                # blames ('first_year/last_year: …' blames both)
                blamed = str(error["msg"]).removeprefix("Value error, ").split(" ")[0]
                fields = blamed.rstrip(":").split("/")
            for field in fields:
                if field not in failed:
                    record(field, error)
        return None


_MISSING = {"type": "missing"}


def _report_fields(
    model: type[BaseModel],
    values: dict[str, Any],
    failed: set[str],
    record: Callable[[str, Any], None],
) -> None:
    """What the model would report for a row with an empty required cell (its model-level
    rules run only on a row whose fields all pass): field by field, in its order."""
    for name, required in _fields(model):
        if name in failed:
            continue
        if name not in values:
            if required:
                record(name, _MISSING)
            continue
        try:
            _field_adapter(model, name).validate_python(values[name])
        except ValidationError as exc:
            for error in exc.errors():
                record(name, error)


def data_start(sheet: RawSheet) -> int:
    """Data starts below the units row when there is one (row 2 begins with 'unit: ')."""
    for col in sheet.cols_in(2):
        cell = sheet.get(2, col)
        if cell is not None and str(cell.value).lower().startswith(UNITS_PREFIX.strip()):
            return FIRST_DATA_ROW
    return 2


def warn_if_hidden(sheet: RawSheet, row: int, problems: ProblemLog) -> None:
    """A hidden row is read like any other: say so, since the planner cannot see it."""
    if row in sheet.hidden_rows:
        problems.append(
            Problem(
                sheet.name,
                a1(row, 1),
                None,
                f"row {row} is hidden but read; unhide it so that what runs is what you see",
                Severity.WARNING,
            )
        )
