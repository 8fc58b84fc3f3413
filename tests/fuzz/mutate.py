"""Seeded mutations of the reference workbook: what a planner's hands, another program or a
hostile file can do to it. Each kind takes the workbook and a ``random.Random`` and returns a
one-line description of what it did (the fuzzer prints it when a mutant fails).

The kinds go beyond the ones issue 14 listed (nasty values, rows deleted, duplicated and
inserted, columns swapped, sheets added and renamed, far-away cells): headers renamed and
cleared, sheets deleted and hidden, rows hidden and shuffled, cells merged, formulas with no
cached value, whole columns cleared, settings set absurd, the horizon shifted, ids turned
into numbers, dates and booleans where numbers go, and stored numbers no float can hold.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tests.raw_xlsx import PLACEHOLDER

Mutation = Callable[[Workbook, random.Random], str]

DATA_ROW = 3
NASTY: tuple[object, ...] = (
    None,
    "",
    "   ",
    "x",
    "[/]",
    "[bold red]boom[/]",
    "plan [final]",
    "=1/0",
    "=SUM(A1:A3)",
    "+cmd|' /C calc'!A0",
    "#N/A",
    "#DIV/0!",
    -1,
    -500,
    0,
    1e-300,
    1e20,
    1e308,
    -1e308,
    PLACEHOLDER,  # becomes a 400-digit integer after saving (tests.raw_xlsx)
    "1e999",
    "8.000",
    "14.000",
    "1,500",
    "1.234,5",
    "1,5",
    "30%",
    "-30%",
    "12.5",
    "  7  ",
    "0x1F",
    "NaN",
    "inf",
    True,
    False,
    "yes",
    "no",
    "maybe",
    "EU",
    "public",
    dt.datetime(2024, 2, 29, 13, 30),
    dt.date(1900, 1, 1),
    "é" * 70,
    "\u202etxet",
    "x" * 5000,
    "HC;;;",
    ";",
    "a,b;c",
)


def _data_sheets(wb: Workbook) -> list[Worksheet]:
    return [ws for ws in wb.worksheets if ws.title != "README"]


def _sheet(wb: Workbook, rng: random.Random) -> Worksheet:
    return rng.choice(_data_sheets(wb))


def _value_cell(ws: Worksheet, rng: random.Random, first_row: int = 1) -> tuple[int, int]:
    """A cell holding a value (rows from ``first_row``), or A1 on an empty sheet."""
    cells = [
        (c.row, c.column) for c in ws._cells.values() if c.value is not None and c.row >= first_row
    ]
    return rng.choice(cells) if cells else (1, 1)


def _last_row(ws: Worksheet) -> int:
    return max((c.row for c in ws._cells.values() if c.value is not None), default=0)


def _last_col(ws: Worksheet) -> int:
    return max((c.column for c in ws._cells.values() if c.value is not None), default=0)


def nasty_value(wb: Workbook, rng: random.Random) -> str:
    """A data cell (or, rarely, a header or units cell) gets a nasty value."""
    ws = _sheet(wb, rng)
    row, col = _value_cell(ws, rng, first_row=1 if rng.random() < 0.15 else DATA_ROW)
    value = rng.choice(NASTY)
    ws.cell(row, col).value = value
    return f"{ws.title}!{get_column_letter(col)}{row} = {value!r:.40}"


def nasty_setting(wb: Workbook, rng: random.Random) -> str:
    """A setting's value gets a nasty or absurd value."""
    ws = wb["Settings"] if "Settings" in wb.sheetnames else _sheet(wb, rng)
    row = rng.randint(DATA_ROW, max(DATA_ROW, _last_row(ws)))
    value = rng.choice((*NASTY, 1e6, 1e9, 2101, 1999, 0.5, 100000, -0.1))
    ws.cell(row, 2).value = value
    return f"{ws.title}!B{row} (setting {ws.cell(row, 1).value}) = {value!r:.40}"


