"""Scale benchmark: pactopt's build + solve against HiGHS alone on the same model.

For each size (instruments per region × regions, 12 years, 4 funders), in a fresh process so
that peak memory is that size's own: generate the data and write it as an input workbook
(not timed), then time reading the workbook, building the Pyomo model, solving it
(compiling it into HiGHS, HiGHS's run, reading the values back) and writing the results
workbook. The model pactopt handed to HiGHS is exported as MPS and solved by highspy alone,
in another fresh process, with the same options: that is the floor. Sizes under 300,000
variables are measured three times (``--repeat``) and each timing keeps its fastest run.
Prints one table and the fitted exponent of build time against the number of variables.
Usage:

    python benchmarks/bench_scale.py [--sizes 30x1,30x6,30x58,30x581] [--lp-method ipm]
                                     [--no-xlsx]

``--no-xlsx`` skips the workbook (read s is then blank): useful for sizes whose workbook
would not matter to the question asked.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(
    instruments: int, regions: int, folder: Path, with_xlsx: bool, lp_method: str
) -> dict[str, Any]:
    """One size, measured in this process; the model is exported to ``folder/m.mps``."""
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact, write_workbook

    from pactopt.model.build import create_model
    from pactopt.report.run_info import RunInfo
    from pactopt.report.tables import build_tables
    from pactopt.report.workbook import write_results
    from pactopt.schema.parse import load_pact
    from pactopt.solver.solve import model_size, open_solver, solve_model

    data = scaled_pact(instruments, regions, lp_method=lp_method)
    read = math.nan
    if with_xlsx:
        path = folder / "pact.xlsx"
        write_workbook(data, path)
        del data
        start = time.perf_counter()
        data = load_pact(path, max_file_mb=1024)
        read = time.perf_counter() - start
    start = time.perf_counter()
    m = create_model(data)
    build = time.perf_counter() - start
    start = time.perf_counter()
    direct = open_solver(m, data.settings)
    compile_s = time.perf_counter() - start
    result = solve_model(m, data.settings, want_duals=False, direct=direct)
    solve = time.perf_counter() - start
    variables, constraints, _ = model_size(direct)
    start = time.perf_counter()
    tables = build_tables(data, result)
    run = RunInfo(
        "generated",
        "",
        result.status.value,
        result.mode,
        result.objective,
        result.is_mip,
        variables,
        constraints,
        0,
        build,
        solve,
        result.solver,
    )
    write_results(folder / "r.xlsx", tables, run, protect=folder / "none")
    write = time.perf_counter() - start
    peak = _peak_mib()
    # the exact matrix, bounds and costs pactopt gave HiGHS, for HiGHS alone (not timed)
    open_solver(m, data.settings).highs.writeModel(str(folder / "m.mps"))
    return {
        "variables": variables,
        "constraints": constraints,
        "read": read,
        "build": build,
        "solve": solve,
        "compile": compile_s,  # the hand-over into HiGHS, part of solve
        "run": solve - compile_s,  # solve_model: HiGHS's run, values read back
        "write": write,
        "peak_mib": peak,
        "objective": result.objective or math.nan,
        "status": result.status.value,
        "time_limit": data.settings.solver_time_limit_s,
        "mip_gap": data.settings.mip_gap,
    }


def highs_alone(mps: Path, time_limit: float, mip_gap: float, lp_method: str) -> dict[str, float]:
    """Read the exported model into a fresh highspy instance and time its run(), with the
    options pactopt gave HiGHS."""
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("time_limit", time_limit)
    h.setOptionValue("mip_rel_gap", mip_gap)
    h.setOptionValue("solver", lp_method)
    h.readModel(str(mps))
    start = time.perf_counter()
    h.run()
    seconds = time.perf_counter() - start
    return {
        "highs": seconds,
        "highs_objective": h.getInfo().objective_function_value,
        "highs_peak_mib": _peak_mib(),
    }


def child(*args: str, script: str | Path = __file__) -> dict[str, Any]:
    """``script`` (this one by default) run with ``args`` in a fresh process: the JSON of the
    last line it printed."""
    done = subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(
            f"benchmark child {args} failed (exit {done.returncode}; -9 is a kill, such as the "
            f"out-of-memory killer's):\n{done.stderr}"
        )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


TIMINGS = ("read", "build", "compile", "run", "solve", "write", "highs")
REPEAT_BELOW = 300_000  # variables; larger sizes are measured once


def _measure_pair(size: str, lp_method: str, no_xlsx: bool) -> dict[str, Any]:
    """pactopt on one size, then HiGHS alone on the model it handed to HiGHS; two processes."""
    with tempfile.TemporaryDirectory() as folder:
        flags = ["--lp-method", lp_method] + (["--no-xlsx"] if no_xlsx else [])
        row = child("--one", size, "--folder", folder, *flags)
        options = f"{row['time_limit']},{row['mip_gap']}"
        mps = str(Path(folder) / "m.mps")
        row |= child("--highs-alone", mps, "--folder", options, *flags)
    return row


def fastest(
    measure_once: Callable[[], dict[str, Any]], repeat: int, keys: Iterable[str]
) -> dict[str, Any]:
    """``measure_once`` run ``repeat`` times if its first run has fewer than 300,000
    variables, once otherwise; the first run's row with each of ``keys`` its fastest."""
    runs = [measure_once()]
    while len(runs) < repeat and runs[0]["variables"] < REPEAT_BELOW:
        runs.append(measure_once())
    # the fastest of the repeats: noise from the machine only ever adds time
    row = dict(runs[0])
    for key in keys:
        row[key] = min(run[key] for run in runs)
    row["runs"] = len(runs)
    return row


