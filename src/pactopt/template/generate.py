"""Generate the input template (blank, or filled with an example) from the schema.

Every sheet, header, unit, note and dropdown comes from the row models in ``schema/``; nothing
is drawn by hand. Input cells are pale yellow; generated cells (headers, units, README) are grey
or blue and are not meant to be edited.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.template.examples import DEFAULT_YEARS, ExampleData, load_example, with_horizon
from pactopt.xlsx.write import OVERWRITE, WritePolicy, save_atomically, set_text_safe

__all__ = ["DEFAULT_YEARS", "build_template", "write_template"]
from pactopt.schema.columns import SANE_MAX, UNIT_MEUR, UNIT_TEXT, ColumnSpec, column_specs
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    REQUIRED_MARK,
    SETTINGS,
    SETTINGS_COLUMNS,
    SHEETS_BY_NAME,
    TABLE_SHEETS,
    UNITS_PREFIX,
    UNITS_ROW,
    SheetSpec,
    template_columns,
)
from pactopt.template.readme_sheet import write_readme

INPUT_ROWS = 100  # blank input rows styled and validated below the data
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
UNITS_FONT = Font(italic=True, color="595959")
UNITS_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
YEAR_AMOUNT = ColumnSpec("year", "number", UNIT_MEUR, "", False, ge=0, le=SANE_MAX[UNIT_MEUR])


def _cell_value(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    return value


def _validation(spec: ColumnSpec, unit: str) -> DataValidation | None:
    """The cell rule the spreadsheet enforces as it is typed: a dropdown or a range, each
    refusing what it does not allow with the rule pactopt would state (showErrorMessage)."""
    refuse: dict[str, Any] = {
        "showErrorMessage": True,
        "errorStyle": "stop",
        "errorTitle": "pactopt",
    }
    if spec.choices:
        return DataValidation(
            type="list",
            formula1=f'"{",".join(spec.choices)}"',
            allow_blank=not spec.required,
            error=f"must be one of: {', '.join(spec.choices)}",
            **refuse,
        )
    if spec.ref is not None and spec.kind != "list":
        target = SHEETS_BY_NAME[spec.ref]
        letter = get_column_letter(template_columns(target, ()).index(target.key[0]) + 1)
        last = FIRST_DATA_ROW + 1000
        return DataValidation(
            type="list",
            allow_blank=not spec.required,
            formula1=f"={spec.ref}!${letter}${FIRST_DATA_ROW}:${letter}${last}",
            error=f"must be an {target.key[0]} of sheet {spec.ref}",
            **refuse,
        )
    if spec.kind in ("number", "integer") and spec.ge is not None:
        kind: Literal["whole", "decimal"] = "whole" if spec.kind == "integer" else "decimal"
        bounds: dict[str, Any] = {"operator": "greaterThanOrEqual", "formula1": f"{spec.ge:g}"}
        if spec.le is not None:
            bounds = {"operator": "between", "formula1": f"{spec.ge:g}", "formula2": f"{spec.le:g}"}
        return DataValidation(
            type=kind, allow_blank=not spec.required, error=spec.range_rule(), **bounds, **refuse
        )
    return None


def _style_header(
    ws: Worksheet, col: int, name: str | int, unit: str, note: str, required: bool = False
) -> None:
    """A header cell (``name *`` when the column is required, its note saying so) and the
    unit cell below it."""
    head = ws.cell(HEADER_ROW, col, f"{name}{REQUIRED_MARK}" if required else name)
    head.font, head.fill = HEADER_FONT, HEADER_FILL
    head.alignment = Alignment(vertical="top")
    if required:
        note = f"Required: every row must fill it. {note}".strip()
    if note:
        head.comment = Comment(note, "pactopt")
    units = ws.cell(UNITS_ROW, col, f"{UNITS_PREFIX}{unit}")
    units.font, units.fill = UNITS_FONT, UNITS_FILL


def _finish(ws: Worksheet, widths: dict[int, int], freeze: str) -> None:
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 9), 60)
    ws.freeze_panes = freeze


def _write_table(
    ws: Worksheet, spec: SheetSpec, years: tuple[int, ...], rows: list[dict[str, Any]]
) -> None:
    specs = {c.name: c for c in spec.columns}
    year_note = ""
    if spec.years:
        year_spec = next(c for c in column_specs(spec.model) if c.name == spec.years.field)
        year_note = year_spec.note
    order = template_columns(spec, years)
    last_row = FIRST_DATA_ROW + len(rows) + INPUT_ROWS - 1
    widths: dict[int, int] = {}
    for col, name in enumerate(order, start=1):
        column = specs.get(str(name))
        unit = column.unit if column else UNIT_MEUR
        required = column.required if column else True  # every year of the horizon
        note = column.note if column else year_note
        _style_header(ws, col, name, unit, note, required=required and column is not None)
        widths[col] = max(len(str(name)) + len(REQUIRED_MARK), len(UNITS_PREFIX + unit))
        rule = _validation(column, unit) if column else _validation(YEAR_AMOUNT, UNIT_MEUR)
        if rule is not None:
            letter = get_column_letter(col)
            rule.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
            ws.add_data_validation(rule)
        for row in range(FIRST_DATA_ROW, last_row + 1):
            ws.cell(row, col).fill = INPUT_FILL
    for offset, data in enumerate(rows):
        row = FIRST_DATA_ROW + offset
        block = data.get(spec.years.field) if spec.years else None
        for col, name in enumerate(order, start=1):
            if isinstance(name, int):
                value = block.get(name) if isinstance(block, dict) else block
            else:
                value = data.get(name)
            if value is None:
                continue
            set_text_safe(ws.cell(row, col), _cell_value(value))
            widths[col] = max(widths[col], min(len(str(_cell_value(value))), 50))
    _finish(ws, widths, "B3")


def _write_settings(ws: Worksheet, values: dict[str, tuple[object, str]]) -> None:
    notes = {
        "unit": "Unit of the value.",
        "source": "Provenance of the value.",
        "notes": "Free text, not read by the model.",
        "setting": "Setting name (fixed).",
        "value": "The value used for this run.",
    }
    for col, name in enumerate(SETTINGS_COLUMNS, start=1):
        _style_header(ws, col, name, UNIT_TEXT, notes[name], required=name in ("setting", "value"))
    widths = {1: 30, 2: 14, 3: 12, 4: 40, 5: 30}
    for offset, spec in enumerate(column_specs(Settings)):
        row = FIRST_DATA_ROW + offset
        value, source = values.get(spec.name, (None, ""))
        default = Settings.model_fields[spec.name].default
        if value is None and not spec.required and default is not None:
            value, source = default, "default"
        ws.cell(row, 1, spec.name).fill = UNITS_FILL
        value_cell = ws.cell(row, 2)
        set_text_safe(value_cell, _cell_value(value))
        value_cell.fill = INPUT_FILL
        value_cell.comment = Comment(spec.note, "pactopt")
        ws.cell(row, 3, spec.unit).fill = UNITS_FILL
        set_text_safe(ws.cell(row, 4), source or None)
        ws.cell(row, 4).fill = INPUT_FILL
        note = f"Required. {spec.note}" if spec.required else spec.note
        ws.cell(row, 5, note).fill = INPUT_FILL
        rule = _validation(spec, spec.unit)
        if rule is not None:
            rule.add(f"B{row}")
            ws.add_data_validation(rule)
        widths[4] = max(widths[4], min(len(str(source or "")), 60))
    _finish(ws, widths, "B3")


def build_template(
    example: ExampleData | None = None, horizon: tuple[int, int] | None = None
) -> Workbook:
    """The template workbook: README, Settings and every table sheet, with example data if
    given, for ``horizon`` (first year, last year) when given (else the example's, or
    2025-2030)."""
    wb = Workbook()
    readme = wb.active
    assert readme is not None
    readme.title = "README"
    settings_values: dict[str, tuple[object, str]] = {
        "first_year": (DEFAULT_YEARS[0], "example: replace with your horizon"),
        "last_year": (DEFAULT_YEARS[-1], "example: replace with your horizon"),
    }
    if example is not None:
        settings_values = example.settings
    if horizon is not None:
        moved = with_horizon(example or ExampleData(settings_values, {}), *horizon)
        settings_values = moved.settings
        example = moved if example is not None else None
    first = settings_values.get("first_year", (DEFAULT_YEARS[0], ""))[0]
    last = settings_values.get("last_year", (DEFAULT_YEARS[-1], ""))[0]
    years = tuple(range(int(str(first)), int(str(last)) + 1))
    write_readme(readme, example is not None)
    _write_settings(wb.create_sheet(SETTINGS.name), settings_values)
    for spec in TABLE_SHEETS:
        rows = example.sheets.get(spec.name, []) if example else []
        _write_table(wb.create_sheet(spec.name), spec, years, rows)
    return wb


def write_template(
    path: Path,
    example: str | ExampleData | None = None,
    policy: WritePolicy = OVERWRITE,
    horizon: tuple[int, int] | None = None,
) -> Path:
    """Write the blank template, the named example, or the given example data (a workbook
    carried by ``io.carry``) to ``path`` atomically, for ``horizon`` (first year, last year)
    when given (the command line passes its ``--force``: by default a filled workbook is
    never overwritten)."""
    data = load_example(example) if isinstance(example, str) else example
    return save_atomically(build_template(data, horizon), path, policy=policy)
