"""Uncertainty benchmark on the reference workbook, measured side by side in one run.

Per draw: (a) pactopt's persistent re-solve (set the mutable coefficients, HiGHS re-solves
warm), (b) rebuilding and solving the model from scratch, (c) HiGHS alone re-solving the same
model (its run() only, on the instance the persistent interface holds). Then the speed-up of
2 worker processes over 1 on the same draws. Usage:

    python benchmarks/bench_uncertainty.py [--draws N] [--seed S]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from pactopt.analysis.engines import run_draws
from pactopt.analysis.uncertainty import PersistentSolver, draw_coefficients
from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver.solve import solve_model

REFERENCE = Path(__file__).resolve().parents[1] / "inputs" / "digital_pact_2019_2030.xlsx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = load_pact(REFERENCE)
    draws = draw_coefficients(data, args.draws, args.seed)
    n = args.draws

    solver = PersistentSolver(data)
    start = time.perf_counter()
    for i in range(n):
        solver.solve(i, draws.output_per_eur[i], draws.jobs_per_meur[i])
    persistent = (time.perf_counter() - start) / n

    # HiGHS alone: the same model, each draw's objective costs written straight into HiGHS
    highs = solver.direct.highs
    highs.setOptionValue("output_flag", False)
    costs = []
    for i in range(n):
        for j, row in enumerate(data.instruments):
            solver.model.pyomo.output_per_eur[row.id] = float(draws.output_per_eur[i][j])
            solver.model.pyomo.jobs_per_meur[row.id] = float(draws.jobs_per_meur[i][j])
        solver.direct.update_parameters()
        costs.append(np.array(highs.getLp().col_cost_))
    columns = np.arange(len(costs[0]), dtype=np.int32)
    start = time.perf_counter()
    for cost in costs:
        highs.changeColsCost(len(columns), columns, cost)
        highs.run()
    bare = (time.perf_counter() - start) / n

    k = min(n, max(3, n // 8))  # rebuilding is slow: fewer draws
    start = time.perf_counter()
    for i in range(k):
        m = create_model(data)
        for j, row in enumerate(data.instruments):
            m.pyomo.output_per_eur[row.id] = float(draws.output_per_eur[i][j])
            m.pyomo.jobs_per_meur[row.id] = float(draws.jobs_per_meur[i][j])
        solve_model(m, data.settings, want_duals=False)
    rebuild = (time.perf_counter() - start) / k

    start = time.perf_counter()
    run_draws(REFERENCE, draws, workers=1)
    one = time.perf_counter() - start
    start = time.perf_counter()
    run_draws(REFERENCE, draws, workers=2)
    two = time.perf_counter() - start

    print(f"draws: {n} (rebuild measured on {k}); reference workbook; {data.settings.mip_gap=}")
    print(f"{'per draw':<38}{'seconds':>10}{'vs HiGHS alone':>16}")
    for label, value in (
        ("HiGHS alone (re-solve, same model)", bare),
        ("pactopt persistent re-solve", persistent),
        ("rebuild + solve", rebuild),
    ):
        print(f"{label:<38}{value:>10.4f}{value / bare:>15.2f}x")
    print(f"{'1 worker, all draws (s)':<38}{one:>10.2f}")
    print(f"{'2 workers, all draws (s)':<38}{two:>10.2f}")
    print(f"{'speed-up with 2 workers':<38}{one / two:>10.2f}")


if __name__ == "__main__":
    main()
