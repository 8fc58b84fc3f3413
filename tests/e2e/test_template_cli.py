"""`pactopt template` for any plan: any horizon from 2 to 30 years, a filled workbook carried
to a new horizon (`--from`), and a new planner's plan typed into a fresh template by header
name, as a planner fills it, valid at the first `validate`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from pactopt.schema.parse import load_pact
from pactopt.schema.sheets import FIRST_DATA_ROW, SHEETS_BY_NAME, header_name
from tests.cli_runner import invoke

REFERENCE = Path(__file__).parents[2] / "inputs" / "digital_pact_2019_2030.xlsx"
PLAN = Path(__file__).parent / "plans" / "regional_ai_2026_2031.yaml"


@pytest.mark.parametrize("years", [2, 7, 30])
@pytest.mark.slow  # in process, but it writes whole workbooks: seconds, not the edit loop's
def test_template_command_writes_any_horizon_that_validates(tmp_path: Path, years: int) -> None:
    """The example for 2026 to 2026 + years − 1: written, then valid with exactly those years
    (a 30-year horizon starting in 2026 ends in 2055)."""
    path = tmp_path / "plan.xlsx"
    last = 2026 + years - 1
    made = invoke(
        "template",
        path,
        "--example",
        "digital-pact",
        "--first-year",
        "2026",
        "--last-year",
        str(last),
    )
    assert made.code == 0, made.stderr
    assert f"for 2026-{last}" in made.stdout
    checked = invoke("validate", path)
    assert checked.code == 0, checked.stderr
    assert f"years 2026-{last}" in checked.stdout
    ws = openpyxl.load_workbook(path)["BudgetLines"]
    year_headers = [c.value for c in ws[1] if isinstance(c.value, int)]
    assert year_headers == list(range(2026, last + 1))


@pytest.mark.fast
def test_a_blank_template_for_a_two_year_textbook_case(tmp_path: Path) -> None:
    path = tmp_path / "blank.xlsx"
    assert invoke("template", path, "--first-year", "2026", "--last-year", "2027").code == 0
    wb = openpyxl.load_workbook(path)
    for sheet in ("Funders", "BudgetLines", "Projects"):
        assert [c.value for c in wb[sheet][1] if isinstance(c.value, int)] == [2026, 2027]
    settings = {
        wb["Settings"].cell(r, 1).value: wb["Settings"].cell(r, 2).value for r in range(3, 40)
    }
    assert (settings["first_year"], settings["last_year"]) == (2026, 2027)


@pytest.mark.fast
def test_the_horizon_is_checked_before_writing(tmp_path: Path) -> None:
    backwards = invoke(
        "template", tmp_path / "a.xlsx", "--first-year", "2030", "--last-year", "2020"
    )
    assert backwards.code == 2
    assert "--last-year: 2020 is before the first year 2030" in backwards.stderr
    both = invoke("template", tmp_path / "b.xlsx", "--from", REFERENCE, "--example", "digital-pact")
    assert both.code == 2 and "give one of them" in both.stderr
    assert not (tmp_path / "a.xlsx").exists() and not (tmp_path / "b.xlsx").exists()


@pytest.mark.fast
def test_from_carries_every_input_of_a_filled_workbook(tmp_path: Path) -> None:
    """Carried at its own horizon, the reference workbook reads back to the same data, row
    for row; the input is not touched."""
    before = REFERENCE.read_bytes()
    path = tmp_path / "carried.xlsx"
    assert invoke("template", "--from", REFERENCE, path).code == 0
    assert REFERENCE.read_bytes() == before
    old, new = load_pact(REFERENCE), load_pact(path)
    assert new.settings == old.settings
    for field in (
        "domains",
        "instruments",
        "funders",
        "eligibility",
        "budget_lines",
        "projects",
        "links",
        "switches",
        "scenarios",
        "curves",
    ):
        assert getattr(new, field) == getattr(old, field), field


@pytest.mark.slow  # in process, but it writes whole workbooks: seconds, not the edit loop's
def test_from_moves_a_workbook_to_a_new_horizon(tmp_path: Path) -> None:
    """2019-2030 carried to 2021-2033: the overlapping years keep their values, the years
    before 2021 are left behind, the three new years are blank (a baseline of 0)."""
    path = tmp_path / "moved.xlsx"
    made = invoke(
        "template", "--from", REFERENCE, "--first-year", "2021", "--last-year", "2033", path
    )
    assert made.code == 0, made.stderr
    # said, not done silently: what was left behind and what is blank
    assert "the year columns 2019-2020 of digital_pact_2019_2030.xlsx are outside" in made.stderr
    assert "2031-2033 are new to the horizon" in made.stderr
    old, new = load_pact(REFERENCE), load_pact(path)
    assert new.years == tuple(range(2021, 2034))
    for a, b in zip(old.budget_lines, new.budget_lines, strict=True):
        assert a.id == b.id
        assert {y: b.baseline_meur[y] for y in range(2021, 2031)} == {
            y: a.baseline_meur[y] for y in range(2021, 2031)
        }
        assert all(b.baseline_meur[y] == 0 for y in (2031, 2032, 2033))
    assert new.instruments == old.instruments


@pytest.mark.slow  # in process, but it writes whole workbooks: seconds, not the edit loop's
def test_from_lists_what_it_cannot_carry(tmp_path: Path) -> None:
    """A column the template does not know is named on standard error, not dropped silently."""
    old = tmp_path / "old.xlsx"
    wb = openpyxl.load_workbook(REFERENCE)
    ws = wb["Instruments"]
    ws.cell(1, ws.max_column + 1, "my_priority")
    wb.save(old)
    made = invoke("template", "--from", old, tmp_path / "new.xlsx")
    assert made.code == 0
    assert (
        "not carried (the template has no place for it): Instruments: column "
        "'my_priority'" in made.stderr
    )


def _fill(path: Path, plan: dict[str, object]) -> None:
    """Type the plan into the template as a planner does: each value under its header (the
    required mark is not part of the name), year values under their year, a single value for
    a year block in every year column."""
    wb = openpyxl.load_workbook(path)
    settings = wb["Settings"]
    rows = {settings.cell(r, 1).value: r for r in range(3, settings.max_row + 1)}
    for name, entry in plan.pop("settings").items():  # type: ignore[attr-defined]
        settings.cell(rows[name], 2, entry["value"])
        settings.cell(rows[name], 4, entry["source"])
    for sheet, records in plan.items():
        ws = wb[sheet]
        columns = {
            header_name(c.value) if isinstance(c.value, str) else c.value: c.column for c in ws[1]
        }
        block = SHEETS_BY_NAME[sheet].years
        for k, record in enumerate(records):  # type: ignore[attr-defined]
            row = FIRST_DATA_ROW + k
            for key, value in record.items():
                if block is not None and key == block.field:
                    for year in (c for c in columns if isinstance(c, int)):
                        ws.cell(row, columns[year], value)
                else:
                    ws.cell(row, columns[key], value)
    wb.save(path)


@pytest.mark.solve
def test_a_new_planner_fills_a_fresh_template_and_it_validates_at_once(tmp_path: Path) -> None:
    """The regional AI plan for 2026-2031 (not the reference case): a fresh template from the
    command line, filled cell by cell from the plan's YAML, is valid at the first validate
    and solves."""
    path = tmp_path / "regional.xlsx"
    assert invoke("template", path, "--first-year", "2026", "--last-year", "2031").code == 0
    _fill(path, yaml.safe_load(PLAN.read_text(encoding="utf-8")))
    checked = invoke("validate", path)
    assert checked.code == 0, checked.stderr
    assert "years 2026-2031" in checked.stdout
    assert "warning" not in checked.stderr
    tables = tmp_path / "tables"
    solved = invoke(
        "solve",
        path,
        "-o",
        tmp_path / "results.xlsx",
        "--no-alternatives",
        "--no-moves",
        "--tables",
        tables,
    )
    assert solved.code == 0, solved.stderr
    # every table reads in pandas, the empty ones too (a header, no rows), with no round-off
    import pandas as pd

    for csv in sorted(tables.glob("*.csv")):
        frame = pd.read_csv(csv)
        numbers = frame.select_dtypes("number")
        assert not ((numbers.abs() > 0) & (numbers.abs() < 1e-9)).any().any(), csv.name
    assert pd.read_csv(tables / "alternatives.csv").empty
    # the plan states no reference amounts: nothing is compared with a plan of zeros
    summary = openpyxl.load_workbook(tmp_path / "results.xlsx")["Summary"]
    text = " ".join(str(c.value) for row in summary.iter_rows() for c in row if c.value)
    assert "The workbook states no reference plan" in text
    figures = {r[0].value: r for r in summary.iter_rows() if r[0].value == "Total spending (€m)"}
    assert [c.value for c in figures["Total spending (€m)"][1:4]] == [400, None, None]
