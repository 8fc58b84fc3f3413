"""Bounded work on any workbook (issue 27, deliverable 4): junk rows pasted under a table are
listed by their first problems of each kind and counted for the rest, in the terminal, in
JSON and in the annotated copy; a sheet past the bound on rows is refused naming the sheet,
its rows and the bound. (The time and memory are measured by benchmarks/bench_junk_rows.py,
not asserted here.)"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook
from openpyxl import load_workbook as load_workbook_file

from pactopt.errors import LISTED_PER_KIND, InputError, Problem, ProblemLog, bounded
from pactopt.schema.parse import load_pact
from pactopt.xlsx import read
from pactopt.xlsx.read import MAX_ROWS_PER_SHEET, read_workbook
from tests.cli_runner import invoke
from tests.junk_rows import paste_rows

pytestmark = pytest.mark.fast

ROWS = 2_000
BROKEN = 16  # rules each junk row breaks: every required cell but its id is empty
MORE = BROKEN * ROWS - LISTED_PER_KIND


@pytest.fixture(scope="module")
def junk(reference_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference workbook with ROWS junk ids pasted under the Instruments table."""
    folder = tmp_path_factory.mktemp("junk")
    return paste_rows(reference_path, folder / "junk.xlsx", "Instruments", ROWS)


def test_junk_rows_list_the_first_of_each_kind_and_count_the_rest(junk: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_pact(junk)
    problems = caught.value.problems
    assert caught.value.error_count == BROKEN * ROWS
    assert len(problems) == LISTED_PER_KIND + 1
    listed, last = problems[:-1], problems[-1]
    assert {p.rule for p in listed} == {"required cell is empty"}
    assert len({p.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for p in listed if p.cell}) == 1
    assert last == Problem(
        "Instruments",
        None,
        None,
        f"… and {MORE:,} more of the same kind (required cell is empty)",
        more=MORE,
    )


def test_the_terminal_and_json_show_the_same_bounded_list(junk: Path) -> None:
    ran = invoke("validate", junk)
    assert ran.code == 2
    assert f"{BROKEN * ROWS:,} error(s), 0 warning(s)" in ran.stderr
    assert f"… and {MORE:,} more of the same kind" in ran.stderr
    assert ran.stderr.count("required cell is empty") == LISTED_PER_KIND + 1
    ran = invoke("validate", junk, "--json")
    assert ran.code == 2
    error = json.loads(ran.stdout)["error"]
    assert error["message"].endswith(f"{BROKEN * ROWS:,} error(s), 0 warning(s)")
    assert len(error["problems"]) == LISTED_PER_KIND + 1
    assert [p["more"] for p in error["problems"]] == [0] * LISTED_PER_KIND + [MORE]


def test_the_annotated_copy_marks_the_listed_cells_and_counts_the_rest(
    junk: Path, tmp_path: Path
) -> None:
    out = tmp_path / "marked.xlsx"
    assert invoke("validate", junk, "--annotate", out).code == 2
    wb = openpyxl.load_workbook(out)
    listing = list(wb["Problems"].iter_rows(min_row=2, values_only=True))
    assert len(listing) == LISTED_PER_KIND + 1
    assert listing[-1][:3] == ("error", "Instruments", None)
    assert str(listing[-1][4]).startswith(f"… and {MORE:,} more of the same kind")
    cells = [c for row in wb["Instruments"].iter_rows() for c in row]
    marked = [c for c in cells if c.comment and c.comment.author == "pactopt validate"]
    assert len(marked) == LISTED_PER_KIND


def test_rules_that_differ_only_by_their_values_are_one_kind() -> None:
    log = ProblemLog(per_kind=2)
    for k in range(5):
        log.add("Links", f"A{k + 3}", f"X{k}", f"unknown Instruments id 'X{k}' (not in sheet)")
    log.add("Links", "B3", None, "a link must join two instruments")
    problems = log.problems()
    assert [p.cell for p in problems] == ["A3", "A4", None, "B3"]
    assert problems[2].more == 3
    assert (
        problems[2].rule
        == "… and 3 more of the same kind (unknown Instruments id 'X1' (not in sheet))"
    )
    assert (log.errors, log.warnings) == (6, 0)
    assert bounded(problems, per_kind=2) == problems  # a bounded list stays as it is


def test_a_sheet_past_the_bound_on_rows_is_refused_naming_it(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheets = read_workbook(reference_path).sheets
    # a bound just above the reference workbook's longest sheet, so only the pasted one breaks it
    bound = max(len(sheet.rows_from(1)) for sheet in sheets.values()) + 10
    monkeypatch.setattr(read, "MAX_ROWS_PER_SHEET", bound)
    held = len(sheets["Curves"].rows_from(1))
    pasted = bound
    path = paste_rows(reference_path, tmp_path / "long.xlsx", "Curves", pasted)
    with pytest.raises(InputError) as caught:
        load_pact(path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.cell, problem.value) == ("Curves", None, held + pasted)
    assert f"sheet Curves has {held + pasted:,} rows holding a value, more than the {bound}" in (
        problem.rule
    )
    out = tmp_path / "marked.xlsx"
    ran = invoke("validate", path, "--annotate", out)
    assert ran.code == 2
    assert f"more than the {bound} a sheet may have" in ran.stderr
    assert "no annotated copy is written" in ran.stderr
    assert not out.exists()


def test_a_sheet_of_the_planner_s_own_is_not_read_nor_bounded(
    edited: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An extra sheet (raw data kept beside the plan) is named in a warning, never read."""

    # a bound above every sheet of the plan, below the notes
    bound = max(ws.max_row for ws in load_workbook_file(edited(lambda wb: None)).worksheets) + 10

    def notes(wb: Workbook) -> None:
        ws = wb.create_sheet("Notes")
        for row in range(1, bound + 100):
            ws.cell(row, 1, f"note {row}")

    def notes_and_an_error(wb: Workbook) -> None:
        notes(wb)
        wb["Domains"]["A3"] = None

    monkeypatch.setattr(read, "MAX_ROWS_PER_SHEET", bound)
    data = load_pact(edited(notes))
    assert [w.rule for w in data.warnings if w.sheet == "Notes"] == ["unknown sheet; it is ignored"]
    bad = edited(notes_and_an_error, "bad.xlsx")
    out = bad.with_name("marked.xlsx")  # the copy keeps every sheet: it reads them whole
    ran = invoke("validate", bad, "--annotate", out)
    assert ran.code == 2 and out.exists(), ran.stderr


def test_the_bound_on_rows_is_a_hundred_thousand(reference_path: Path, tmp_path: Path) -> None:
    """At the real bound: 100,000 junk rows and the table's own are refused, counted."""
    held = len(read_workbook(reference_path).sheets["Instruments"].rows_from(1))
    path = paste_rows(reference_path, tmp_path / "long.xlsx", "Instruments", MAX_ROWS_PER_SHEET)
    with pytest.raises(InputError) as caught:
        load_pact(path)
    [problem] = caught.value.problems
    assert problem.value == held + MAX_ROWS_PER_SHEET
    assert f"more than the {MAX_ROWS_PER_SHEET:,} a sheet may have" in problem.rule
