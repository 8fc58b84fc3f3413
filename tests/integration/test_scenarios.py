"""Scenarios layered on the reference workbook, compared side by side."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from pactopt.errors import InputError
from pactopt.iotable.figures import blend
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.pipeline.scenarios import run_scenarios
from pactopt.report.paragraph import headline_parts
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario, scenario_names
from pactopt.solver.solution import SolveStatus
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX
from tests.e2e.test_cli import pactopt


@pytest.mark.fast
def test_reference_ships_the_scenarios_of_the_source() -> None:
    """AI offensive, capped new money, telecom reform fails, pessimistic and optimistic
    productivity, and the base without its assumed discount rate, each override with a
    source."""
    data = load_pact(REFERENCE_XLSX)
    assert scenario_names(data) == [
        "ai_offensive",
        "new_money_capped",
        "telecom_reform_fails",
        "productivity_pessimistic",
        "productivity_optimistic",
        "no_discounting",
        "telecom_gdp_multiplier",
        "io_demand_only",
    ]
    assert all(row.source for row in data.scenarios)


@pytest.mark.solve
def test_ai_offensive_raises_the_ai_floor_and_holds() -> None:
    """The AI floor becomes €2,000m (Instruments EC4) and the solution respects it."""
    data = load_scenario(REFERENCE_XLSX, "ai_offensive")
    assert next(i for i in data.instruments if i.id == "EC4").min_total_meur == 2000
    outcome = run_solve(data, REFERENCE_XLSX)
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert violations(data, outcome.result) == []
    ec4 = sum(v for (i, _, _), v in outcome.result.values["funding"].items() if i == "EC4")
    assert ec4 >= 2000 - 1e-6


@pytest.mark.solve
def test_telecom_reform_failing_caps_private_infrastructure() -> None:
    """With the switch off, private infrastructure money stays at €540m a year."""
    data = load_scenario(REFERENCE_XLSX, "telecom_reform_fails")
    outcome = run_solve(data, REFERENCE_XLSX)
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert violations(data, outcome.result) == []
    for year in data.years:
        private = sum(
            v
            for (i, f, y), v in outcome.result.values["funding"].items()
            if i.startswith("IN") and f == "private" and y == year
        )
        assert private <= 540 + 1e-6


@pytest.mark.solve
def test_telecom_gdp_multiplier_adds_output_but_not_a_change_of_plan() -> None:
    """With the source's €3 of GDP per € of network investment (001 L2274) instead of the
    calibrated 1.326, infrastructure is at its €14,000m ceiling either way: no domain's
    total moves and gross output rises by (3.0 − 1.326) × 14,000 = €23,436m."""
    runs = {
        name: run_solve(data, REFERENCE_XLSX, SolveOptions(alternatives=False, moves=False))
        for name, data in (
            ("base", load_pact(REFERENCE_XLSX)),
            ("telecom", load_scenario(REFERENCE_XLSX, "telecom_gdp_multiplier")),
        )
    }
    tables = {name: outcome.tables for name, outcome in runs.items()}
    assert tables["base"] is not None and tables["telecom"] is not None
    gross = "Gross output, before what the shifted lines produced (€m)"
    figure = {
        name: t.summary.set_index("figure").loc[gross, "optimised"] for name, t in tables.items()
    }
    assert figure["telecom"] - figure["base"] == pytest.approx((3.0 - 1.326) * 14000, abs=0.01)
    base_domains = tables["base"].domains.set_index("domain")["optimised_meur"]
    telecom_domains = tables["telecom"].domains.set_index("domain")["optimised_meur"]
    assert list(telecom_domains) == pytest.approx(list(base_domains), abs=1e-6)
    assert base_domains["INF"] == pytest.approx(14000.0)


@pytest.mark.fast
def test_unknown_scenario_is_refused() -> None:
    """A name not in the Scenarios sheet is an input error listing the known ones."""
    with pytest.raises(InputError, match="ai_offensive"):
        load_scenario(REFERENCE_XLSX, "moonshot")


@pytest.mark.slow
def test_all_scenarios_comparison_sheet_and_compare_command(tmp_path: Path) -> None:
    """--all-scenarios writes a Scenarios sheet first (what each changes, with its charts)
    and a Comparison sheet (base + 8 scenarios, each under its name in words);
    `compare` puts two results workbooks side by side."""
    out = tmp_path / "all.xlsx"
    result = pactopt("solve", REFERENCE_XLSX, "--all-scenarios", "-o", out)
    assert result.returncode == 0, result.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Scenarios", "Comparison"]  # the answer first
    assert len(wb["Scenarios"]._charts) == 2  # the € changes, the jobs changes
    sheet = wb["Comparison"]
    header = [c.value for c in sheet[1]]
    assert header == [
        "Figure",
        "base",
        "ai offensive",
        "new money capped",
        "telecom reform fails",
        "productivity pessimistic",
        "productivity optimistic",
        "no discounting",
        "telecom gdp multiplier",
        "io demand only",
    ]
    assert len(sheet._charts) == 0  # no longer domain totals of near-identical bars
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Domain INF (€m)"][4] < rows["Domain INF (€m)"][1]  # reform fails: less INF
    pessimistic = tmp_path / "pessimistic.xlsx"
    assert (
        pactopt(
            "solve", REFERENCE_XLSX, "--scenario", "productivity_pessimistic", "-o", pessimistic
        ).returncode
        == 0
    )
    compared = pactopt("compare", out, pessimistic)
    assert compared.returncode == 0, compared.stderr
    assert "Net output" in compared.stdout and "difference" in compared.stdout


@pytest.mark.solve
def test_without_discounting_the_timing_is_not_blamed_on_it() -> None:
    """The base spends most in the first half and says the 3% discount rate drives it (with
    its cell); the no_discounting scenario's Summary gives no such reason."""
    base = run_solve(
        load_pact(REFERENCE_XLSX), REFERENCE_XLSX, SolveOptions(alternatives=False, moves=False)
    )
    flat = run_solve(
        load_scenario(REFERENCE_XLSX, "no_discounting"),
        REFERENCE_XLSX,
        SolveOptions(alternatives=False, moves=False),
    )
    assert base.tables is not None and flat.tables is not None
    cell = base.data.cell("Settings", "discount_rate", "value")
    assert f"impacts are discounted at 3.0% a year ({cell})" in base.tables.timing
    assert "discounted" not in flat.tables.timing
    assert (
        "of the spending falls in the first half of the horizon (2019-2024)" in flat.tables.timing
    )


