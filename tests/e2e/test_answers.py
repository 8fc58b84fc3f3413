"""Every input gets a clear answer and nothing is lost (issue 14, classes 4-7 and 9): each
reproduction of the issue, run through the command line, with its exact message."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

import pactopt.cli
from pactopt.cli.common import REPORT_BUG
from pactopt.xlsx.files import default_output
from pactopt.xlsx.write import WritePolicy, check_output, write_atomically
from tests.cli_runner import invoke
from tests.conftest import REFERENCE_XLSX

Edited = Callable[..., Path]


def _rename_scenario(old: str, new: str) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        ws = wb["Scenarios"]
        for row in range(3, ws.max_row + 1):
            if ws.cell(row, 1).value == old:
                ws.cell(row, 1).value = new

    return change


def _keep_only_scenario(name: str) -> Callable[[Workbook], None]:
    def change(wb: Workbook) -> None:
        ws = wb["Scenarios"]
        for row in range(ws.max_row, 2, -1):
            if ws.cell(row, 1).value != name:
                ws.delete_rows(row)

    return change


def _infeasible(wb: Workbook) -> None:
    wb["Domains"]["C7"], wb["Domains"]["D7"] = 5000, 9000


# --- class 4: one escaping rule for everything printed ----------------------------------------


@pytest.mark.solve
def test_a_scenario_named_like_markup_prints_as_it_is(edited: Edited, tmp_path: Path) -> None:
    """A scenario named '[/]' with --all-scenarios: the Comparison table raised a
    MarkupError and the user got a raw traceback, exit 1."""

    def change(wb: Workbook) -> None:
        _keep_only_scenario("ai_offensive")(wb)
        _rename_scenario("ai_offensive", "[/]")(wb)

    path = edited(change)
    ran = invoke(
        "solve",
        path,
        "--all-scenarios",
        "--no-alternatives",
        "--no-moves",
        "-o",
        tmp_path / "r.xlsx",
    )
    assert ran.code == 0, ran.stderr
    assert "Traceback" not in ran.stderr
    header = next(line for line in ran.stdout.splitlines() if "figure" in line and "base" in line)
    assert "[/]" in header


@pytest.mark.fast
def test_a_file_name_with_brackets_prints_as_it_is(reference_path: Path, tmp_path: Path) -> None:
    """'plan [final].xlsx' printed as 'plan .xlsx: valid'."""
    path = tmp_path / "plan [final].xlsx"
    shutil.copy(reference_path, path)
    ran = invoke("validate", path)
    assert ran.code == 0
    assert ran.stdout.startswith(f"{path}: valid — 5 domains, 22 instruments")


@pytest.mark.fast
def test_an_unexpected_error_is_exit_1_with_how_to_report_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last-resort handler put the message into markup again and crashed on '[/]'."""

    def broken(**click_options: object) -> None:  # run() asks click to raise, not exit
        raise RuntimeError("[/] broke")

    monkeypatch.setattr(pactopt.cli, "_click_command", lambda: broken)
    ran = invoke("validate", "x.xlsx")
    assert ran.code == 1
    assert ran.stderr == f"unexpected error: RuntimeError: [/] broke\n{REPORT_BUG}\n"


@pytest.mark.fast
def test_help_documents_the_exit_codes() -> None:
    ran = invoke("--help")
    text = " ".join(ran.stdout.replace("│", " ").split())
    assert ran.code == 0
    assert "Exit codes: 0 done; 2 bad input or arguments (the message names the sheet and" in text
    assert "3 infeasible" in text and "1 only for a bug in pactopt" in text


# --- class 5: output paths checked before any work ----------------------------------------------


@pytest.mark.parametrize("command", ["solve", "frontier", "uncertainty"])
@pytest.mark.fast
def test_output_into_an_existing_folder_is_refused_first(
    reference_path: Path, tmp_path: Path, command: str
) -> None:
    ran = invoke(command, reference_path, "-o", tmp_path)
    assert (ran.code, ran.stderr) == (2, f"-o: {tmp_path} is a folder; give a file name in it\n")


