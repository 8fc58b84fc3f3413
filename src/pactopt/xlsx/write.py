"""Writing outputs safely: checked before any work, atomically, never over an input, never
over an existing file unless asked (``--force``), with the user's umask, and with text kept
as text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from pactopt.xlsx.fast_rows import save_workbook, set_default_font, set_text_safe
from pactopt.xlsx.files import (
    NO_OVERWRITE,
    OVERWRITE,
    OutputError,
    WritePolicy,
    check_output,
)
from pactopt.xlsx.staging import write_atomically

__all__ = [
    "NO_OVERWRITE",
    "OVERWRITE",
    "OutputError",
    "WritePolicy",
    "check_output",
    "font",
    "new_workbook",
    "save_atomically",
    "set_text_safe",
    "write_atomically",
]

# one font for every output workbook: Arial is on every office machine and LibreOffice maps it
# to a metric-compatible face; a font without a name falls back to the client's own (a serif
# one in LibreOffice)
FONT_NAME = "Arial"
FONT_SIZE = 10


def font(*, bold: bool = False, size: float = FONT_SIZE, color: str | None = None) -> Font:
    """The workbook font, bold or larger where asked."""
    return Font(name=FONT_NAME, sz=size, family=2, b=bold, color=color)


def new_workbook() -> Workbook:
    """An empty workbook whose default font (that of every cell not styled otherwise, and of
    the Normal style) is :data:`FONT_NAME`."""
    wb = Workbook()
    set_default_font(wb, font())
    return wb


def save_atomically(
    workbook: Workbook,
    path: Path,
    *,
    protect: Path | None = None,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Save ``workbook`` with ``write_atomically``; never over ``protect`` (the input)."""
    kept = () if protect is None else (protect,)
    return write_atomically(
        path, lambda tmp: save_workbook(workbook, tmp), protect=kept, policy=policy
    )
