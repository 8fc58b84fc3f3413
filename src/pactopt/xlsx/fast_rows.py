"""Every reach of pactopt into openpyxl's internals, each with a public fallback; mostly, table
bodies written straight into a worksheet's XML, so that a sheet of a million cells is saved in
about a second.

openpyxl keeps a ``Cell`` object per value and serialises each one through ElementTree, about
20 µs a cell. Here a table's body is handed over as its columns (:func:`add_table`), and when
the workbook is saved (:func:`save_workbook`) each column's cells are formatted as the XML
openpyxl writes for them (text as inline strings, numbers as ``%.16g``, booleans, the column's
style index), joined row by row, and merged with the cells openpyxl holds (headers, titles,
paragraphs). Everything else of the sheet (widths, row heights, panes, merged ranges, print
setup, charts) is written by openpyxl's own worksheet writer. A value this path does not
format itself (a date, an error code, text with surrounding spaces or control characters, a
number that is not finite, a NumPy scalar) goes through openpyxl's own cell writer, so that
every cell is exactly what openpyxl would have written (``tests/unit/test_sheet_rows.py``
compares the two).

That path leans on openpyxl's internals (its worksheet and cell writers, a sheet's cell store,
a cell's style array, the workbook's style table), and so does :func:`set_default_font`
(openpyxl has no public setter for the default font). Nothing else in pactopt touches them
(``tests/unit/test_fences.py``). Each is chosen at its use by a predicate that checks once
that the internals are there and that openpyxl is a release they were tested on
(``TESTED``; ``fast_paths.py`` says how ``PACTOPT_NO_FAST_PATHS`` and
``PACTOPT_UNTESTED_FAST_PATHS`` change that). Otherwise the public API does the work:
:func:`save_workbook` writes each table cell by cell (``ws.cell``) and saves with
``Workbook.save``, slower and the same file; :func:`set_default_font` leaves openpyxl's
default font (Calibri 11) to the cells without a font of their own.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import LXML, Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell, MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.fast_paths import forced_off, tested

if TYPE_CHECKING:
    # the charts' common base, for annotations only (openpyxl exports no public name for it)
    from openpyxl.chart._chart import ChartBase as Chart
    from openpyxl.styles.cell_style import StyleArray

__all__ = [
    "TESTED",
    "Chart",
    "ColumnStyle",
    "TableColumn",
    "add_table",
    "column_style",
    "fast_rows",
    "save_workbook",
    "set_default_font",
    "set_text_safe",
]

# the openpyxl releases the fast paths were tested on: from the first up to, not including,
# the second
TESTED = ("3.1.0", "3.2")
_FORMULA_START = ("=", "+", "-", "@")
# what openpyxl refuses in text (its ILLEGAL_CHARACTERS_RE), and what it longest keeps
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_MAX_TEXT = 32767
_ERRORS = frozenset(ERROR_CODES)
_ROWS_PER_WRITE = 2000


@dataclass(frozen=True)
class ColumnStyle:
    """A number format and an alignment that a column's cells take (:func:`column_style`), and
    a cell off the sheet that holds them (its style array is what the fast path writes)."""

    number_format: str
    alignment: Alignment | None
    model: Cell


def column_style(
    ws: Worksheet, number_format: str = "General", alignment: Alignment | None = None
) -> ColumnStyle:
    """The style of a column's cells, made once and registered in the workbook's style table
    now, as setting it on the first of those cells would."""
    model = Cell(ws, row=1, column=1)
    model.number_format = number_format
    if alignment is not None:
        model.alignment = alignment
    return ColumnStyle(number_format, alignment, model)


@dataclass(frozen=True)
class TableColumn:
    """One column of a table body, top to bottom: its values (None or NaN: no cell), the
    style its numbers take (None: the default), and whether its text takes that style too."""

    values: list[object]
    style: ColumnStyle | None = None
    style_text: bool = False


def _takes_style(column: TableColumn, value: object) -> bool:
    return column.style is not None and (column.style_text or not isinstance(value, str))


@dataclass(frozen=True)
class _Table:
    first_row: int
    first_col: int
    columns: Sequence[TableColumn]

    @property
    def last_row(self) -> int:
        return self.first_row + max((len(c.values) for c in self.columns), default=0) - 1

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.columns) - 1


_TABLES: WeakKeyDictionary[Worksheet, list[_Table]] = WeakKeyDictionary()


def add_table(
    ws: Worksheet, first_row: int, first_col: int, columns: Sequence[TableColumn]
) -> None:
    """Write ``columns`` from (``first_row``, ``first_col``) when the workbook is saved with
    :func:`save_workbook`. The rectangle they cover holds no other cell: nothing may be
    written there through openpyxl (saving raises if something was)."""
    table = _Table(first_row, first_col, list(columns))
    tables = _TABLES.setdefault(ws, [])
    for other in tables:
        if _overlap(table, other):
            raise ValueError(f"{ws.title}: two tables share cells")
    tables.append(table)


def _overlap(a: _Table, b: _Table) -> bool:
    rows = a.first_row <= b.last_row and b.first_row <= a.last_row
    return rows and a.first_col <= b.last_col and b.first_col <= a.last_col


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attribute(text: str) -> str:
    return (
        _escape(text)
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#09;")
    )


def _openpyxl_xml(ws: Worksheet, cell: Cell) -> str:
    """One cell as openpyxl's own writer writes it (lxml's or ElementTree's)."""
    internals = _internals()
    out = BytesIO()
    with internals.xmlfile(out) as xf, xf.element("row"):
        internals.write_cell(xf, ws, cell, cell.has_style)
    text = out.getvalue().decode("utf-8")
    return text[text.index("<row>") + len("<row>") : text.rindex("</row>")]


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: a control character (a file name may have one) and a
    byte that is not UTF-8 (a lone surrogate) written as ``\\xNN``, as Python shows them."""
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def set_text_safe(cell: Cell | MergedCell, value: object) -> None:
    """Write ``value``; text that a spreadsheet would run as a formula stays plain text."""
    if isinstance(cell, MergedCell):
        raise ValueError(f"cannot write into merged cell {cell.coordinate}")
    if isinstance(value, str):
        value = cell_text(value)
    cell.value = value  # type: ignore[assignment]
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"


def _cell_for_openpyxl(
    ws: Worksheet, row: int, col: int, value: object, column: TableColumn
) -> Cell | None:
    """A value the fast path leaves to openpyxl, on a cell set as the table writer did (None
    for a blank)."""
    if _blank(value):
        return None
    cell = Cell(ws, row=row, column=col)
    set_text_safe(cell, value.item() if hasattr(value, "item") else value)
    if _takes_style(column, value):
        cell._style = copy(_array(column.style))  # type: ignore[attr-defined]
    return cell


def _array(style: ColumnStyle | None) -> StyleArray | None:
    """The style array of a column style (None for the default style)."""
    return None if style is None else style.model._style  # type: ignore[attr-defined]


def _xml_by_openpyxl(ws: Worksheet, row: int, col: int, value: object, column: TableColumn) -> str:
    cell = _cell_for_openpyxl(ws, row, col, value, column)
    return "" if cell is None else _openpyxl_xml(ws, cell)


def _column_cells(ws: Worksheet, table: _Table, k: int) -> list[str]:
    """The XML of each cell of the table's ``k``-th column ('' where there is none)."""
    column = table.columns[k]
    col = table.first_col + k
    letter = get_column_letter(col)
    style = _array(column.style)
    # numbered by _number_styles when a cell of the column takes it (else no cell uses it)
    styles: Any = ws.parent._cell_styles  # type: ignore[union-attr]
    sid = styles.index(style) if style is not None and style in styles else 0
    number = f' s="{sid}" t="n"' if sid else ' t="n"'
    boolean = f' s="{sid}" t="b"' if sid else ' t="b"'
    text = f' s="{sid}" t="inlineStr"' if sid and column.style_text else ' t="inlineStr"'
    out: list[str] = []
    append = out.append
    for r, v in enumerate(column.values, start=table.first_row):
        kind = type(v)
        if kind is float:
            if v != v:  # NaN: blank
                append("")
                continue
            if v - v == 0:  # type: ignore[operator]  # finite
                append(f'<c r="{letter}{r}"{number}><v>{v:.16g}</v></c>')
                continue
        elif kind is str:
            s: str = v  # type: ignore[assignment]
            plain = s and s.strip() == s and len(s) <= _MAX_TEXT and s not in _ERRORS
            if plain and "\r" not in s and not _ILLEGAL.search(s):
                append(f'<c r="{letter}{r}"{text}><is><t>{_escape(s)}</t></is></c>')
                continue
        elif kind is int:
            append(f'<c r="{letter}{r}"{number}><v>{v:.16g}</v></c>')
            continue
        elif kind is bool:
            append(f'<c r="{letter}{r}"{boolean}><v>{1 if v else 0}</v></c>')
            continue
        elif v is None:
            append("")
            continue
        append(_xml_by_openpyxl(ws, r, col, v, column))
    return out


