"""The hand-over of a built model to HiGHS, with the form compiler (``solver/compile.py``) and
without it (every row walked by Pyomo's linear visitor, as before), side by side in one
process on the same generated model. Prints, per size: the build time (once), the compile
time of each path (the fastest of ``--repeat`` runs, wall and CPU seconds), whether both
hand HiGHS the same LP, and with ``--solve`` the time of ``solve_model`` spent outside
HiGHS's ``run()`` on each path (one solve each, interior point method). Usage:

    python benchmarks/bench_compile.py [--sizes 30x6,30x58] [--repeat 3] [--solve]
"""

from __future__ import annotations

import argparse
import functools
import gc
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent


@contextmanager
def visitor_only() -> Iterator[None]:
    """Every expression declined by the form compiler, so Pyomo's visitor walks it: the
    compile path before the form compiler."""
    from pactopt.solver import compile as forms

    def decline(self: Any, node: Any, scale: float, out: Any) -> float:
        raise forms.Unsupported(node)

    saved = forms.FormCompiler.add
    forms.FormCompiler.add = decline  # type: ignore[method-assign]
    try:
        yield
    finally:
        forms.FormCompiler.add = saved  # type: ignore[method-assign]


def _lp(direct: Any) -> list[np.ndarray]:
    lp = direct.highs.getLp()
    a = lp.a_matrix_
    start, index, value = (np.asarray(x) for x in (a.start_, a.index_, a.value_))
    order = np.lexsort((index, np.repeat(np.arange(len(start) - 1), np.diff(start))))
    return [
        np.asarray(lp.col_cost_),
        np.asarray(lp.row_lower_),
        np.asarray(lp.row_upper_),
        start,
        index[order],
        value[order],
    ]


def _fastest(run: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        result = None
        gc.collect()
        wall, cpu = time.perf_counter(), time.process_time()
        result = run()
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return best_wall, best_cpu, result


def _outside_highs(m: Any, settings: Any) -> tuple[float, float]:
    """(solve_model s, of which outside HiGHS's run s), one solve without duals."""
    from pactopt.solver.highs import DirectHighs
    from pactopt.solver.solve import solve_model

    ran = [0.0]
    run = DirectHighs.run

    def timed(self: DirectHighs) -> Any:
        start = time.perf_counter()
        try:
            return run(self)
        finally:
            ran[0] += time.perf_counter() - start

    DirectHighs.run = timed  # type: ignore[method-assign]
    try:
        start = time.perf_counter()
        solve_model(m, settings, want_duals=False)
        total = time.perf_counter() - start
    finally:
        DirectHighs.run = run  # type: ignore[method-assign]
    return total, total - ran[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30x6,30x58")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--solve", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from generate import scaled_pact

    from pactopt.model.build import create_model
    from pactopt.solver.solve import model_size, open_solver

    print(
        "| size | variables | rows | build s | visitor compile s (CPU) | forms compile s (CPU) | "
        "speed-up | same LP |" + (" solve outside HiGHS s: visitor | forms |" if args.solve else "")
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|" + ("---:|---:|" if args.solve else ""))
    for size in args.sizes.split(","):
        instruments, regions = (int(x) for x in size.split("x"))
        data = scaled_pact(instruments, regions, lp_method="ipm")
        start = time.perf_counter()
        m = create_model(data)
        build = time.perf_counter() - start
        compile_it = functools.partial(open_solver, m, data.settings)
        with visitor_only():
            old_wall, old_cpu, old = _fastest(compile_it, args.repeat)
        new_wall, new_cpu, new = _fastest(compile_it, args.repeat)
        same = all(np.array_equal(a, b) for a, b in zip(_lp(old), _lp(new), strict=True))
        variables, rows, _ = model_size(new)
        del old, new
        line = (
            f"| {size} | {variables:,} | {rows:,} | {build:.2f} | {old_wall:.2f} ({old_cpu:.2f}) | "
            f"{new_wall:.2f} ({new_cpu:.2f}) | {old_wall / new_wall:.1f}× | "
            f"{'yes' if same else 'NO'} |"
        )
        if args.solve:
            with visitor_only():
                _, old_outside = _outside_highs(m, data.settings)
            _, new_outside = _outside_highs(m, data.settings)
            line += f" {old_outside:.2f} | {new_outside:.2f} |"
        print(line, flush=True)


if __name__ == "__main__":
    main()
