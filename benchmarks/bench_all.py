"""Every figure of issue 16 in one table: a row per size, pactopt's whole pipeline against
HiGHS alone, the linopy peer, peak memory and the frontier re-solve, with the targets.

    python benchmarks/bench_all.py [--sizes 30x1,30x6,30x58,30x581] [--lp-method ipm]
                                   [--repeat 3] [--points 7]

Each measurement is the existing script's, run in fresh processes as that script runs it:
``bench_scale.py`` (read, build, compile into HiGHS, solve, write and peak memory in one
process; HiGHS alone on the exported matrix in another), ``bench_linopy.py`` (the same data
built with linopy and handed to HiGHS in memory, in a process of its own) and
``bench_resolve.py`` (a frontier traced by pactopt, then the same re-solves by HiGHS alone).
Sizes under 300,000 variables keep the fastest of ``--repeat`` runs of each timing; larger
sizes run once, and their frontier is not traced (it would take longer than everything else).
The table is markdown, for benchmarks/README.md; a cell with a target says ✓ or ✗.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_scale import REPEAT_BELOW, child, fastest, measure_size  # noqa: E402

# issue 16's targets (issue 6's for (build + solve) / HiGHS), by the decade of variables the
# target names: 1e5 for 30,000-299,999 variables, 1e6 from 300,000; None: at every size
TARGETS: dict[str, dict[int | None, float]] = {
    "read": {5: 0.3, 6: 2.0},
    "pipeline_ratio": {5: 1.3, 6: 1.15},
    "build_solve_ratio": {5: 2.0},
    "handover": {6: 12.0},
    "peak": {6: 3 * 1024},
    "resolve_ratio": {None: 1.3},
}
LINOPY_TIMINGS = ("linopy_build", "linopy_handover")
COLUMNS = (
    "size",
    "variables",
    "constraints",
    "read s",
    "build s",
    "compile s",
    "solve s after compile",
    "write s",
    "pipeline s",
    "HiGHS alone s",
    "pipeline / HiGHS",
    "(build + solve) / HiGHS",
    "build + hand-over s",
    "linopy build + hand-over s",
    "pactopt / linopy",
    "peak MiB",
    "HiGHS alone MiB",
    "re-solve s per point (HiGHS alone)",
    "re-solve / HiGHS",
    "same optimum",
    "runs",
)


def decade(variables: float) -> int | None:
    """The decade of variables a target names: 5 (~1e5), 6 (~1e6), or None below 30,000."""
    if variables >= REPEAT_BELOW:
        return 6
    return 5 if variables >= 30_000 else None


def marked(value: float, text: str, figure: str, variables: float) -> str:
    """``text`` with ✓ or ✗ when ``figure`` has a target at this size."""
    targets = TARGETS[figure]
    target = targets.get(decade(variables), targets.get(None))
    if target is None or math.isnan(value):
        return text
    return f"{text} {'✓' if value <= target else '✗'}"


def target_text(figure: str, unit: str) -> str:
    """The target row's cell of ``figure``: '≤ 1.3× (1e5), ≤ 1.15× (1e6)'."""
    return ", ".join(
        f"≤ {t:,g}{unit}" + (f" (1e{d})" if d is not None else "")
        for d, t in TARGETS[figure].items()
    )


def _linopy_child(size: str, lp_method: str, check: bool) -> dict[str, Any]:
    """The linopy peer's build and hand-over in this process (and its optimum if ``check``)."""
    from bench_linopy import peer
    from generate import scaled_pact

    per_region, regions = (int(v) for v in size.split("x"))
    return peer(scaled_pact(per_region, regions, lp_method=lp_method), lp_method, solve=check)