def measure_size(size: str, lp_method: str, no_xlsx: bool, repeat: int) -> dict[str, Any]:
    """One size (``30x58``: instruments per region x regions) of the scale table, each run in
    fresh processes, each timing the fastest of ``repeat`` runs below 300,000 variables."""
    row = fastest(lambda: _measure_pair(size, lp_method, no_xlsx), repeat, TIMINGS)
    print(f"measured {size}: {json.dumps(row)}", file=sys.stderr, flush=True)
    return row


def exponent(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log y against log x."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum(
        (a - mx) ** 2 for a in lx
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30x1,30x6,30x58,30x581")
    parser.add_argument("--no-xlsx", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per size below 300,000 variables; each column keeps its fastest",
    )
    parser.add_argument(
        "--lp-method",
        default="choose",
        choices=("choose", "simplex", "ipm"),
        help="Settings lp_method of the generated data, and HiGHS alone's solver option",
    )
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    parser.add_argument("--highs-alone", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        i, r = (int(x) for x in args.one.split("x"))
        print(json.dumps(measure(i, r, Path(args.folder), not args.no_xlsx, args.lp_method)))
        return
    if args.highs_alone:
        limit, gap = (float(x) for x in args.folder.split(","))
        print(json.dumps(highs_alone(Path(args.highs_alone), limit, gap, args.lp_method)))
        return
    rows = [
        measure_size(size, args.lp_method, args.no_xlsx, args.repeat)
        for size in args.sizes.split(",")
    ]
    print(
        f"{'variables':>10}{'constraints':>12}{'read s':>8}{'build s':>9}{'solve s':>9}"
        f"{'write s':>9}{'HiGHS s':>9}{'(b+s)/HiGHS':>13}{'peak MiB':>10}{'HiGHS MiB':>11}"
        f"{'runs':>6}"
    )
    for r in rows:
        ratio = (r["build"] + r["solve"]) / max(r["highs"], 1e-9)
        print(
            f"{r['variables']:>10,.0f}{r['constraints']:>12,.0f}{r['read']:>8.2f}"
            f"{r['build']:>9.2f}{r['solve']:>9.2f}{r['write']:>9.2f}{r['highs']:>9.2f}"
            f"{ratio:>12.2f}x{r['peak_mib']:>10.0f}{r['highs_peak_mib']:>11.0f}{r['runs']:>6}"
        )
        gap = abs(r["objective"] - r["highs_objective"]) / max(1.0, abs(r["highs_objective"]))
        if not gap <= 1e-6:
            print(f"  objectives differ: pactopt {r['objective']}, HiGHS {r['highs_objective']}")
    if len(rows) > 1:
        variables = [r["variables"] for r in rows]
        print(
            f"build time grows as variables^{exponent(variables, [r['build'] for r in rows]):.2f}"
        )
        overhead = [r["build"] + r["solve"] - r["highs"] for r in rows]
        if all(o > 0 for o in overhead):
            print(f"build + solve - HiGHS grows as variables^{exponent(variables, overhead):.2f}")


if __name__ == "__main__":
    main()
