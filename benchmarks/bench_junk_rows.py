"""validate of a workbook with junk ids pasted under the Instruments table: bounded work.

Writes copies of the reference workbook with ``N`` rows that hold only an id (``junk1``,
``junk2``, …) in column A below the Instruments table (each such row breaks 16 rules: every
other required cell of the row is empty), straight into the sheet's XML, so that even 1e6
rows are written in seconds. Then runs ``pactopt validate`` on each in a fresh process and
prints the wall time, the process's peak resident memory (its maximum resident set, from
``wait4``; VmHWM, read while it runs, for a run that is stopped) and the exit code. A run
past ``--timeout`` seconds or ``--max-mib`` MiB is stopped and shown as "> limit". Targets
(issue 27): 1e4 rows under 2 s, 1e6 rows under 20 s, under 300 MB.

``--src`` runs another checkout's pactopt (its ``src`` folder), to measure before a change:

    git archive 3902fd9 src | tar -x -C /tmp/before
    python benchmarks/bench_junk_rows.py --src /tmp/before/src --timeout 300
    python benchmarks/bench_junk_rows.py [--rows 10000,100000,1000000] [--json | --annotate]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "inputs" / "digital_pact_2019_2030.xlsx"
SHEET = "Instruments"
CLI = "import sys; from pactopt.cli import run; sys.argv[0] = 'pactopt'; run()"


def junk_copy(folder: Path, rows: int, sheet: str = SHEET) -> Path:
    """A copy of the reference workbook with ``rows`` junk ids pasted under ``sheet``,
    written by a process of its own: the sheet's XML is held whole while it is written, and
    a validate process forked from this one would count those pages in its peak (Linux
    keeps a process's peak across exec)."""
    path = folder / f"junk_{rows}.xlsx"
    code = (
        "import sys; from tests.junk_rows import paste_rows; "  # the tests' own generator
        "paste_rows(*sys.argv[1:4], int(sys.argv[4]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, str(REFERENCE), str(path), sheet, str(rows)],
        check=True,
        cwd=HERE.parent,
    )
    return path


def _peak_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) if found else 0


def validate(
    path: Path, src: Path, timeout: float, max_mib: float, extra: list[str]
) -> tuple[float, float, str]:
    """Wall seconds, peak MiB and exit code (or the limit it passed) of ``pactopt validate``
    in a fresh process."""
    env = dict(os.environ)
    env["PYTHONPATH"] = f"{src}{os.pathsep}{env.get('PYTHONPATH', '')}"
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CLI, "validate", str(path), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    while True:
        # the child's own peak once it has ended (wait4's rusage), VmHWM while it runs
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        seconds = time.perf_counter() - start
        if pid:
            child.returncode = os.waitstatus_to_exitcode(status)
            return seconds, usage.ru_maxrss / 1024, str(child.returncode)
        peak = _peak_kib(child.pid) / 1024
        if seconds > timeout or peak > max_mib:
            child.kill()
            child.wait()
            limit = f"> {timeout:g} s" if seconds > timeout else f"> {max_mib:g} MiB"
            return seconds, peak, limit
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", default="10000,100000,1000000")
    parser.add_argument(
        "--src",
        type=Path,
        default=HERE.parent / "src",
        help="the src folder to run (default: this checkout's)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (fastest kept)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--max-mib", type=float, default=4000.0)
    parser.add_argument("--json", action="store_true", help="validate --json")
    parser.add_argument("--annotate", action="store_true", help="validate --annotate")
    args = parser.parse_args()
    extra = ["--json"] if args.json else []
    print(f"{'junk rows':>10} {'size KB':>8} {'validate s':>11} {'peak MiB':>9} {'exit':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        for rows in (int(float(n)) for n in args.rows.split(",")):
            path = junk_copy(Path(tmp), rows)
            if args.annotate:
                extra = ["--annotate", str(Path(tmp) / "annotated.xlsx"), "--force"]
            runs = [
                validate(path, args.src, args.timeout, args.max_mib, extra)
                for _ in range(args.repeat)
            ]
            seconds = min(r[0] for r in runs)
            peak = max(r[1] for r in runs)
            size = path.stat().st_size / 1024
            print(f"{rows:>10,} {size:>8.0f} {seconds:>11.2f} {peak:>9.0f} {runs[0][2]:>10}")
            path.unlink()
    print(
        f"(junk ids in column A under {SHEET}; fastest of {args.repeat} runs; peak: the "
        "process's maximum RSS, the largest of the runs)"
    )


if __name__ == "__main__":
    main()
