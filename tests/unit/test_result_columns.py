"""Column headers in words and number formats by meaning, declared once for every output
workbook; `compare` reads results workbooks written before and after the headers changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from pactopt.report.headers import MINUS, Kind, column, header
from pactopt.report.read_back import compare_results

pytestmark = pytest.mark.fast


def test_headers_are_words_with_units_and_formats_follow_meaning() -> None:
    """€m and jobs whole with a true minus sign, shares in %, values per €m with two
    decimals; undeclared names get their unit from their suffix, ids stay as they are."""
    assert header("optimised_meur") == "Optimised (€m)" and header("net_jobs") == "Net jobs"
    assert column("optimised_meur").number_format == f'[>=0.5]#,##0;[<=-0.5]"{MINUS}"#,##0;0'
    # each section a condition on the value as printed: a value that rounds to 0 shows 0
    assert column("share_of_draws_above").number_format.startswith("[>=0.005]0%")
    assert column("value_per_meur").number_format.startswith("[>=0.005]#,##0.00")
    assert header("HC_meur") == "HC (€m)"
    assert column("jobs_forgone_per_meur").kind is Kind.RATE
    assert header("ai_offensive") == "ai_offensive" and header(2027) == "2027"
    assert column(2027).kind is Kind.MEUR


def _results(path: Path, figure: str, domain: str, total: str, net_output: float) -> Path:
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    summary.append(["pactopt results"])
    summary.append([figure, "optimised"])
    summary.append(["Net output (€m)", net_output])
    domains = wb.create_sheet("Domains")
    domains.append([domain, total])
    domains.append(["HC", 100.0])
    wb.save(path)
    return path


def test_compare_reads_old_and_new_headers(tmp_path: Path) -> None:
    """A workbook with machine-name headers (before issue 13) compares with one in words."""
    old = _results(tmp_path / "old.xlsx", "figure", "domain", "optimised_meur", 10.0)
    new = _results(tmp_path / "new.xlsx", "Figure", "Domain", "Optimised (€m)", 12.0)
    table = compare_results(old, new).set_index("figure")
    assert table.loc["Net output (€m)", "difference"] == 2.0
    assert table.loc["Domain HC (€m)", "difference"] == 0.0
