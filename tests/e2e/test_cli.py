"""The command line as an analyst uses it: exit codes, messages, files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.slow

PACTOPT = [sys.executable, "-c", "from pactopt.cli import run; run()"]


def pactopt(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process, as a user would (killed after ``timeout`` seconds)."""
    env = os.environ | {"COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run(
        [*PACTOPT, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )


def test_validate_reference_exits_zero() -> None:
    """A valid workbook: exit 0 and a one-line summary."""
    result = pactopt("validate", REFERENCE_XLSX)
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout and "22 instruments" in result.stdout


def test_validate_bad_workbook_exits_two_naming_cells_without_traceback(
    reference_path: Path, tmp_path: Path
) -> None:
    """Bad input: exit 2, each problem with sheet!cell, value and rule; no traceback;
    --annotate writes the marked copy."""
    wb = openpyxl.load_workbook(reference_path)
    wb["Instruments"]["D3"] = "lots"
    wb["Funders"]["C4"] = "public-private"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    annotated = tmp_path / "annotated.xlsx"
    result = pactopt("validate", bad, "--annotate", annotated)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "Instruments!D3" in result.stderr and "'lots'" in result.stderr
    assert "Funders!C4" in result.stderr and "one of: public, private, EU" in result.stderr
    assert openpyxl.load_workbook(annotated)["Instruments"]["D3"].comment is not None


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """--debug lets the exception through for developers."""
    missing = tmp_path / "nope.xlsx"
    assert "Traceback" not in pactopt("validate", missing).stderr
    result = pactopt("--debug", "validate", missing)
    assert result.returncode != 0 and "Traceback" in result.stderr


def test_evaluate_json_gives_the_headline_figures() -> None:
    """--json prints machine-readable figures for scripts."""
    result = pactopt("evaluate", "--json", REFERENCE_XLSX)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    figures = payload["figures"]
    assert figures["output_meur"] == pytest.approx(45_000, rel=0.05)
    assert figures["jobs"] == pytest.approx(40_000, rel=0.05)
    within = payload
    assert within["feasible"] is False
    assert {b["rule"] for b in within["breaches"]} == {"public_share_min"}
    assert sum(b["short"] for b in within["breaches"]) == pytest.approx(45.0, abs=0.05)
    assert {c for b in within["breaches"] for c in b["cells"]} == {"Instruments!H20"}


def test_evaluate_says_whether_the_plan_fits_the_rules() -> None:
    result = pactopt("evaluate", REFERENCE_XLSX)
    assert result.returncode == 0, result.stderr
    assert "the plan cannot be financed" in result.stdout
    assert "Instruments!H20" in result.stdout


def test_template_commands_write_workbooks(tmp_path: Path) -> None:
    """`template` writes the blank and the example; an unknown example exits 2."""
    assert pactopt("template", tmp_path / "t.xlsx").returncode == 0
    assert pactopt("template", "--example", "digital-pact", tmp_path / "e.xlsx").returncode == 0
    assert pactopt("validate", tmp_path / "e.xlsx").returncode == 0
    result = pactopt("template", "--example", "atlantis", tmp_path / "x.xlsx")
    assert result.returncode == 2 and "unknown example" in result.stderr


def test_checks_lists_every_named_check() -> None:
    """`pactopt checks` shows each cross-sheet check with its docstring."""
    result = pactopt("checks")
    assert result.returncode == 0
    for name in ("unique_ids", "known_references", "min_not_above_max", "curves_concave"):
        assert name in result.stdout


def _refuse_non_json(constant: str) -> None:
    """NaN and Infinity are not JSON: a strict reader (jq, JavaScript) refuses them."""
    raise AssertionError(f"{constant} in JSON output")


def test_solve_writes_results_and_prints_json(tmp_path: Path) -> None:
    """`solve -o OUT --json --lp FILE`: exit 0, the workbook and LP file exist, JSON figures
    show more output than the reference plan (compared as the nearest financeable plan)."""
    out, lp = tmp_path / "res.xlsx", tmp_path / "model.lp"
    result = pactopt("solve", REFERENCE_XLSX, "-o", out, "--json", "--lp", lp)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout, parse_constant=_refuse_non_json)
    assert payload["status"] == "optimal"
    figures = {f["key"]: f for f in payload["figures"]}
    # the announced plan cannot be financed: it is compared as the nearest plan that can be,
    # whose net figures are numbers (and JSON numbers, not NaN)
    assert figures["net_output_meur"]["reference"] == pytest.approx(39_543.33, abs=0.01)
    assert figures["net_output_meur"]["label"] == "Net output (€m)"
    output = figures["gross_output_meur"]
    assert output["optimised"] > output["reference"]  # gross against gross
    assert figures["net_output_meur"]["optimised"] < output["optimised"]
    assert out.is_file() and "funding(HC1_federal_2019)" in lp.read_text()


def test_solve_refuses_to_overwrite_the_input(reference_path: Path) -> None:
    """-o pointing at the input: exit 2 and the input is untouched."""
    before = reference_path.read_bytes()
    result = pactopt("solve", reference_path, "-o", reference_path)
    assert result.returncode == 2 and "refusing to write over the input" in result.stderr
    assert reference_path.read_bytes() == before


def test_infeasible_model_exits_three(reference_path: Path, tmp_path: Path) -> None:
    """A domain floor above what its instruments may take: exit 3, no traceback, and the
    output path holds a Diagnosis workbook instead of results."""
    wb = openpyxl.load_workbook(reference_path)
    wb["Domains"]["C7"] = 5_000  # TRUST floor
    wb["Domains"]["D7"] = 9_000  # TRUST ceiling; TRUST instruments take at most 4,970
    bad = tmp_path / "infeasible.xlsx"
    wb.save(bad)
    result = pactopt("solve", bad, "-o", tmp_path / "diagnosis.xlsx")
    assert result.returncode == 3, result.stderr
    assert "infeasible" in result.stderr and "Traceback" not in result.stderr
    # no results, but a Diagnosis workbook in their place
    assert openpyxl.load_workbook(tmp_path / "diagnosis.xlsx").sheetnames == [
        "Summary",
        "Diagnosis",
        "Glossary",
        "Run",
    ]


def test_constraints_lists_every_family_in_order() -> None:
    """`pactopt constraints` shows each family and rule with its math."""
    result = pactopt("constraints")
    assert result.returncode == 0
    text = result.stdout
    positions = [
        text.index(f"{family} /")
        for family in (
            "public_balance",
            "budget_neutrality",
            "shifts",
            "savings_recycling",
            "shares",
            "bounds",
            "envelopes",
            "precedence",
            "indivisible",
            "maintenance",
            "curves",
            "switches",
            "skills",
        )
    ]
    assert positions == sorted(positions)
    assert "Σ_i x[i,f,y]" in text
