"""Where each number of the brief comes from, and the one function that reads it there.

A source is ``table|column=value&…|column`` (the sum of ``column`` over the rows of a results
table that match: one row, or ``sum:column`` over any number, e.g. a funder's rows of the
Allocation), ``table|column<=bound|rows``
(how many rows match), ``input|Sheet|id|field`` (a value of the input workbook, whose cell
``cell_of`` names), or ``A - B`` / ``A / B`` (a difference or ratio of two sources). The tables
are the run's results tables, plus the brief's own ``uncertainty`` (the draws' percentiles)
and ``switching`` (the switching values found by re-solves)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from pactopt.schema.data import PactData

# the results table of each name, and the sheet of the results workbook that shows it
SHEETS = {
    "summary": "Summary",
    "moves": "Moves",
    "moves_curve": "Moves",
    "allocation": "Allocation",
    "review": "Review",
    "review_impacts": "Review",
    "io_comparison": "Assumptions",
    "uncertainty": "the brief's draws",
    "switching": "the brief's re-solves",
}
_SHEET_ROWS = {"Instruments": "instruments", "Funders": "funders", "BudgetLines": "budget_lines"}


class TraceError(KeyError):
    """A source that names no value."""


@dataclass(frozen=True)
class Sources:
    """The tables and the input data a brief's numbers are read from."""

    data: PactData
    tables: Mapping[str, pd.DataFrame]

    def value(self, src: str) -> float:
        """The number ``src`` names."""
        if " / " in src:
            first, second = src.split(" / ", 1)
            return self.value(first) / self.value(second)
        if " - " in src:
            first, second = src.split(" - ", 1)
            return self.value(first) - self.value(second)
        kind, *rest = src.split("|")
        if kind == "input":
            sheet, key, name = rest
            row = self.data.row(_SHEET_ROWS[sheet], key)
            if row is None:
                raise TraceError(src)
            return float(getattr(row, name))
        return self.lookup(self.tables, src)

    @staticmethod
    def lookup(tables: Mapping[str, pd.DataFrame], src: str) -> float:
        """The number a ``table|where|column`` source names in ``tables``."""
        kind, *rest = src.split("|")
        table = tables.get(kind)
        if table is None or len(rest) != 2:
            raise TraceError(src)
        where, column = rest
        mask = pd.Series(True, index=table.index)
        for condition in filter(None, where.split("&")):
            if "<=" in condition:  # a numeric bound: rank<=4
                name, bound = condition.split("<=", 1)
                mask &= pd.to_numeric(table[name]) <= float(bound)
                continue
            name, wanted = condition.split("=", 1)
            mask &= table[name].astype(str) == wanted
        if column == "rows":  # how many rows match
            return float(mask.sum())
        if column.startswith("money:"):  # one funder's or line's part of a move's money text
            return _money_part(str(table.loc[mask, "money"].iloc[0]), column[6:], src)
        # ``sum:column``: a sum over the rows that match, none of them being 0 (a funder that
        # pays for nothing); otherwise a source that matches no row names nothing
        total = column.startswith("sum:")
        label = _column(table, column.removeprefix("sum:"))
        if label is None or not (total or mask.any()):
            raise TraceError(src)
        return float(pd.to_numeric(table[label][mask]).sum())

    def cell_of(self, src: str) -> str:
        """Where a person finds the number: the input cell or the results sheet."""
        if " - " in src:
            return " − ".join(self.cell_of(s) for s in src.split(" - ", 1))
        kind, *rest = src.split("|")
        if kind == "input":
            sheet, key, name = rest
            cell = self.data.cells.get((sheet, key, name))
            return f"{sheet}!{cell}" if cell else f"{sheet} {key} {name}"
        if " / " in src:
            return " ÷ ".join(self.cell_of(s) for s in src.split(" / ", 1))
        return f"{SHEETS.get(kind, kind)}: {rest[0]} · {rest[1]}"


def _column(table: pd.DataFrame, column: str) -> object | None:
    """The table's column of that name (a year column may be labelled by an int)."""
    for name in table.columns:
        if str(name) == column:
            return name
    return None


def _money_part(text: str, position: str, src: str) -> float:
    """The signed €m of the item at ``position`` of a Moves money text ('Private sector
    +1,100; from Education budgets +89': item 1 is +89)."""
    items = text.split(";")
    if not position.isdigit() or int(position) >= len(items):
        raise TraceError(src)
    words = items[int(position)].split()
    try:
        return float(words[-1].replace(",", ""))
    except (IndexError, ValueError):
        raise TraceError(src) from None