@dataclass
class _Bounds:
    rows: list[int]
    cols: list[int]

    def add(self, row: int, first_col: int, last_col: int) -> None:
        self.rows.append(row)
        self.cols += (first_col, last_col)

    def reference(self) -> str:
        if not self.rows:
            return "A1:A1"
        first, last = get_column_letter(min(self.cols)), get_column_letter(max(self.cols))
        return f"{first}{min(self.rows)}:{last}{max(self.rows)}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


# the types the fast path formats itself; any other value (a date, a NumPy scalar) is
# openpyxl's, and may bring a style of its own (a date's number format)
_FAST_TYPES = frozenset({float, str, int, bool, type(None)})


def _number_styles(ws: Worksheet, tables: list[_Table], cells: dict[tuple[int, int], Any]) -> None:
    """Number the sheet's styles in the order openpyxl's writer meets them, row by row, so
    that the workbook's style table is the one openpyxl would write."""
    first: list[tuple[int, int, StyleArray]] = [
        (r, c, cell._style) for (r, c), cell in cells.items() if cell.has_style
    ]
    for table in tables:
        for k, column in enumerate(table.columns):
            col = table.first_col + k
            if not set(map(type, column.values)) <= _FAST_TYPES:
                for r, v in enumerate(column.values, start=table.first_row):
                    cell = (
                        None
                        if type(v) in _FAST_TYPES
                        else _cell_for_openpyxl(ws, r, col, v, column)
                    )
                    if cell is not None and cell.has_style:
                        first.append((r, col, cell._style))  # type: ignore[attr-defined]
            style = _array(column.style)
            if style is None or not any(style):
                continue
            for r, v in enumerate(column.values, start=table.first_row):
                if not _blank(v) and _takes_style(column, v):
                    first.append((r, col, style))
                    break
    book: Any = ws.parent
    for _, _, style in sorted(first, key=lambda entry: entry[:2]):
        book._cell_styles.add(style)


