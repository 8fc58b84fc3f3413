"""Edits no spreadsheet program makes: rewrite the stored text of a number in an xlsx file.

openpyxl cannot save a whole number of 400 digits (it converts every number to a float to
check for NaN), so a test writes a placeholder number with openpyxl and replaces its stored
text in the sheet's XML afterwards.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

PLACEHOLDER = 987654.125  # exact in binary, stored as "987654.125"


def replace_number(
    path: Path, text: str, placeholder: float = PLACEHOLDER, required: bool = True
) -> int:
    """Replace every stored ``placeholder`` number of the workbook at ``path`` by ``text``;
    how many there were (``required``: at least one)."""
    old = f"<v>{placeholder!r}</v>".encode()
    new = f"<v>{text}</v>".encode()
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    found = sum(data.count(old) for _, data in parts)
    assert found or not required, f"placeholder {placeholder!r} not in {path.name}"
    if not found:
        return 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            archive.writestr(info, data.replace(old, new))
    return found


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
STYLES_DEFAULT = (
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
)


def write_raw_workbook(
    path: Path,
    sheets: dict[str, str],
    *,
    states: dict[str, str] | None = None,
    strings: list[str] | None = None,
    number_formats: dict[int, str] | None = None,
    cell_formats: list[int] | None = None,
    date1904: bool = False,
    prolog: str = "",
) -> Path:
    """An xlsx written part by part, as no library would write it: ``sheets`` maps each
    sheet's name to the XML inside its ``<worksheet>`` (``<sheetData>`` …), ``strings`` are
    the shared strings' ``<si>`` contents, ``cell_formats`` the numFmtId of each cellXfs
    entry (style 0 first), ``prolog`` what goes before each sheet's root element."""
    states = states or {}
    formats = "".join(
        f'<numFmt numFmtId="{i}" formatCode={quoteattr(code)}/>'
        for i, code in (number_formats or {}).items()
    )
    xfs = "".join(
        f'<xf numFmtId="{n}" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        for n in (cell_formats or [0])
    )
    styles = (
        f'<styleSheet xmlns="{_MAIN}"><numFmts>{formats}</numFmts>{STYLES_DEFAULT}'
        f"<cellXfs>{xfs}</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )
    entries = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"'
        + (f' state="{states[name]}"' if name in states else "")
        + "/>"
        for i, name in enumerate(sheets, start=1)
    )
    properties = ' date1904="1"' if date1904 else ""
    workbook = (
        f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f"<workbookPr{properties}/><sheets>{entries}</sheets></workbook>"
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    n = len(sheets)
    rels += (
        f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_TYPE}.worksheet+xml"/>'
        for i in range(1, n + 1)
    )
    content_types = (
        f'<Types xmlns="{_PKG}/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/styles.xml" ContentType="{_TYPE}.styles+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/>'
        f"{overrides}</Types>"
    )
    shared = "".join(f"<si>{s}</si>" for s in strings or [])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_PKG}/relationships"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PKG}/relationships">{rels}</Relationships>',
        )
        archive.writestr("xl/styles.xml", styles)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_MAIN}">{shared}</sst>')
        for i, body in enumerate(sheets.values(), start=1):
            archive.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'{prolog}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">{body}</worksheet>',
            )
    return path
