"""Robust solve against the central solve on the reference workbook, side by side in one run.

For each N: build, compile and solve the robust model (objective_mode = robust, N draws from
seed 0; the solve is both stages: the robust objective, then the central value with the
robust value held) against the same for the central (weighted) model; the fastest of
``--repeat`` runs of each. Usage:

    python benchmarks/bench_robust.py [--draws 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from pactopt.model.build import create_model
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver.solve import model_size, open_solver, run_solver, solve_model

REFERENCE = Path(__file__).resolve().parents[1] / "inputs" / "digital_pact_2019_2030.xlsx"


def _timed(data: PactData) -> dict[str, Any]:
    """Build, compile, solve (every stage of the mode) and the first stage alone, in seconds."""
    start = time.perf_counter()
    m = create_model(data)
    built = time.perf_counter()
    direct = open_solver(m, data.settings)
    compiled = time.perf_counter()
    solution = solve_model(m, data.settings, want_duals=False, direct=direct)
    solved = time.perf_counter()
    fresh = open_solver(m, data.settings)
    first = time.perf_counter()
    run_solver(fresh)  # the first stage alone (the mode's own objective), cold
    first_done = time.perf_counter()
    variables, constraints, _ = model_size(direct)
    return {
        "build": built - start,
        "compile": compiled - built,
        "solve": solved - compiled,
        "first stage": first_done - first,
        "variables": variables,
        "constraints": constraints,
        "objective": solution.objective,
    }


def _best(data: PactData, repeat: int) -> dict[str, Any]:
    runs = [_timed(data) for _ in range(repeat)]
    timed = ("build", "compile", "solve", "first stage")
    return {k: min(r[k] for r in runs) if k in timed else runs[0][k] for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = load_pact(REFERENCE)
    weighted = data.settings.model_copy(update={"objective_mode": "weighted"})
    robust = data.settings.model_copy(
        update={"objective_mode": "robust", "robust_draws": args.draws}
    )
    central = _best(dataclasses.replace(data, settings=weighted), args.repeat)
    hedged = _best(dataclasses.replace(data, settings=robust), args.repeat)
    print(f"reference pact, N = {args.draws} draws, fastest of {args.repeat} runs")
    print(f"{'':18}{'central':>10}{'robust':>10}{'ratio':>8}")
    for key in ("variables", "constraints"):
        print(f"{key:18}{central[key]:>10,}{hedged[key]:>10,}")
    for key in ("build", "compile", "solve", "first stage"):
        ratio = hedged[key] / central[key] if central[key] > 0 else float("nan")
        print(f"{key + ' s':18}{central[key]:>10.3f}{hedged[key]:>10.3f}{ratio:>7.1f}×")
    total_c = central["build"] + central["compile"] + central["solve"]
    total_r = hedged["build"] + hedged["compile"] + hedged["solve"]
    print(f"{'total s':18}{total_c:>10.3f}{total_r:>10.3f}{total_r / total_c:>7.1f}×")
    print(f"objective: central {central['objective']:,.2f}, robust {hedged['objective']:,.2f}")


if __name__ == "__main__":
    main()
