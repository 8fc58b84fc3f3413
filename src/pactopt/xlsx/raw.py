"""The cells of a workbook as they stand, before any interpretation: what the reader returns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class RawCell:
    """One non-empty cell. ``formula`` is set when the cell holds a formula; ``value`` is then
    the value Excel cached when the file was last saved (None if it never computed one)."""

    value: object
    formula: str | None = None


@dataclass
class RawSheet:
    """A sheet's non-empty cells keyed by (row, column), both 1-based."""

    name: str
    hidden: bool
    merged: list[str]
    cells: dict[tuple[int, int], RawCell] = field(default_factory=dict)
    hidden_rows: frozenset[int] = frozenset()
    # more than 0: the sheet has that many rows holding a value, more than the reader keeps
    # (``xlsx/read.py``, ``MAX_ROWS_PER_SHEET``); its cells are then the first rows' only
    too_many_rows: int = 0

    @property
    def max_row(self) -> int:
        """The last row holding a value (0 for an empty sheet)."""
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        """The last column holding a value (0 for an empty sheet)."""
        return max((c for _, c in self.cells), default=0)

    def rows_from(self, first: int) -> list[int]:
        """The rows from ``first`` on that hold a value, in order (never the empty ones
        between them, however far the last one is)."""
        return sorted({r for r, _ in self.cells if r >= first})

    def cols_in(self, row: int) -> list[int]:
        """The columns of ``row`` that hold a value, in order."""
        return sorted(c for r, c in self.cells if r == row)

    def by_row(self, first: int) -> Iterator[tuple[int, dict[int, RawCell]]]:
        """Each row from ``first`` on that holds a value, in order, with its cells by column:
        one pass over the stored cells (the columns of each row kept as a list, each row's
        map made as it is reached), so that a row costs the cells it holds."""
        columns: dict[int, list[int]] = {}
        for r, c in self.cells:
            if r >= first:
                found = columns.get(r)
                if found is None:
                    columns[r] = [c]
                else:
                    found.append(c)
        cells = self.cells
        for r in sorted(columns):
            yield r, {c: cells[r, c] for c in columns.pop(r)}

    def get(self, row: int, col: int) -> RawCell | None:
        """The cell at (row, col), or None when it is empty."""
        return self.cells.get((row, col))


@dataclass
class RawWorkbook:
    """Every sheet of a workbook, in file order, with the file's SHA-256."""

    path: Path
    sha256: str
    sheets: dict[str, RawSheet]
    external_links: tuple[str, ...] = ()  # the other files it links to (``Package``)
