"""Every results table as a CSV file (``pactopt solve --tables DIR``), for analysts who work
in pandas or R: one file per table, UTF-8, a header row of snake_case column names, a missing
number left empty. Each file is written atomically, as the workbook is, and with the
run's other outputs (all or none)."""

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
    return written