def measure(size: str, lp_method: str, repeat: int, points: int) -> dict[str, Any]:
    """Every figure of one size: the scale row, the linopy peer's, the frontier re-solve's."""
    row = measure_size(size, lp_method, False, repeat)
    calls = itertools.count()  # the first linopy run also solves, to compare the optima

    def linopy_once() -> dict[str, Any]:
        check = ["--check"] if next(calls) == 0 else []
        return child("--linopy", size, "--lp-method", lp_method, *check, script=__file__)

    try:
        row |= fastest(linopy_once, repeat, LINOPY_TIMINGS) | {"variables": row["variables"]}
    except SystemExit as failed:  # the peer's failure is a cell of the table, not its end
        print(f"{size}: the linopy peer failed: {failed}", file=sys.stderr, flush=True)
        row |= dict.fromkeys(LINOPY_TIMINGS, math.nan)
    if row["variables"] < REPEAT_BELOW:
        flags = ("--resolve", size, "--points", str(points), "--lp-method", lp_method)
        found = child(*flags, script=__file__)
        row |= {"resolve_pactopt_s": found["pactopt_s"], "resolve_highs_s": found["highs_s"]}
        row["resolve_agree"] = found["agree"]
    # the whole row, so that a run stopped at a later size keeps what it measured
    print(f"measured {size}, every figure: {json.dumps(row)}", file=sys.stderr, flush=True)
    return row


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def table(rows: list[dict[str, Any]]) -> list[str]:
    """The markdown table of ``rows``, and its target row."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|---" + "|---:" * 18 + "|---|---:|"]
    for r in rows:
        v = r["variables"]
        # sums of the cells shown (each the fastest of its runs), so that the row adds up
        handover = r["build"] + r["compile"]
        build_solve = handover + r["run"]
        pipeline = r["read"] + build_solve + r["write"]
        peer = r["linopy_build"] + r["linopy_handover"]
        resolve = r.get("resolve_pactopt_s", math.nan) / r.get("resolve_highs_s", math.nan)
        same = _same(r["objective"], r["highs_objective"])
        if not math.isnan(r.get("linopy_objective", math.nan)):
            same = same and _same(r["linopy_objective"], r["objective"])
        same = same and r.get("resolve_agree", 0.0) <= 1e-6  # each frontier point's output
        cells = [
            r["size"],
            f"{v:,}",
            f"{r['constraints']:,}",
            marked(r["read"], f"{r['read']:.2f}", "read", v),
            f"{r['build']:.2f}",
            f"{r['compile']:.2f}",
            f"{r['run']:.2f}",
            f"{r['write']:.2f}",
            f"{pipeline:.2f}",
            f"{r['highs']:.2f}",
            marked(pipeline / r["highs"], f"{pipeline / r['highs']:.2f}×", "pipeline_ratio", v),
            marked(
                build_solve / r["highs"], f"{build_solve / r['highs']:.2f}×", "build_solve_ratio", v
            ),
            marked(handover, f"{handover:.2f}", "handover", v),
            "failed" if math.isnan(peer) else f"{peer:.2f}",
            "–" if math.isnan(peer) else f"{handover / peer:.2f}×",
            marked(r["peak_mib"], f"{r['peak_mib']:,.0f}", "peak", v),
            f"{r['highs_peak_mib']:,.0f}",
            "–"
            if math.isnan(resolve)
            else f"{r['resolve_pactopt_s']:.3f} ({r['resolve_highs_s']:.3f})",
            "–" if math.isnan(resolve) else marked(resolve, f"{resolve:.2f}×", "resolve_ratio", v),
            "yes" if same else "NO",
            str(r["runs"]),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    target = {
        "read s": target_text("read", " s"),
        "pipeline / HiGHS": target_text("pipeline_ratio", "×"),
        "(build + solve) / HiGHS": target_text("build_solve_ratio", "×"),
        "build + hand-over s": target_text("handover", " s"),
        "peak MiB": target_text("peak", ""),
        "re-solve / HiGHS": target_text("resolve_ratio", "×"),
    }
    cells = [target.get(c, "") for c in COLUMNS]
    cells[0] = "target"
    lines.append("| " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="30x1,30x6,30x58,30x581")
    parser.add_argument("--lp-method", default="ipm", choices=("choose", "simplex", "ipm"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--points", type=int, default=7, help="frontier points per re-solve")
    parser.add_argument("--linopy", help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--resolve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.linopy:
        print(json.dumps(_linopy_child(args.linopy, args.lp_method, args.check)))
        return
    if args.resolve:
        from bench_resolve import measure as resolve

        print(json.dumps(resolve(args.resolve, args.points, args.lp_method)))
        return
    start, load = time.perf_counter(), os.getloadavg()[0]
    rows = [
        measure(size, args.lp_method, args.repeat, args.points) | {"size": size}
        for size in args.sizes.split(",")
    ]
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(
        f"measured {stamp}, lp_method {args.lp_method}, load average {load:.1f} → "
        f"{os.getloadavg()[0]:.1f}, {time.perf_counter() - start:.0f} s in all"
    )
    print()
    print("\n".join(table(rows)))


if __name__ == "__main__":
    main()
