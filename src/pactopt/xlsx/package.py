"""The parts of an xlsx package the reader needs, found as openpyxl finds them.

[Content_Types].xml names the workbook part and the shared strings; the workbook part names
the sheets in order with their state and relationship; styles.xml says which cell styles make
a number a date. Every part is parsed by expat with defusedxml's rules (no entity
declarations, no external references), never by a parser that would expand them. Nothing
here imports openpyxl: its import alone costs a quarter of a second.
"""

from __future__ import annotations

import posixpath
import pyexpat
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any, NoReturn
from xml.etree.ElementTree import Element

from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHARED_STRINGS = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
# openpyxl's order of preference: template and macro types before the plain workbook
_WORKBOOK_TYPES = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_STYLES = "xl/styles.xml"
# builtin number formats (openpyxl.styles.numbers.BUILTIN_FORMATS) that are dates or times
_BUILTIN_DATES = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_BUILTIN_TIMEDELTAS = frozenset({46})
# openpyxl.styles.numbers: quoted literals and locale/colour brackets are not date letters
_STRIP = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_LETTER = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def _entity(name: str, *args: Any) -> NoReturn:
    raise EntitiesForbidden(name, None, None, None, None, None)


def _external(context: str, base: str | None, sysid: str | None, pubid: str | None) -> NoReturn:
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def safe_parser() -> pyexpat.XMLParserType:
    """An expat parser with defusedxml's defaults: a declared entity (the billion laughs) or
    an external reference is refused; names come as ``namespace}local``."""
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.EntityDeclHandler = _entity
    parser.UnparsedEntityDeclHandler = _entity
    parser.ExternalEntityRefHandler = _external
    parser.buffer_text = True
    return parser


def local(name: str) -> str:
    """An element's name without its namespace."""
    return name.rpartition("}")[2]


def xml_bool(text: str | None) -> bool:
    """An attribute read as openpyxl's ``Bool`` reads it: 'false', 'f', '0' and '' are false,
    anything else true."""
    return bool(text) and text not in ("false", "f", "0")


def is_date_format(code: str | None) -> bool:
    """openpyxl's ``is_date_format``: the first section holds a date or time letter outside
    quotes and brackets."""
    if code is None:
        return False
    return _DATE_LETTER.search(_STRIP.sub("", code.split(";")[0])) is not None


def is_timedelta_format(code: str | None) -> bool:
    """openpyxl's ``is_timedelta_format``: elapsed hours, minutes or seconds ([h]:mm)."""
    return code is not None and _TIMEDELTA.search(code.split(";")[0]) is not None


@dataclass(frozen=True)
class SheetPart:
    """A worksheet as the workbook part lists it."""

    name: str
    hidden: bool
    path: str


@dataclass(frozen=True)
class Package:
    """What every sheet's cells are read with."""

    sheets: list[SheetPart]
    strings: list[str]
    date_styles: frozenset[int]
    timedelta_styles: frozenset[int]
    date1904: bool
    # the other files the workbook links to (its externalLink parts' targets, or the parts
    # themselves when they name none): formulas that use them show stale cached values
    external_links: tuple[str, ...] = ()


