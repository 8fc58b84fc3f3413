"""One streaming pass over a worksheet's XML: each stored cell's value, formula and cached
value, the hidden rows and the merged ranges.

The cell rules are openpyxl's (``openpyxl.worksheet._reader.WorkSheetParser.parse_cell``), so
that what the reader returns is what openpyxl's full mode gave for formulas and its
``data_only`` mode for the values cached with them, read from the same ``<c>`` element in one
pass: numbers as int or float, a number in a date style as a date, shared and inline strings,
booleans, ISO dates, error codes as their text ('#DIV/0!'), shared formulas translated to each
cell. The cost follows the elements the file stores: an empty position is never visited, a
merged range is resolved against the stored cells when it is larger than they are.
"""

from __future__ import annotations

from typing import IO, Any

from pactopt.xlsx.package import MAIN_NS, Package, local, parse, safe_parser, xml_bool
from pactopt.xlsx.raw import RawCell, RawSheet

_ROW = f"{MAIN_NS}}}row"
_V = f"{MAIN_NS}}}v"
_F = f"{MAIN_NS}}}f"
_IS = f"{MAIN_NS}}}is"
_MERGE = f"{MAIN_NS}}}mergeCells"
_T = f"{MAIN_NS}}}t"
# what the open text element is: a value, a formula, the plain text or a run of an <is>
_INTO_V, _INTO_F, _INTO_PLAIN, _INTO_RUN = "v", "f", "plain", "run"
# column letters already met, valid: a sheet names few distinct columns
_COLUMNS: dict[str, int] = {}


def _column_number(letters: str) -> int:
    """1 for 'A', 16384 for 'XFD', as openpyxl's ``column_index_from_string`` reads it."""
    error = f"'{letters}' is not a valid column name. Column names are from A to ZZZ"
    if len(letters) > 3:
        raise ValueError(error)
    index = 0
    for letter, power in zip(reversed(letters.upper()), (1, 26, 676), strict=False):
        if not "A" <= letter <= "Z":
            raise ValueError(error)
        index += (ord(letter) - 64) * power
    if not 0 < index < 18279:
        raise ValueError(error)
    return index


def cell_position(coordinate: str) -> tuple[int, int]:
    """(row, column) of 'B7', as openpyxl's ``coordinate_to_tuple`` reads it: the column is
    what comes before the first digit, the row what follows."""
    index = len(coordinate) - 1
    for index, char in enumerate(coordinate):  # noqa: B007 - the index is used below
        if "0" <= char <= "9":
            break
    letters, number = coordinate[:index], coordinate[index:]
    position = int(number), _column_number(letters)
    _COLUMNS[letters] = position[1]  # the fast path may use these letters next time
    return position


def _number(text: str) -> int | float:
    """openpyxl's ``_cast_number``."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


class _Cells:
    """What a sheet's cells are typed with, and the shared formulas met so far."""

    def __init__(self, package: Package) -> None:
        self.strings = package.strings
        self.dates = package.date_styles
        self.timedeltas = package.timedelta_styles
        self.date1904 = package.date1904
        self.shared: dict[str | None, Any] = {}  # shared formula id -> openpyxl Translator

    def typed(self, kind: str, text: str, style: str | None) -> object:
        """A stored value as openpyxl's ``data_only`` reading types it."""
        if kind == "n":
            number = _number(text)
            if style and int(style) in self.dates:
                return self._date(number, int(style) in self.timedeltas)
            return number
        if kind == "s":
            return self.strings[int(text)]
        if kind == "b":
            return bool(int(text))
        if kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            moment: object = from_ISO8601(text)  # type: ignore[no-untyped-call]
            return moment
        return text  # 'str', 'e' (an error code such as '#DIV/0!') and unknown kinds

    def _date(self, number: float, elapsed: bool) -> object:
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

        epoch = MAC_EPOCH if self.date1904 else WINDOWS_EPOCH
        try:
            moment: object = from_excel(number, epoch, timedelta=elapsed)
        except (OverflowError, ValueError):
            return "#VALUE!"  # openpyxl's reading of a date serial out of range
        return moment

    def formula(self, text: str | None, attrs: dict[str, str], coordinate: str | None) -> str:
        """The cell's formula as openpyxl's ``parse_formula`` gives it (an array formula as
        its text, a data table as '{table}', a shared one translated to this cell)."""
        formula = "=" + (text or "")
        kind = attrs.get("t")
        if kind == "dataTable":
            return "{table}"
        if kind == "shared":
            index = attrs.get("si")
            if index in self.shared:
                return str(self.shared[index].translate_formula(coordinate))
            if formula != "=":
                from openpyxl.formula.translate import Translator

                self.shared[index] = Translator(formula, coordinate)
        return formula


