"""Lists of workbook cells as a person reads them on paper: 'BudgetLines!D7, BudgetLines!H7,
BudgetLines!I7, …, BudgetLines!S7' (thirteen references) reads 'BudgetLines!D7, H7:S7' — the
same cells, the sheet named once, neighbours in a row or a column as one range."""

from __future__ import annotations

import re

from openpyxl.utils import column_index_from_string, get_column_letter

_REF = re.compile(r"^(?P<sheet>[^!]+)!(?P<col>[A-Z]{1,3})(?P<row>\d+)$")


def _runs(cells: list[tuple[int, int]]) -> list[str]:
    """Runs of neighbouring (column, row) cells in the order given, as 'H7' or 'H7:S7'."""
    runs: list[list[tuple[int, int]]] = []
    for col, row in cells:
        if runs:
            run = runs[-1]
            (c0, r0), (c1, r1) = run[0], run[-1]
            across = r1 == row == r0 and col == c1 + 1
            down = c1 == col == c0 and row == r1 + 1
            if across or down:
                run.append((col, row))
                continue
        runs.append([(col, row)])
    return [
        f"{get_column_letter(r[0][0])}{r[0][1]}"
        + (f":{get_column_letter(r[-1][0])}{r[-1][1]}" if len(r) > 1 else "")
        for r in runs
    ]


def compact_cells(text: str) -> str:
    """``text``, a comma-separated list of 'Sheet!A1' references, with each sheet named once
    and neighbouring cells joined into ranges; any other text unchanged."""
    if not isinstance(text, str) or not text:
        return text
    groups: list[tuple[str, list[tuple[int, int]]]] = []
    for part in text.split(", "):
        found = _REF.match(part.strip())
        if found is None:
            return text
        sheet = found["sheet"]
        cell = (column_index_from_string(found["col"]), int(found["row"]))
        if groups and groups[-1][0] == sheet:
            groups[-1][1].append(cell)
        else:
            groups.append((sheet, [cell]))
    return ", ".join(f"{sheet}!" + ", ".join(_runs(cells)) for sheet, cells in groups)
