"""The mid-term review's re-plan against a plain solve of the same workbook, in one run.

Locking the past is bounds (each funding column of a locked year fixed at its actual), not
a new model, so the re-plan should cost about what a plain solve costs. For the reference
workbook and a generated pact of about 1e5 variables: build + compile + solve with no year
locked, then the same with the first half of the horizon locked to that plain optimum's
own amounts (a past some plan completes), the fastest of ``--repeat`` runs each; and, on the
shipped mid-term example, the whole ``run_solve`` (which adds the regret's second solve and
the review) against ``run_solve`` of the reference workbook. Usage:

    python benchmarks/bench_midterm.py [--sizes 30x58] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pactopt.model.build import create_model
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.schema.rows import ActualRow
from pactopt.solver.solution import Solution
from pactopt.solver.solve import open_solver, solve_model

HERE = Path(__file__).resolve().parent
INPUTS = HERE.parent / "inputs"


def _fastest(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def _solve(data: PactData) -> Solution:
    m = create_model(data)
    return solve_model(m, data.settings, want_duals=False, direct=open_solver(m, data.settings))


def locked_half(data: PactData, plain: Solution) -> PactData:
    """``data`` with the first half of its horizon locked to ``plain``'s amounts."""
    as_of = data.years[len(data.years) // 2 - 1]
    spent: dict[tuple[str, str], dict[int, float | None]] = {}
    for (i, f, y), v in plain.value_map("funding").items():
        if int(y) <= as_of and v:
            spent.setdefault((str(i), str(f)), {})[int(y)] = v
    rows = tuple(
        ActualRow(instrument=i, funder=f, spent_meur=by_year, source="ASSUMED: benchmark")
        for (i, f), by_year in spent.items()
    )
    settings = data.settings.model_copy(update={"as_of_year": as_of})
    return dataclasses.replace(data, settings=settings, actuals=rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30x58")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    cases = [("reference", load_pact(INPUTS / "digital_pact_2019_2030.xlsx"))]
    for size in filter(None, args.sizes.split(",")):
        per_region, regions = (int(x) for x in size.split("x"))
        cases.append((size, scaled_pact(per_region, regions)))
    print("| case | plain build + solve s | re-plan (half locked) s | re-plan / plain |")
    print("|---|---:|---:|---:|")
    for name, data in cases:
        plain = _solve(data)
        locked = locked_half(data, plain)
        replan = _solve(locked)
        assert replan.status.has_solution, replan.status
        plain_s = _fastest(args.repeat, lambda d=data: _solve(d))
        replan_s = _fastest(args.repeat, lambda d=locked: _solve(d))
        print(f"| {name} | {plain_s:.2f} | {replan_s:.2f} | {replan_s / plain_s:.2f}× |")
    reference = load_pact(INPUTS / "digital_pact_2019_2030.xlsx")
    midterm = load_pact(INPUTS / "digital_pact_midterm_2025.xlsx")
    options = SolveOptions(alternatives=False)
    whole_plain = _fastest(args.repeat, lambda: run_solve(reference, Path("r.xlsx"), options))
    whole_mid = _fastest(args.repeat, lambda: run_solve(midterm, Path("m.xlsx"), options))
    print(
        f"\nrun_solve without ranges: reference {whole_plain:.2f} s, mid-term example "
        f"{whole_mid:.2f} s ({whole_mid / whole_plain:.2f}×: the review adds the regret's "
        "solve from the first year)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
