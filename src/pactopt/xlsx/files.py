"""Output files: a path checked before any work (never an input, never an existing file
unless asked, a folder that exists and can be written); ``staging`` writes them, atomically
and all together, beside their targets with the user's umask. Nothing here knows a file
format, so every command may use it without loading openpyxl (``excel_write`` adds the
workbook side)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

# inputs larger than this are refused (--max-size-mb raises it)
DEFAULT_MAX_FILE_MB = 25.0
MAX_UNIQUE = 1000


class OutputError(Exception):
    """An output cannot be written where asked (e.g. it would overwrite the input); ``flag``
    names the option that asked for it (``-o``, ``--lp``…) when known."""

    def __init__(self, message: str, flag: str | None = None) -> None:
        super().__init__(message)
        self.flag = flag


@dataclass(frozen=True)
class WritePolicy:
    """What an output may do to an existing file: ``force`` replaces it; ``unique`` (for
    default names) takes the next free name ``stem-2``, ``stem-3``…; neither refuses."""

    force: bool = False
    unique: bool = False
    # the target's folder is created at the end if missing (--tables DIR); its parent must be
    make_folder: bool = False


NO_OVERWRITE = WritePolicy()
OVERWRITE = WritePolicy(force=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def check_output(
    path: Path, *, protect: Sequence[Path] = (), policy: WritePolicy = NO_OVERWRITE
) -> None:
    """Raise ``OutputError`` when ``path`` cannot be written as asked: run before any work,
    so that a long solve never ends on a bad output path."""
    for kept in protect:
        if _same_file(path, kept):
            raise OutputError(f"refusing to write over the input {path}")
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name in it")
    parent = path.parent
    if policy.make_folder and not parent.exists() and parent.parent.is_dir():
        if not os.access(parent.parent, os.W_OK | os.X_OK):
            raise OutputError(f"folder {parent.parent} is not writable (permission denied)")
        return
    if not parent.exists():
        blocking = next((p for p in parent.parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise OutputError(f"{blocking} is a file, not a folder, so {path} cannot be written")
        raise OutputError(f"folder {parent} does not exist; create it first")
    if not parent.is_dir():
        raise OutputError(f"{parent} is a file, not a folder, so {path} cannot be written")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"folder {parent} is not writable (permission denied)")
    if path.exists() and not (policy.force or policy.unique):
        raise OutputError(f"{path} exists; pass --force to overwrite it")


def file_mode() -> int:
    """The mode a new file gets under the user's umask (a temporary's is always 0600)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def default_output(
    input_path: Path,
    kind: str = "results",
    scenario: str | None = None,
    outputs_dir: Path = Path("outputs"),
) -> Path:
    """outputs/<input stem>_<scenario>_<kind>_<timestamp>.xlsx: the scenario in the name, so
    that a base and a scenario run in the same second never share one (and the writer takes
    the next free name, ``-2``, when another run got there first)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    label = re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario or "base").strip("._") or "scenario"
    return outputs_dir / f"{input_path.stem}_{label}_{kind}_{stamp}.xlsx"