def delete_row(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    row = rng.randint(1, max(1, _last_row(ws)))
    ws.delete_rows(row)
    return f"{ws.title}: row {row} deleted"


def duplicate_row(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    row = rng.randint(DATA_ROW, max(DATA_ROW, _last_row(ws)))
    values = [ws.cell(row, c).value for c in range(1, _last_col(ws) + 1)]
    target = _last_row(ws) + 1
    for col, value in enumerate(values, start=1):
        ws.cell(target, col).value = value
    return f"{ws.title}: row {row} duplicated to row {target}"


def insert_row(wb: Workbook, rng: random.Random) -> str:
    """An empty or a junk row inserted among the data (or above the header)."""
    ws = _sheet(wb, rng)
    row = rng.randint(1, max(1, _last_row(ws)))
    ws.insert_rows(row)
    if rng.random() < 0.5:
        for col in range(1, _last_col(ws) + 1):
            ws.cell(row, col).value = rng.choice(NASTY)
        return f"{ws.title}: junk row inserted at {row}"
    return f"{ws.title}: empty row inserted at {row}"


def swap_columns(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    last = _last_col(ws)
    if last < 2:
        return f"{ws.title}: too narrow to swap columns"
    a, b = rng.sample(range(1, last + 1), 2)
    for row in range(1, _last_row(ws) + 1):
        x, y = ws.cell(row, a), ws.cell(row, b)
        x.value, y.value = y.value, x.value
    return f"{ws.title}: columns {get_column_letter(a)} and {get_column_letter(b)} swapped"


def rename_header(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    col = rng.randint(1, max(1, _last_col(ws)))
    old = ws.cell(1, col).value
    new = rng.choice((None, f"{old} ", str(old).upper(), f"{old}_x", "id", "2019", 2050, "[/]"))
    ws.cell(1, col).value = new
    return f"{ws.title}!{get_column_letter(col)}1 header {old!r} -> {new!r}"


def clear_column(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    col = rng.randint(1, max(1, _last_col(ws)))
    for row in range(DATA_ROW, _last_row(ws) + 1):
        ws.cell(row, col).value = None
    return f"{ws.title}: column {get_column_letter(col)} cleared below the units"


def add_sheet(wb: Workbook, rng: random.Random) -> str:
    name = rng.choice(("Extra", "Notes", "settings", "Instruments (2)", "Sheet1", "Plan ’s {x}"))
    if name in wb.sheetnames:
        return f"sheet {name!r} already there"
    ws = wb.create_sheet(name, rng.randint(0, len(wb.sheetnames)))
    for _ in range(rng.randint(0, 5)):
        ws.cell(rng.randint(1, 30), rng.randint(1, 10)).value = rng.choice(NASTY)
    return f"sheet {name!r} added"


def rename_sheet(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    old = ws.title
    new = rng.choice((old.lower(), old.upper(), f"{old} ", f"{old}2", "Sheet9"))
    if new in wb.sheetnames:
        return f"sheet {old!r} not renamed"
    ws.title = new
    return f"sheet {old!r} renamed {new!r}"


def delete_sheet(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    wb.remove(ws)
    return f"sheet {ws.title!r} deleted"


def hide(wb: Workbook, rng: random.Random) -> str:
    """A sheet hidden, or a data row hidden."""
    ws = _sheet(wb, rng)
    if rng.random() < 0.3:
        ws.sheet_state = rng.choice(("hidden", "veryHidden"))
        return f"sheet {ws.title!r} {ws.sheet_state}"
    row = rng.randint(DATA_ROW, max(DATA_ROW, _last_row(ws)))
    ws.row_dimensions[row].hidden = True
    return f"{ws.title}: row {row} hidden"


def shuffle_rows(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    last, width = _last_row(ws), _last_col(ws)
    rows = [[ws.cell(r, c).value for c in range(1, width + 1)] for r in range(DATA_ROW, last + 1)]
    rng.shuffle(rows)
    for r, values in enumerate(rows, start=DATA_ROW):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value
    return f"{ws.title}: data rows shuffled"


def merge(wb: Workbook, rng: random.Random) -> str:
    ws = _sheet(wb, rng)
    row, col = _value_cell(ws, rng)
    ref = f"{get_column_letter(col)}{row}:{get_column_letter(col + 1)}{row + rng.randint(0, 1)}"
    ws.merge_cells(ref)
    return f"{ws.title}: {ref} merged"


def formula(wb: Workbook, rng: random.Random) -> str:
    """A formula with no cached value (written by a program, never opened)."""
    ws = _sheet(wb, rng)
    row, col = _value_cell(ws, rng, DATA_ROW)
    text = rng.choice(("=1+1", "=A1", "=NOW()", "=1/0", '=HYPERLINK("http://x","y")'))
    ws.cell(row, col).value = text
    return f"{ws.title}!{get_column_letter(col)}{row} = {text}"


def far_cell(wb: Workbook, rng: random.Random) -> str:
    """A value or a styled empty cell far away, up to the last cell a sheet can have."""
    ws = _sheet(wb, rng)
    row = rng.choice((rng.randint(1, 1_048_576), 1_048_576, rng.randint(1, 200)))
    col = rng.choice((rng.randint(1, 16_384), 16_384, rng.randint(1, 60)))
    cell = ws.cell(row, col)
    if rng.random() < 0.5:
        cell.fill = PatternFill("solid", fgColor="FFFF00")
        return f"{ws.title}!{cell.coordinate} styled, empty"
    cell.value = rng.choice(("x", 1, PLACEHOLDER, "=1+1"))
    return f"{ws.title}!{cell.coordinate} = {cell.value!r}"


def shift_horizon(wb: Workbook, rng: random.Random) -> str:
    """first_year or last_year moved, so that the year columns no longer match."""
    if "Settings" not in wb.sheetnames:
        return "no Settings sheet"
    ws = wb["Settings"]
    for row in range(DATA_ROW, _last_row(ws) + 1):
        name = ws.cell(row, 1).value
        if name in ("first_year", "last_year") and rng.random() < 0.6:
            old = ws.cell(row, 2).value
            new = (old if isinstance(old, int) else 2020) + rng.choice((-1, 1, 5, -100, 100))
            ws.cell(row, 2).value = new
            return f"Settings!B{row} {name} {old} -> {new}"
    return "horizon left as it was"


def retype_id(wb: Workbook, rng: random.Random) -> str:
    """An id typed as a number, a duplicate or an unknown reference."""
    ws = _sheet(wb, rng)
    row = rng.randint(DATA_ROW, max(DATA_ROW, _last_row(ws)))
    value = rng.choice((12, 12.0, ws.cell(max(DATA_ROW, row - 1), 1).value, "NOPE", " HC1 "))
    ws.cell(row, 1).value = value
    return f"{ws.title}!A{row} = {value!r}"


KINDS: dict[str, Mutation] = {
    f.__name__: f
    for f in (
        nasty_value,
        nasty_setting,
        delete_row,
        duplicate_row,
        insert_row,
        swap_columns,
        rename_header,
        clear_column,
        add_sheet,
        rename_sheet,
        delete_sheet,
        hide,
        shuffle_rows,
        merge,
        formula,
        far_cell,
        shift_horizon,
        retype_id,
    )
}
# nasty values are the commonest slip: they weigh more
WEIGHTS = {
    name: 6 if name == "nasty_value" else 2 if name == "nasty_setting" else 1 for name in KINDS
}


def mutate(wb: Workbook, rng: random.Random) -> list[str]:
    """Apply one to three seeded mutations to ``wb``; what each did."""
    names = rng.choices(list(KINDS), weights=[WEIGHTS[n] for n in KINDS], k=rng.randint(1, 3))
    done = []
    for name in names:
        if not _data_sheets(wb):
            break
        done.append(f"{name}: {KINDS[name](wb, rng)}")
    return done