def _children(node: Element, name: str) -> list[Element]:
    return [child for child in node if local(child.tag) == name]


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part) of ``part``, targets resolved as openpyxl's
    ``get_dependents`` resolves them."""
    folder, name = posixpath.split(part)
    rels_path = posixpath.join(folder, "_rels", f"{name}.rels")
    parent = posixpath.split(posixpath.dirname(rels_path))[0]
    found = {}
    for rel in _children(fromstring(archive.read(rels_path)), "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") != "External":
            target = (
                target[1:]
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(parent, target))
            )
        found[rel.get("Id", "")] = (rel.get("Type", ""), target)
    return found


def _workbook_part(manifest: Element) -> str:
    overrides = _children(manifest, "Override")
    for kind in _WORKBOOK_TYPES:
        for override in overrides:
            if override.get("ContentType") == kind:
                return override.get("PartName", "")[1:]
    defaults = {d.get("ContentType") for d in _children(manifest, "Default")}
    if defaults & set(_WORKBOOK_TYPES):
        return "xl/workbook.xml"
    raise OSError("File contains no valid workbook part")


def _sheet_title(name: str, taken: list[str]) -> str:
    """The title openpyxl gives a sheet: refused with a character Excel forbids, numbered
    when it repeats an earlier one (case-insensitively)."""
    name = name or "Sheet"
    bad = re.search(r"[\\*?:/\[\]]", name)
    if bad:
        raise ValueError(f"Invalid character {bad.group(0)} found in sheet title")
    if any(t.lower() == name.lower() for t in taken):
        from openpyxl.workbook.child import avoid_duplicate_name

        name = str(avoid_duplicate_name(taken, name))
    return name


def read_package(archive: zipfile.ZipFile) -> Package:
    """The sheets (worksheets only, in the workbook's order), the shared strings and the
    date styles of an opened xlsx archive."""
    names = set(archive.namelist())
    manifest = fromstring(archive.read("[Content_Types].xml"))
    part = _workbook_part(manifest)
    workbook = fromstring(archive.read(part))
    date1904 = any(xml_bool(p.get("date1904")) for p in _children(workbook, "workbookPr"))
    rels = _rels(archive, part)
    sheets: list[SheetPart] = []
    titles: list[str] = []
    for group in _children(workbook, "sheets"):
        for sheet in _children(group, "sheet"):
            rel_id = sheet.get(_REL_ID)
            if not rel_id:
                continue  # openpyxl drops such a sheet with a warning
            kind, target = rels[rel_id]
            if target not in names:
                continue
            title = _sheet_title(sheet.get("name", ""), titles)
            titles.append(title)  # a chart sheet's name too: openpyxl numbers names after it
            if "chartsheet" not in kind:
                state = sheet.get("state") or "visible"
                sheets.append(SheetPart(title, state != "visible", target))
    strings: list[str] = []
    for override in _children(manifest, "Override"):
        if override.get("ContentType") == _SHARED_STRINGS:
            with archive.open(override.get("PartName", "")[1:]) as source:
                strings = read_strings(source)
            break
    dates, timedeltas = _date_styles(archive.read(_STYLES) if _STYLES in names else b"")
    links = _external_links(archive, rels, names)
    return Package(sheets, strings, dates, timedeltas, date1904, links)


def _external_links(
    archive: zipfile.ZipFile, rels: dict[str, tuple[str, str]], names: set[str]
) -> tuple[str, ...]:
    """The file each externalLink part of the workbook points to (the part's name when it
    names none)."""
    links: list[str] = []
    for kind, part in rels.values():
        if not kind.endswith("/externalLink"):
            continue
        folder, name = posixpath.split(part)
        targets = []
        if posixpath.join(folder, "_rels", f"{name}.rels") in names:
            targets = [target for _, target in _rels(archive, part).values()]
        links += targets or [part]
    return tuple(links)


def _date_styles(styles: bytes) -> tuple[frozenset[int], frozenset[int]]:
    """The cell styles (indices into cellXfs) whose number format is a date, and those that
    are elapsed times, as openpyxl's stylesheet indexes them."""
    if not styles:
        return frozenset(), frozenset()
    root = fromstring(styles)
    custom: dict[int, str] = {}
    for group in _children(root, "numFmts"):
        for fmt in _children(group, "numFmt"):
            custom[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
    dates, timedeltas = set(), set()
    for group in _children(root, "cellXfs"):
        for index, xf in enumerate(_children(group, "xf")):
            number = int(xf.get("numFmtId", "0"))
            if number in custom:
                if is_date_format(custom[number]):
                    dates.add(index)
                if is_timedelta_format(custom[number]):
                    timedeltas.add(index)
            else:
                if number in _BUILTIN_DATES:
                    dates.add(index)
                if number in _BUILTIN_TIMEDELTAS:
                    timedeltas.add(index)
        break  # openpyxl reads one cellXfs
    return frozenset(dates), frozenset(timedeltas)


class _TextCollector:
    """The text of a shared string (``si``) as openpyxl's ``Text.content`` gives it: its last
    plain ``t``, then the last ``t`` of each ``r`` run, joined (a sheet's inline strings are
    read the same way, inline in ``sheet_stream.py``)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth  # of the si / is element
        self.plain: str | None = None
        self.runs: list[str] = []
        self.buffer: list[str] | None = None
        self.run_text: str | None = None
        self.in_run = False
        self.into_run = False

    def _flush(self) -> None:
        assert self.buffer is not None
        text = "".join(self.buffer)
        if self.into_run:
            self.run_text = text
        else:
            self.plain = text
        self.buffer = None

    def start(self, name: str, depth: int) -> None:
        if self.buffer is not None:  # a child element ends its parent's text
            self._flush()
        level = depth - self.depth
        if level == 1:
            tag = local(name)
            self.in_run = tag == "r"
            self.run_text = None
            if tag == "t":
                self.buffer = []
                self.into_run = False
        elif level == 2 and self.in_run and local(name) == "t":
            self.buffer = []
            self.into_run = True

    def end(self, depth: int) -> None:
        level = depth - self.depth
        if self.buffer is not None and level in (1, 2):
            self._flush()
        elif level == 1 and self.in_run:
            if self.run_text:
                self.runs.append(self.run_text)
            self.in_run = False

    def content(self) -> str:
        return "".join([self.plain or "", *self.runs])


def read_strings(xml: bytes | IO[bytes]) -> list[str]:
    """The shared strings, as openpyxl's ``read_string_table`` reads them."""
    strings: list[str] = []
    si = f"{MAIN_NS}}}si"
    depth = 0
    text: _TextCollector | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal depth, text
        depth += 1
        if text is not None:
            text.start(name, depth)
        elif name == si:
            text = _TextCollector(depth)

    def end(name: str) -> None:
        nonlocal depth, text
        if text is not None:
            if depth == text.depth:
                strings.append(text.content().replace("x005F_", ""))
                text = None
            else:
                text.end(depth)
        depth -= 1

    def chars(data: str) -> None:
        if text is not None and text.buffer is not None:
            text.buffer.append(data)

    parse(xml, start, end, chars)
    return strings


def parse(
    xml: bytes | IO[bytes],
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    chars: Callable[[str], None],
    parser: pyexpat.XMLParserType | None = None,
) -> None:
    """Stream ``xml`` (the bytes, or a part opened in the archive: then it is unzipped as it
    is parsed, never held whole) through a safe parser (``parser``, made by ``safe_parser``:
    a handler may change the handlers as it parses) with these handlers."""
    parser = parser or safe_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    if isinstance(xml, bytes):
        parser.Parse(xml, True)
    else:
        parser.ParseFile(xml)
