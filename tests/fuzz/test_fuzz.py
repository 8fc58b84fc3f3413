"""A seeded mutation fuzzer of the reference workbook (issue 14): every mutant gets a clear
answer through the command line, and nothing is lost.

For each mutant (1-3 mutations of ``tests/fuzz/mutate.py``): ``validate``; for a subset,
``solve``; for a smaller one, ``frontier`` and ``uncertainty``. Each run must

- exit 0, 2 or 3 (never 1: a bug), within its time bound, without a traceback;
- on exit 2, name a sheet and a cell for every error (a sheet alone only for a problem of
  the whole sheet: missing, hidden);
- leave the mutant's bytes unchanged, and no file beside it but the output asked for.

``make test`` runs 200 mutants; ``make fuzz`` runs more (PACTOPT_FUZZ_MUTANTS, and
PACTOPT_FUZZ_SOLVE_EVERY for how often a valid mutant is solved). Most mutants start from
the reference workbook without its styled empty input rows (the reader skips them; loading
and saving them is 80% of a mutant's cost); every 20th starts from the full workbook.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import re
from pathlib import Path

import openpyxl
import pytest

from tests.cli_runner import Ran, RunTimeout, invoke
from tests.fuzz.mutate import mutate
from tests.raw_xlsx import replace_number

pytestmark = pytest.mark.slow

MUTANTS = int(os.environ.get("PACTOPT_FUZZ_MUTANTS", "200"))
SOLVE_EVERY = int(os.environ.get("PACTOPT_FUZZ_SOLVE_EVERY", "5"))
SEED = os.environ.get("PACTOPT_FUZZ_SEED", "14")
FULL_EVERY = 20
VALIDATE_SECONDS = 30.0  # the machine is shared: bounds catch hangs, not slowness
SOLVE_SECONDS = 180.0
CELL = re.compile(r"^[^!]+![A-Z]{1,3}[0-9]+$")


@pytest.fixture(scope="session")
def bases(reference_path: Path, light_reference: bytes) -> dict[str, bytes]:
    """The reference workbook as written, and without its valueless (styled) cells."""
    return {"full": reference_path.read_bytes(), "light": light_reference}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _error_places(stderr: str) -> list[tuple[str, str]]:
    """(where, rule) of each error row of the problem tables printed."""
    rows = []
    for line in stderr.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) >= 6 and cells[1] == "error":
            rows.append((cells[2], cells[4]))
    return rows


def _check(ran: Ran, what: str) -> None:
    assert ran.code in (0, 2, 3), f"{what}: exit {ran.code}\n{ran.stderr}"
    assert "Traceback" not in ran.stderr + ran.stdout, f"{what}: traceback\n{ran.stderr}"
    if ran.code == 2:
        places = _error_places(ran.stderr)
        assert places, f"{what}: exit 2 without a problem table\n{ran.stderr}"
        for where, rule in places:
            if rule.startswith("… and ") and "more of the same kind" in rule:
                continue  # the count after a kind's first problems (listed with their cells)
            named = CELL.match(where) or (where != "workbook" and "sheet" in rule)
            assert named, f"{what}: an error without its sheet and cell: {where}: {rule}"


def _runs(index: int, path: Path, folder: Path, valid: bool) -> list[tuple[str, ...]]:
    """The commands beyond validate for mutant ``index``, with the output each may leave."""
    if not valid or index % SOLVE_EVERY:
        return []
    # the k-moves curve (seconds on the reference case) is solved on every fifth solve only
    moves = () if index % (SOLVE_EVERY * 5) == 0 else ("--no-moves",)
    runs: list[tuple[str, ...]] = [
        ("solve", str(path), "-o", str(folder / "results.xlsx"), "--no-alternatives", *moves)
    ]
    if index % (SOLVE_EVERY * 5) == 0:
        runs.append(("frontier", str(path), "--points", "2", "-o", str(folder / "front.xlsx")))
        runs.append(("uncertainty", str(path), "--draws", "2", "-o", str(folder / "unc.xlsx")))
    return runs


@pytest.mark.parametrize("index", range(MUTANTS), ids=lambda i: f"mutant{i:04d}")
def test_every_mutant_gets_a_clear_answer(
    index: int, bases: dict[str, bytes], tmp_path: Path
) -> None:
    rng = random.Random(f"{SEED}:{index}")
    wb = openpyxl.load_workbook(io.BytesIO(bases["full" if index % FULL_EVERY == 0 else "light"]))
    done = mutate(wb, rng)
    path = tmp_path / "mutant.xlsx"
    wb.save(path)
    replace_number(path, "9" * 400, required=False)
    what = f"mutant {index} (seed {SEED}): {'; '.join(done)}"
    before = _sha(path)
    try:
        ran = invoke("validate", path, timeout=VALIDATE_SECONDS)
        _check(ran, f"{what}\nvalidate")
        for args in _runs(index, path, tmp_path, ran.code == 0):
            _check(invoke(*args, timeout=SOLVE_SECONDS), f"{what}\n{args[0]}")
    except RunTimeout as exc:
        pytest.fail(f"{what}: {exc}")
    assert _sha(path) == before, f"{what}: the input was modified"
    left = {p.name for p in tmp_path.iterdir()} - {"mutant.xlsx"}
    assert left <= {"results.xlsx", "front.xlsx", "unc.xlsx"}, f"{what}: left {sorted(left)}"
