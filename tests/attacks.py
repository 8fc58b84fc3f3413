"""The attack corpus of issue 27, generated (never committed as binaries): files that
Python's zip reader refuses with errors other than BadZipFile (a member flagged encrypted,
a member compressed with Deflate64), used by the no-exit-1 test and the attack tests."""

from __future__ import annotations

import io
import struct
import zipfile

ODS_LIKE = {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _patched(data: bytes, *, flags: int | None = None, method: int | None = None) -> bytes:
    """``data`` (a zip of stored members) with every member's general-purpose flags or
    compression method rewritten, in its local and its central header."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        start = 0
        while (at := out.find(signature, start)) >= 0:
            if flags is not None:
                out[at + flag_at : at + flag_at + 2] = struct.pack("<H", flags)
            if method is not None:
                out[at + method_at : at + method_at + 2] = struct.pack("<H", method)
            start = at + 4
    return bytes(out)


def encrypted_mimetype() -> bytes:
    """A zip whose mimetype member is flagged encrypted (RuntimeError on reading it)."""
    return _patched(_zip(ODS_LIKE), flags=0x1)


def deflate64_mimetype() -> bytes:
    """A zip whose mimetype member says Deflate64 (NotImplementedError on reading it)."""
    return _patched(_zip(ODS_LIKE), method=9)


ZIP_ATTACKS = {
    "encrypted_mimetype": encrypted_mimetype,
    "deflate64_mimetype": deflate64_mimetype,
}
