"""Scale benchmark: pactopt's build + solve against HiGHS alone on the same model.

For each size (instruments × regions, 12 years, 4 funders), in a fresh process so that peak
memory is that size's own: generate the data, build the Pyomo model, solve it, write its
results workbook, export the LP and solve that with highspy alone. Prints one table and the
fitted exponent of build time against the number of variables. Usage:

    python benchmarks/bench_scale.py [--sizes 20x5,100x10,400x25]
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
from pathlib import Path

HERE = Path(__file__).resolve().parent


def measure(instruments: int, regions: int) -> dict[str, float]:
    """One size, measured in this process."""
    import highspy

    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    from pactopt.model.build import create_model
    from pactopt.pipeline import model_size
    from pactopt.report.run_info import RunInfo
    from pactopt.report.workbook import write_results
    from pactopt.results import build_tables
    from pactopt.solve import solve_model, write_lp

    start = time.perf_counter()
    data = scaled_pact(instruments, regions)
    read = time.perf_counter() - start
    start = time.perf_counter()
    m = create_model(data)
    build = time.perf_counter() - start
    variables, constraints, _ = model_size(m)
    result = solve_model(m, data.settings, want_duals=False)
    solve = result.solve_seconds
    with tempfile.TemporaryDirectory() as folder:
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
        write_results(Path(folder) / "r.xlsx", tables, run, protect=Path(folder) / "none")
        write = time.perf_counter() - start
        lp = Path(folder) / "m.lp"
        write_lp(m, lp)
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.readModel(str(lp))
        start = time.perf_counter()
        h.run()
        highs = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "variables": variables,
        "constraints": constraints,
        "read": read,
        "build": build,
        "solve": solve,
        "write": write,
        "highs": highs,
        "peak_mib": peak_mib,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="20x5,100x10,400x25")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        i, r = (int(x) for x in args.one.split("x"))
        print(json.dumps(measure(i, r)))
        return
    rows = []
    for size in args.sizes.split(","):
        done = subprocess.run(
            [sys.executable, __file__, "--one", size], capture_output=True, text=True, check=True
        )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(
        f"{'variables':>10}{'constraints':>12}{'read s':>8}{'build s':>9}{'solve s':>9}"
        f"{'write s':>9}{'HiGHS s':>9}{'(b+s)/HiGHS':>13}{'peak MiB':>10}"
    )
    for r in rows:
        ratio = (r["build"] + r["solve"]) / max(r["highs"], 1e-9)
        print(
            f"{r['variables']:>10,.0f}{r['constraints']:>12,.0f}{r['read']:>8.2f}"
            f"{r['build']:>9.2f}{r['solve']:>9.2f}{r['write']:>9.2f}{r['highs']:>9.2f}"
            f"{ratio:>12.1f}x{r['peak_mib']:>10.0f}"
        )
    if len(rows) > 1:
        xs = [math.log(r["variables"]) for r in rows]
        ys = [math.log(max(r["build"], 1e-9)) for r in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
            (x - mx) ** 2 for x in xs
        )
        print(f"build time grows as variables^{slope:.2f}")


if __name__ == "__main__":
    main()
