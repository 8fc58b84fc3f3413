"""Actuals from a CSV file in long form (``pactopt solve --actuals FILE.csv``), for analysts
whose execution figures come from an accounting export rather than the workbook's Actuals
sheet: one line per instrument, funder and year, with the €m spent.

    instrument,funder,year,meur
    HC1,regional,2019,55.5

Each line is checked as the sheet's rows are (a known instrument and funder, a funder that
may pay for the instrument's domain, a year of the horizon up to Settings as_of_year, an
amount that is a number of at least 0), and every problem names the file, its cell as a
spreadsheet shows it (``D3``: the value of line 3's fourth column) and the rule."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path

from pactopt.errors import InputError, Problem, Severity
from pactopt.schema.data import PactData
from pactopt.schema.rows import ActualRow

COLUMNS = ("instrument", "funder", "year", "meur")
OPTIONAL = ("budget_line",)


def _letter(k: int) -> str:
    """Column letter of the 0-based position ``k`` (A, B, … Z, AA …)."""
    text = ""
    k += 1
    while k:
        k, rest = divmod(k - 1, 26)
        text = chr(65 + rest) + text
    return text


def read_actuals_csv(path: Path, data: PactData) -> tuple[ActualRow, ...]:
    """The Actuals of ``data``'s plan read from ``path``; ``InputError`` listing every
    problem (each naming the file, the cell and the rule) when any line is wrong."""
    name = path.name
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            lines = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        problem = Problem(name, None, None, f"cannot read the actuals file: {exc}")
        raise InputError([problem]) from None
    if not lines:
        raise InputError([Problem(name, "A1", None, "the actuals file is empty")])
    header = [h.strip().lower() for h in lines[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InputError(
            [
                Problem(
                    name,
                    "A1",
                    ",".join(lines[0]),
                    f"missing column(s): {', '.join(missing)}; "
                    f"the header must be {','.join(COLUMNS)}[,{OPTIONAL[0]}]",
                )
            ]
        )
    at = {c: header.index(c) for c in header}
    s = data.settings
    instruments = {i.id: i for i in data.instruments}
    funders = {f.id for f in data.funders}
    allowed = {(e.funder, e.domain) for e in data.eligibility if e.allowed}
    problems: list[Problem] = []
    spent: dict[tuple[str, str], dict[int, float | None]] = {}
    first_line: dict[tuple[str, str], int] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not any(cell.strip() for cell in line):
            continue
        cells = {c: (line[k].strip() if k < len(line) else "") for c, k in at.items()}

        def cell(column: str, row: int = n) -> str:
            return f"{_letter(at[column])}{row}"

        found = len(problems)
        instrument, funder = cells["instrument"], cells["funder"]
        if instrument not in instruments:
            problems.append(Problem(name, cell("instrument"), instrument, "unknown instrument"))
        if funder not in funders:
            problems.append(Problem(name, cell("funder"), funder, "unknown funder"))
        try:
            year = int(cells["year"])
        except ValueError:
            problems.append(
                Problem(name, cell("year"), cells["year"], "the year must be a whole number")
            )
            continue
        if year not in s.years:
            problems.append(
                Problem(
                    name,
                    cell("year"),
                    year,
                    f"the year is outside the horizon {s.years[0]}-{s.years[-1]}",
                )
            )
        elif s.as_of_year is None or year > s.as_of_year:
            problems.append(
                Problem(
                    name,
                    cell("year"),
                    year,
                    f"spending is stated for {year}, after Settings as_of_year "
                    f"({s.as_of_year if s.as_of_year is not None else 'blank'}): the years after "
                    "it are planned, not locked; set or raise as_of_year, or drop the line",
                )
            )
        try:
            meur = float(cells["meur"])
        except ValueError:
            meur = math.nan
        if not math.isfinite(meur) or meur < 0:
            problems.append(
                Problem(
                    name,
                    cell("meur"),
                    cells["meur"],
                    "the amount must be a number of at least 0 (€m)",
                )
            )
        row = instruments.get(instrument)
        if row is not None and funder in funders and (funder, row.domain) not in allowed:
            problems.append(
                Problem(
                    name,
                    cell("funder"),
                    funder,
                    f"funder {funder} may not pay for domain {row.domain} of instrument "
                    f"{instrument} (Eligibility)",
                )
            )
        if len(problems) > found:
            continue
        key = (instrument, funder)
        if year in spent.get(key, {}):
            problems.append(
                Problem(
                    name,
                    cell("year"),
                    year,
                    f"{instrument}, {funder}, {year} is given twice (first on line "
                    f"{first_line[key]})",
                )
            )
            continue
        spent.setdefault(key, {})[year] = meur
        first_line.setdefault(key, n)
    if any(p.severity is Severity.ERROR for p in problems):
        raise InputError(problems)
    return tuple(
        ActualRow(
            instrument=i,
            funder=f,
            spent_meur=by_year,
            source=f"{name} (from line {first_line[(i, f)]})",
        )
        for (i, f), by_year in spent.items()
    )


def with_actuals_csv(data: PactData, path: Path) -> PactData:
    """``data`` with its Actuals replaced by those of the CSV file at ``path``."""
    return dataclasses.replace(data, actuals=read_actuals_csv(path, data))
