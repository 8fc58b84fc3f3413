"""Where the time goes: cProfile of building and solving one generated size, and the split of
the solve into compiling the model into HiGHS, HiGHS's run and reading values back. Usage:

    python benchmarks/profile_scale.py [--size 68x10] [--top 25]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="68x10")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    from pactopt.model.build import create_model
    from pactopt.solver.solve import open_solver, run_solver

    instruments, regions = (int(x) for x in args.size.split("x"))
    data = scaled_pact(instruments, regions)

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    m = create_model(data)
    profile.disable()
    build = time.perf_counter() - start
    print(f"== build: {build:.2f} s")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)

    profile = cProfile.Profile()
    profile.enable()
    start = time.perf_counter()
    direct = open_solver(m, data.settings)
    compiled = time.perf_counter()
    status = run_solver(direct)
    ran = time.perf_counter()
    x = direct.column_values()
    direct.values_by_component(x)
    loaded = time.perf_counter()
    profile.disable()
    print(
        f"== solve ({status.value}): compile into HiGHS {compiled - start:.2f} s, "
        f"HiGHS run {ran - compiled:.2f} s, values back {loaded - ran:.2f} s"
    )
    pstats.Stats(profile).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
