"""Read back the headline figures of results workbooks written by pactopt (for `compare`).

Anything that is not a results workbook as pactopt writes it (a sheet missing or emptied, a
header row gone) is an ``InputError`` naming the file, the sheet and the cell."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd

from pactopt.errors import InputError, Problem
from pactopt.i18n import english
from pactopt.report.headers import header
from pactopt.xlsx.read import read_bytes_checked


def _names(machine: str) -> tuple[str, str]:
    """The header of a column as written now, and as workbooks before issue 13 wrote it."""
    return header(machine), machine


def _column(columns: Sequence[object], machine: str) -> int:
    return next(k for k, name in enumerate(columns) if name in _names(machine))


_SHEETS = ("Summary", "Domains")


def _refuse(path: Path, sheet: str, cell: str, rule: str) -> InputError:
    return InputError([Problem(sheet, cell, path.name, f"{rule}; not a pactopt results workbook")])


def _figures(path: Path) -> dict[str, float]:
    data = read_bytes_checked(path)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise InputError([Problem(None, None, path.name, f"cannot be opened: {exc}")]) from exc
    try:
        return _read_figures(path, wb)
    finally:
        wb.close()


def _number(value: object) -> float | None:
    """A cell's number, or None for text, a boolean or a number no float can hold."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return float(value)
    except OverflowError:
        return None


def _read_figures(path: Path, wb: openpyxl.Workbook) -> dict[str, float]:
    for name in _SHEETS:
        if name not in wb.sheetnames:  # no cell to name: the file, and what it lacks
            rule = f"has no {name} sheet: not a pactopt results workbook"
            raise InputError([Problem(None, None, path.name, rule)])
    figures: dict[str, float] = {}
    rows = [r for r in wb["Summary"].iter_rows(values_only=True) if r]
    first = next((i for i, r in enumerate(rows) if english(str(r[0])) in _names("figure")), None)
    if first is None:
        raise _refuse(path, "Summary", "A1", f"no row headed '{header('figure')}'")
    for row in rows[first + 1 :]:
        if row[0] is None:  # the figure table ends at its first blank row
            break
        number = _number(row[1]) if len(row) > 1 else None
        if number is not None:
            figures[english(str(row[0]))] = number
    domain_rows = list(wb["Domains"].iter_rows(values_only=True))
    columns = list(domain_rows[0]) if domain_rows else []
    for wanted in ("domain", "optimised_meur"):
        if not any(name in _names(wanted) for name in columns):
            raise _refuse(path, "Domains", "A1", f"no column headed '{header(wanted)}'")
    at, total = _column(columns, "domain"), _column(columns, "optimised_meur")
    for row in domain_rows[1:]:
        if at >= len(row) or row[at] is None:  # a blank row, or a note below the table
            continue
        value = _number(row[total]) if total < len(row) else None
        figures[f"Domain {row[at]} (€m)"] = 0.0 if value is None else value
    return figures


def result_labels(first: Path, second: Path) -> tuple[str, str]:
    """Column names for two results files: their stems, or, when the stems are equal
    (A/results.xlsx and B/results.xlsx), their paths, so that neither column is lost."""
    if first.stem != second.stem:
        return first.stem, second.stem
    if str(first) != str(second):
        return str(first), str(second)
    return f"{first} (first)", f"{second} (second)"


def compare_results(first: Path, second: Path) -> pd.DataFrame:
    """Figures of two results workbooks side by side, with their difference: every figure
    of either (a domain only one plan has is blank in the other, and has no difference)."""
    a, b = _figures(first), _figures(second)
    names = list(dict.fromkeys([*a, *b]))
    label_a, label_b = result_labels(first, second)
    nan = float("nan")
    return pd.DataFrame(
        {
            "figure": [n.strip() for n in names],
            label_a: [a.get(k, nan) for k in names],
            label_b: [b.get(k, nan) for k in names],
            "difference": [b[k] - a[k] if k in a and k in b else nan for k in names],
        }
    )