@pytest.mark.slow
def test_a_scenario_run_names_itself_in_the_summary_and_the_run_sheet(tmp_path: Path) -> None:
    """A --scenario run says which scenario it is: the Summary's first sentence and the Run
    sheet's scenario row; the Run sheet also records the command and the solver options."""
    out = tmp_path / "ai.xlsx"
    run = pactopt("solve", REFERENCE_XLSX, "--scenario", "ai_offensive", "-o", out)
    assert run.returncode == 0, run.stderr
    wb = openpyxl.load_workbook(out)
    texts = [str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value]
    assert any(t.startswith("Scenario ai_offensive: the optimised plan spends") for t in texts)
    rows = {r[0]: r[1] for r in wb["Run"].iter_rows(values_only=True) if r and r[0]}
    assert rows["scenario"] == "ai_offensive"
    assert str(rows["command"]).startswith("pactopt solve")
    assert rows["option mip_gap"] == pytest.approx(0.0001)


@pytest.mark.fast
def test_io_demand_only_sets_every_instrument_to_the_input_output_figures() -> None:
    """Issue 29: output per € becomes the value added of one € of demand for the
    instrument's CPA products, jobs the table's direct and indirect jobs per €m, low =
    central = high, for all 22 instruments, each override citing the FPB table."""
    data = load_scenario(REFERENCE_XLSX, "io_demand_only")
    assert len(data.instruments) == 22
    for row in data.instruments:
        figure = blend(row.cpa_shares)
        for level in ("low", "central", "high"):
            assert getattr(row, f"output_per_eur_{level}") == pytest.approx(
                figure.value_added_per_eur, abs=5e-5
            )
            assert getattr(row, f"jobs_direct_per_meur_{level}") == pytest.approx(
                figure.jobs_direct_per_meur, abs=5e-5
            )
            assert getattr(row, f"jobs_indirect_per_meur_{level}") == pytest.approx(
                figure.jobs_indirect_per_meur, abs=5e-5
            )
    rows = [r for r in data.scenarios if r.scenario == "io_demand_only"]
    assert len(rows) == 22 * 9
    assert all("FPB input-output table 2015" in r.source for r in rows)


@pytest.mark.solve
def test_io_demand_only_solves_and_says_what_it_moves() -> None:
    """The scenario solves within every rule, and its Summary says what moves against the
    base. Counting only the demand effect (value added 0.66-0.95 € per €, 3-16 gross jobs
    per €m) moves money towards the labour-intensive instruments; the domain totals hardly
    move because most domains sit at their ceilings either way."""
    data = load_pact(REFERENCE_XLSX)
    runs = run_scenarios(
        data, REFERENCE_XLSX, "io_demand_only", SolveOptions(alternatives=False, moves=False)
    )
    (name, outcome) = runs.named[1]
    assert name == "io_demand_only"
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert violations(outcome.data, outcome.result) == []
    assert outcome.tables is not None
    text = outcome.tables.scenario_text
    assert text.startswith("Against the base, scenario io_demand_only moves €")
    assert "towards " in text and "away from " in text
    assert text in headline_parts(outcome.tables)
