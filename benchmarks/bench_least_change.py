"""The least-change stages against the first solve, in one run: on the reference workbook
and on generated pacts of about 1e5 variables, the first solve (build, compile, solve with
duals), the reference plan's check (the nearest financeable plan), the least-change stage
(value held within the tolerance, least € moved, the tie-break, the financing) and the k-moves
curve (k = 0 … 10, one outer approximation), the fastest of ``--repeat`` runs each, as ratios
to the first solve. Usage:

    python benchmarks/bench_least_change.py [--sizes 30x58] [--repeat 3] [--moves-sizes ""]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pactopt.analysis.moves_solve import find_moves
from pactopt.analysis.reference import check_reference, reference_targets_meur
from pactopt.model.build import create_model
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver.closest import solve_closest
from pactopt.solver.solve import integer_levels, model_size, open_solver, solve_model

HERE = Path(__file__).resolve().parent
INPUTS = HERE.parent / "inputs"


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = run()
    return time.perf_counter() - start, out


def with_reference_plan(data: PactData) -> PactData:
    """``data`` with a reference plan when it states none: each instrument at the middle of
    its least and largest totals (the generated pacts state none)."""
    if any(i.reference_plan_meur for i in data.instruments):
        return data
    instruments = tuple(
        i.model_copy(
            update={"reference_plan_meur": ((i.min_total_meur or 0.0) + i.max_total_meur) / 2}
        )
        for i in data.instruments
    )
    return dataclasses.replace(data, instruments=instruments)


def _stages(data: PactData, moves: bool) -> dict[str, float]:
    times: dict[str, float] = {}

    def first() -> Any:
        m = create_model(data)
        direct = open_solver(m, data.settings)
        return m, direct, solve_model(m, data.settings, direct=direct)

    times["first solve"], (m, direct, optimum) = _timed(first)
    times["variables"] = float(model_size(direct)[0])
    optimum_basis = direct.current_basis()
    times["reference check"], reference = _timed(lambda: check_reference(m, direct, data))
    targets = reference_targets_meur(data, reference.solution)
    pairs = [[(m.pyomo.spend[i, y], t) for (i, y), t in targets.items()]]
    times["least change"], closest = _timed(
        lambda: solve_closest(
            m,
            direct,
            data.settings,
            pairs,
            mode=optimum.mode,
            tolerance=data.settings.least_change_tolerance,
            integer_levels=integer_levels(direct, optimum),
            optimum_basis=optimum_basis,
        )
    )
    assert closest.solution.status.has_solution
    if moves:
        times["k-moves curve"], found = _timed(
            lambda: find_moves(m, direct, data, reference, optimum)
        )
        times["curve points"] = float(len(found.points)) if found else 0.0
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30x58")
    parser.add_argument("--moves-sizes", default="", help="generated sizes to run the curve on")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    cases = [("reference", load_pact(INPUTS / "digital_pact_2019_2030.xlsx"), True)]
    with_moves = set(filter(None, args.moves_sizes.split(",")))
    for size in filter(None, args.sizes.split(",")):
        per_region, regions = (int(x) for x in size.split("x"))
        data = with_reference_plan(scaled_pact(per_region, regions))
        cases.append((size, data, size in with_moves))
    print(
        "| case | first solve s | reference check s | least change s (× first) "
        "| k-moves curve s (points) |"
    )
    print("|---|---:|---:|---:|---:|")
    for name, data, moves in cases:
        runs = [_stages(data, moves) for _ in range(args.repeat)]
        best = {k: min(r[k] for r in runs) for k in runs[0]}
        first = best["first solve"]
        curve = f"{best['k-moves curve']:.2f} ({best['curve points']:.0f})" if moves else "skipped"
        print(
            f"| {name} ({best['variables']:,.0f} variables) | {first:.2f} | "
            f"{best['reference check']:.2f} | "
            f"{best['least change']:.2f} ({best['least change'] / first:.2f}×) | {curve} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
