"""From raw cells to validated rows: every problem found, each naming its sheet and cell.

``parse_workbook`` reads Settings first (it fixes the horizon, hence the year columns), then
every table sheet, then runs the registry of cross-sheet checks (``checks.py``). It raises one
``InputError`` listing every error, or returns ``PactData`` carrying the warnings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ValidationError

from pactopt.errors import InputError, Problem, Severity
from pactopt.schema.cells import Converted, convert
from pactopt.schema.checks import run_checks
from pactopt.schema.columns import SANE_MAX, UNIT_MEUR, ColumnSpec, column_specs
from pactopt.schema.data import PactData, ParsedRow, ParsedTable
from pactopt.schema.headers import a1, map_headers
from pactopt.schema.io_ranges import with_io_low
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import (
    FIRST_DATA_ROW,
    SETTINGS,
    SETTINGS_COLUMNS,
    SHEETS,
    TABLE_SHEETS,
    UNITS_PREFIX,
    SheetSpec,
    template_columns,
)
from pactopt.xlsx.read import (
    DEFAULT_MAX_FILE_MB,
    RawCell,
    RawSheet,
    RawWorkbook,
    read_workbook,
)

IGNORED_SHEETS = {"README"}


@cache
def _specs_of(model: type[BaseModel]) -> dict[str, ColumnSpec]:
    return {c.name: c for c in column_specs(model)}


def _pydantic_rule(error: Any, spec: ColumnSpec | None) -> str:
    kind = error["type"]
    if kind in ("missing", "string_too_short"):
        return "required cell is empty"
    if kind in ("greater_than_equal", "less_than_equal") and spec is not None:
        return spec.range_rule()
    return str(error["msg"]).removeprefix("Value error, ")


def _read_cell(
    raw: RawCell, spec: ColumnSpec, sheet: str, cell: str, problems: list[Problem]
) -> Converted:
    """Convert one cell, recording its problem (if any) against ``sheet!cell``."""
    if raw.formula is not None:
        if raw.value is None:
            problems.append(
                Problem(
                    sheet,
                    cell,
                    raw.formula,
                    "formula has no cached value; open and save "
                    "the workbook in a spreadsheet program, or type the value",
                )
            )
            return Converted(error="formula")
        if isinstance(raw.value, str) and raw.value.startswith("#"):
            problems.append(Problem(sheet, cell, raw.value, "formula result is an error"))
            return Converted(error="formula")
    result = convert(raw.value, spec)
    if result.error:
        problems.append(Problem(sheet, cell, raw.value, result.error))
    elif result.warning:
        problems.append(Problem(sheet, cell, raw.value, result.warning, Severity.WARNING))
    return result


def _build(
    model: type[BaseModel],
    values: dict[str, Any],
    failed: set[str],
    sheet: str,
    cells: dict[str, str],
    fallback_cell: str,
    problems: list[Problem],
    raw_values: dict[str, object],
) -> BaseModel | None:
    try:
        return model(**values)
    except ValidationError as exc:
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            if not field:  # a model-level rule: its message starts with the field it blames
                field = str(error["msg"]).removeprefix("Value error, ").split(" ")[0]
                field = field.rstrip(":")
            if field in failed:
                continue
            cell = cells.get(field, fallback_cell)
            rule = _pydantic_rule(error, _specs_of(model).get(field))
            problems.append(Problem(sheet, cell, raw_values.get(field), rule))
        return None


def _data_start(sheet: RawSheet) -> int:
    """Data starts below the units row when there is one (row 2 begins with 'unit: ')."""
    for col in sheet.cols_in(2):
        cell = sheet.get(2, col)
        if cell is not None and str(cell.value).lower().startswith(UNITS_PREFIX.strip()):
            return FIRST_DATA_ROW
    return 2


def _warn_if_hidden(sheet: RawSheet, row: int, problems: list[Problem]) -> None:
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


def parse_settings(
    sheet: RawSheet, problems: list[Problem]
) -> tuple[Settings | None, dict[str, str], dict[str, str]]:
    """Settings from the key/value sheet, the cell of each setting's value and the text of
    each setting's source cell."""
    specs = {c.name: c for c in column_specs(Settings)}
    headers = map_headers(sheet, SETTINGS, list(SETTINGS_COLUMNS), None)
    problems.extend(headers.problems)
    if "setting" not in headers.columns or "value" not in headers.columns:
        return None, {}, {}
    key_col, value_col = headers.columns["setting"], headers.columns["value"]
    source_col = headers.columns.get("source")
    sources: dict[str, str] = {}
    values: dict[str, Any] = {}
    raw_values: dict[str, object] = {}
    cells: dict[str, str] = {}
    failed: set[str] = set()
    last_row = _data_start(sheet) - 1
    for row in sheet.rows_from(_data_start(sheet)):
        key_cell = sheet.get(row, key_col)
        if key_cell is None:
            continue
        _warn_if_hidden(sheet, row, problems)
        last_row = row
        name = str(key_cell.value).strip()
        if name not in specs:
            problems.append(
                Problem(
                    "Settings",
                    a1(row, key_col),
                    name,
                    "unknown setting; it is ignored",
                    Severity.WARNING,
                )
            )
            continue
        if name in cells:
            problems.append(Problem("Settings", a1(row, key_col), name, "setting given twice"))
            continue
        cells[name] = a1(row, value_col)
        source = sheet.get(row, source_col) if source_col is not None else None
        if source is not None and source.value is not None:
            sources[name] = str(source.value)
        raw = sheet.get(row, value_col)
        if raw is None:
            continue
        raw_values[name] = raw.value
        result = _read_cell(raw, specs[name], "Settings", cells[name], problems)
        if result.error:
            failed.add(name)
        else:
            values[name] = result.value
    for name, spec in specs.items():
        if spec.required and name not in cells:
            last_row += 1
            cells[name] = a1(last_row, value_col)
            problems.append(
                Problem(
                    "Settings", a1(last_row, key_col), None, f"required setting '{name}' is missing"
                )
            )
            failed.add(name)
    fallback = cells.get("last_year", "A1")
    settings = _build(Settings, values, failed, "Settings", cells, fallback, problems, raw_values)
    return settings if isinstance(settings, Settings) else None, cells, sources


