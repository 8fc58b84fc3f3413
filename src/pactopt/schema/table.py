"""The rows of a table sheet: each non-blank row read cell by cell and checked against its row
model, every problem recorded against its cell.

The work is linear in the cells that hold a value: the sheet's cells are grouped by row once,
where each column stands is found once per sheet (its letters too, so that a cell is named by
joining the letters and the row's number, and only when it is named), a row visits the cells
it holds, and a row that cannot pass costs those cells and the problems it counts, not a row
model (``reading.build_row``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import Any

from pactopt.errors import ProblemLog
from pactopt.schema.columns import SANE_MAX, UNIT_MEUR, ColumnSpec
from pactopt.schema.data import ParsedRow, ParsedTable
from pactopt.schema.headers import column_letter, map_headers
from pactopt.schema.reading import build_row, data_start, read_cell, warn_if_hidden
from pactopt.schema.sheets import SheetSpec, template_columns
from pactopt.xlsx.read import RawCell, RawSheet

_YEAR_SPEC = ColumnSpec("years", "number", UNIT_MEUR, "", False, ge=0, le=SANE_MAX[UNIT_MEUR])


class RowCells(Mapping[str, str]):
    """The A1 cell of each column (and year) of one row, named when asked for."""

    __slots__ = ("letters", "number")

    def __init__(self, letters: dict[str, str], number: str) -> None:
        self.letters, self.number = letters, number

    def __getitem__(self, name: str) -> str:
        return self.letters[name] + self.number

    def get(self, name: str, default: Any = None) -> Any:
        letters = self.letters.get(name)
        return default if letters is None else letters + self.number

    def __iter__(self) -> Iterator[str]:
        return iter(self.letters)

    def __len__(self) -> int:
        return len(self.letters)


def _letters(
    spec: SheetSpec, found: dict[str, int], years: tuple[int, ...] | None
) -> dict[str, str]:
    """The letters of each column where it stands (a missing column where the template puts
    it: its problems name that cell), then of each year's column."""
    order = template_columns(spec, years or ())
    letters: dict[str, str] = {}
    for col_spec in spec.columns:
        col = found.get(col_spec.name)
        if col is None:
            col = order.index(col_spec.name) + 1 if col_spec.name in order else 1
        letters[col_spec.name] = column_letter(col)
    return letters


def parse_table(
    sheet: RawSheet, spec: SheetSpec, years: tuple[int, ...] | None, problems: ProblemLog
) -> ParsedTable:
    """Every non-blank data row of a table sheet that passes its row model, and the keys of
    all rows (valid or not), so that references to a row with a bad cell are not reported
    twice."""
    headers = map_headers(sheet, spec, [c.name for c in spec.columns], years)
    problems.extend(headers.problems)
    year_cols = {c: y for y, c in headers.years.items() if years is None or y in years}
    letters = _letters(spec, headers.columns, years)
    for col, year in sorted(year_cols.items(), key=lambda item: item[1]):
        letters[str(year)] = column_letter(col)
    specs = {c.name: c for c in spec.columns}
    # column -> (its place in the template's order, name, spec) for the columns found
    place = {name: k for k, name in enumerate(specs)}
    columns = {col: (place[name], name, specs[name]) for name, col in headers.columns.items()}
    read_cols = {c for n, c in headers.columns.items() if n != "notes"} | set(year_cols)
    missing = {name for name, c in specs.items() if c.required and name not in headers.columns}
    blank = 0.0 if spec.years is not None and spec.years.blank == "zero" else None
    all_years = sorted(year_cols.values())
    rows: list[ParsedRow] = []
    keys: set[str] = set()
    for row, held in sheet.by_row(data_start(sheet)):
        if not any(c in read_cols for c in held):
            continue
        warn_if_hidden(sheet, row, problems)
        cells = RowCells(letters, str(row))
        values: dict[str, Any] = {}
        raw_values: dict[str, object] = {}
        failed = set(missing)
        present = sorted(columns[c] for c in held if c in columns)
        for _, name, col_spec in present:
            raw = held[headers.columns[name]]
            raw_values[name] = raw.value
            result = read_cell(raw, col_spec, spec.name, cells[name], problems)
            if result.error:
                failed.add(name)
            else:
                values[name] = result.value
        if all(k in values for k in spec.key):
            keys.add(":".join(str(values[k]) for k in spec.key))
        if spec.years:
            found = sorted((y, held[c]) for c, y in year_cols.items() if c in held)
            block = _read_years(spec.name, found, all_years, blank, cells, problems)
            if block is None:
                failed.add(spec.years.field)
            else:
                values[spec.years.field] = block
        model = build_row(
            spec.model, values, failed, spec.name, cells, "A" + cells.number, problems, raw_values
        )
        if model is not None and not failed:
            named = MappingProxyType(dict(cells.items()))
            rows.append(ParsedRow(model=model, row=row, cells=named))
    return ParsedTable(rows=rows, keys=frozenset(keys))


def _read_years(
    sheet: str,
    found: list[tuple[int, RawCell]],
    years: list[int],
    blank: float | None,
    cells: RowCells,
    problems: ProblemLog,
) -> dict[int, float | None] | None:
    """The row's year block: each year's value, ``blank`` for an empty cell (None when a
    cell is wrong, its problem recorded)."""
    block: dict[int, float | None] = dict.fromkeys(years, blank)
    ok = True
    for year, raw in found:
        cell = cells[str(year)]
        result = read_cell(raw, _YEAR_SPEC, sheet, cell, problems)
        if result.error:
            ok = False
        elif isinstance(result.value, float) and not 0 <= result.value <= SANE_MAX[UNIT_MEUR]:
            problems.add(sheet, cell, raw.value, _YEAR_SPEC.range_rule())
            ok = False
        else:
            block[year] = result.value if isinstance(result.value, float) else None
    return block if ok else None
