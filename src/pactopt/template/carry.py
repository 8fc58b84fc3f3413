"""Carry a filled workbook into a fresh template (``pactopt template --from OLD.xlsx``).

The old workbook is read cell by cell, not validated: a workbook that does not yet validate
can be carried too, and the new one is checked as any other. Columns are found by their
header (with or without the required mark); year columns keep their values where the old and
new horizons overlap (``with_horizon``). What the fresh template has no column for — a header
it does not know — cannot be carried and is listed, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pactopt.schema.sheets import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    SETTINGS,
    TABLE_SHEETS,
    SheetSpec,
    header_name,
)
from pactopt.template.examples import ExampleData
from pactopt.xlsx.read import DEFAULT_MAX_FILE_MB, RawSheet, read_workbook


@dataclass(frozen=True)
class Carried:
    """The old workbook as example data, and what could not be carried (sheet: header)."""

    example: ExampleData
    left_behind: list[str]
    formulas: int


def _headers(sheet: RawSheet) -> dict[int, str | int]:
    """Column -> column name (a year as an int) of the header row."""
    out: dict[int, str | int] = {}
    for col in sheet.cols_in(HEADER_ROW):
        cell = sheet.get(HEADER_ROW, col)
        if cell is None or cell.value is None:
            continue
        value = cell.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            out[col] = int(value) if float(value).is_integer() else str(value)
        elif isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
            out[col] = int(value.strip())
        else:
            out[col] = header_name(str(value))
    return out


def _rows(sheet: RawSheet, spec: SheetSpec, left: list[str]) -> tuple[list[dict[str, Any]], int]:
    headers = _headers(sheet)
    known = {c.name for c in spec.columns}
    for name in headers.values():
        if isinstance(name, str) and name not in known:
            left.append(f"{spec.name}: column '{name}'")
        if isinstance(name, int) and spec.years is None:
            left.append(f"{spec.name}: column {name}")
    rows, formulas = [], 0
    for r in sheet.rows_from(FIRST_DATA_ROW):
        row: dict[str, Any] = {}
        block: dict[int, object] = {}
        for col, name in headers.items():
            cell = sheet.get(r, col)
            if cell is None or cell.value is None:
                continue
            formulas += cell.formula is not None
            if isinstance(name, int) and spec.years is not None:
                block[name] = cell.value
            elif name in known:
                row[str(name)] = cell.value
        if spec.years is not None and block:
            row[spec.years.field] = block
        if row:
            rows.append(row)
    return rows, formulas


def _settings(sheet: RawSheet) -> dict[str, tuple[object, str]]:
    headers = {name: col for col, name in _headers(sheet).items()}
    name_col, value_col = headers.get("setting", 1), headers.get("value", 2)
    source_col = headers.get("source", 4)
    out: dict[str, tuple[object, str]] = {}
    for r in sheet.rows_from(FIRST_DATA_ROW):
        name, value = sheet.get(r, name_col), sheet.get(r, value_col)
        if name is None or name.value is None:
            continue
        source = sheet.get(r, source_col) if isinstance(source_col, int) else None
        text = "" if source is None or source.value is None else str(source.value)
        out[str(name.value).strip()] = (None if value is None else value.value, text)
    return out


def carry_workbook(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> Carried:
    """Every input of the workbook at ``path`` as example data for ``build_template``.
    Raises ``InputError`` when the file is not a workbook at all."""
    raw = read_workbook(path, max_file_mb)
    left: list[str] = []
    formulas = 0
    settings: dict[str, tuple[object, str]] = {}
    if SETTINGS.name in raw.sheets:
        settings = _settings(raw.sheets[SETTINGS.name])
    sheets: dict[str, list[dict[str, Any]]] = {}
    for spec in TABLE_SHEETS:
        if spec.name in raw.sheets:
            sheets[spec.name], count = _rows(raw.sheets[spec.name], spec, left)
            formulas += count
    known = {SETTINGS.name, "README", *(s.name for s in TABLE_SHEETS)}
    left += [f"sheet {name}" for name in raw.sheets if name not in known]
    return Carried(ExampleData(settings, sheets), left, formulas)