def _segments(ws: Worksheet, tables: list[_Table], bounds: _Bounds) -> dict[int, list[Any]]:
    """Each row's pieces of XML, by first column: the tables' rows and openpyxl's cells."""
    segments: dict[int, list[Any]] = defaultdict(list)
    cells: dict[tuple[int, int], Any] = ws._cells
    _number_styles(ws, tables, cells)
    for (r, c), cell in sorted(cells.items()):
        bounds.add(r, c, c)  # as openpyxl's dimension counts every cell it holds
        if cell._value is None and not cell.has_style and cell._comment is None:
            segments.setdefault(r, [])  # an empty row element, as openpyxl writes one
            continue
        if any(t.first_row <= r <= t.last_row and t.first_col <= c <= t.last_col for t in tables):
            raise ValueError(f"{ws.title}!{cell.coordinate} is written over a table")
        if cell._comment is not None:
            record = _internals().CommentRecord.from_cell(cell)
            ws._comments.append(record)  # type: ignore[attr-defined]
        segments[r].append((c, _openpyxl_xml(ws, cell)))
    for table in tables:
        columns = [_column_cells(ws, table, k) for k in range(len(table.columns))]
        for r, parts in enumerate(zip(*columns, strict=True), start=table.first_row):
            xml = "".join(parts)
            if xml:
                segments[r].append((table.first_col, xml))
                present = [k for k, part in enumerate(parts) if part]
                bounds.add(r, table.first_col + present[0], table.first_col + present[-1])
    return segments


