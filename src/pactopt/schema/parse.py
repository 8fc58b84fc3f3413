"""From raw cells to validated rows: every problem found, each naming its sheet and cell.

``parse_workbook`` reads Settings first (it fixes the horizon, hence the year columns), then
every table sheet, then runs the registry of cross-sheet checks (``checks.py``). It raises one
``InputError`` listing every error, or returns ``PactData`` carrying the warnings.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from pactopt.errors import InputError, Problem, ProblemLog, Severity
from pactopt.schema.checks import run_checks
from pactopt.schema.columns import column_specs
from pactopt.schema.data import PactData, ParsedTable
from pactopt.schema.headers import a1, map_headers
from pactopt.schema.io_ranges import with_io_low
from pactopt.schema.reading import (
    EXTERNAL,
    build_row,
    data_start,
    read_cell,
    warn_if_hidden,
)
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import SETTINGS, SETTINGS_COLUMNS, SHEETS, TABLE_SHEETS
from pactopt.schema.table import parse_table
from pactopt.xlsx.read import DEFAULT_MAX_FILE_MB, RawSheet, RawWorkbook, read_workbook

IGNORED_SHEETS = {"README"}
# the sheets whose cells are read: any other is only named (an unknown sheet is a warning)
SHEET_NAMES = frozenset(s.name for s in SHEETS)


def parse_settings(
    sheet: RawSheet, problems: ProblemLog
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
    last_row = data_start(sheet) - 1
    for row in sheet.rows_from(data_start(sheet)):
        key_cell = sheet.get(row, key_col)
        if key_cell is None:
            continue
        warn_if_hidden(sheet, row, problems)
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
        result = read_cell(raw, specs[name], "Settings", cells[name], problems)
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
    settings = build_row(
        Settings, values, failed, "Settings", cells, fallback, problems, raw_values
    )
    return settings if isinstance(settings, Settings) else None, cells, sources


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


def _links(raw: RawWorkbook, problems: ProblemLog) -> list[Problem]:
    """A workbook that links to other files, when no cell read says so: a warning naming
    them (a formula outside the cells read, or a defined name, may still use them)."""
    if not raw.external_links or any(p.rule.startswith(EXTERNAL) for p in problems):
        return []
    files = ", ".join(raw.external_links)
    rule = (
        f"the workbook links to other files ({files}); no cell pactopt reads uses them, but "
        "check that no value was meant to come from them"
    )
    return [Problem(None, None, None, rule, Severity.WARNING)]


def parse_workbook(raw: RawWorkbook) -> PactData:
    """Validate a whole workbook; raise ``InputError`` listing every error found."""
    problems = ProblemLog(_sheet_problems(raw))
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
    problems.extend(_links(raw, problems))
    if settings is None or problems.has_errors:
        if not problems.has_errors:
            problems.append(Problem("Settings", None, None, "settings could not be read"))
        raise InputError(problems.problems())

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
        warnings=tuple(problems.problems()),
        source_sha256=raw.sha256,
    )


def load_pact(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> PactData:
    """Read and validate the workbook at ``path``; raise ``InputError`` listing every problem.
    Only the template's sheets are read: a sheet of the planner's own costs nothing."""
    return parse_workbook(read_workbook(path, max_file_mb, only=SHEET_NAMES))
