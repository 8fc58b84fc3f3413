"""Open an .xlsx safely and take every cell as it stands: value, formula and cached value.

The file is read once into memory (so the input on disk is never touched or locked), checked
for size, for being a real xlsx (not CSV, random bytes, an encrypted, a legacy .xls or an
OpenDocument file) and for a zip bomb. Then each sheet's XML is streamed once through expat
with defusedxml's rules (``xlsx/package.py``, ``xlsx/stream.py``): the values, the
formulas with the values cached with them, the hidden rows and sheets and the merged ranges
come from that one pass, by openpyxl's rules for each cell. Nothing here interprets cells:
that is the schema's job.

The cost follows the elements the file stores, never a sheet's extent: one value at
XFD1048576 costs one cell, not 17 billion (benchmarks/bench_far_cell.py). Measured on
2026-12-01 (benchmarks/bench_read.py; benchmarks/README.md, "The reader"), CPU seconds in one
process on the shared 2-core machine: 0.20 s at 1e5 variables (55,242 cells) against 0.97-1.01
s for the openpyxl reader it replaced, 1.95 s at 1e6 (549,477 cells) against 12.6-27 s wall
for the old one under load. That reader (openpyxl's full mode, then a read-only pass for the
cached values) is kept in the tests as the oracle every file is compared with
(tests/openpyxl_reader.py).
python-calamine was measured earlier and refused: it allocates the dense rectangle of the
used range and aborts the process on a file with one value at XFD1048576; and since the one
XML pass reads the values with the formulas, hidden rows and merges, a second reader for the
values alone would only add a pass.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from typing import TYPE_CHECKING

from pactopt.errors import InputError, Problem
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB
from pactopt.xlsx.package import read_package
from pactopt.xlsx.raw import RawCell, RawSheet, RawWorkbook
from pactopt.xlsx.stream import read_sheet

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path


__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "MAX_ROWS_PER_SHEET",
    "RawCell",
    "RawSheet",
    "RawWorkbook",
    "read_bytes_checked",
    "read_workbook",
]

MAX_UNZIPPED_BYTES = 500 * 1024 * 1024
# The most rows holding a value that a sheet may have. The 25 MB size cap does not bound the
# work: a million junk rows fit in 8 MB. The largest plan benchmarked (1e6 variables, 17,430
# instruments) has 17,430 rows in its longest sheet; 100,000 is over five times that, and a
# sheet past it is refused in seconds, its rows past the bound counted, never kept.
MAX_ROWS_PER_SHEET = 100_000
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")


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
            _check_members(infos, name)
            names = {i.filename for i in infos}
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    # a damaged archive; or a member Python's zip reader refuses (RuntimeError: encrypted,
    # NotImplementedError: a compression it lacks) that the checks above did not name
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, zlib.error) as exc:
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


def _check_members(infos: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse a member no .xlsx has: one flagged encrypted (a password-protected workbook is
    an OLE file, never a zip with encrypted parts), or one compressed by a method other than
    stored or deflate (Deflate64, bzip2, LZMA: Excel writes none of them)."""
    for info in infos:
        if info.flag_bits & 0x1:
            raise _file_problem(
                name, f"zip member '{info.filename}' is encrypted: not an Excel .xlsx workbook"
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            method = _METHODS.get(info.compress_type, f"method {info.compress_type}")
            raise _file_problem(
                name,
                f"zip member '{info.filename}' is compressed with {method}, which Excel never "
                "writes: not an Excel .xlsx workbook (save it again from Excel)",
            )


_METHODS = {9: "Deflate64", 12: "bzip2", 14: "LZMA", 93: "Zstandard", 98: "PPMd"}


def read_workbook(
    path: Path,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    only: Collection[str] | None = None,
    bounded: bool = True,
) -> RawWorkbook:
    """Read every sheet of ``path`` (or only the sheets named in ``only``: the others are
    listed, with no cell) into a ``RawWorkbook``; raise ``InputError`` if the file cannot be
    an xlsx workbook at all, or when a sheet read holds more than ``MAX_ROWS_PER_SHEET`` rows
    (unless not ``bounded``: the annotated copy reads every cell openpyxl will save)."""
    data = read_bytes_checked(path, max_file_mb)
    sheets: dict[str, RawSheet] = {}
    where = ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            package = read_package(archive)
            for part in package.sheets:
                if only is not None and part.name not in only:
                    sheets[part.name] = RawSheet(part.name, part.hidden, [])
                    continue
                where = f"sheet '{part.name}': "
                with archive.open(part.path) as xml:
                    bound = MAX_ROWS_PER_SHEET if bounded else None
                    sheets[part.name] = read_sheet(xml, part.name, part.hidden, package, bound)
    except Exception as exc:  # a broken part: damaged XML, a missing part, a bad number
        raise _file_problem(path.name, f"workbook cannot be opened: {where}{exc}") from exc
    too_long = [
        Problem(
            name,
            None,
            sheet.too_many_rows,
            f"sheet {name} has {sheet.too_many_rows:,} rows holding a value, more than the "
            f"{MAX_ROWS_PER_SHEET:,} a sheet may have; delete the rows pasted below its "
            "table (Ctrl+Shift+End shows the last cell in use)",
        )
        for name, sheet in sheets.items()
        if sheet.too_many_rows
    ]
    if too_long:
        raise InputError(too_long, opened=False)
    digest = hashlib.sha256(data).hexdigest()
    return RawWorkbook(path, digest, sheets, package.external_links)
