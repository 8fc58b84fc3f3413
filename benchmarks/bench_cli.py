"""Start-up a person feels: whole-process wall time of the commands a planner types, median of
``--repeat`` runs after one warm-up, with the spread (issue 16's targets: `--help` ≤ 0.3 s,
`validate` ≤ 0.6 s, `solve` with its results workbook ≤ 1.4 s on the reference workbook).

    python benchmarks/bench_cli.py [--repeat 5]

Each run is a fresh process (`pactopt …` from this interpreter's environment), so imports
count, as they do for a user; the peak memory of each process comes from the OS (ru_maxrss of
the children, in MiB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKBOOK = REPO / "inputs" / "digital_pact_2019_2030.xlsx"
PACTOPT = [sys.executable, "-c", "from pactopt.cli import run; run()"]
TARGETS_S = {"--help": 0.3, "validate": 0.6, "solve": 1.4}


def _commands(out: Path) -> dict[str, list[str]]:
    return {
        "--help": ["--help"],
        "validate": ["validate", str(WORKBOOK)],
        "solve": [
            "solve",
            str(WORKBOOK),
            "-o",
            str(out / "results.xlsx"),
            "--no-alternatives",
            "--force",
        ],
    }


def _once(args: list[str]) -> tuple[float, float]:
    """(wall seconds, peak MiB of the child) of one whole process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([*PACTOPT, *args], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"pactopt {' '.join(args)} failed: {done.stderr[-500:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| command | median s | min s | max s | target s | peak MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for name, command in _commands(Path(folder)).items():
            _once(command)  # warm-up: file caches, .pyc
            runs = [_once(command) for _ in range(args.repeat)]
            walls = [w for w, _ in runs]
            print(
                f"| `pactopt {name}` | {statistics.median(walls):.2f} | {min(walls):.2f} | "
                f"{max(walls):.2f} | {TARGETS_S[name]:.1f} | {max(p for _, p in runs):.0f} |"
            )


if __name__ == "__main__":
    main()
