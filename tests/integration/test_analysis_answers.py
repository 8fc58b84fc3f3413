"""The analysis workbooks lead with their answer (issue 26), each sentence's numbers those of
the table it comes from (tests/sentences.py): the scenarios' changes against the base, the
frontier's whole trade-off, how sure net output and net jobs are over the draws, the
sensitivity's groups named by what they hold, the robust plan's sheet; each first sheet
states the headline basis. Solved once per module on the reference case."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pactopt.analysis.impacts import drawn_net_figures, forgone, instrument_totals, plan_figures
from pactopt.analysis.sensitivity import Group, SensitivityResult, coefficient_groups
from pactopt.explain.scenario_answers import (
    CHANGED,
    scenario_differences,
    scenario_label,
    scenario_lines,
    scenario_overrides,
)
from pactopt.explain.sensitivity import sensitivity_sentence
from pactopt.explain.sweep_answers import frontier_sentences, uncertainty_sentences, with_changes
from pactopt.glossary import BASIS_NOTE
from pactopt.pipeline import Outcome, SolveOptions, run_solve
from pactopt.pipeline.requests import FrontierRequest, UncertaintyRequest
from pactopt.pipeline.sweeps import (
    run_frontier,
    run_uncertainty,
    write_frontier_run,
    write_uncertainty_run,
)
from pactopt.report.comparison import comparison_table
from pactopt.report.robustness import RobustnessTables, robustness_sheet
from pactopt.report.scenario_sheets import scenario_sheets
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario
from pactopt.words import change_text
from pactopt.xlsx.write import new_workbook, save_atomically
from tests.conftest import REFERENCE_XLSX
from tests.sentences import check, table_values, unmatched

pytestmark = pytest.mark.solve

QUICK = SolveOptions(alternatives=False, moves=False)
SCENARIOS = ("ai_offensive", "new_money_capped", "telecom_reform_fails")


@pytest.fixture(scope="module")
def runs() -> list[tuple[str, Outcome]]:
    """The base and three scenarios of the reference workbook, each solved once."""
    base = run_solve(load_pact(REFERENCE_XLSX), REFERENCE_XLSX, QUICK)
    named = [("base", base)]
    for name in SCENARIOS:
        named.append((name, run_solve(load_scenario(REFERENCE_XLSX, name), REFERENCE_XLSX, QUICK)))
    return named


@pytest.fixture(scope="module")
def comparison(runs: list[tuple[str, Outcome]]) -> pd.DataFrame:
    tables = []
    for name, outcome in runs:
        assert outcome.tables is not None
        tables.append((name, outcome.tables))
    return comparison_table(tables)


def test_each_scenario_line_states_its_changes_against_the_base(
    runs: list[tuple[str, Outcome]], comparison: pd.DataFrame
) -> None:
    """One line per scenario, in words with numbers: its change in net output, net jobs,
    public and private money, each the base's figure subtracted from the scenario's; a
    scenario that changes nothing says so (the run's Summary was the base's word for
    word)."""
    differences = scenario_differences(comparison)
    figures = comparison.set_index("figure")
    for figure, column in CHANGED.items():
        for k, name in enumerate(SCENARIOS):
            expected = float(figures.at[figure, name]) - float(figures.at[figure, "base"])
            assert differences.at[k, column] == pytest.approx(expected)
    overrides = scenario_overrides(runs[0][1].data.scenarios)
    lead, *lines = scenario_lines(differences, overrides)
    assert "3 scenarios" in lead and len(lines) == len(SCENARIOS)
    for (_, row), line in zip(differences.iterrows(), lines, strict=True):
        assert line.startswith(f"Scenario '{row['scenario']}'")
        values = [v.split(" to ")[-1] for v in overrides[str(row["scenario"])]]
        check(line, row.drop("scenario"), values, [len(overrides[str(row["scenario"])])])
    # new money capped: more public money and more net output, in the line as in the table
    capped = differences.set_index("scenario").loc["new money capped"]
    assert capped[CHANGED["Net output (€m)"]] > 100 and capped[CHANGED["Net jobs"]] > 100
    assert f"net output +€{capped[CHANGED['Net output (€m)']]:,.0f}m" in lines[1]
    # the AI offensive moves nothing: the line says the plan is the base's
    assert "the plan is the base's" in lines[0]
    planted = lines[1].replace(f"{capped[CHANGED['Net output (€m)']]:,.0f}", "9,999", 1)
    assert unmatched(planted, table_values(differences.iloc[1].drop("scenario"))) != []


def test_scenario_sheets_put_the_answer_first_and_numbers_under_their_headers(
    runs: list[tuple[str, Outcome]], comparison: pd.DataFrame, tmp_path: Path
) -> None:
    """The Scenarios sheet leads (title, lines, basis, the differences table, a chart of
    the € changes and one of the jobs changes: never € and jobs on one axis, never domain
    totals); on the Comparison sheet each number sits under its run's header, and a number
    header is right-aligned over its numbers."""
    wb = new_workbook()
    overrides = scenario_overrides(runs[0][1].data.scenarios)
    scenario_sheets(wb, comparison, overrides)
    path = save_atomically(wb, tmp_path / "scenarios.xlsx", protect=REFERENCE_XLSX)
    read = openpyxl.load_workbook(path)
    assert read.sheetnames[:2] == ["Scenarios", "Comparison"]
    lead = read["Scenarios"]
    texts = [c.value for c in lead["A"][:12] if isinstance(c.value, str)]
    differences = scenario_differences(comparison)
    assert texts[1:5] == scenario_lines(differences, overrides)
    assert BASIS_NOTE in texts
    charts = wb["Scenarios"]._charts
    assert len(charts) == 2
    money, jobs = ([s.val.numRef.f for s in c.series] for c in charts)
    assert len(money) == 3 and len(jobs) == 1 and all("$C$" not in ref for ref in money)
    assert all(c.y_axis.scaling.min is None for c in charts)  # around zero, not from it
    sheet = read["Comparison"]
    header = [c.value for c in sheet[1]]
    assert header == ["Figure", "base", *(scenario_label(n) for n in SCENARIOS)]
    assert sheet.cell(1, 2).alignment.horizontal == "right"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}
    for _, row in comparison.iloc[:-1].iterrows():
        for k, run in enumerate(comparison.columns[1:], start=1):
            assert rows[row["figure"]][k] == pytest.approx(float(row[run]))


@pytest.fixture(scope="module")
def frontier(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    data = load_pact(REFERENCE_XLSX)
    run = run_frontier(data, REFERENCE_XLSX, FrontierRequest(points=4))
    target = tmp_path_factory.mktemp("frontier") / "frontier.xlsx"
    return run.table, write_frontier_run(run, target, REFERENCE_XLSX)


def test_the_frontier_states_its_whole_trade_off_on_the_headline_basis(
    frontier: tuple[pd.DataFrame, Path],
) -> None:
    """Net output and net jobs undiscounted at each point (the Summary's basis), their
    changes from point 1, one sentence with the largest loss and gain read from that table
    (never '−0.0%'), then the discounted figures by their own names."""
    table, _ = frontier
    data = load_pact(REFERENCE_XLSX)
    assert {"net_output_meur", "net_jobs", "net_output_discounted"} <= set(table.columns)
    shown = with_changes(table)
    answer, discounted = frontier_sentences(shown)
    check(answer, shown, [len(shown)])
    check(discounted, shown)
    loss = float(shown["net_output_change"].min())
    gain = float(shown["net_jobs_change"].max())
    assert change_text(gain, most=3) in answer and gain > 0
    if loss < 0:
        assert f"at most {change_text(loss, most=3)} net output" in answer
    assert "−0.0%" not in answer and "−0%" not in answer
    assert "Net output, discounted (€m)" in discounted
    # the headline basis is the Summary's: net of what the shifted lines produced
    assert shown["net_output_meur"].iloc[0] < shown["output_meur"].iloc[0]
    assert len(data.instruments) > 0


def test_the_frontier_chart_draws_both_changes_on_one_scale(
    frontier: tuple[pd.DataFrame, Path],
) -> None:
    """The axes span the same number of percentage points (a 0.004% loss next to a 0.4%
    gain is drawn flat, not blown up to fill the plot), each covering its data, and the
    workbook's first cells are the title, the answer and the basis."""
    table, path = frontier
    shown = with_changes(table)
    wb = openpyxl.load_workbook(path)
    ws = wb["Frontier"]
    assert ws["A2"].value == frontier_sentences(shown)[0]
    assert ws["A4"].value == BASIS_NOTE
    (chart,) = ws._charts
    x, y = chart.x_axis.scaling, chart.y_axis.scaling
    assert x.max - x.min == pytest.approx(y.max - y.min)
    assert x.min <= shown["net_jobs_change"].min() and x.max >= shown["net_jobs_change"].max()
    assert y.min <= shown["net_output_change"].min() <= shown["net_output_change"].max() <= y.max
    assert "Glossary" in wb.sheetnames


def test_a_draw_at_central_values_has_the_summary_s_net_figures(
    runs: list[tuple[str, Outcome]],
) -> None:
    """The draws' headline figures are counted as the Summary counts them: at the central
    coefficients, on the same plan, they are the plan's net output and net jobs."""
    outcome = runs[0][1]
    data, solution = outcome.data, outcome.result
    figures = plan_figures(data, solution)
    output, jobs = drawn_net_figures(
        data,
        instrument_totals(data, solution),
        {p.id: solution.value("build", p.id) for p in data.projects},
        forgone(data, solution),
        {i.id: i.output_per_eur_central for i in data.instruments},
        {
            i.id: i.jobs_direct_per_meur_central + i.jobs_indirect_per_meur_central
            for i in data.instruments
        },
    )
    assert output == pytest.approx(figures.net_output_meur)
    assert jobs == pytest.approx(figures.net_jobs)


def test_uncertainty_says_how_sure_on_axes_that_show_the_spread(tmp_path: Path) -> None:
    """The range of net output and net jobs in words (the percentiles' first two rows,
    undiscounted), the threshold defined, instruments by name; one spread chart per figure
    (€ and jobs apart) on an axis from near the 5th percentile, not from 0."""
    data = load_pact(REFERENCE_XLSX)
    run = run_uncertainty(data, REFERENCE_XLSX, UncertaintyRequest(draws=8, seed=3))
    rows = run.percentiles.set_index("figure")
    assert list(run.percentiles["figure"])[:2] == ["Net output (€m)", "Net jobs"]
    assert rows.at["Net output (€m)", "p5"] > rows.at["Net output, discounted (€m)", "p5"]
    sure, funded = uncertainty_sentences(run.percentiles, run.robustness, 0.5, run.solved)
    check(sure, run.percentiles, [run.solved, 0.9])
    counts = run.robustness["verdict"].str.split(":").str[0].value_counts()
    check(funded, [len(run.robustness), *counts.tolist(), 0.5, 0.9, 0.1])
    p5, p95 = rows.at["Net output (€m)", "p5"], rows.at["Net output (€m)", "p95"]
    assert f"€{p5:,.0f}m and €{p95:,.0f}m" in sure
    assert "above its floor plus 50% of the way to its ceiling" in funded
    path = write_uncertainty_run(run, tmp_path / "u.xlsx", REFERENCE_XLSX)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Uncertainty", "Instruments", "Draws", "Glossary", "Run"]
    assert wb["Uncertainty"]["A2"].value == sure and wb["Uncertainty"]["A3"].value == BASIS_NOTE
    for chart, label in zip(
        wb["Uncertainty"]._charts, ("Net output (€m)", "Net jobs"), strict=True
    ):
        low, high = rows.at[label, "p5"], rows.at[label, "p95"]
        scale = chart.y_axis.scaling
        assert 0 < scale.min <= low and scale.max >= high
        assert (high - low) / (scale.max - scale.min) >= 0.2  # the spread fills the plot
        assert len(chart.series) == 5  # one figure: the hidden base and four parts
    names = [c.value for c in wb["Instruments"]["A"]]
    assert data.instruments[0].name in names and data.instruments[0].id not in names
    assert [c.value for c in wb["Draws"][1]][:3] == ["Draw", "Net output (€m)", "Net jobs"]


def test_sensitivity_groups_are_named_by_what_they_hold() -> None:
    """A group of instruments sharing one estimate is named by its domains (not 'HC1 and 17
    more'), one instrument by its name; the sentence uses those names."""
    data = load_pact(REFERENCE_XLSX)
    groups = {g.name: g for g in coefficient_groups(data)}
    assert groups["EC1 and 3 more"].shown == (
        "all 4 instruments of Digital ecosystems, one shared estimate"
    )
    assert groups["HC1 and 17 more"].shown.startswith(
        "all 18 instruments of Digital human capital, Digital infrastructure,"
    )
    table = pd.DataFrame(
        [
            {"response": r, "group": g, "ST": v}
            for r in ("net_output", "net_jobs")
            for g, v in (("HC1 and 17 more", 0.79), ("EC1 and 3 more", 0.38))
        ]
    )
    result = SensitivityResult("sobol", list(groups.values()), table, 128)
    sentence = sensitivity_sentence(result)
    assert "HC1 and 17 more" not in sentence and "all 4 instruments of Digital" in sentence
    check(sentence, table, [128, 18, 4])
    one = Group("A", ("A",), "Fibre (A)")
    assert dataclasses.replace(one, label="").shown == "A" and one.shown == "Fibre (A)"


def test_the_robustness_sheet_leads_with_what_robustness_buys(tmp_path: Path) -> None:
    """The sheet opens with its title, the sentence that the plan shown is the robust one
    (what it costs and buys), the basis, then its tables (the spread named discounted)."""
    spread = pd.DataFrame(
        [
            {"figure": "Value (€m)", "plan": p, "mean": 47_000.0, "p5": v}
            for p, v in (("central", 46_226.5), ("robust", 46_227.2))
        ]
    )
    moves = pd.DataFrame([{"domain": "HC", "name": "Skills", "change_meur": 1.0}])
    sentence = "The plan shown is the robust plan (…): it buys +€0.7m at the 5th percentile."
    wb = openpyxl.Workbook()
    robustness_sheet(wb.active, RobustnessTables(spread, moves, moves, sentence))
    ws = wb.active
    assert ws["A1"].value.startswith("The robust plan")
    assert ws["A2"].value == sentence and ws["A3"].value == BASIS_NOTE
    titles = [c.value for c in ws["A"] if isinstance(c.value, str) and "fresh draws" in c.value]
    assert titles == ["Central and robust plan on fresh draws (out of sample, discounted)"]
