"""--tables CSVs and the terminal carry the figures, not float noise or "−0" (issue 26)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pactopt.report.csv_tables import write_tables
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
    from pactopt.cli.common import format_meur

    assert [format_meur(v) for v in (-0.3, -0.0, 0.2, -56.4, 1234.5)] == [
        "0",
        "0",
        "0",
        "-56",
        "1,234",
    ]
