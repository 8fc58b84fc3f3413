"""--tables CSVs and the terminal carry the figures, not float noise or "−0", and an empty
table says why (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pactopt.report.csv_tables import EMPTY_NOTE, empty_reasons, write_tables
from pactopt.report.tables import ResultTables

pytestmark = pytest.mark.fast


def test_a_sum_with_float_noise_is_written_as_its_figure(tmp_path: Path) -> None:
    empty = pd.DataFrame()
    summary = pd.DataFrame(
        {"figure": ["Total spending (€m)"], "optimised": [36999.99999999999], "reference": [0.1]}
    )
    tables = ResultTables(summary, empty, empty, empty, empty, empty, empty, empty, "")
    write_tables(tmp_path, tables)
    text = (tmp_path / "summary.csv").read_text(encoding="utf-8")
    assert "36999.99999999999" not in text
    assert "37000.0" in text and "0.1" in text


def test_the_terminal_never_prints_minus_zero() -> None:
    from pactopt.cli.printing import format_meur

    assert [format_meur(v) for v in (-0.3, -0.0, 0.2, -56.4, 1234.5)] == [
        "0",
        "0",
        "0",
        "-56",
        "1,234",
    ]


def test_an_empty_bridge_says_why_beside_its_header(tmp_path: Path) -> None:
    """A workbook without a reference plan has no bridge from it: bridge.csv is its header
    alone (as pandas and R read it), and empty_tables.txt says why, one line per empty file;
    a table with rows is not listed."""
    empty = pd.DataFrame()
    summary = pd.DataFrame({"figure": ["Total spending (€m)"], "optimised": [37000.0]})
    tables = ResultTables(summary, empty, empty, empty, empty, empty, empty, empty, "")
    write_tables(tmp_path, tables)
    assert (tmp_path / "bridge.csv").read_text(encoding="utf-8").strip() == (
        "step,net_output_meur,net_jobs,public_meur"
    )
    lines = (tmp_path / EMPTY_NOTE).read_text(encoding="utf-8").splitlines()
    assert (
        "bridge.csv has no rows: the workbook states no reference plan (Instruments "
        "reference_plan_meur is blank everywhere), so there is no bridge from it"
    ) in lines
    assert (
        "reference_breaches.csv has no rows: the workbook states no reference plan to check"
        in lines
    )
    assert not [line for line in lines if line.startswith("summary.csv")]


def test_a_bridge_left_out_for_size_says_so(tmp_path: Path) -> None:
    empty = pd.DataFrame()
    summary = pd.DataFrame({"figure": ["Total spending (€m)"], "optimised": [37000.0]})
    tables = ResultTables(
        summary, empty, empty, empty, empty, empty, empty, empty, "", reference_comparable=True
    )
    assert "not computed for a model of this size" in empty_reasons(tables)["bridge"]