@pytest.mark.fast
def test_output_under_a_regular_file_is_refused(reference_path: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x")
    target = blocker / "sub" / "out.xlsx"
    ran = invoke("solve", reference_path, "-o", target)
    assert (ran.code, ran.stderr) == (
        2,
        f"-o: {blocker} is a file, not a folder, so {target} cannot be written\n",
    )


@pytest.mark.fast
def test_a_missing_output_folder_is_not_created(reference_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "out.xlsx"
    ran = invoke("solve", reference_path, "-o", target)
    assert (ran.code, ran.stderr) == (
        2,
        f"-o: folder {tmp_path / 'nowhere'} does not exist; create it first\n",
    )
    assert not target.parent.exists()


@pytest.mark.fast
def test_a_read_only_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check uses os.access (a test run as root may write anywhere, so it is faked)."""
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(Exception, match=f"^folder {tmp_path} is not writable"):
        check_output(tmp_path / "out.xlsx")


@pytest.mark.fast
def test_lp_never_overwrites_the_input(reference_path: Path, tmp_path: Path) -> None:
    """An input named plan.lp was overwritten by --lp plan.lp."""
    plan = tmp_path / "plan.lp"
    shutil.copy(reference_path, plan)
    before = plan.read_bytes()
    ran = invoke("solve", plan, "--lp", plan, "-o", tmp_path / "r.xlsx")
    assert (ran.code, ran.stderr) == (2, f"--lp: refusing to write over the input {plan}\n")
    assert plan.read_bytes() == before


@pytest.mark.fast
def test_template_keeps_an_existing_workbook_unless_forced(tmp_path: Path) -> None:
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(b"a filled workbook")
    ran = invoke("template", filled)
    assert (ran.code, ran.stderr) == (
        2,
        f"OUT.xlsx: {filled} exists; pass --force to overwrite it\n",
    )
    assert filled.read_bytes() == b"a filled workbook"
    assert invoke("template", filled, "--force").code == 0
    assert openpyxl.load_workbook(filled).sheetnames[0] == "README"


@pytest.mark.fast
def test_outputs_follow_the_users_umask(tmp_path: Path) -> None:
    """Every output was mode 0600 (mkstemp's) whatever the umask."""
    old = os.umask(0o027)
    try:
        written = write_atomically(tmp_path / "out.lp", lambda p: p.write_text("x"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(written.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.lp"]


# --- class 6: two runs in one second never share a result -------------------------------------


@pytest.mark.fast
def test_default_names_carry_the_scenario_and_never_overwrite(tmp_path: Path) -> None:
    base = default_output(Path("plan.xlsx"), "results", None, tmp_path)
    scenario = default_output(Path("plan.xlsx"), "results", "ai/offensive [2]", tmp_path)
    assert base.name.startswith("plan_base_results_")
    assert scenario.name.startswith("plan_ai_offensive_2_results_")
    unique = WritePolicy(unique=True)
    first = write_atomically(base, lambda p: p.write_text("first"), policy=unique)
    second = write_atomically(base, lambda p: p.write_text("second"), policy=unique)
    assert (first, second) == (base, base.with_name(f"{base.stem}-2.xlsx"))
    assert first.read_text() == "first" and second.read_text() == "second"


# --- class 7: compare ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def results_file(tmp_path_factory: pytest.TempPathFactory, reference_path: Path) -> Path:
    path = tmp_path_factory.mktemp("results") / "results.xlsx"
    ran = invoke("solve", reference_path, "-o", path, "--no-alternatives", "--no-moves")
    assert ran.code == 0, ran.stderr
    return path


@pytest.mark.solve
def test_compare_keeps_both_columns_of_same_named_files(results_file: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "A" / "results.xlsx", tmp_path / "B" / "results.xlsx"
    for path in (a, b):
        path.parent.mkdir()
        shutil.copy(results_file, path)
    ran = invoke("compare", a, b)
    assert ran.code == 0, ran.stderr
    header = next(line for line in ran.stdout.splitlines() if "figure" in line)
    assert str(a) in header and str(b) in header


@pytest.mark.parametrize("sheet", ["Summary", "Domains"])
@pytest.mark.solve
def test_compare_refuses_an_emptied_sheet_naming_it(
    results_file: Path, tmp_path: Path, sheet: str
) -> None:
    """Empty Summary/Domains sheets: exit 1 with an empty message."""
    wb = openpyxl.load_workbook(results_file)
    wb.remove(wb[sheet])
    wb.create_sheet(sheet)
    emptied = tmp_path / "emptied.xlsx"
    wb.save(emptied)
    ran = invoke("compare", results_file, emptied)
    rule = "no row headed 'Figure'" if sheet == "Summary" else "no column headed 'Domain'"
    assert (ran.code, ran.stderr) == (
        2,
        f"cannot compare: error: {sheet}!A1 (value 'emptied.xlsx'): {rule}; "
        "not a pactopt results workbook\n",
    )


# --- class 9: infeasible workbooks in uncertainty and --all-scenarios ---------------------------


@pytest.mark.solve
def test_uncertainty_on_an_infeasible_workbook_is_exit_3(edited: Edited, tmp_path: Path) -> None:
    """It exited 0 with empty percentiles and called every instrument 'rarely' funded."""
    path = edited(_infeasible)
    ran = invoke("uncertainty", path, "--draws", "2", "-o", tmp_path / "u.xlsx")
    assert (ran.code, ran.stderr.splitlines()[-1]) == (
        3,
        f"No draw of 2 has a solution: the workbook is infeasible; pactopt solve {path} "
        "explains why",
    )
    assert not (tmp_path / "u.xlsx").exists()


@pytest.mark.solve
def test_all_scenarios_on_an_infeasible_base_diagnoses_once(edited: Edited, tmp_path: Path) -> None:
    """The full diagnosis was repeated for every scenario (36-44 s)."""
    path = edited(_infeasible)
    ran = invoke("solve", path, "--all-scenarios", "-o", tmp_path / "d.xlsx")
    assert ran.code == 3
    assert ran.stderr.count("No allocation satisfies every rule (infeasible).") == 1
    assert "left out of the comparison" not in ran.stderr
    assert ran.stderr.startswith(
        "The scenarios are not solved: the base is infeasible (solve one alone with "
        "--scenario NAME).\n"
    )
    assert (tmp_path / "d.xlsx").is_file()


@pytest.mark.parametrize(
    ("command", "target", "name"),
    [
        ("frontier", "pactopt.analysis.frontier", "_point"),
        ("solve", "pactopt.pipeline.solve", "solve_model"),
    ],
)
@pytest.mark.solve
def test_ctrl_c_writes_nothing_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: str, target: str, name: str
) -> None:
    """Ctrl-C in the middle of the work: exit 130, a line saying nothing was written, and
    no output file, partial or whole (outputs are written whole at the end)."""
    import importlib

    def interrupt(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(importlib.import_module(target), name, interrupt)
    out = tmp_path / "out.xlsx"
    ran = invoke(command, REFERENCE_XLSX, "-o", out)
    assert ran.code == 130
    assert "Interrupted: stopped, and nothing was written" in ran.stderr
    assert list(tmp_path.iterdir()) == []
