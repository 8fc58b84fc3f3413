"""Inputs are never modified; XML is parsed safely; outputs are atomic and escape formulas."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
import openpyxl.xml
import pytest
from openpyxl import Workbook

from pactopt.analysis.impacts import evaluate_plan
from pactopt.errors import InputError, Problem
from pactopt.schema.parse import load_pact
from pactopt.template.annotate import annotate_workbook
from pactopt.xlsx.write import OVERWRITE, OutputError, save_atomically, set_text_safe

pytestmark = pytest.mark.fast


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_evaluating_and_annotating_leave_the_input_unchanged(
    reference_path: Path, tmp_path: Path
) -> None:
    """The input file's hash and modification time are the same before and after."""
    before, mtime = _sha(reference_path), reference_path.stat().st_mtime_ns
    data = load_pact(reference_path)
    evaluate_plan(data)
    annotate_workbook(reference_path, [Problem("Domains", "C3", 1, "test")], tmp_path / "a.xlsx")
    assert _sha(reference_path) == before
    assert reference_path.stat().st_mtime_ns == mtime
    assert data.source_sha256 == before


def test_defusedxml_is_in_use() -> None:
    """openpyxl parses through defusedxml (XML bombs and external entities refused)."""
    assert openpyxl.xml.DEFUSEDXML is True


def test_annotate_refuses_to_overwrite_the_input(reference_path: Path) -> None:
    """Asking for the annotated copy at the input's own path is refused."""
    before = _sha(reference_path)
    with pytest.raises(OutputError, match="refusing to write over the input"):
        annotate_workbook(reference_path, [], reference_path)
    assert _sha(reference_path) == before


def test_atomic_save_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a save only the target exists; a failed save leaves the old file intact."""
    target = tmp_path / "out.xlsx"
    save_atomically(Workbook(), target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]
    before = _sha(target)

    def broken(workbook: Workbook, path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr("pactopt.xlsx.write.save_workbook", broken)
    with pytest.raises(OutputError, match=f"^cannot write {target}: disk full$"):
        save_atomically(Workbook(), target, policy=OVERWRITE)
    assert _sha(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_formula_like_text_is_written_as_text(tmp_path: Path) -> None:
    """Text such as '=HYPERLINK(...)' from an input lands in outputs as text, not a formula."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    set_text_safe(ws["A1"], '=HYPERLINK("http://x","y")')
    set_text_safe(ws["A2"], "-1+2")
    save_atomically(wb, tmp_path / "t.xlsx")
    back = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert back is not None
    assert back["A1"].data_type == "s" and back["A2"].data_type == "s"


def test_annotated_copy_marks_each_bad_cell(reference_path: Path, tmp_path: Path) -> None:
    """Each problem's cell is filled and commented; a Problems sheet lists them all."""
    wb = openpyxl.load_workbook(reference_path)
    wb["Instruments"]["D3"] = -5
    wb["Domains"]["C4"] = "lots"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(InputError) as exc:
        load_pact(bad)
    out = tmp_path / "annotated.xlsx"
    annotate_workbook(bad, exc.value.problems, out)
    marked = openpyxl.load_workbook(out)
    assert marked.sheetnames[0] == "Problems"
    for sheet, cell, word in (("Instruments", "D3", "between 0 and"), ("Domains", "C4", "numeric")):
        c = marked[sheet][cell]
        assert c.comment is not None and word in c.comment.text
        assert c.fill.fgColor.rgb.endswith("FF9999")
    listed = {(r[1], r[2]) for r in marked["Problems"].iter_rows(min_row=2, values_only=True)}
    assert {("Instruments", "D3"), ("Domains", "C4")} <= listed
