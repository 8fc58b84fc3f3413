"""The brief's time beyond the solve, on the reference workbook (and the mid-term one): the
Monte Carlo range of the plan (``--draws`` evaluations), the switching values (bisections by
warm re-solves) and the rendering (sentences, HTML, Typst PDF) in each language, the fastest
of ``--repeat`` runs each; the solve itself is timed for scale. The target is the brief
beyond the solve, without its Monte Carlo part, under 3 s. Usage:

    python benchmarks/bench_brief.py [--repeat 3] [--draws 200] [--midterm]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from pactopt.i18n import LANGUAGES
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.pipeline.brief import make_brief, plan_draws, switching_values
from pactopt.schema.parse import load_pact

INPUTS = Path(__file__).resolve().parent.parent / "inputs"
TARGET_S = 3.0


def _best(repeat: int, run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def bench(path: Path, repeat: int, draws: int) -> dict[str, float]:
    """Seconds of each part of the brief of one workbook."""
    data = load_pact(path)
    start = time.perf_counter()
    outcome = run_solve(data, path, SolveOptions(alternatives=False))
    times = {"solve (for scale)": time.perf_counter() - start}
    assert outcome.tables is not None
    moves = outcome.tables.moves
    times["monte carlo"] = _best(repeat, lambda: plan_draws(data, outcome.result, draws))
    times["switching values"] = _best(repeat, lambda: switching_values(data, moves))
    made = make_brief(outcome, "en", path, dt.date(2026, 12, 6))  # warms catalogues, Typst
    for lang in LANGUAGES:
        times[f"render {lang}"] = _best(
            repeat, lambda lang=lang: make_brief_render(outcome, lang, path, made)
        )
    times["beyond the solve, without Monte Carlo (en)"] = (
        times["switching values"] + times["render en"]
    )
    return times


def make_brief_render(outcome, lang, path, made):  # type: ignore[no-untyped-def]
    """Sentences, HTML and PDF only: the analyses of ``made`` are reused."""
    from pactopt.pipeline.brief import BriefAnalyses

    analyses = BriefAnalyses(
        made.sources.tables["uncertainty"], made.sources.tables["switching"], {}
    )
    return make_brief(outcome, lang, path, dt.date(2026, 12, 6), analyses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--draws", type=int, default=200)
    parser.add_argument("--midterm", action="store_true", help="also the mid-term workbook")
    args = parser.parse_args()
    names = ["digital_pact_2019_2030.xlsx"] + (
        ["digital_pact_midterm_2025.xlsx"] if args.midterm else []
    )
    for name in names:
        times = bench(INPUTS / name, args.repeat, args.draws)
        print(f"{name}")
        for part, seconds in times.items():
            print(f"  {part:<45} {seconds:7.3f} s")
        beyond = times["beyond the solve, without Monte Carlo (en)"]
        verdict = "within" if beyond < TARGET_S else "OVER"
        print(f"  {verdict} the {TARGET_S:.0f} s target")


if __name__ == "__main__":
    main()
