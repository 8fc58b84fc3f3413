"""validate of a workbook with one far-away cell: time and memory bounded by the data.

Writes the reference workbook with one value at ``XFD1048576`` (the last cell a sheet can
have) of a sheet, and a styled empty cell there in another copy, then runs
``pactopt validate`` on each in a fresh process ``--repeat`` times. Prints the wall time of the
fastest run and the process's peak resident memory. Targets (issue 14): under 2 s, under
300 MB. Usage:

    python benchmarks/bench_far_cell.py [--repeat 3] [--sheet Eligibility]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "inputs" / "digital_pact_2019_2030.xlsx"
CELL = "XFD1048576"


def _far_copies(folder: Path, sheet: str) -> dict[str, Path]:
    """One copy with a value at CELL, one with a styled empty cell there."""
    copies = {}
    for kind in ("value", "styled empty cell"):
        wb = openpyxl.load_workbook(REFERENCE)
        if kind == "value":
            wb[sheet][CELL] = "x"
        else:
            wb[sheet][CELL].fill = PatternFill("solid", fgColor="FFFF00")
        path = folder / f"far_{kind.replace(' ', '_')}.xlsx"
        wb.save(path)
        copies[kind] = path
    return copies


def _validate(path: Path) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of ``pactopt validate path`` in a fresh process
    (the peak is measured by a wrapper process that runs only this one validate)."""
    code = (
        "import resource, subprocess, sys;"
        "r = subprocess.run([sys.executable, '-c', sys.argv[1], 'validate', sys.argv[2]],"
        " capture_output=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.returncode)"
    )
    cli = "import sys; from pactopt.cli import run; sys.argv[0] = 'pactopt'; run()"
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, cli, str(path)], capture_output=True, text=True, check=True
    )
    seconds = time.perf_counter() - start
    kib, rc = done.stdout.split()
    return seconds, int(kib) / 1024, int(rc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sheet", default="Eligibility")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        copies = _far_copies(Path(tmp), args.sheet)
        copies["reference workbook (no far cell)"] = REFERENCE
        print(f"{'workbook':<36} {'size KB':>8} {'validate s':>11} {'peak MiB':>9} {'exit':>5}")
        for kind, path in copies.items():
            runs = [_validate(path) for _ in range(args.repeat)]
            seconds = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            size = path.stat().st_size / 1024
            print(f"{kind:<36} {size:>8.0f} {seconds:>11.2f} {peak:>9.0f} {runs[0][2]:>5}")
    print(f"(one cell at {args.sheet}!{CELL}; fastest of {args.repeat} runs; peak of any)")


if __name__ == "__main__":
    main()