_EMPTY = RawCell(None)  # what blank text reads as: no cell


def _text_cell(text: str) -> RawCell:
    """The cell that holds ``text`` (no formula), or _EMPTY for blank text."""
    if not text.strip():
        return _EMPTY
    if text.startswith("="):
        # text that reads as a formula was taken as one, with itself as its value
        return RawCell(text, text)
    return RawCell(text)


def _row_number(attrs: dict[str, str], previous: int) -> int:
    number = attrs.get("r")
    if number is None:
        return previous + 1
    try:
        return int(number)
    except ValueError:
        as_float = float(number)
        if not as_float.is_integer():
            raise ValueError(f"{number} is not a valid row number") from None
        return int(as_float)


def read_sheet(
    xml: bytes | IO[bytes],
    name: str,
    hidden: bool,
    package: Package,
    max_rows: int | None = None,
) -> RawSheet:
    """Every stored non-empty cell of one worksheet's XML.

    The handlers are closures over local state, not methods, and the common cells (a number,
    a shared or an inline string) take the shortest path: an expat callback per element is
    most of the cost, and a local is the cheapest thing Python reads.

    Past ``max_rows`` rows holding a value, no cell is kept: the rest of the sheet is only
    counted (the rows holding a cell), by one handler on the elements' starts, and the sheet
    returned says how many rows it has (``RawSheet.too_many_rows``), with the cells of the
    first ``max_rows`` only."""
    rules = _Cells(package)
    parser = safe_parser()
    valued = 0  # rows holding a value so far
    before = 0  # how many cells were stored when the open row started
    counted = 0  # rows holding a cell past the bound
    open_row = False
    cells: dict[tuple[int, int], RawCell] = {}
    hidden_rows: dict[int, bool] = {}
    merge_refs: list[str] = []
    columns = _COLUMNS
    plain_number = {None: True, "": True, "0": True}  # style -> a number stays a number
    # a cell is immutable, so one serves every cell of the same stored text: a sheet of
    # 1e5 numbers holds a hundred distinct ones
    numbers: dict[str, RawCell] = {}
    texts: dict[str, RawCell] = {}
    dates = package.date_styles
    row = col = 0
    row_text, cut = "0", -1  # the row's number as text, and where it starts in a coordinate
    in_row = merging = False
    cell: dict[str, str] | None = None  # the attributes of the open <c>
    level = 0  # depth inside the open cell: 1 is the <c> itself
    v: str | None = None
    f: str | None = None
    f_attrs: dict[str, str] | None = None
    inline: str | None = None  # the text of <is>, once it has ended
    in_is = in_run = False
    plain: str | None = None  # <is>'s last <t>, and the last <t> of each run
    runs: list[str] = []
    run: str | None = None
    buffer: str | None = None  # the text of the open <v>, <f> or <t>
    into = _INTO_V

    def flush() -> None:
        nonlocal v, f, plain, run, buffer
        if into is _INTO_V:
            v = buffer
        elif into is _INTO_F:
            f = buffer
        elif into is _INTO_PLAIN:
            plain = buffer
        else:
            run = buffer
        buffer = None

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row, col, in_row, merging, cell, level, v, f, f_attrs, inline, buffer, into
        nonlocal row_text, cut, before
        nonlocal in_is, in_run, plain, runs, run
        if cell is None:
            if in_row:  # every child of a row is a cell, as openpyxl reads it
                cell, level = attrs, 1
                v = f_attrs = inline = None
            elif tag == _ROW:
                in_row = True
                before = len(cells)
                row, col = _row_number(attrs, row), 0
                row_text = str(row)
                cut = -len(row_text) if row > 0 else 0  # no fast path for a row number < 1
                # openpyxl keeps a row's dimension (its hidden flag) when it says more than r
                if any(k not in ("r", "spans") and "}" not in k for k in attrs):
                    hidden_rows[row] = xml_bool(attrs.get("hidden"))
            elif tag == _MERGE:
                merging = True
            elif merging and local(tag) == "mergeCell":
                merge_refs.append(attrs.get("ref", ""))
            return
        level += 1
        if buffer is not None:  # a child element ends its parent's text
            flush()
        if level == 2:
            if tag == _V:
                if v is None:
                    buffer, into = "", _INTO_V
            elif tag == _F:
                if f_attrs is None:
                    buffer, into, f_attrs = "", _INTO_F, attrs
            elif tag == _IS and not in_is and inline is None:
                in_is, plain, runs = True, None, []
        elif in_is:  # openpyxl's Text: children matched by their local names
            if level == 3:
                short = "t" if tag == _T else local(tag)
                in_run = short == "r"
                if short == "t":
                    buffer, into = "", _INTO_PLAIN
                run = None
            elif level == 4 and in_run and (tag == _T or local(tag) == "t"):
                buffer, into = "", _INTO_RUN

    def chars(data: str) -> None:
        nonlocal buffer
        if buffer is not None:
            buffer += data

    def count(tag: str, attrs: dict[str, str]) -> None:
        """Past the bound: a row holding a cell is a row whose next element is its child."""
        nonlocal counted, open_row
        if tag == _ROW:
            open_row = True
        elif open_row:
            counted += 1
            open_row = False

    def end(tag: str) -> None:
        nonlocal col, in_row, merging, cell, level, inline, in_is, in_run, v, buffer, valued
        if cell is None:
            if in_row:
                in_row = False
                if len(cells) > before:
                    valued += 1
                    if max_rows is not None and valued > max_rows:
                        parser.StartElementHandler = count
                        parser.EndElementHandler = None
                        parser.CharacterDataHandler = None
            elif merging and tag == _MERGE:
                merging = False
            return
        if level > 1:
            if buffer is not None:
                if into is _INTO_V:  # the commonest text: a value
                    v, buffer = buffer, None
                else:
                    flush()
            elif level == 2:
                if in_is:
                    inline = "".join([plain or "", *runs])
                    in_is = False
            elif level == 3 and in_run:
                if run:
                    runs.append(run)
                in_run = False
            level -= 1
            return
        attrs, cell = cell, None
        coordinate = attrs.get("r")
        if coordinate:
            # the row's own number ends the coordinate, and the letters before it are a
            # column already met: the common case, read without parsing the coordinate
            index = columns.get(coordinate[:cut])
            if index is not None and coordinate.endswith(row_text):
                position = (row, index)  # what cell_position would find, found faster
            else:
                position = cell_position(coordinate)
            col = position[1]
        else:
            col += 1
            position = (row, col)
        kind = attrs.get("t", "n")
        if f_attrs is None and kind == "n":
            if not v:
                cells.pop(position, None)  # a styled empty cell replaces what was there
                return
            style = attrs.get("s")
            is_plain = plain_number.get(style)
            if is_plain is None:
                is_plain = plain_number[style] = int(style or 0) not in dates
            if is_plain:
                held = numbers.get(v)
                if held is None:
                    held = numbers[v] = RawCell(_number(v))
                cells[position] = held
                return
        value: object
        if kind == "inlineStr":
            value = inline
        elif v:
            value = rules.typed(kind, v, attrs.get("s"))
        else:
            value = None
        if f_attrs is not None:
            cells[position] = RawCell(value, rules.formula(f, f_attrs, coordinate))
        elif isinstance(value, str):
            held = texts.get(value)
            if held is None:
                held = texts[value] = _text_cell(value)
            if held is _EMPTY:
                cells.pop(position, None)  # blank text is no value
            else:
                cells[position] = held
        elif value is None:
            cells.pop(position, None)  # a styled empty cell replaces what was there
        else:
            cells[position] = RawCell(value)

    parse(xml, start, end, chars, parser)
    if max_rows is not None and valued > max_rows:
        return RawSheet(name, hidden, [], cells, frozenset(), too_many_rows=valued + counted)
    merged = _merged(cells, merge_refs)
    return RawSheet(
        name=name,
        hidden=hidden,
        merged=merged,
        cells=cells,
        hidden_rows=frozenset(r for r, h in hidden_rows.items() if h),
    )


def _merged(cells: dict[tuple[int, int], RawCell], refs: list[str]) -> list[str]:
    """The merged ranges, in openpyxl's order, with what they hide dropped (as openpyxl
    drops it)."""
    if not refs:
        return []
    from openpyxl.worksheet.cell_range import CellRange, MultiCellRange

    ranges = MultiCellRange([CellRange(ref) for ref in refs]).ranges
    for r in ranges:
        _clear_merged(cells, r.min_row, r.min_col, r.max_row, r.max_col)
    return [str(r) for r in ranges]


def _clear_merged(
    cells: dict[tuple[int, int], RawCell], top: int, left: int, bottom: int, right: int
) -> None:
    """Drop every cell of the range but its top-left one: whichever is smaller is walked,
    the range's positions or the stored cells."""
    area = (bottom - top + 1) * (right - left + 1)
    if area <= len(cells):
        inside = [(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)]
    else:
        inside = [(r, c) for r, c in cells if top <= r <= bottom and left <= c <= right]
    for position in inside:
        if position != (top, left):
            cells.pop(position, None)
