"""Find each column of a sheet by its header, and the year columns by their year.

Columns are found by name, not position, so a planner may reorder them. A missing required
column is reported at the cell where the template puts it (or where a wrongly named header
stands); year columns must be exactly the horizon's years, with no gap and no stranger.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pactopt.errors import Problem, Severity
from pactopt.schema.sheets import HEADER_ROW, SheetSpec, header_name, template_columns
from pactopt.xlsx.read import RawSheet


def a1(row: int, col: int) -> str:
    """A1 notation of a (row, column) pair, both 1-based."""
    return f"{column_letter(col)}{row}"


def column_letter(col: int) -> str:
    """A 1-based column number in letters: 1 -> 'A', 27 -> 'AA', 16384 -> 'XFD' (openpyxl's
    get_column_letter, without loading openpyxl for a validate)."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _as_year(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) == 4:
        return int(value.strip())
    return None


@dataclass
class HeaderMap:
    """Where each column was found: name -> column number, year -> column number."""

    columns: dict[str, int] = field(default_factory=dict)
    years: dict[int, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def map_headers(
    sheet: RawSheet, spec: SheetSpec, names: list[str], years: tuple[int, ...] | None
) -> HeaderMap:
    """Locate ``names`` (and, for sheets with a year block, the ``years``) in the header row.

    ``years`` is None when the horizon is unknown (Settings broken): the year columns are then
    taken as they stand, unchecked."""
    result = HeaderMap()
    wanted = {n.lower(): n for n in names}
    unknown: dict[int, str] = {}
    for col in sheet.cols_in(HEADER_ROW):
        cell = sheet.get(HEADER_ROW, col)
        if cell is None or cell.value is None:
            continue
        text = header_name(str(cell.value))
        year = _as_year(cell.value) if spec.years else None
        if text.lower() in wanted:
            name = wanted[text.lower()]
            if name in result.columns:
                result.problems.append(
                    Problem(spec.name, a1(HEADER_ROW, col), text, "duplicate column header")
                )
            else:
                result.columns[name] = col
        elif year is not None:
            if year in result.years:
                result.problems.append(
                    Problem(spec.name, a1(HEADER_ROW, col), year, "duplicate year column")
                )
            else:
                result.years[year] = col
        else:
            unknown[col] = text
    _report_missing(sheet, spec, names, years, result, unknown)
    for col, text in unknown.items():
        result.problems.append(
            Problem(
                spec.name,
                a1(HEADER_ROW, col),
                text,
                "unknown column; it is ignored",
                Severity.WARNING,
            )
        )
    if spec.years and years is not None:
        _check_years(sheet, spec, years, result)
    _report_headless_data(sheet, spec, result)
    return result


def _first_free_col(sheet: RawSheet) -> int:
    return max([sheet.max_col, 0]) + 1


def _report_missing(
    sheet: RawSheet,
    spec: SheetSpec,
    names: list[str],
    years: tuple[int, ...] | None,
    result: HeaderMap,
    unknown: dict[int, str],
) -> None:
    required = {c.name for c in spec.columns if c.required} | {"setting", "value"}
    order = template_columns(spec, years or ())
    free = _first_free_col(sheet)
    for name in names:
        if name in result.columns or name not in required:
            continue
        position = order.index(name) + 1 if name in order else names.index(name) + 1
        found = sheet.get(HEADER_ROW, position)
        if found is None or position in unknown:
            col = position
        else:
            col, free = free, free + 1
        value = unknown.pop(col, None)
        rule = f"required column '{name}' is missing"
        if value is not None:
            rule += f"; the header here reads '{value}' (renamed?)"
        result.problems.append(Problem(spec.name, a1(HEADER_ROW, col), value, rule))


def _report_headless_data(sheet: RawSheet, spec: SheetSpec, result: HeaderMap) -> None:
    """Values under an empty header would be silently ignored: report the header cell."""
    reported = {p.cell for p in result.problems}
    headless = {
        col
        for (row, col) in sheet.cells
        if row > HEADER_ROW + 1 and sheet.get(HEADER_ROW, col) is None
    }
    for col in sorted(headless):
        cell = a1(HEADER_ROW, col)
        if cell not in reported:
            result.problems.append(
                Problem(
                    spec.name,
                    cell,
                    None,
                    "this column holds values but has no header; name the column or clear it",
                )
            )


def _check_years(
    sheet: RawSheet, spec: SheetSpec, years: tuple[int, ...], result: HeaderMap
) -> None:
    expected = set(years)
    for year, col in sorted(result.years.items()):
        if year not in expected:
            result.problems.append(
                Problem(
                    spec.name,
                    a1(HEADER_ROW, col),
                    year,
                    f"year {year} is outside the horizon {years[0]}-{years[-1]} (Settings)",
                )
            )
    found = sorted(y for y in result.years if y in expected)
    last_col = max(result.years.values(), default=_first_free_col(sheet) - 1)
    for year in years:
        if year in result.years:
            continue
        later = [y for y in found if y > year]
        if later:
            col = result.years[later[0]]
            rule = f"year column {year} is missing (gap before {later[0]})"
        else:
            col = last_col + 1
            rule = f"year column {year} is missing"
        result.problems.append(Problem(spec.name, a1(HEADER_ROW, col), None, rule))
