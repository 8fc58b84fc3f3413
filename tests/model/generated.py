"""A pact that is not the reference case, made by the benchmarks' generator
(``benchmarks/generate.py``) with a reference plan at the middle of each instrument's range
(``benchmarks/bench_least_change.py``): what the least-change and k-moves tests check
beside the shipped workbook and the tiny instances."""

from __future__ import annotations

import sys
from pathlib import Path

from pactopt.schema.data import PactData

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def generated_pact(per_region: int = 4, regions: int = 2, years: int = 4) -> PactData:
    """``per_region × regions`` instruments over ``years`` years (8 over 4 by default)."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_least_change import with_reference_plan
        from generate import scaled_pact
    finally:
        sys.path.remove(str(BENCHMARKS))
    data: PactData = with_reference_plan(scaled_pact(per_region, regions, years=years))
    return data
