"""Sweep benchmark: draws per second on the generated pact (``30x58``: the 1e5-variable
model of ``bench_scale.py``), on the process pool and on a Dask LocalCluster, against HiGHS
alone re-solving the same model.

Measured side by side in one run, on the same draws:

- **HiGHS alone**: the model pactopt compiled, exported as MPS (central costs) and read by a
  fresh highspy instance, solved once; then for each draw its objective costs are changed
  (``changeColsCost``) and HiGHS re-runs, warm from the previous draw (the plain loop), and
  again from the central basis (what pactopt does, so that a draw's numbers do not depend on
  the draws before it).
- **pactopt in this process**: the persistent model (``PersistentSolver``): the draw's
  coefficients set, HiGHS re-run from the central basis, the figures and totals read back.
  Its draws alternate with HiGHS alone's, so that the load of a shared machine weighs on
  both alike.
- **process pool** and **Dask LocalCluster**, ``--workers`` each (``run_draws``): draws per
  second once every worker has built its model (the first completed batch of each worker
  is left out), the per-draw time of one worker (workers ÷ that rate), and the wall time of
  the whole sweep with the start-up (workers, model builds, central solves).

Usage:

    python benchmarks/bench_sweep.py [--size 30x58] [--draws 8] [--workers 2]
                                     [--lp-method ipm] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import highspy
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import scaled_pact  # noqa: E402

from pactopt.analysis.engines import run_draws  # noqa: E402
from pactopt.analysis.uncertainty import (  # noqa: E402
    PersistentSolver,
    draw_coefficients,
    set_impact_coefficients,
)
from pactopt.model.draws import Draws  # noqa: E402
from pactopt.schema.data import PactData  # noqa: E402
from pactopt.solver.solve import model_size  # noqa: E402


def draw_costs(solver: PersistentSolver, draws: Draws) -> list[np.ndarray]:
    """Each draw's objective costs, as pactopt writes them into HiGHS (not timed)."""
    costs = []
    for k in range(len(draws.output_per_eur)):
        output, jobs = draws.output_per_eur[k].tolist(), draws.jobs_per_meur[k].tolist()
        set_impact_coefficients(solver.model, solver.direct, solver.ids, output, jobs)
        costs.append(np.array(solver.direct.highs.getLp().col_cost_))
    return costs


class HighsAlone:
    """The exported model in a fresh highspy instance, with the options pactopt gives HiGHS,
    solved once with the central costs; each re-solve goes on from the previous one
    (``from_central`` False: the plain loop) or from the central basis."""

    def __init__(self, mps: Path, data: PactData, from_central: bool) -> None:
        self.h = h = highspy.Highs()
        for option, value in (
            ("output_flag", False),
            ("random_seed", 0),
            ("threads", 1),
            ("time_limit", float(data.settings.solver_time_limit_s)),
            ("mip_rel_gap", float(data.settings.mip_gap)),
            ("solver", data.settings.lp_method),
        ):
            h.setOptionValue(option, value)
        h.readModel(str(mps))
        h.run()  # the central solve, as pactopt's workers make it before their first draw
        h.setOptionValue("solver", "simplex" if data.settings.lp_method == "ipm" else "choose")
        self.central = h.getBasis() if from_central else None

    def solve(self, cost: np.ndarray) -> tuple[float, float, int]:
        """(seconds, objective, simplex iterations) of one re-solve with ``cost``."""
        h = self.h
        columns = np.arange(len(cost), dtype=np.int32)
        start = time.perf_counter()
        if self.central is not None:
            h.clearSolver()
            h.setBasis(self.central)
        h.changeColsCost(len(columns), columns, cost)
        h.run()
        seconds = time.perf_counter() - start
        info = h.getInfo()
        return seconds, info.objective_function_value, info.simplex_iteration_count


