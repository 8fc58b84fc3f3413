"""Read benchmark: the streaming reader against the openpyxl reader it replaced (issue 16).

For each size (instruments per region × regions, as ``bench_scale.py``) the generated pact is
written as an input workbook (not timed), then read in a fresh process per reader, so that
each peak memory is that reader's own: **openpyxl s** is the reader pactopt had before
(``tests/openpyxl_reader.py``: openpyxl's full mode, then a read-only pass for the values
cached with formulas), **stream s** is ``read_workbook`` (one expat pass per sheet), and
**validate s** is ``parse_workbook`` on what the streaming reader returned, so **stream s +
validate s** is ``load_pact``, the **read s** of ``bench_scale.py``. Both readers' results
are compared cell by cell (**same**). Sizes under 300,000 variables keep the fastest of
``--repeat`` runs, in wall and in CPU seconds (the steadier figure on a shared machine). The
reference workbook is the first row. Usage:

    python benchmarks/bench_read.py [--sizes 30x1,30x6,30x58] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REFERENCE = REPO / "inputs" / "digital_pact_2019_2030.xlsx"
REPEAT_BELOW = 300_000  # variables; larger sizes are read once


def _fastest(run: Any, repeat: int) -> tuple[float, float, Any]:
    """Wall and CPU seconds of ``run`` (the fastest of ``repeat`` runs each), and its result:
    on a shared machine the CPU time is the steadier figure."""
    wall, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, result


def measure(path: Path, reader: str, repeat: int) -> dict[str, Any]:
    """One reader on one workbook, in this process: seconds (fastest of ``repeat``), peak
    MiB, the cells read and a digest of them, to compare the two readers."""
    row: dict[str, Any] = {}
    if reader == "openpyxl":
        sys.path.insert(0, str(REPO))
        from tests.openpyxl_reader import openpyxl_read_workbook

        row["seconds"], row["cpu"], raw = _fastest(
            lambda: openpyxl_read_workbook(path, 1024), repeat
        )
    else:
        from pactopt.schema.parse import parse_workbook
        from pactopt.xlsx.read import read_workbook

        row["seconds"], row["cpu"], raw = _fastest(lambda: read_workbook(path, 1024), repeat)
        row["validate"], row["validate_cpu"], _ = _fastest(lambda: parse_workbook(raw), repeat)
    row["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row["cells"] = sum(len(s.cells) for s in raw.sheets.values())
    every = repr(
        [
            (n, s.hidden, s.merged, sorted(s.hidden_rows), sorted(s.cells.items()))
            for n, s in raw.sheets.items()
        ]
    )
    row["digest"] = hashlib.sha256(every.encode()).hexdigest()
    return row


def _child(*args: str) -> dict[str, Any]:
    """This script run with ``args`` in a fresh process: the JSON of its last line."""
    try:
        out = subprocess.check_output([sys.executable, __file__, *args], text=True)
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"benchmark child {args} failed (exit {exc.returncode})") from exc
    found: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return found


def write(size: str, folder: Path) -> dict[str, Any]:
    """The generated pact of ``size`` as a workbook, and its number of variables (in a
    process of its own: Linux keeps a process's peak memory across exec, so the readers'
    processes must not be started from one that generated a large pact)."""
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact, write_workbook

    from pactopt.model.build import create_model
    from pactopt.solver.solve import model_size, open_solver

    instruments, regions = (int(x) for x in size.split("x"))
    data = scaled_pact(instruments, regions, lp_method="ipm")
    path = folder / f"pact_{size}.xlsx"
    write_workbook(data, path)
    variables = 0
    if instruments * regions <= 2000:  # counting builds the model: skip it at 1e6
        variables = model_size(open_solver(create_model(data), data.settings))[0]
    return {"path": str(path), "variables": variables}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30x1,30x6,30x58")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--reader", help=argparse.SUPPRESS)
    parser.add_argument("--write", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        print(json.dumps(write(args.write, Path(args.one))))
        return
    if args.one:
        print(json.dumps(measure(Path(args.one), args.reader, args.repeat)))
        return
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        books = [("reference", REFERENCE, 1443)]
        for size in args.sizes.split(","):
            made = _child("--write", size, "--one", tmp)
            books.append((size, Path(made["path"]), made["variables"]))
        for label, path, variables in books:
            repeat = args.repeat if 0 < variables < REPEAT_BELOW else 1
            flags = ["--one", str(path), "--repeat", str(repeat)]
            before = _child(*flags, "--reader", "openpyxl")
            after = _child(*flags, "--reader", "stream")
            rows.append((label, variables, path.stat().st_size / 1024, before, after))
            print(f"measured {label}", file=sys.stderr, flush=True)
    print(
        "| workbook | variables | KB | cells | openpyxl s | stream s | speed-up | openpyxl CPU s"
        " | stream CPU s | validate s (CPU) | load_pact s | openpyxl MiB | stream MiB | same |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for label, variables, kb, before, after in rows:
        same = "yes" if before["digest"] == after["digest"] else "NO"
        shown = f"{variables:,}" if variables else "~1e6"
        print(
            f"| {label} | {shown} | {kb:,.0f} | {after['cells']:,} | {before['seconds']:.3f}"
            f" | {after['seconds']:.3f} | {before['seconds'] / after['seconds']:.1f}×"
            f" | {before['cpu']:.3f} | {after['cpu']:.3f}"
            f" | {after['validate']:.3f} ({after['validate_cpu']:.3f})"
            f" | {after['seconds'] + after['validate']:.3f}"
            f" | {before['peak_mib']:,.0f} | {after['peak_mib']:,.0f} | {same} |"
        )


if __name__ == "__main__":
    main()