def parse_table(
    sheet: RawSheet, spec: SheetSpec, years: tuple[int, ...] | None, problems: list[Problem]
) -> ParsedTable:
    """Every non-blank data row of a table sheet that passes its row model, and the keys of
    all rows (valid or not), so that references to a row with a bad cell are not reported
    twice."""
    columns = {c.name: c for c in spec.columns}
    headers = map_headers(sheet, spec, list(columns), years)
    problems.extend(headers.problems)
    year_cols = {y: c for y, c in headers.years.items() if years is None or y in years}
    read_cols = {c for n, c in headers.columns.items() if n != "notes"} | set(year_cols.values())
    rows: list[ParsedRow] = []
    keys: set[str] = set()
    order = template_columns(spec, years or ())
    for row in sheet.rows_from(_data_start(sheet)):
        if all(sheet.get(row, c) is None for c in read_cols):
            continue
        _warn_if_hidden(sheet, row, problems)
        values: dict[str, Any] = {}
        raw_values: dict[str, object] = {}
        failed: set[str] = set()
        cells: dict[str, str] = {}
        for name, col_spec in columns.items():
            col = headers.columns.get(name)
            if col is None:
                col = order.index(name) + 1 if name in order else 1
                if col_spec.required:
                    failed.add(name)
            cells[name] = a1(row, col)
            raw = sheet.get(row, col) if name in headers.columns else None
            if raw is None:
                continue
            raw_values[name] = raw.value
            result = _read_cell(raw, col_spec, spec.name, cells[name], problems)
            if result.error:
                failed.add(name)
            else:
                values[name] = result.value
        if all(k in values for k in spec.key):
            keys.add(":".join(str(values[k]) for k in spec.key))
        if spec.years:
            block = _read_years(sheet, spec, row, year_cols, cells, problems)
            if block is None:
                failed.add(spec.years.field)
            else:
                values[spec.years.field] = block
        model = _build(
            spec.model, values, failed, spec.name, cells, a1(row, 1), problems, raw_values
        )
        if model is not None and not failed:
            rows.append(ParsedRow(model=model, row=row, cells=MappingProxyType(cells)))
    return ParsedTable(rows=rows, keys=frozenset(keys))


