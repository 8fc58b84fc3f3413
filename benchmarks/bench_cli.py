"""Start-up a person feels: whole-process figures of the commands a planner types, as
/usr/bin/time gives them (wall seconds, user + system CPU seconds, maximum resident set), the
median of ``--repeat`` runs after one warm-up, with the spread of the wall time (issue 16's
targets: `--help` ≤ 0.3 s, `validate` ≤ 0.6 s, `solve` with its results workbook ≤ 1.4 s on
the reference workbook).

    python benchmarks/bench_cli.py [--repeat 5] [--no-warm-up]

Each run is a fresh process (`pactopt …` from this interpreter's environment), so imports
count, as they do for a user; its CPU time and peak memory are the OS's for that process
alone (``os.wait4``). `solve` is timed as a user runs it (with the near-optimal ranges of the
Alternatives sheet) and with `--no-alternatives`, the rest of the solve without them.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKBOOK = REPO / "inputs" / "digital_pact_2019_2030.xlsx"
PACTOPT = [sys.executable, "-c", "from pactopt.cli import run; run()"]


def _commands(out: Path) -> dict[str, tuple[list[str], float]]:
    """Each command's label, its arguments and its target in seconds."""
    solve = ["solve", str(WORKBOOK), "-o", str(out / "results.xlsx"), "--force"]
    return {
        "--help": (["--help"], 0.3),
        "validate": (["validate", str(WORKBOOK)], 0.6),
        "solve": (solve, 1.4),
        "solve --no-alternatives": ([*solve, "--no-alternatives"], 1.4),
    }


def once(args: list[str]) -> tuple[float, float, float]:
    """(wall s, user + system CPU s, maximum resident MiB) of one whole ``pactopt`` process."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([*PACTOPT, *args], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            tail = err.read()[-500:].decode(errors="replace")
            raise SystemExit(f"pactopt {' '.join(args)} failed: {tail}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--no-warm-up", action="store_true", help="skip the warm-up run (the suite's smoke run)"
    )
    args = parser.parse_args()
    load = os.getloadavg()[0]
    lines = [
        "| command | median wall s | min s | max s | target s | median user + sys s "
        "| median max RSS MiB |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for name, (command, target) in _commands(Path(folder)).items():
            if not args.no_warm_up:
                once(command)  # warm-up: file caches, .pyc
            walls, cpus, peaks = zip(*(once(command) for _ in range(args.repeat)), strict=True)
            wall = statistics.median(walls)
            lines.append(
                f"| `pactopt {name}` | {wall:.2f} {'✓' if wall <= target else '✗'} | "
                f"{min(walls):.2f} | {max(walls):.2f} | {target:.1f} | "
                f"{statistics.median(cpus):.2f} | {statistics.median(peaks):.0f} |"
            )
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"measured {stamp}, median of {args.repeat} runs, "
        f"load average {load:.1f} → {os.getloadavg()[0]:.1f}"
    )
    print()
    print("\n".join(lines))


if __name__ == "__main__":
    main()
