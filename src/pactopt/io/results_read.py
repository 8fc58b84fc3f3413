"""Read back the headline figures of results workbooks written by pactopt (for `compare`)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pandas as pd

from pactopt.errors import InputError, Problem
from pactopt.io.excel_read import read_bytes_checked
from pactopt.io.result_columns import header


def _names(machine: str) -> tuple[str, str]:
    """The header of a column as written now, and as workbooks before issue 13 wrote it."""
    return header(machine), machine


def _column(columns: Sequence[object], machine: str) -> int:
    return next(k for k, name in enumerate(columns) if name in _names(machine))


def _figures(path: Path) -> dict[str, float]:
    wb = openpyxl.load_workbook(io.BytesIO(read_bytes_checked(path)), read_only=True)
    if "Summary" not in wb.sheetnames or "Domains" not in wb.sheetnames:
        raise InputError(
            [
                Problem(
                    None,
                    None,
                    path.name,
                    "not a pactopt results workbook (no Summary/Domains sheet)",
                )
            ]
        )
    figures: dict[str, float] = {}
    rows = list(wb["Summary"].iter_rows(values_only=True))
    first = next(i for i, r in enumerate(rows) if r and r[0] in _names("figure"))
    for row in rows[first + 1 :]:
        if row[0] is not None and isinstance(row[1], int | float):
            figures[str(row[0])] = float(row[1])
    domain_rows = list(wb["Domains"].iter_rows(values_only=True))
    columns = list(domain_rows[0])
    at, total = _column(columns, "domain"), _column(columns, "optimised_meur")
    for row in domain_rows[1:]:
        figures[f"Domain {row[at]} (€m)"] = float(row[total] or 0.0)  # type: ignore[arg-type]
    return figures


def compare_results(first: Path, second: Path) -> pd.DataFrame:
    """Figures of two results workbooks side by side, with their difference."""
    a, b = _figures(first), _figures(second)
    names = [k for k in a if k in b]
    return pd.DataFrame(
        {
            "figure": names,
            first.stem: [a[k] for k in names],
            second.stem: [b[k] for k in names],
            "difference": [b[k] - a[k] for k in names],
        }
    )
