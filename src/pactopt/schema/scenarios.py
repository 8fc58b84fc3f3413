"""Scenarios: named overrides (sheet, row id, column, value) layered on the base workbook.

An override replaces the raw cell before validation, so a scenario is checked by exactly the
same rules as the base, and its problems name the cell it changed.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path

from pactopt.errors import InputError, Problem
from pactopt.schema.data import PactData
from pactopt.schema.parse import SHEET_NAMES, parse_workbook
from pactopt.schema.rows import ScenarioRow
from pactopt.schema.sheets import HEADER_ROW, SHEETS_BY_NAME, header_name
from pactopt.xlsx.read import DEFAULT_MAX_FILE_MB, RawCell, RawWorkbook, read_workbook


def scenario_names(data: PactData) -> list[str]:
    """Scenario names in the order they first appear."""
    return list(dict.fromkeys(row.scenario for row in data.scenarios))


def _typed(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _locate(raw: RawWorkbook, row: ScenarioRow) -> tuple[int, int] | None:
    sheet = raw.sheets[row.sheet]
    headers = {
        header_name(str(c.value)): col
        for (r, col), c in sheet.cells.items()
        if r == HEADER_ROW and c.value is not None
    }
    if row.sheet == "Settings":
        key_cols, target = [headers.get("setting")], headers.get("value")
    else:
        spec = SHEETS_BY_NAME[row.sheet]
        key_cols = [headers.get(k) for k in spec.key]
        target = headers.get(row.column)
    if target is None or any(k is None for k in key_cols):
        return None
    wanted = row.row_id.split(":")
    for r in sheet.rows_from(HEADER_ROW + 1):
        keys = [sheet.get(r, k) for k in key_cols if k is not None]
        values = [str(_typed(str(c.value))) if c else "" for c in keys]
        if values == [str(_typed(w)) for w in wanted]:
            return r, target
    return None


def apply_scenario(raw: RawWorkbook, data: PactData, name: str) -> RawWorkbook:
    """A copy of ``raw`` with the overrides of scenario ``name`` written into its cells."""
    rows = [r for r in data.scenarios if r.scenario == name]
    if not rows:
        known = ", ".join(scenario_names(data)) or "none"
        raise InputError(
            [Problem("Scenarios", None, name, f"no scenario '{name}' (known: {known})")]
        )
    changed = copy.deepcopy(raw)
    for row in rows:
        where = _locate(changed, row)
        cell = data.cell(
            "Scenarios", f"{row.scenario}:{row.sheet}:{row.row_id}:{row.column}", "value"
        )
        if where is None:
            raise InputError(
                [
                    Problem(
                        "Scenarios",
                        cell.partition("!")[2] or None,
                        row.value,
                        f"cannot find {row.sheet} row '{row.row_id}', column '{row.column}'",
                    )
                ]
            )
        changed.sheets[row.sheet].cells[where] = RawCell(value=_typed(row.value))
    return changed


def load_scenario(path: Path, name: str, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> PactData:
    """The workbook at ``path`` with scenario ``name`` applied, validated."""
    raw = read_workbook(path, max_file_mb, only=SHEET_NAMES)
    base = parse_workbook(raw)
    return replace(parse_workbook(apply_scenario(raw, base, name)), scenario=name)