def engine(
    data: PactData, draws: Draws, workers: int, scheduler: str | None
) -> tuple[float, float, list[float]]:
    """(draws per second in the steady state, wall seconds with start-up, objectives)."""
    done: list[tuple[float, int]] = []
    start = time.perf_counter()
    results = run_draws(
        Path("generated"),
        draws,
        workers=workers,
        progress=lambda k: done.append((time.perf_counter(), k)),
        data=data,
        scheduler=scheduler,
    )
    wall = time.perf_counter() - start
    # every worker's first batch carries its start-up: the rate is measured after them
    later = done[workers:]
    seconds = later[-1][0] - done[workers - 1][0] if later else float("nan")
    rate = sum(k for _, k in later) / seconds if later else float("nan")
    return rate, wall, [r.figures["value"] if r.figures else float("nan") for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="30x58", help="instruments per region x regions")
    parser.add_argument("--draws", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lp-method", default="ipm")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    instruments, regions = map(int, args.size.split("x"))
    data = scaled_pact(instruments, regions, lp_method=args.lp_method)
    draws = draw_coefficients(data, args.draws, args.seed)
    n = args.draws

    start = time.perf_counter()
    solver = PersistentSolver(data)
    setup = time.perf_counter() - start
    variables, constraints, _ = model_size(solver.direct)
    with tempfile.TemporaryDirectory() as folder:
        mps = Path(folder) / "m.mps"
        solver.direct.highs.writeModel(str(mps))  # still the central costs
        costs = draw_costs(solver, draws)
        alone = {kind: HighsAlone(mps, data, kind == "central") for kind in ("warm", "central")}
    seconds: dict[str, list[float]] = {"mine": [], "warm": [], "central": []}
    iterations: dict[str, list[int]] = {"mine": [], "warm": [], "central": []}
    mine, bare_objectives = [], []
    for k in range(n):
        start = time.perf_counter()
        mine.append(solver.solve(k, draws.output_per_eur[k], draws.jobs_per_meur[k]))
        seconds["mine"].append(time.perf_counter() - start)
        iterations["mine"].append(solver.direct.highs.getInfo().simplex_iteration_count)
        for kind in ("warm", "central"):
            took, objective, its = alone[kind].solve(costs[k])
            seconds[kind].append(took)
            iterations[kind].append(its)
            if kind == "warm":
                bare_objectives.append(objective)
    del solver, alone  # the engines' workers hold their own models
    pool_rate, pool_wall, pool_objectives = engine(data, draws, args.workers, None)
    dask_rate, dask_wall, dask_objectives = engine(data, draws, args.workers, "local")

    objectives = [r.figures["value"] if r.figures else float("nan") for r in mine]
    agree = np.allclose(objectives, bare_objectives, rtol=1e-6) and (
        objectives == pool_objectives == dask_objectives
    )
    w = args.workers
    bare = float(np.mean(seconds["warm"]))
    print(
        f"model {args.size}: {variables:,} variables, {constraints:,} constraints; {n} draws, "
        f"seed {args.seed}; lp_method {args.lp_method}; {w} workers; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"model build + compile + central solve (once per worker): {setup:.2f} s")
    print(f"{'per draw':<48}{'seconds':>10}{'vs HiGHS alone':>16}{'iterations':>12}")
    rows = (
        ("HiGHS alone, warm from the previous draw", bare, iterations["warm"]),
        ("HiGHS alone, from the central basis", np.mean(seconds["central"]), iterations["central"]),
        ("pactopt persistent re-solve, this process", np.mean(seconds["mine"]), iterations["mine"]),
        (f"process pool, one of {w} workers", w / pool_rate, None),
        (f"Dask LocalCluster, one of {w} workers", w / dask_rate, None),
    )
    for label, value, its in rows:
        shown = f"{np.mean(its):>12,.0f}" if its else ""
        print(f"{label:<48}{value:>10.3f}{value / bare:>15.2f}x{shown}")
    print(f"{'all draws':<44}{'draws/s':>10}{'wall s':>16}")
    for label, rate, wall in (
        ("process pool", pool_rate, pool_wall),
        ("Dask LocalCluster", dask_rate, dask_wall),
    ):
        print(f"{label:<44}{rate:>10.2f}{wall:>16.2f}")
    print(f"same objectives on every engine and HiGHS alone: {'yes' if agree else 'NO'}")


if __name__ == "__main__":
    main()
