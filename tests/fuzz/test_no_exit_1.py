"""No path through the command line exits 1 on any input of the suite's corpus (issue 14):
exit 1 means a bug in pactopt, so every input, however broken, must get 0, 2 or 3.

The corpus: the reference workbook, the blank template, every malformation of
``tests/unit/test_malformations.py`` (ERROR_CASES), files that are no workbook at all, the
workbooks of issue 27 (junk rows, a sheet past the row bound, untrusted ids, a link to another
file), and (in ``test_fuzz.py``) the fuzzer's mutants.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from openpyxl import Workbook

from pactopt.template.generate import write_template
from pactopt.xlsx.read import MAX_ROWS_PER_SHEET
from tests.attacks import ZIP_ATTACKS
from tests.cli_runner import invoke
from tests.junk_rows import paste_rows
from tests.raw_xlsx import PLACEHOLDER, replace_number
from tests.unit.test_malformations import ERROR_CASES
from tests.unit.test_trusted_ids import with_external_link

pytestmark = pytest.mark.slow

Make = Callable[[Path, Path], Path]
Args = tuple[str | Path, ...]


def _commands(path: Path, out: Path, every: bool, *, annotate: bool = False) -> list[Args]:
    """The commands run on ``path``: all of them (``every``), or validate and solve (every
    other command loads the workbook the same way; with ``annotate`` also the annotated copy,
    which reads the workbook again). The k-moves curve is solved in the full run only."""
    moves = () if every else ("--no-moves",)
    solve = ("solve", path, "-o", out / "results.xlsx", "--no-alternatives", *moves)
    runs: list[Args] = [("validate", path), (*solve, "--lp", out / "m.lp")]
    if annotate or every:
        runs.append(("validate", path, "--annotate", out / "annotated.xlsx"))
    if every:
        runs += [
            ("evaluate", path),
            ("frontier", path, "--points", "2", "-o", out / "frontier.xlsx"),
            ("uncertainty", path, "--draws", "2", "-o", out / "unc.xlsx"),
            ("compare", path, path),
        ]
    return runs


def _written(data: bytes) -> Make:
    def make(reference: Path, folder: Path) -> Path:
        path = folder / "input.xlsx"
        path.write_bytes(data)
        return path

    return make


def _reference(reference: Path, folder: Path) -> Path:
    return reference


def _template(reference: Path, folder: Path) -> Path:
    path = folder / "blank.xlsx"
    write_template(path)
    return path


def _huge_integers(reference: Path, folder: Path) -> Path:
    wb = openpyxl.load_workbook(reference)
    wb["Domains"]["D3"] = PLACEHOLDER
    wb.create_sheet("Extra")["A1"] = PLACEHOLDER
    path = folder / "huge.xlsx"
    wb.save(path)
    replace_number(path, "9" * 400)
    return path


def _junk_rows(reference: Path, folder: Path) -> Path:
    return paste_rows(reference, folder / "junk.xlsx", "Instruments", 2_000)


def _past_the_row_bound(reference: Path, folder: Path) -> Path:
    return paste_rows(reference, folder / "long.xlsx", "Curves", MAX_ROWS_PER_SHEET)


def _untrusted_ids(reference: Path, folder: Path) -> Path:
    """A right-to-left override, a zero-width joiner and a newline in ids, and an id that
    differs from another only by case."""
    wb = openpyxl.load_workbook(reference)
    wb["Domains"]["A4"] = "hc"
    wb["Domains"]["A5"] = "IN\u202eF"
    wb["Instruments"]["A3"] = "HC\u200d1"
    wb["Funders"]["A3"] = "fede\nral"
    path = folder / "ids.xlsx"
    wb.save(path)
    return path


def _linked(reference: Path, folder: Path) -> Path:
    return with_external_link(reference, folder / "linked.xlsx")


def _zip_of(**parts: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name.replace("_", "/"), text)
    return buffer.getvalue()


WHOLE_FILES: list[tuple[str, Make]] = [
    ("reference", _reference),
    ("blank_template", _template),
    ("huge_integers", _huge_integers),
    ("csv", _written(b"id;name\nHC;Digital human capital\n")),
    ("random_bytes", _written(bytes(range(256)) * 8)),
    ("empty", _written(b"")),
    ("zip_not_a_workbook", _written(_zip_of(hello="not a workbook"))),
    ("ods", _written(_zip_of(mimetype="application/vnd.oasis.opendocument.spreadsheet"))),
    ("junk_rows", _junk_rows),
    ("past_the_row_bound", _past_the_row_bound),
    ("untrusted_ids", _untrusted_ids),
    ("linked_to_another_file", _linked),
    # issue 27: zip members Python's reader refuses with RuntimeError, NotImplementedError
    *[(name, _written(make())) for name, make in ZIP_ATTACKS.items()],
]


# made from the reference workbook; a solve of each is the reference's model, or an error
READ_LIKE_THE_REFERENCE = {
    "huge_integers",
    "junk_rows",
    "past_the_row_bound",
    "untrusted_ids",
    "linked_to_another_file",
}


@pytest.mark.parametrize(("name", "make"), WHOLE_FILES, ids=[n for n, _ in WHOLE_FILES])
def test_no_command_exits_1_on_whole_files(
    reference_path: Path, tmp_path: Path, name: str, make: Make
) -> None:
    path = make(reference_path, tmp_path)
    # the files made from the reference workbook differ from it in how they read, not in the
    # model: the reading is what they test (every command after it runs on the reference)
    every = name not in READ_LIKE_THE_REFERENCE
    for args in _commands(path, tmp_path, every, annotate=True):
        ran = invoke(*args)
        assert ran.code in (0, 2, 3), f"{name}: {args[0]}: exit {ran.code}\n{ran.stderr}"


@pytest.mark.parametrize(("change", "sheet", "cell", "keyword"), ERROR_CASES)
def test_no_command_exits_1_on_the_malformations(
    light_reference: bytes,
    tmp_path: Path,
    change: Callable[[Workbook], None],
    sheet: str,
    cell: str,
    keyword: str,
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(light_reference))
    change(wb)
    path = tmp_path / "malformed.xlsx"
    wb.save(path)
    for args in _commands(path, tmp_path, every=False):
        ran = invoke(*args)
        assert ran.code in (0, 2, 3), f"{args[0]}: exit {ran.code}\n{ran.stderr}"