def _read_years(
    sheet: RawSheet,
    spec: SheetSpec,
    row: int,
    year_cols: dict[int, int],
    cells: dict[str, str],
    problems: list[Problem],
) -> dict[int, float | None] | None:
    assert spec.years is not None
    col_spec = ColumnSpec(
        spec.years.field, "number", UNIT_MEUR, "", False, ge=0, le=SANE_MAX[UNIT_MEUR]
    )
    block: dict[int, float | None] = {}
    ok = True
    for year, col in sorted(year_cols.items()):
        cells[str(year)] = a1(row, col)
        raw = sheet.get(row, col)
        if raw is None:
            block[year] = 0.0 if spec.years.blank == "zero" else None
            continue
        result = _read_cell(raw, col_spec, spec.name, a1(row, col), problems)
        if result.error:
            ok = False
        elif isinstance(result.value, float) and not 0 <= result.value <= SANE_MAX[UNIT_MEUR]:
            problems.append(Problem(spec.name, a1(row, col), raw.value, col_spec.range_rule()))
            ok = False
        else:
            block[year] = result.value if isinstance(result.value, float) else None
    return block if ok else None


def _sheet_problems(raw: RawWorkbook) -> list[Problem]:
    problems: list[Problem] = []
    known = {s.name for s in SHEETS}
    for spec in SHEETS:
        sheet = raw.sheets.get(spec.name)
        if sheet is None:
            near = [n for n in raw.sheets if n.strip().lower() == spec.name.lower()]
            rule = f"required sheet '{spec.name}' is missing"
            if near:
                rule += f"; found '{near[0]}' (sheet names are case-sensitive)"
            if spec.required:
                problems.append(Problem(spec.name, None, near[0] if near else None, rule))
            else:
                problems.append(
                    Problem(
                        spec.name,
                        None,
                        near[0] if near else None,
                        f"optional sheet '{spec.name}' is missing, so its rules are off "
                        f"({spec.purpose[0].lower()}{spec.purpose[1:].rstrip('.')})",
                        Severity.WARNING,
                    )
                )
            continue
        if sheet.hidden:
            problems.append(
                Problem(
                    spec.name,
                    None,
                    None,
                    "sheet is hidden; unhide it so that what runs is what you see",
                )
            )
        for merged in sheet.merged:
            problems.append(
                Problem(
                    spec.name,
                    merged.split(":")[0],
                    merged,
                    f"merged cells {merged}; unmerge them (one value per cell)",
                )
            )
    for name in raw.sheets:
        if name not in known and name not in IGNORED_SHEETS:
            if any(name.strip().lower() == k.lower() for k in known):
                continue
            problems.append(
                Problem(name, None, None, "unknown sheet; it is ignored", Severity.WARNING)
            )
    return problems


def parse_workbook(raw: RawWorkbook) -> PactData:
    """Validate a whole workbook; raise ``InputError`` listing every error found."""
    problems = _sheet_problems(raw)
    settings: Settings | None = None
    setting_sources: dict[str, str] = {}
    cell_index: dict[tuple[str, str, str], str] = {}
    if "Settings" in raw.sheets:
        settings, settings_cells, setting_sources = parse_settings(raw.sheets["Settings"], problems)
        for name, cell in settings_cells.items():
            cell_index[("Settings", name, "value")] = cell
    years = settings.years if settings else None
    tables: dict[str, ParsedTable] = {}
    for spec in TABLE_SHEETS:
        sheet = raw.sheets.get(spec.name)
        if sheet is None:
            continue
        tables[spec.name] = parse_table(sheet, spec, years, problems)
        for parsed in tables[spec.name].rows:
            key = spec.row_key(parsed.model)
            for column, cell in parsed.cells.items():
                cell_index[(spec.name, key, column)] = cell
    problems.extend(run_checks(settings, tables))
    if settings is None or any(p.severity is Severity.ERROR for p in problems):
        if not any(p.severity is Severity.ERROR for p in problems):
            problems.append(Problem("Settings", None, None, "settings could not be read"))
        raise InputError(problems)

    def models(name: str) -> tuple[Any, ...]:
        table = tables.get(name)
        return tuple(p.model for p in table.rows) if table else ()

    return PactData(
        settings=settings,
        setting_sources=MappingProxyType(setting_sources),
        domains=models("Domains"),
        instruments=with_io_low(models("Instruments"), settings),
        curves=models("Curves"),
        funders=models("Funders"),
        eligibility=models("Eligibility"),
        budget_lines=models("BudgetLines"),
        projects=models("Projects"),
        links=models("Links"),
        switches=models("Switches"),
        scenarios=models("Scenarios"),
        actuals=models("Actuals"),
        actual_shifts=models("ActualShifts"),
        cells=MappingProxyType(cell_index),
        warnings=tuple(problems),
        source_sha256=raw.sha256,
    )


def load_pact(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> PactData:
    """Read and validate the workbook at ``path``; raise ``InputError`` listing every problem."""
    return parse_workbook(read_workbook(path, max_file_mb))
