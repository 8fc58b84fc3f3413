"""Re-solve benchmark: one frontier point of pactopt against the same re-solve by HiGHS alone,
measured side by side in one run (issue 16, part 5).

pactopt's frontier (``analysis/frontier.py``) keeps one compiled HiGHS instance: each point
adds its jobs floor as a row, maximises net output, holds that output in a second row,
maximises net jobs, and removes both rows, each point of an LP started from the output
optimum's basis (``FrontierSolver``: the same points on any engine). HiGHS alone
does the same two solves per point on a copy of the compiled model whose two extra rows are
added once, only their bounds and the objective's costs changed between solves: the least a
re-solve can cost. The ratio is pactopt's time per point over HiGHS alone's. Usage:

    python benchmarks/bench_resolve.py [--size 30x6] [--points 7] [--lp-method choose]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import highspy
import numpy as np

HERE = Path(__file__).resolve().parent
INF = highspy.kHighsInf
TOLERANCE = 1e-7  # as analysis/frontier.py holds the first stage's output


def _form_row(h: highspy.Highs, form: object) -> int:
    cols, coefs = form.cols, form.coefs  # type: ignore[attr-defined]
    h.addRow(-INF, INF, len(cols), cols.astype(np.int32), coefs.astype(float))
    return int(h.getNumRow()) - 1


def _costs(n: int, form: object) -> np.ndarray:
    costs = np.zeros(n)
    np.add.at(costs, form.cols, form.coefs)  # type: ignore[attr-defined]
    return costs


def bare_points(direct: object, m: object, levels: list[float]) -> tuple[float, list[float]]:
    """Seconds per point and the net output at each level, HiGHS alone."""
    from pactopt.solver.highs import new_highs

    h = new_highs()
    h.setOptionValue("output_flag", False)
    h.passModel(direct.highs.getLp())  # type: ignore[attr-defined]
    jobs = direct.linear_form(m.pyomo.net_jobs)
    output = direct.linear_form(m.pyomo.net_output)
    n = int(h.getNumCol())
    every = np.arange(n, dtype=np.int32)
    jobs_row, output_row = _form_row(h, jobs), _form_row(h, output)
    output_costs, jobs_costs = _costs(n, output), _costs(n, jobs)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.changeColsCost(n, every, jobs_costs)
    h.run()  # untimed: the warm start pactopt's points have, from the jobs optimum
    found = []
    start = time.perf_counter()
    for level in levels:
        h.changeRowBounds(jobs_row, level - jobs.constant, INF)
        h.changeRowBounds(output_row, -INF, INF)
        h.changeColsCost(n, every, output_costs)
        h.run()
        best = h.getInfo().objective_function_value + output.constant
        held = best - TOLERANCE * max(1.0, abs(best))
        h.changeRowBounds(output_row, held - output.constant, INF)
        h.changeColsCost(n, every, jobs_costs)
        h.run()
        found.append(best)
    return (time.perf_counter() - start) / len(levels), found


def measure(size: str, points: int, lp_method: str) -> dict[str, Any]:
    """The frontier of the generated pact of ``size`` traced by pactopt, then the same re-solves
    by HiGHS alone: seconds per point of each, how closely their outputs agree, the points
    timed and the number of variables."""
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    from pactopt.analysis import frontier
    from pactopt.model.build import create_model
    from pactopt.solver.solve import open_solver

    per_region, regions = (int(v) for v in size.split("x"))
    data = scaled_pact(per_region, regions, lp_method=lp_method)
    traced = frontier.trace_frontier(data, points)
    # the first point is the output end (no floor), the others had one: time those
    inner = [p for p in traced[1:] if p.result.status.has_solution]
    pactopt_s = sum(p.result.solve_seconds for p in inner) / len(inner)
    levels = [p.jobs_floor for p in inner]
    m = create_model(data)
    direct = open_solver(m, data.settings)
    bare_s, bare_output = bare_points(direct, m, levels)
    agree = max(
        abs(p.result.figures["net_output"] - v) / max(1.0, abs(v))
        for p, v in zip(inner, bare_output, strict=True)
    )
    return {
        "variables": int(direct.highs.getNumCol()),
        "points": len(inner),
        "pactopt_s": pactopt_s,
        "highs_s": bare_s,
        "agree": agree,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="30x6", help="instruments per region x regions")
    parser.add_argument("--points", type=int, default=7)
    parser.add_argument("--lp-method", default="choose")
    args = parser.parse_args()
    r = measure(args.size, args.points, args.lp_method)
    print(
        f"frontier re-solves, {r['variables']:,} variables, {r['points']} points, {args.lp_method}"
    )
    print("| per point | pactopt s | HiGHS alone s | ratio | outputs agree to |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| two solves | {r['pactopt_s']:.3f} | {r['highs_s']:.3f} | "
        f"{r['pactopt_s'] / r['highs_s']:.2f}× | {r['agree']:.1e} |"
    )


if __name__ == "__main__":
    main()
