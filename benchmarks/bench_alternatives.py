"""What the comparison and the near-optimal ranges add to a solve, measured in one run.

For the reference workbook and generated pacts of growing size, times ``run_solve`` three
ways in this process (fastest of ``--repeat`` runs each): the plain solve, with the reference
plan's check and bridge, and with the Alternatives sheet's near-optimal ranges as well.
Prints the extra seconds and their ratio to the plain solve; the defaults in
``pactopt.pipeline.SolveOptions`` (comparison_max_variables, alternatives_max_variables) come
from it.
Usage:

    python benchmarks/bench_alternatives.py [--sizes 30x1,30x6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REFERENCE = HERE.parent / "inputs" / "digital_pact_2019_2030.xlsx"


def _fastest(repeat: int, run: object) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30x1,30x6")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    import pactopt.pipeline as pipeline
    from pactopt.schema.parse import load_pact

    cases = [("reference", load_pact(REFERENCE))]
    for size in filter(None, args.sizes.split(",")):
        instruments, regions = (int(x) for x in size.split("x"))
        cases.append((size, scaled_pact(instruments, regions)))
    print("| case | variables | solve s | + reference & bridge s | + alternatives s | ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    limit = pipeline.SolveOptions().comparison_max_variables

    def timed(data: object, path: Path, *, compare: bool, ranges: bool) -> float:
        options = pipeline.SolveOptions(ranges, comparison_max_variables=limit if compare else -1)

        def once() -> None:
            pipeline.run_solve(data, path, options)  # type: ignore[arg-type]

        return _fastest(args.repeat, once)

    for name, data in cases:
        path = Path(f"{name}.xlsx")
        base = timed(data, path, compare=False, ranges=False)
        with_comparison = timed(data, path, compare=True, ranges=False)
        with_ranges = timed(data, path, compare=True, ranges=True)
        variables = pipeline.run_solve(data, path, pipeline.SolveOptions(False)).run.variables  # type: ignore[arg-type]
        extra = with_ranges - with_comparison
        print(
            f"| {name} | {variables:,} | {base:.2f} | {with_comparison - base:.2f} | "
            f"{extra:.2f} | {with_ranges / base:.1f}× |"
        )


if __name__ == "__main__":
    main()
