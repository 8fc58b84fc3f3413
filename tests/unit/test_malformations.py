"""Malformed workbooks: each case breaks the reference workbook in one way and checks that
``load_pact`` reports the exact sheet and cell (A1) of the problem, with a meaningful rule.

Cells are located by header name (row 1) and row key in the test, but the resulting A1 cell is
asserted as a literal so that a change in layout or in the reader's cell arithmetic shows up.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from msoffcrypto.format.ooxml import OOXMLFile
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.errors import InputError, Problem, Severity
from pactopt.schema.parse import load_pact, parse_workbook
from pactopt.schema.sheets import header_name
from tests.model.tiny import base, instrument, load, raw

pytestmark = pytest.mark.fast

Change = Callable[[Workbook], None]
Edited = Callable[..., Path]


# --- helpers: find cells by header name and row key -------------------------------------------


def header_col(ws: Worksheet, header: str | int) -> str:
    """The column letter whose row-1 header reads ``header`` (years compare as text; a
    required column's mark is not part of its name)."""
    for cell in ws[1]:
        if cell.value is not None and header_name(str(cell.value)) == str(header):
            return str(cell.column_letter)
    raise KeyError(f"{ws.title}: no header {header!r}")


def row_of(ws: Worksheet, key: str, header: str = "id") -> int:
    """The first data row whose ``header`` column holds ``key``."""
    letter = header_col(ws, header)
    for row in range(3, ws.max_row + 1):
        if ws[f"{letter}{row}"].value == key:
            return row
    raise KeyError(f"{ws.title}: no row with {header}={key!r}")


def cell_at(ws: Worksheet, header: str | int, key: str, key_header: str = "id") -> str:
    """A1 address of the cell in column ``header`` of the row keyed ``key``."""
    return f"{header_col(ws, header)}{row_of(ws, key, key_header)}"


def put(sheet: str, header: str | int, key: str, value: object, key_header: str = "id") -> Change:
    """A change that writes ``value`` into column ``header`` of the row keyed ``key``."""

    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        ws[cell_at(ws, header, key, key_header)] = value

    return change


def put_setting(name: str, value: object) -> Change:
    """A change that writes ``value`` as the value of setting ``name``."""
    return put("Settings", "value", name, value, key_header="setting")


def set_header(sheet: str, header: str | int, new: object) -> Change:
    """A change that rewrites (or, with None, clears) the header cell ``header``."""

    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        ws[f"{header_col(ws, header)}1"] = new

    return change


def both(*changes: Change) -> Change:
    """A change that applies several changes in turn."""

    def change(wb: Workbook) -> None:
        for one in changes:
            one(wb)

    return change


def located(problems: list[Problem]) -> set[tuple[str | None, str | None]]:
    """The (sheet, cell) pairs of ``problems``."""
    return {(p.sheet, p.cell) for p in problems}


def problem_at(problems: list[Problem], sheet: str | None, cell: str | None) -> Problem:
    """The first problem at ``sheet``/``cell``; fails listing all problems if there is none."""
    for p in problems:
        if (p.sheet, p.cell) == (sheet, cell):
            return p
    listing = "\n".join(str(p) for p in problems)
    raise AssertionError(f"no problem at {sheet}!{cell}; found:\n{listing}")


def expect_error(
    path: Path, sheet: str | None, cell: str | None, keyword: str, **kwargs: float
) -> InputError:
    """Loading ``path`` raises InputError with an error at sheet/cell whose rule has keyword."""
    with pytest.raises(InputError) as exc:
        load_pact(path, **kwargs)
    problem = problem_at(exc.value.errors, sheet, cell)
    assert keyword.lower() in problem.rule.lower(), str(problem)
    return exc.value


# --- individual changes that need more than one cell ------------------------------------------


def delete_sheet(name: str) -> Change:
    def change(wb: Workbook) -> None:
        del wb[name]

    return change


def rename_sheet(old: str, new: str) -> Change:
    def change(wb: Workbook) -> None:
        # via a temporary name: openpyxl refuses names equal up to case and would append "1"
        wb[old].title = "renaming"
        wb["renaming"].title = new

    return change


def hide_sheet(name: str) -> Change:
    def change(wb: Workbook) -> None:
        wb[name].sheet_state = "hidden"

    return change


def merge_domain_bounds(wb: Workbook) -> None:
    ws = wb["Domains"]
    row = row_of(ws, "HC")
    ws.merge_cells(
        f"{header_col(ws, 'min_total_meur')}{row}:{header_col(ws, 'max_total_meur')}{row}"
    )


def add_year_2031_before_source(wb: Workbook) -> None:
    ws = wb["Funders"]
    col = ws[f"{header_col(ws, 'source')}1"].column
    ws.insert_cols(col)
    ws.cell(1, col, 2031)
    ws.cell(2, col, "unit: €m")


def insert_setting_row(row: int, name: str, value: object) -> Change:
    """A change that inserts a setting row at ``row`` (so its cell does not move when the
    list of settings grows)."""

    def change(wb: Workbook) -> None:
        ws = wb["Settings"]
        ws.insert_rows(row)
        for col, cell_value in enumerate((name, value, "text", "ASSUMED"), start=1):
            ws.cell(row, col, cell_value)

    return change


def empty_domains(wb: Workbook) -> None:
    ws = wb["Domains"]
    ws.delete_rows(3, ws.max_row)


def rising_curve(wb: Workbook) -> None:
    ws = wb["Curves"]
    # HC1 segment 1 drops to 0.6, so segment 2 (0.7) rises above it.
    first = row_of(ws, "HC1", "instrument")
    ws[f"{header_col(ws, 'output_factor')}{first}"] = 0.6


def renumber_curve_segment(wb: Workbook) -> None:
    ws = wb["Curves"]
    second = row_of(ws, "HC1", "instrument") + 1
    ws[f"{header_col(ws, 'segment')}{second}"] = 3


def eligibility_cell(header: str, value: object) -> Change:
    """Change the federal:HC row of Eligibility (its first data row)."""

    def change(wb: Workbook) -> None:
        ws = wb["Eligibility"]
        row = row_of(ws, "federal", "funder")
        assert ws[f"{header_col(ws, 'domain')}{row}"].value == "HC"
        ws[f"{header_col(ws, header)}{row}"] = value

    return change


def scenario_cell(header: str, value: object) -> Change:
    """Change the first Scenarios row (ai_offensive, Instruments EC4 min_total_meur)."""
    return put("Scenarios", header, "ai_offensive", value, key_header="scenario")


# --- cell-level errors: one case per malformation ---------------------------------------------

ERROR_CASES = [
    # every reference column, on every sheet that has one, and the ordering of impacts
    pytest.param(
        put("Projects", "instrument", "PR_PROCUREMENT", "NOPE"),
        "Projects",
        "B3",
        "unknown Instruments id 'NOPE'",
        id="project_on_unknown_instrument",
    ),
    pytest.param(
        put("Projects", "requires", "PR_PROCUREMENT", "PR_NONE"),
        "Projects",
        "G3",
        "unknown Projects id 'PR_NONE'",
        id="project_requires_unknown_project",
    ),
    pytest.param(
        put("Projects", "excludes", "PR_PROCUREMENT", "PR_PROCUREMENT"),
        "Projects",
        "H3",
        "a project cannot exclude itself",
        id="project_excludes_itself",
    ),
    pytest.param(
        put("Links", "before", "HC3", "NOPE", key_header="before"),
        "Links",
        "A3",
        "unknown Instruments id 'NOPE'",
        id="link_from_unknown_instrument",
    ),
    pytest.param(
        put("Links", "after", "HC3", "HC3", key_header="before"),
        "Links",
        "B3",
        "a link must join two instruments",
        id="link_to_itself",
    ),
    pytest.param(
        put("Switches", "instruments", "telecom_reform", "IN1;NOPE"),
        "Switches",
        "C3",
        "unknown Instruments id 'NOPE'",
        id="switch_on_unknown_instrument",
    ),
    pytest.param(
        put("Curves", "instrument", "HC1", "NOPE", key_header="instrument"),
        "Curves",
        "A3",
        "unknown Instruments id 'NOPE'",
        id="curve_of_unknown_instrument",
    ),
    pytest.param(
        put("Instruments", "output_per_eur_central", "HC1", 1.5),
        "Instruments",
        "M3",
        "output_per_eur_high",
        id="central_output_above_high",
    ),
    pytest.param(delete_sheet("Domains"), "Domains", None, "missing", id="missing_sheet"),
    pytest.param(
        rename_sheet("Domains", "domains"),
        "Domains",
        None,
        "case-sensitive",
        id="sheet_name_wrong_case",
    ),
    pytest.param(hide_sheet("Curves"), "Curves", None, "hidden", id="hidden_sheet"),
    pytest.param(
        set_header("Instruments", "min_total_meur", "min_total"),
        "Instruments",
        "D1",
        "renamed",
        id="renamed_required_header",
    ),
    pytest.param(
        set_header("Instruments", "max_total_meur", None),
        "Instruments",
        "E1",
        "required column 'max_total_meur' is missing",
        id="cleared_required_header",
    ),
    pytest.param(
        set_header("Settings", "value", None),
        "Settings",
        "B1",
        "required column 'value' is missing",
        id="cleared_settings_value_header",
    ),
    pytest.param(
        set_header("Domains", "notes", "name"),
        "Domains",
        "F1",
        "duplicate",
        id="duplicate_column_header",
    ),
    pytest.param(
        put("Instruments", "min_total_meur", "HC1", "lots"),
        "Instruments",
        "D3",
        "numeric",
        id="text_in_numeric_cell",
    ),
    pytest.param(
        put("Domains", "min_total_meur", "HC", True),
        "Domains",
        "C3",
        "TRUE/FALSE",
        id="boolean_in_numeric_cell",
    ),
    pytest.param(
        put("Domains", "min_total_meur", "HC", dt.datetime(2020, 1, 1)),
        "Domains",
        "C3",
        "numeric",
        id="date_in_numeric_cell",
    ),
    pytest.param(
        put("Domains", "min_total_meur", "HC", "30%"),
        "Domains",
        "C3",
        "percentage",
        id="percent_text_in_meur_column",
    ),
    pytest.param(
        put("BudgetLines", "2019", "BL_TRAIN", "30%"),
        "BudgetLines",
        "H3",
        "percentage",
        id="percent_text_in_year_column",
    ),
    pytest.param(
        put("Domains", "max_total_meur", "HC", "1,500"),
        "Domains",
        "D3",
        "ambiguous",
        id="thousands_comma_text_ambiguous",
    ),
    pytest.param(
        put("Domains", "min_total_meur", "ECO", "1.234,5"),
        "Domains",
        "C4",
        "ambiguous",
        id="mixed_separators_text_ambiguous",
    ),
    pytest.param(
        put("Domains", "max_total_meur", "HC", "1e999"),
        "Domains",
        "D3",
        "too large",
        id="overflowing_number_text",
    ),
    pytest.param(
        put("Instruments", "max_per_year_meur", "HC1", -5),
        "Instruments",
        "F3",
        "must be between 0 and 10,000,000 (€m)",
        id="negative_amount",
    ),
    pytest.param(
        put("BudgetLines", "2019", "BL_TRAIN", -100),
        "BudgetLines",
        "H3",
        "must be between 0 and 10,000,000 (€m)",
        id="negative_amount_in_year_column",
    ),
    pytest.param(
        put("Instruments", "impact_lag_years", "HC1", 1.5),
        "Instruments",
        "X3",
        "whole number",
        id="fraction_in_integer_cell",
    ),
    pytest.param(
        put("Instruments", "cpa_products", "HC1", "61:0.6;85:0.6"),
        "Instruments",
        "AB3",
        "shares add up to 1.2, not 1",
        id="cpa_shares_not_adding_up",
    ),
    pytest.param(
        put("Instruments", "cpa_products", "HC1", "J62"),
        "Instruments",
        "AB3",
        "'J62' is not a product of the FPB table",
        id="cpa_unknown_product",
    ),
    pytest.param(
        put("Domains", "min_total_meur", "HC", 12000),
        "Domains",
        "C3",
        "above",
        id="domain_min_above_max",
    ),
    pytest.param(
        put("Instruments", "min_total_meur", "HC1", 5000),
        "Instruments",
        "D3",
        "above",
        id="instrument_min_above_max",
    ),
    pytest.param(
        put("Instruments", "public_share_min", "HC1", 0.9),
        "Instruments",
        "H3",
        "above",
        id="public_share_min_above_max",
    ),
    pytest.param(
        put("BudgetLines", "max_shift_share", "BL_TRAIN", 1.5),
        "BudgetLines",
        "D3",
        "must be between 0 and 1 (share 0-1)",
        id="share_above_one",
    ),
    pytest.param(
        put("Instruments", "domain", "HC1", "XX"),
        "Instruments",
        "B3",
        "unknown Domains id",
        id="unknown_domain_in_instruments",
    ),
    pytest.param(
        eligibility_cell("funder", "nobody"),
        "Eligibility",
        "A3",
        "unknown Funders id",
        id="unknown_funder_in_eligibility",
    ),
    pytest.param(
        put("BudgetLines", "to_domains", "BL_ROADS", "ECO;SPACE"),
        "BudgetLines",
        "E4",
        "unknown Domains id",
        id="unknown_domain_in_list",
    ),
    pytest.param(
        put("Instruments", "id", "HC2", "HC1"), "Instruments", "A4", "duplicate", id="duplicate_id"
    ),
    pytest.param(
        put("Funders", "name", "federal", None), "Funders", "B3", "empty", id="empty_required_cell"
    ),
    pytest.param(
        put("Domains", "source", "HC", "   "),
        "Domains",
        "E3",
        "empty",
        id="blank_text_in_required_cell",
    ),
    pytest.param(
        put_setting("first_year", None), "Settings", "B3", "empty", id="empty_required_setting"
    ),
    pytest.param(empty_domains, "Domains", "A3", "no rows", id="core_sheet_without_rows"),
    pytest.param(
        set_header("BudgetLines", "2022", None),
        "BudgetLines",
        "L1",
        "year column 2022 is missing",
        id="gap_in_year_columns",
    ),
    pytest.param(
        set_header("BudgetLines", "2030", None),
        "BudgetLines",
        "S1",
        "year column 2030 is missing",
        id="last_year_column_missing",
    ),
    pytest.param(
        add_year_2031_before_source,
        "Funders",
        "Q1",
        "outside the horizon",
        id="unknown_year_column_2031",
    ),
    pytest.param(merge_domain_bounds, "Domains", "C3", "merged", id="merged_cells"),
    pytest.param(
        put("Domains", "min_total_meur", "HC", "=4000*2"),
        "Domains",
        "C3",
        "no cached value",
        id="formula_without_cached_value",
    ),
    pytest.param(
        put_setting("last_year", 2018),
        "Settings",
        "B4",
        "before first_year",
        id="last_year_before_first_year",
    ),
    pytest.param(
        put_setting("total_min_meur", 40000),
        "Settings",
        "B11",
        "above",
        id="settings_total_min_above_max",
    ),
    pytest.param(
        put_setting("first_year", "twenty"), "Settings", "B3", "numeric", id="text_in_setting_year"
    ),
    pytest.param(
        insert_setting_row(5, "first_year", 2019),
        "Settings",
        "A5",
        "twice",
        id="setting_given_twice",
    ),
    pytest.param(
        scenario_cell("row_id", "EC9"), "Scenarios", "C3", "no row 'EC9'", id="scenario_unknown_row"
    ),
    pytest.param(
        scenario_cell("column", "min_total"),
        "Scenarios",
        "D3",
        "no column",
        id="scenario_unknown_column",
    ),
    pytest.param(
        scenario_cell("sheet", "Budget"), "Scenarios", "B3", "one of", id="scenario_unknown_sheet"
    ),
    pytest.param(rising_curve, "Curves", "D4", "concave", id="curve_not_concave"),
    pytest.param(
        renumber_curve_segment, "Curves", "B4", "numbered", id="curve_segment_numbering_gap"
    ),
    pytest.param(
        put("BudgetLines", "owner", "BL_TRAIN", "private"),
        "BudgetLines",
        "B3",
        "public funder",
        id="budget_line_owned_by_private_funder",
    ),
    pytest.param(
        eligibility_cell("allowed", "maybe"),
        "Eligibility",
        "C3",
        "yes or no",
        id="yes_no_cell_holds_maybe",
    ),
    pytest.param(
        put("Funders", "kind", "federal", "public-private"),
        "Funders",
        "C3",
        "one of",
        id="enum_cell_unknown_choice",
    ),
    pytest.param(
        put("Links", "after", "HC3", "HC3", key_header="before"),
        "Links",
        "B3",
        "two instruments",
        id="link_to_itself",
    ),
    pytest.param(
        put("Projects", "requires", "PR_PROCUREMENT", "PR_PROCUREMENT"),
        "Projects",
        "G3",
        "itself",
        id="project_requires_itself",
    ),
]


@pytest.mark.parametrize(("change", "sheet", "cell", "keyword"), ERROR_CASES)
def test_malformed_cell_is_named(
    edited: Edited, change: Change, sheet: str, cell: str | None, keyword: str
) -> None:
    """One malformation per case: the error names its exact sheet and cell."""
    expect_error(edited(change), sheet, cell, keyword)


def test_cell_helpers_find_reference_layout(reference_path: Path) -> None:
    """The header/key helpers locate the reference cells the cases above assert."""
    wb = openpyxl.load_workbook(reference_path)
    assert cell_at(wb["Instruments"], "public_share_min", "HC1") == "H3"
    assert cell_at(wb["Instruments"], "impact_lag_years", "HC1") == "X3"
    assert cell_at(wb["BudgetLines"], "2019", "BL_TRAIN") == "H3"
    assert header_col(wb["BudgetLines"], 2023) == "L"
    assert header_col(wb["Funders"], "source") == "Q"
    assert cell_at(wb["Settings"], "value", "total_min_meur", "setting") == "B11"
    assert load_pact(reference_path).warnings == ()


# --- accepted with a warning -------------------------------------------------------------------


def _warning_at(problems: tuple[Problem, ...], sheet: str | None, cell: str | None) -> Problem:
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    return problem_at(warnings, sheet, cell)


@pytest.mark.parametrize(("amount", "warned"), [(4200, False), (4200.5, True), (2799, True)])
def test_reference_plan_outside_its_bounds_is_a_warning(
    edited: Edited, amount: float, warned: bool
) -> None:
    """HC1 may take €2,800-4,200m: a reference amount at the ceiling is fine, above it or
    below the floor is a warning at its cell."""
    data = load_pact(edited(put("Instruments", "reference_plan_meur", "HC1", amount)))
    cell = data.cell("Instruments", "HC1", "reference_plan_meur").split("!")[1]
    found = [w for w in data.warnings if w.sheet == "Instruments" and w.cell == cell]
    assert bool(found) is warned
    if warned:
        assert "reference plan is outside [2800, 4200]" in found[0].rule


def test_percent_text_in_share_column_is_read_with_warning(edited: Edited) -> None:
    """ "30%" typed as text in a share column reads as 0.3 with a warning at that cell."""
    path = edited(put("Instruments", "public_share_min", "HC1", "30%"))
    data = load_pact(path)
    assert "percentage" in _warning_at(data.warnings, "Instruments", "H3").rule
    hc1 = next(i for i in data.instruments if i.id == "HC1")
    assert hc1.public_share_min == pytest.approx(0.3)


def test_decimal_comma_text_is_read_with_warning(edited: Edited) -> None:
    """ "1,5" typed as text reads as 1.5 with a warning at that cell."""
    data = load_pact(edited(put("Instruments", "private_leverage_max", "HC1", "1,5")))
    assert "decimal comma" in _warning_at(data.warnings, "Instruments", "J3").rule
    hc1 = next(i for i in data.instruments if i.id == "HC1")
    assert hc1.private_leverage_max == pytest.approx(1.5)


def test_number_stored_as_text_is_read_with_warning(edited: Edited) -> None:
    """ "2800" typed as text reads as 2800 with a warning at that cell."""
    data = load_pact(edited(put("Instruments", "min_total_meur", "HC1", " 2800 ")))
    assert "stored as text" in _warning_at(data.warnings, "Instruments", "D3").rule
    hc1 = next(i for i in data.instruments if i.id == "HC1")
    assert hc1.min_total_meur == 2800.0


def test_extra_unknown_column_is_a_warning(edited: Edited) -> None:
    """An extra column with an unknown header is ignored with a warning at its header cell."""

    def add_column(wb: Workbook) -> None:
        ws = wb["Domains"]
        ws["G1"] = "comment"
        ws["G3"] = "check with finance"

    data = load_pact(edited(add_column))
    assert "unknown column" in _warning_at(data.warnings, "Domains", "G1").rule


def test_unknown_setting_is_a_warning(edited: Edited) -> None:
    """A setting name the model does not know is ignored with a warning at its name cell."""
    data = load_pact(edited(insert_setting_row(3, "colour", "blue")))
    assert "unknown setting" in _warning_at(data.warnings, "Settings", "A3").rule


def test_unknown_sheet_is_a_warning(edited: Edited) -> None:
    """An extra sheet the model does not know is ignored with a warning naming it."""

    def add_sheet(wb: Workbook) -> None:
        wb.create_sheet("Scratch")["A1"] = "my notes"

    data = load_pact(edited(add_sheet))
    assert "unknown sheet" in _warning_at(data.warnings, "Scratch", None).rule


# --- header cleared over a column that holds data ----------------------------------------------


def _all_problems(path: Path) -> list[Problem]:
    """Every problem (errors and warnings) that loading ``path`` reports."""
    try:
        return list(load_pact(path).warnings)
    except InputError as exc:
        return exc.problems


def test_cleared_optional_header_over_data_is_reported(edited: Edited) -> None:
    """Clearing the header of an optional column whose cells hold values is reported."""
    # HC1 has private_leverage_max 3.0 in J3; with J1 blank the reader must not drop it unseen.
    problems = _all_problems(edited(set_header("Instruments", "private_leverage_max", None)))
    problem = problem_at(problems, "Instruments", "J1")
    assert "header" in problem.rule.lower()


def test_renamed_optional_header_warns_at_header(edited: Edited) -> None:
    """Renaming an optional column's header warns at the header cell (its values are unread)."""
    data = load_pact(edited(set_header("Instruments", "private_leverage_max", "leverage_max")))
    assert "unknown column" in _warning_at(data.warnings, "Instruments", "J1").rule


# --- whole-workbook and file-level malformations ----------------------------------------------


def test_empty_workbook_lists_every_required_sheet(tmp_path: Path) -> None:
    """A fresh openpyxl Workbook() reports each required sheet as missing."""
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(InputError) as exc:
        load_pact(path)
    required = ("Settings", "Domains", "Instruments", "Funders", "Eligibility", "BudgetLines")
    assert {(name, None) for name in required} <= located(exc.value.errors)
    for name in required:
        assert "missing" in problem_at(exc.value.errors, name, None).rule
    optional = {"Curves", "Projects", "Links", "Scenarios"}
    assert not optional & {p.sheet for p in exc.value.errors}


def _file_error(path: Path, keyword: str, **kwargs: float) -> None:
    with pytest.raises(InputError) as exc:
        load_pact(path, **kwargs)
    assert len(exc.value.errors) == 1
    problem = exc.value.errors[0]
    assert (problem.sheet, problem.cell) == (None, None)
    assert problem.where == "workbook"
    assert keyword.lower() in problem.rule.lower(), str(problem)


def test_csv_renamed_xlsx(tmp_path: Path) -> None:
    """A CSV file renamed .xlsx is refused as plain text."""
    path = tmp_path / "pact.xlsx"
    path.write_text("id;name;min_total_meur\nHC;Digital human capital;8000\n", encoding="utf-8")
    _file_error(path, "CSV")


def test_random_bytes_renamed_xlsx(tmp_path: Path) -> None:
    """Binary junk renamed .xlsx is refused as unknown binary data."""
    path = tmp_path / "pact.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    _file_error(path, "binary")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    """A zip archive without [Content_Types].xml is refused."""
    path = tmp_path / "pact.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    path.write_bytes(buffer.getvalue())
    _file_error(path, "Content_Types")


def test_truncated_zip(reference_path: Path, tmp_path: Path) -> None:
    """A workbook cut short (damaged zip) is refused without a traceback."""
    path = tmp_path / "pact.xlsx"
    path.write_bytes(reference_path.read_bytes()[:2000])
    _file_error(path, "damaged")


def test_encrypted_workbook(reference_path: Path, tmp_path: Path) -> None:
    """A password-protected workbook is refused with a request to remove the password."""
    path = tmp_path / "locked.xlsx"
    with reference_path.open("rb") as plain, path.open("wb") as locked:
        OOXMLFile(plain).encrypt("secret", locked)
    _file_error(path, "password")


def test_file_over_size_limit(reference_path: Path) -> None:
    """A workbook above max_file_mb is refused before it is parsed."""
    _file_error(reference_path, "larger than the limit", max_file_mb=0.001)


def test_zero_byte_file(tmp_path: Path) -> None:
    """A zero-byte .xlsx is refused as empty."""
    path = tmp_path / "pact.xlsx"
    path.touch()
    _file_error(path, "0 bytes")


def test_missing_file(tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised as FileNotFoundError."""
    _file_error(tmp_path / "nope.xlsx", "not found")


# --- all problems in one pass ------------------------------------------------------------------


def test_many_problems_reported_in_one_pass(edited: Edited) -> None:
    """Several bad cells in several sheets are all reported by one load."""
    path = edited(
        both(
            put("Domains", "min_total_meur", "HC", "lots"),
            put("Funders", "kind", "regional", "public-private"),
            eligibility_cell("allowed", "maybe"),
            put("BudgetLines", "2025", "BL_ROADS", -1),
            set_header("Instruments", "name", "title"),
            hide_sheet("Links"),
        )
    )
    with pytest.raises(InputError) as exc:
        load_pact(path)
    expected = {
        ("Domains", "C3"),
        ("Funders", "C4"),
        ("Eligibility", "C3"),
        ("BudgetLines", "N4"),
        ("Instruments", "C1"),
        ("Links", None),
    }
    assert expected <= located(exc.value.errors)
    assert f"{len(exc.value.errors)} problem(s)" in str(exc.value)


def test_missing_sheet_is_reported_once(edited: Edited) -> None:
    """Without the Domains sheet, the one error is the missing sheet: no follow-on 'unknown
    domain' error at every reference to it."""
    with pytest.raises(InputError) as exc:
        load_pact(edited(delete_sheet("Domains")))
    assert [(p.sheet, p.cell) for p in exc.value.errors] == [("Domains", None)]


# --- the checks on tiny workbooks laid out in memory (tests/model/tiny.py) --------------------


def _tiny_problems(spec: dict[str, Any], tmp_path: Path) -> list[Problem]:
    """Every problem (errors and warnings) that validating ``spec`` finds."""
    try:
        return list(load(spec, tmp_path).warnings)
    except InputError as error:
        return list(error.problems)


def test_an_id_that_differs_only_by_case_is_named_with_the_one_that_is_there(
    tmp_path: Path,
) -> None:
    spec = base()
    spec["Instruments"] = [instrument("A", domain="d"), instrument("B", domain="X")]
    problems = _tiny_problems(spec, tmp_path)
    rules = {p.value: p.rule for p in problems if p.rule.startswith("unknown")}
    assert rules["d"] == (
        "unknown Domains id 'd' (not in sheet Domains); ids are case-sensitive: 'D' is there"
    )
    assert rules["X"] == "unknown Domains id 'X' (not in sheet Domains)"


def test_an_instrument_without_private_money_names_its_floor_only_when_it_has_one(
    tmp_path: Path,
) -> None:
    """A needs private money (public share at most 0.5) and no private funder may pay in D:
    its floor of €100m is said to be unmeetable; B's floor of 0 is not mentioned."""
    spec = base()
    spec["Eligibility"] = [row for row in spec["Eligibility"] if row["funder"] != "priv"]
    spec["Instruments"] = [
        instrument("A", public_share_max=0.5, min_total_meur=100),
        instrument("B", public_share_max=0.5),
    ]
    rules = {p.value: p.rule for p in _tiny_problems(spec, tmp_path) if p.sheet == "Instruments"}
    assert rules[0.5].endswith("it can receive nothing")  # B, the last one read
    said = [p.rule for p in _tiny_problems(spec, tmp_path) if "floor" in p.rule]
    assert len(said) == 1 and "its floor of €100m (Instruments!" in said[0]
    assert said[0].endswith(") cannot be met") and "instrument A needs private money" in said[0]


def _with_actuals(as_of: int | None, **sheets: list[dict[str, Any]]) -> dict[str, Any]:
    """The base pact over 2025-2027 with a second line L2 of gov (€100m a year, all of it
    shiftable to D) and the given Actuals / ActualShifts rows."""
    spec = base()
    spec["settings"].update({"last_year": 2027, "as_of_year": as_of})
    spec["Instruments"] = [instrument("A"), instrument("B")]
    spec["BudgetLines"].append({**spec["BudgetLines"][0], "id": "L2", "max_shift_share": 1.0})
    spec.update(sheets)
    return spec


def _actual(instrument_id: str, spent: dict[int, float]) -> dict[str, Any]:
    return {"instrument": instrument_id, "funder": "gov", "spent_meur": spent, "source": "x"}


def _shift(line: str, spent: dict[int, float]) -> dict[str, Any]:
    return {"budget_line": line, "instrument": "A", "shifted_meur": spent, "source": "x"}


def test_actuals_without_as_of_year_are_one_warning_at_the_first_row(tmp_path: Path) -> None:
    """Without Settings as_of_year nothing is locked: one warning, at the first row's
    instrument cell (A3), and no 'after as_of_year' error for 2026 and 2027."""
    rows = [_actual("A", {2025: 40}), _actual("B", {2026: 60, 2027: 10})]
    problems = [p for p in _tiny_problems(_with_actuals(None, Actuals=rows), tmp_path)]
    assert [(p.sheet, p.cell, p.severity) for p in problems] == [
        ("Actuals", "A3", Severity.WARNING)
    ]
    assert problems[0].rule.startswith("the Actuals are not used: Settings as_of_year is blank")
    # with as_of_year 2027 every year is past: the same rows are used, and nothing is said
    assert _tiny_problems(_with_actuals(2027, Actuals=rows), tmp_path) == []


def test_shifts_of_one_owner_add_up_against_what_it_spent(tmp_path: Path) -> None:
    """gov spent €30m on A in 2025; its lines L and L2 say they shifted €20m each there: €40m
    is more than €30m (one error, at the first row's budget_line cell); €20m alone is not."""
    spent = [_actual("A", {2025: 30})]
    both_lines = [_shift("L", {2025: 20}), _shift("L2", {2025: 20})]
    spec = _with_actuals(2025, Actuals=spent, ActualShifts=both_lines)
    [problem] = _tiny_problems(spec, tmp_path)
    assert (problem.sheet, problem.cell, problem.value) == ("ActualShifts", "A3", 40.0)
    assert problem.rule == (
        "€40.0m was shifted to A by gov's lines in 2025, more than the €30.0m gov spent on it "
        "(Actuals)"
    )
    one_line = _with_actuals(2025, Actuals=spent, ActualShifts=both_lines[:1])
    assert _tiny_problems(one_line, tmp_path) == []


def test_a_scenario_that_overrides_the_scenarios_sheet_is_one_error(tmp_path: Path) -> None:
    """Only that it cannot override its own sheet is said: no follow-on 'no row' or 'no
    column' error for a row or column looked up in the Scenarios sheet."""
    spec = base()
    spec["Scenarios"] = [
        {"scenario": "s", "sheet": "Scenarios", "row_id": "t", "column": "x", "value": "1"},
        {"scenario": "s", "sheet": "Domains", "row_id": "D", "column": "name", "value": "E"},
    ]
    for row in spec["Scenarios"]:
        row["source"] = "x"
    problems = _tiny_problems(spec, tmp_path)
    assert [(p.sheet, p.cell, p.value, p.rule) for p in problems] == [
        ("Scenarios", "B3", "Scenarios", "a scenario cannot override the Scenarios sheet")
    ]


def test_an_instrument_in_a_domain_nobody_may_pay_for_is_a_warning(tmp_path: Path) -> None:
    spec = base()
    spec["Domains"].append({"id": "E", "name": "domain E", "source": "x"})
    spec["Instruments"] = [instrument("A"), instrument("B", domain="E")]
    [problem] = _tiny_problems(spec, tmp_path)
    assert (problem.sheet, problem.cell, problem.value, problem.severity) == (
        "Instruments",
        "B4",
        "E",
        Severity.WARNING,
    )
    assert problem.rule == (
        "no funder may pay for domain 'E' (Eligibility); instrument B can receive nothing"
    )


def test_actuals_without_a_settings_sheet_are_refused_by_the_missing_sheet(
    tmp_path: Path,
) -> None:
    """Without Settings the actuals cannot be placed in time: the one problem is the missing
    sheet (the actuals checks wait for it; they must not fail on the absent settings)."""
    spec = base()
    spec["Actuals"] = [_actual("A", {2025: 5})]
    spec["ActualShifts"] = [_shift("L", {2025: 5})]
    cells = raw(spec, tmp_path / "tiny.xlsx")
    del cells.sheets["Settings"]
    with pytest.raises(InputError) as caught:
        parse_workbook(cells)
    assert [(p.sheet, p.cell, p.rule) for p in caught.value.problems] == [
        ("Settings", None, "required sheet 'Settings' is missing")
    ]