def _rows(ws: Worksheet, segments: dict[int, list[Any]]) -> Iterator[str]:
    """``<row>`` elements in order, with the row's dimensions as openpyxl writes them."""
    dimensions = ws.row_dimensions
    for r in sorted(segments.keys() | dimensions.keys()):
        dimension = dimensions.get(r)
        attributes = (
            ""
            if dimension is None
            else "".join(f' {key}="{_attribute(value)}"' for key, value in dimension)
        )
        parts = segments.get(r, [])
        parts.sort(key=lambda part: part[0])
        yield f'<row r="{r}"{attributes}>{"".join(xml for _, xml in parts)}</row>'


def _encode(rows: list[str]) -> bytes:
    """As openpyxl writes a sheet: UTF-8 through ElementTree; through lxml, when installed,
    ASCII with any other character as a reference (&#8364;)."""
    if LXML:
        return "".join(rows).encode("ascii", "xmlcharrefreplace")
    return "".join(rows).encode("utf-8")


_EMPTY_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")


@cache
def _internals() -> SimpleNamespace:
    """openpyxl's internals the fast path uses, and its writers made from them (imported on
    first use: a release without them then only loses the fast path)."""
    from openpyxl.cell._writer import write_cell
    from openpyxl.comments.comment_sheet import CommentRecord
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.worksheet._writer import WorksheetWriter
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.writer.excel import ExcelWriter
    from openpyxl.xml.functions import xmlfile

    class SheetWriter(WorksheetWriter):
        """openpyxl's worksheet writer, with the rows (made by :func:`_segments`) left out of
        its stream: an empty ``<sheetData>`` that ``TableExcelWriter`` fills."""

        def __init__(self, ws: Worksheet, tables: list[_Table]) -> None:
            super().__init__(ws)
            self.bounds = _Bounds([], [])
            self.segments = _segments(ws, tables, self.bounds)

        def write_dimensions(self) -> None:
            self.xf.send(SheetDimension(self.bounds.reference()).to_tree())

        def write_rows(self) -> None:
            xf: Any = self.xf.send(True)
            with xf.element("sheetData"):
                pass
            self.xf.send(None)

    class TableExcelWriter(ExcelWriter):
        """openpyxl's workbook writer; sheets holding tables are written by ``SheetWriter``."""

        def write_worksheet(self, ws: Worksheet) -> None:
            tables = _TABLES.get(ws)
            if not tables:
                super().write_worksheet(ws)
                return
            ws._drawing = SpreadsheetDrawing()  # type: ignore[attr-defined]
            ws._drawing.charts = ws._charts  # type: ignore[attr-defined]
            ws._drawing.images = ws._images  # type: ignore[attr-defined]
            writer = SheetWriter(ws, tables)
            writer.write()
            ws._rels = writer._rels  # type: ignore[attr-defined]
            out: Any = writer.out  # the temporary file openpyxl wrote the sheet to
            with open(out, "rb") as stream:
                head, tail = _EMPTY_DATA.split(stream.read(), maxsplit=1)
            archive: ZipFile = self._archive  # type: ignore[attr-defined]
            # as ZipFile.write dates a part: its time now
            info = ZipInfo(ws.path[1:], date_time=time.localtime()[:6])
            info.compress_type = archive.compression
            with archive.open(info, "w") as part:
                part.write(head + b"<sheetData>")
                batch: list[str] = []
                for row in _rows(ws, writer.segments):
                    batch.append(row)
                    if len(batch) == _ROWS_PER_WRITE:
                        part.write(_encode(batch))
                        batch.clear()
                part.write(_encode(batch) + b"</sheetData>" + tail)
            self.manifest.append(ws)
            writer.cleanup()

    return SimpleNamespace(
        write_cell=write_cell,
        xmlfile=xmlfile,
        CommentRecord=CommentRecord,
        TableExcelWriter=TableExcelWriter,
        WorksheetWriter=WorksheetWriter,
    )


