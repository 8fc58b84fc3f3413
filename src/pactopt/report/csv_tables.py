"""Every results table as a CSV file (``pactopt solve --tables DIR``), for analysts who work
in pandas or R: one file per table, UTF-8, a header row of snake_case column names, a missing
number left empty; a table with no rows is a header alone, and ``empty_tables.txt`` says
why, one line per such file. Each file is written atomically, as the workbook is, and with
the run's other outputs (all or none)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from pathlib import Path

import pandas as pd

from pactopt.report.json_payloads import figure_keys, snake
from pactopt.report.tables import ResultTables
from pactopt.xlsx.write import (
    NO_OVERWRITE,
    OutputError,
    WritePolicy,
    check_output,
    write_atomically,
)

EMPTY_NOTE = "empty_tables.txt"  # why each table without rows has none


def table_names(tables: ResultTables | None = None) -> list[str]:
    """The tables written, one file ``<name>.csv`` each (with ``comparison`` when given)."""
    names = [f.name for f in fields(ResultTables) if f.type in ("pd.DataFrame", pd.DataFrame)]
    return names if tables is None else [n for n in names if getattr(tables, n) is not None]


def tables_policy(force: bool) -> WritePolicy:
    """How the CSV files are written: the folder made at the end if missing, an existing file
    replaced only with ``force``."""
    return WritePolicy(force=force, make_folder=True)


def check_tables_dir(
    folder: Path, names: Sequence[str], policy: WritePolicy, protect: Sequence[Path] = ()
) -> None:
    """Raise ``OutputError`` before any work when ``folder`` cannot take the files (each
    checked as any output is: never an input, never an existing file unless forced)."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder} is a file, not a folder")
    if not folder.exists() and not folder.parent.is_dir():
        raise OutputError(f"folder {folder.parent} does not exist; create it first")
    for name in names:
        check_output(folder / f"{name}.csv", protect=protect, policy=policy)


def _frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if name == "summary" and "figure" in out.columns:
        out.insert(0, "key", [figure_keys().get(str(f).strip(), snake(f)) for f in out["figure"]])
        out["figure"] = out["figure"].astype(str).str.strip()
    out.columns = [snake(c) for c in out.columns]
    # a solver's round-off (−1.4e-14 for 0) is not a figure: numbers below 1e-9 are 0
    numeric = out.select_dtypes("number").columns
    out[numeric] = out[numeric].mask(out[numeric].abs() < 1e-9, 0.0)
    # nor is float noise (36999.99999999999 for 37000): six decimals are €1 on a €m figure
    floats = out.select_dtypes("float").columns
    out[floats] = out[floats].round(6)
    return out


def _bridge_reason(tables: ResultTables) -> str:
    if tables.reference_comparable is None:
        return (
            "the workbook states no reference plan (Instruments reference_plan_meur is blank "
            "everywhere), so there is no bridge from it"
        )
    if not tables.reference_comparable:
        return (
            "no plan close to the announced one can be financed within the workbook's own "
            "rules, so there is no bridge from it"
        )
    return "the bridge from the reference plan is not computed for a model of this size"


def _reason(name: str, tables: ResultTables) -> str:
    """Why the table ``name`` has no rows, in words."""
    if name == "bridge":
        return _bridge_reason(tables)
    if name == "reference_breaches":
        if tables.reference_feasible is None:
            return "the workbook states no reference plan to check"
        return "the reference plan breaks no rule" if tables.reference_feasible else ""
    if name == "alternatives" and tables.alternatives_text:
        return tables.alternatives_text
    if name in ("moves", "moves_curve"):
        return tables.moves_text[0] if tables.moves_text else "the moves were not computed"
    if name in ("review", "review_impacts", "past_breaches"):
        return "no year is locked (Settings as_of_year): the run is not a mid-term review"
    if name == "projects":
        return "the workbook has no projects"
    return "nothing of this kind in this plan"


def empty_reasons(tables: ResultTables) -> dict[str, str]:
    """Each table without rows and why it has none."""
    return {
        name: _reason(name, tables) or "no rows"
        for name in table_names(tables)
        if len(getattr(tables, name)) == 0
    }


def write_tables(
    folder: Path,
    tables: ResultTables,
    comparison: pd.DataFrame | None = None,
    policy: WritePolicy = NO_OVERWRITE,
) -> list[Path]:
    """Write each table of ``tables`` (and the scenario comparison) into ``folder`` (made
    when the files are placed, if missing)."""
    policy = WritePolicy(force=policy.force, make_folder=True)
    named = {n: getattr(tables, n) for n in table_names(tables)}
    if comparison is not None:
        named["comparison"] = comparison
    written = []
    for name, frame in named.items():
        data = _frame(name, frame)
        path = folder / f"{name}.csv"

        def save(tmp: Path, data: pd.DataFrame = data) -> None:
            data.to_csv(tmp, index=False, encoding="utf-8")

        written.append(write_atomically(path, save, policy=policy))
    why = empty_reasons(tables)
    if why:
        lines = [f"{name}.csv has no rows: {reason}" for name, reason in why.items()]
        text = "\n".join(lines) + "\n"

        def note(tmp: Path, text: str = text) -> None:
            tmp.write_text(text, encoding="utf-8")

        written.append(write_atomically(folder / EMPTY_NOTE, note, policy=policy))
    return written
