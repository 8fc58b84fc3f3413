"""A results workbook as the brief reads it back: which input made it (its file and
SHA-256), which pactopt, and the numbers the brief prints, so that the run can be repeated
and checked against them. A workbook another version wrote, one with a sheet missing or a
number changed by hand, is refused (``InputError``, naming the file, sheet and cell)."""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
from openpyxl.utils import get_column_letter

from pactopt.errors import InputError, Problem
from pactopt.i18n import english
from pactopt.report.headers import header
from pactopt.xlsx.read import read_bytes_checked

NEEDED = ("Summary", "Moves", "Allocation", "Run")
TOLERANCE = 1e-6  # relative: a number written and read back is equal to this


def _refuse(path: Path, sheet: str | None, cell: str | None, rule: str) -> InputError:
    return InputError([Problem(sheet, cell, path.name, rule)])


def is_results(path: Path, max_file_mb: float | None = None) -> bool:
    """Is ``path`` a results workbook (a Run sheet, no Settings sheet) rather than an input?"""
    wb = openpyxl.load_workbook(io.BytesIO(read_bytes_checked(path)), read_only=True)
    try:
        return "Run" in wb.sheetnames and "Settings" not in wb.sheetnames
    finally:
        wb.close()


@dataclass(frozen=True)
class WrittenRun:
    """What a results workbook says of its run, and the numbers it holds, by cell."""

    path: Path
    input_path: Path
    input_sha256: str
    version: str
    scenario: str
    # (sheet, cell) -> (what the number is, its value): checked against the repeated run
    numbers: dict[tuple[str, str], tuple[tuple[str, str], float]]


def read_run(path: Path, version: str) -> WrittenRun:
    """The run a results workbook records; ``InputError`` when it is not one this version
    of pactopt wrote, or its input is gone or changed."""
    wb = openpyxl.load_workbook(io.BytesIO(read_bytes_checked(path)), read_only=True)
    try:
        for name in NEEDED:
            if name not in wb.sheetnames:
                raise _refuse(
                    path,
                    None,
                    None,
                    f"has no {name} sheet: not a pactopt results workbook, or one that was edited",
                )
        run = {str(r[0]): r[1] for r in wb["Run"].iter_rows(values_only=True) if r and r[0]}
        numbers = _numbers(path, wb)
    finally:
        wb.close()
    written = str(run.get("pactopt", ""))
    if written != version:
        raise _refuse(
            path,
            "Run",
            None,
            f"was written by pactopt {written or '(unknown)'}, "
            f"not {version}: solve its input again with this version",
        )
    source = Path(str(run.get("input file", "")))
    candidates = [source, path.parent / source, path.parent / source.name]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise _refuse(
            path,
            "Run",
            None,
            f"names the input {source}, which is not there: the brief repeats the run from it",
        )
    sha = hashlib.sha256(found.read_bytes()).hexdigest()
    if sha != run.get("input SHA-256"):
        raise _refuse(
            path,
            "Run",
            None,
            f"was made from a different version of {found} "
            "(its SHA-256 no longer matches): solve it again",
        )
    return WrittenRun(path, found, sha, written, str(run.get("scenario", "")), numbers)


def _cell(row: int, column: int) -> str:
    return f"{get_column_letter(column + 1)}{row + 1}"


def _numbers(
    path: Path, wb: openpyxl.Workbook
) -> dict[tuple[str, str], tuple[tuple[str, str], float]]:
    found: dict[tuple[str, str], tuple[tuple[str, str], float]] = {}
    rows = list(wb["Summary"].iter_rows(values_only=True))
    first = next(
        (i for i, r in enumerate(rows) if r and english(str(r[0])) == header("figure")), None
    )
    if first is None:
        raise _refuse(path, "Summary", "A1", f"no row headed '{header('figure')}'")
    for i in range(first + 1, len(rows)):
        row = rows[i]
        if not row or row[0] is None:
            break
        if isinstance(row[1], int | float):
            found["Summary", _cell(i, 1)] = (
                ("summary", f"figure={english(str(row[0]))}|optimised"),
                float(row[1]),
            )
    rows = list(wb["Allocation"].iter_rows(values_only=True))
    head = list(rows[0]) if rows else []
    try:
        at_i, at_f = head.index(header("instrument")), head.index(header("funder"))
        at_t = head.index(header("total_meur")) if header("total_meur") in head else len(head) - 1
    except ValueError:
        raise _refuse(path, "Allocation", "A1", "its header row was changed") from None
    for i, row in enumerate(rows[1:], start=1):
        total = row[at_t] if row else None
        if row and row[at_i] is not None and isinstance(total, int | float):
            src = f"instrument={row[at_i]}&funder={row[at_f]}|total"
            found["Allocation", _cell(i, at_t)] = (("allocation", src), float(total))
    return found


def mismatches(written: WrittenRun, tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """The numbers of the results workbook that the repeated run does not give."""
    from pactopt.brief.trace import Sources, TraceError

    problems = []
    for (sheet, cell), ((table, src), value) in written.numbers.items():
        try:
            now = Sources.lookup(tables, f"{table}|{src}")
        except TraceError:
            now = math.nan
        if not math.isclose(now, value, rel_tol=TOLERANCE, abs_tol=TOLERANCE):
            problems.append(
                Problem(
                    sheet,
                    cell,
                    written.path.name,
                    f"holds {value:,.6g} but its input gives {now:,.6g}: the "
                    "results were edited by hand",
                )
            )
    return problems
