"""Edits no spreadsheet program makes: rewrite the stored text of a number in an xlsx file.

openpyxl cannot save a whole number of 400 digits (it converts every number to a float to
check for NaN), so a test writes a placeholder number with openpyxl and replaces its stored
text in the sheet's XML afterwards.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

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