@cache
def _has_row_internals() -> bool:
    """The internals the fast path uses are there and behave as it expects."""
    try:
        internals = _internals()
    except ImportError:
        return False
    wb = Workbook()
    ws = wb.active
    cell = ws.cell(2, 3, 1.5)  # type: ignore[union-attr]
    cell.number_format = "0.0"
    writer = internals.WorksheetWriter
    return (
        getattr(ws, "_cells", None) == {(2, 3): cell}
        and getattr(cell, "_value", None) == 1.5
        and hasattr(cell, "_comment")
        and type(getattr(cell, "_style", None)).__name__ == "StyleArray"
        and hasattr(wb, "_cell_styles")
        and all(hasattr(ws, name) for name in ("_comments", "_charts", "_images"))
        and all(
            callable(getattr(writer, name, None))
            for name in ("write", "write_rows", "write_dimensions", "cleanup")
        )
        and callable(getattr(internals.TableExcelWriter, "save", None))
    )


def fast_rows() -> bool:
    """True when :func:`save_workbook` writes tables straight into the sheets' XML."""
    return not forced_off() and tested("openpyxl", *TESTED) and _has_row_internals()


def _cells_of(
    ws: Worksheet, table: _Table
) -> Iterator[tuple[Cell | MergedCell, TableColumn, object]]:
    """The sheet's cell for each value of the table (made when missing), its column, the
    value; blanks have none."""
    for k, column in enumerate(table.columns):
        col = table.first_col + k
        for r, value in enumerate(column.values, start=table.first_row):
            if not _blank(value):
                yield ws.cell(r, col), column, value


def _write_cells(workbook: Workbook) -> None:
    """Every table as openpyxl cells, through its public API (the fallback); the tables are
    then plain cells of their sheets."""
    sheets = [ws for ws in workbook.worksheets if isinstance(ws, Worksheet) and ws in _TABLES]
    for ws in sheets:
        for table in _TABLES[ws]:
            for cell, _, _ in _cells_of(ws, table):
                if cell.value is not None or cell.has_style:
                    raise ValueError(f"{ws.title}!{cell.coordinate} is written over a table")
    for ws in sheets:
        for table in _TABLES[ws]:
            for cell, column, value in _cells_of(ws, table):
                set_text_safe(cell, value.item() if hasattr(value, "item") else value)
                style = column.style
                if style is not None and _takes_style(column, value):
                    cell.number_format = style.number_format
                    if style.alignment is not None:
                        cell.alignment = style.alignment
        del _TABLES[ws]


def save_workbook(workbook: Workbook, path: Path) -> None:
    """Save ``workbook`` as openpyxl's ``Workbook.save`` does, with the tables added by
    :func:`add_table` in their sheets."""
    if not fast_rows():
        _write_cells(workbook)
        workbook.save(path)
        return
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    _internals().TableExcelWriter(workbook, archive).save()


@cache
def _has_font_internals() -> bool:
    from openpyxl.utils.indexed_list import IndexedList

    wb = Workbook()
    fonts = getattr(wb, "_fonts", None)
    named = getattr(wb, "_named_styles", None)
    try:
        normal = named["Normal"] if named is not None else None
    except (KeyError, TypeError):
        return False
    return isinstance(fonts, IndexedList) and len(fonts) == 1 and hasattr(normal, "font")


def set_default_font(workbook: Workbook, font: Font) -> None:
    """Make ``font`` the workbook's default: that of every cell without a font of its own, and
    of the Normal style (openpyxl has no public setter: font 0 is the one unstyled cells use).
    Without the internals, openpyxl's default stays."""
    if forced_off() or not tested("openpyxl", *TESTED) or not _has_font_internals():
        return
    from openpyxl.utils.indexed_list import IndexedList

    workbook._fonts = IndexedList([font])  # type: ignore[attr-defined]
    workbook._named_styles["Normal"].font = font  # type: ignore[attr-defined]
