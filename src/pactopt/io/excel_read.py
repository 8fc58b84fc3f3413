"""Open an .xlsx safely and take every cell as it stands: value, formula and cached value.

The file is read once into memory (so the input on disk is never touched or locked), checked
for size, for being a real xlsx (not CSV, random bytes, an encrypted, a legacy .xls or an
OpenDocument file) and for a zip bomb, then parsed by openpyxl, which uses defusedxml when it
is installed. Nothing here interprets cells: that is the schema's job.

Only the cells the file stores are visited, never every position up to a sheet's extent: one
value at XFD1048576 costs one cell, not 17 billion (benchmarks/bench_far_cell.py). openpyxl
keeps the stored cells of a loaded sheet in ``Worksheet._cells``, and offers no public way
to visit them alone (``iter_rows`` walks every position of the rectangle, in read-only mode
too); python-calamine was measured and refused: it allocates the dense rectangle and aborts
the process on such a file (benchmarks/README.md).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.errors import InputError, Problem
from pactopt.io.files import DEFAULT_MAX_FILE_MB

__all__ = ["DEFAULT_MAX_FILE_MB", "RawCell", "RawSheet", "RawWorkbook", "read_workbook"]

MAX_UNZIPPED_BYTES = 500 * 1024 * 1024
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
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

    def get(self, row: int, col: int) -> RawCell | None:
        """The cell at (row, col), or None when it is empty."""
        return self.cells.get((row, col))


@dataclass
class RawWorkbook:
    """Every sheet of a workbook, in file order, with the file's SHA-256."""

    path: Path
    sha256: str
    sheets: dict[str, RawSheet]


def _file_problem(value: object, rule: str) -> InputError:
    return InputError([Problem(sheet=None, cell=None, value=value, rule=rule)])


def read_bytes_checked(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> bytes:
    """The file's bytes, after checking that it exists, is small enough and is an xlsx."""
    if not path.is_file():
        raise _file_problem(str(path), "file not found")
    size = path.stat().st_size
    if size > max_file_mb * 1024 * 1024:
        raise _file_problem(
            f"{size / 1024 / 1024:.1f} MB",
            f"file is larger than the limit of {max_file_mb:g} MB (raise it with --max-size-mb)",
        )
    data = path.read_bytes()
    if not data:
        raise _file_problem(str(path), "file is empty (0 bytes), not an Excel workbook")
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTION_STREAM in data:
            raise _file_problem(
                path.name, "workbook is password-protected (encrypted); save it without a password"
            )
        raise _file_problem(path.name, "file is a legacy .xls workbook; save it as .xlsx")
    if not data.startswith(_ZIP_MAGIC):
        head = data[:512]
        looks_text = all(b in b"\t\r\n" or 32 <= b < 127 or b >= 128 for b in head)
        kind = "plain text (CSV?)" if looks_text else "unknown binary data"
        raise _file_problem(path.name, f"file is not an Excel .xlsx workbook: it holds {kind}")
    _check_zip(data, path.name)
    return data


def _check_zip(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except zipfile.BadZipFile as exc:
        raise _file_problem(
            name, f"file is a damaged zip archive, not a valid .xlsx ({exc})"
        ) from None
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _file_problem(
            name, "file is an OpenDocument (.ods) spreadsheet, not .xlsx; save it as .xlsx"
        )
    if "[Content_Types].xml" not in names:
        raise _file_problem(name, "zip archive is not an Excel workbook (no [Content_Types].xml)")
    if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
        raise _file_problem(name, "workbook unpacks to more than 500 MB; refused as unsafe")


def _cell_formula(value: Any) -> str | None:
    if isinstance(value, ArrayFormula):
        return str(value.text)
    if isinstance(value, DataTableFormula):
        return "{table}"
    if isinstance(value, str) and value.startswith("="):
        return value
    return None


def stored_cells(ws: Worksheet) -> list[Cell | MergedCell]:
    """The cells a loaded sheet stores, in file order: never the empty positions between
    them (openpyxl's ``iter_rows`` walks the whole rectangle up to the last cell)."""
    return list(ws._cells.values())


def read_workbook(path: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> RawWorkbook:
    """Read every sheet of ``path`` into a ``RawWorkbook``; raise ``InputError`` if the file
    cannot be an xlsx workbook at all."""
    data = read_bytes_checked(path, max_file_mb)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise _file_problem(path.name, f"workbook cannot be opened: {exc}") from exc
    sheets: dict[str, RawSheet] = {}
    formulas: dict[str, set[tuple[int, int]]] = {}
    for ws in book.worksheets:
        sheet = RawSheet(
            name=ws.title,
            hidden=ws.sheet_state != "visible",
            merged=[str(r) for r in ws.merged_cells.ranges],
            hidden_rows=frozenset(int(r) for r, d in ws.row_dimensions.items() if d.hidden),
        )
        for cell in stored_cells(ws):
            if cell.value is None:  # a styled empty cell
                continue
            row, col = cell.row, cell.column
            formula = _cell_formula(cell.value)
            if formula is not None:
                formulas.setdefault(ws.title, set()).add((row, col))
            elif isinstance(cell.value, str) and not cell.value.strip():
                continue
            sheet.cells[(row, col)] = RawCell(
                value=None if formula else cell.value, formula=formula
            )
        sheets[ws.title] = sheet
    if formulas:
        _read_cached_values(data, sheets, formulas)
    return RawWorkbook(path=path, sha256=hashlib.sha256(data).hexdigest(), sheets=sheets)


def _read_cached_values(
    data: bytes, sheets: dict[str, RawSheet], formulas: dict[str, set[tuple[int, int]]]
) -> None:
    """Fill in the value each formula cell had when the file was last saved: a second,
    streaming pass over the sheets that hold formulas, visiting the rows the file stores."""
    cached = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=True)
    try:
        for name, where in formulas.items():
            ws = cached[name]
            ws.reset_dimensions()  # rows as stored, not padded to the declared extent
            rows = {r for r, _ in where}
            last = max(rows)
            for row in ws.iter_rows(max_row=last):
                for cell in row:
                    position = (getattr(cell, "row", 0), getattr(cell, "column", 0))
                    if position in where:
                        sheets[name].cells[position] = RawCell(
                            value=cell.value, formula=sheets[name].cells[position].formula
                        )
    finally:
        cached.close()
