"""A peer column: the generated benchmark model built with linopy (a modelling layer built for
speed, on labelled arrays) and handed to the same HiGHS, against pactopt's build and solve.

    python benchmarks/bench_linopy.py [--sizes 30x1,30x6,30x58] [--lp-method ipm]

The linopy model is written here from the rules pactopt builds for the generated data
(`pactopt constraints` prints them): public and EU balances, budget neutrality, the EU cap,
shift caps and destinations, leverage, public-share bounds, ceilings, yearly capacity and
the two-segment curves; the objective is output and jobs less what the shifted lines would
have produced, at the Settings weights (no discounting in the generated data). Both optima
are printed, so the table shows that the two models are the same model.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import linopy
import numpy as np
import xarray as xr

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import scaled_pact

from pactopt.model.build import create_model
from pactopt.schema.data import PactData
from pactopt.solver.solve import solve_model


def linopy_model(data: PactData) -> Any:
    """The generated pact as a linopy model (maximisation)."""
    # absent (masked) shift slots count as 0 in sums, as linopy's legacy semantics have it
    warnings.filterwarnings("ignore", message=".*absent slots.*")

    s = data.settings
    instruments = [i.id for i in data.instruments]
    years = list(data.years)
    funders = [f.id for f in data.funders]
    public = [f.id for f in data.funders if f.kind == "public"]
    eu = [f.id for f in data.funders if f.kind == "EU"]
    lines = [b.id for b in data.budget_lines]
    domain_of = {i.id: i.domain for i in data.instruments}
    I_, Y_, L_ = ("instrument", instruments), ("year", years), ("line", lines)

    def array(values: Any, *dims: tuple[str, list[Any]]) -> xr.DataArray:
        return xr.DataArray(
            np.asarray(values, dtype=float), coords=dict(dims), dims=[d for d, _ in dims]
        )

    m = linopy.Model()
    x = m.add_variables(
        lower=0,
        coords=[instruments, funders, years],
        dims=["instrument", "funder", "year"],
        name="x",
    )
    allowed = array(
        [[domain_of[i] in b.to_domains for i in instruments] for b in data.budget_lines], L_, I_
    ).astype(bool)
    shift = m.add_variables(
        lower=0,
        coords=[lines, instruments, years],
        dims=["line", "instrument", "year"],
        mask=allowed.broadcast_like(
            array(np.zeros((len(lines), len(instruments), len(years))), L_, I_, Y_)
        ),
        name="shift",
    )
    new = m.add_variables(lower=0, coords=[public + eu, years], dims=["funder", "year"], name="n")
    spend = x.sum("funder")
    pub = x.sel(funder=public + eu).sum("funder")
    priv = x.sel(funder=[f for f in funders if f not in public + eu]).sum("funder")
    owner = {b.id: b.owner for b in data.budget_lines}
    for f in public:
        own = array([owner[line] == f for line in lines], L_)
        shifted_by_f = (shift * own).sum("line")  # (instrument, year)
        m.add_constraints(
            x.sel(funder=f).sum("instrument") == shifted_by_f.sum("instrument") + new.sel(funder=f),
            name=f"public_balance_{f}",
        )
        m.add_constraints(shifted_by_f <= x.sel(funder=f), name=f"shift_destination_{f}")
        if s.budget_neutral:
            m.add_constraints(new.sel(funder=f) <= 0, name=f"budget_neutral_{f}")
    for f in eu:
        m.add_constraints(x.sel(funder=f).sum("instrument") == new.sel(funder=f), name=f"eu_{f}")
        cap = next(r.new_money_cap_total_meur for r in data.funders if r.id == f)
        if cap is not None:
            m.add_constraints(new.sel(funder=f).sum("year") <= cap, name=f"eu_cap_{f}")
    cap_line = array(
        [
            [b.max_shift_share * (b.baseline_meur.get(y) or 0.0) for y in years]
            for b in data.budget_lines
        ],
        L_,
        Y_,
    )
    m.add_constraints(shift.sum("instrument") <= cap_line, name="shift_limit")
    rows = data.instruments
    leverage = array(
        [r.private_leverage_max if r.private_leverage_max is not None else np.inf for r in rows], I_
    )
    finite = leverage.where(np.isfinite(leverage), drop=True)
    if finite.size:
        chosen = list(finite["instrument"].values)
        m.add_constraints(
            priv.sel(instrument=chosen) <= finite * pub.sel(instrument=chosen),
            name="private_leverage",
        )
    m.add_constraints(
        pub >= array([r.public_share_min for r in rows], I_) * spend, name="share_min"
    )
    m.add_constraints(
        pub <= array([r.public_share_max for r in rows], I_) * spend, name="share_max"
    )
    m.add_constraints(
        spend.sum("year") <= array([r.max_total_meur for r in rows], I_), name="max_total"
    )
    capacity = array(
        [r.max_per_year_meur if r.max_per_year_meur is not None else np.inf for r in rows], I_
    )
    m.add_constraints(spend <= capacity, name="capacity")
    output_rate = array([r.output_per_eur_central for r in rows], I_)
    jobs_rate = array(
        [r.jobs_direct_per_meur_central + r.jobs_indirect_per_meur_central for r in rows], I_
    )
    curved = sorted({c.instrument for c in data.curves})
    plain = [i for i in instruments if i not in set(curved)]
    output = (output_rate.sel(instrument=plain) * spend.sel(instrument=plain)).sum()
    if curved:
        stated = sorted({c.segment for c in data.curves})
        # the open tail past the last stated segment keeps its factor (accounting.py)
        segments = [*stated, stated[-1] + 1]
        S_ = ("segment", segments)
        C_ = ("instrument", curved)
        fill = m.add_variables(
            lower=0,
            coords=[curved, segments, years],
            dims=["instrument", "segment", "year"],
            name="g",
        )
        by = {(c.instrument, c.segment): c for c in data.curves}

        def width_of(i: str, k: int) -> float:
            if k not in stated:
                return np.inf
            below = by[(i, k - 1)].upper_cum_meur if k > stated[0] else 0.0
            return by[(i, k)].upper_cum_meur - below

        width = array([[width_of(i, k) for k in segments] for i in curved], C_, S_)
        factor = array(
            [[by[(i, min(k, stated[-1]))].output_factor for k in segments] for i in curved], C_, S_
        )
        m.add_constraints(fill.sum("segment") == spend.sel(instrument=curved), name="curve_fill")
        bounded = [k for k in segments if k in stated]
        m.add_constraints(
            fill.sel(segment=bounded).sum("year") <= width.sel(segment=bounded),
            name="segment_width",
        )
        output = output + (output_rate.sel(instrument=curved) * factor * fill).sum()
    jobs = (jobs_rate * spend).sum()
    forgone = {b.id: (b.output_forgone_per_eur, b.jobs_forgone_per_meur) for b in data.budget_lines}
    lost_output = array([forgone[line][0] for line in lines], L_)
    lost_jobs = array([forgone[line][1] for line in lines], L_)
    shifted = shift.sum(["instrument"])
    objective = s.weight_output * (output - (lost_output * shifted).sum()) + s.meur_per_job * (
        jobs - (lost_jobs * shifted).sum()
    )
    m.add_objective(objective, sense="max")
    return m


def peer(data: PactData, lp_method: str, solve: bool = True) -> dict[str, float]:
    """The linopy model of ``data`` built, handed to HiGHS in memory (what
    ``solve(io_api="direct")`` does before HiGHS's run, as pactopt hands its matrix over) and
    solved there unless not ``solve``: seconds of each, and the optimum (NaN unsolved)."""
    start = time.perf_counter()
    model = linopy_model(data)
    build = time.perf_counter() - start
    options: dict[str, Any] = {"output_flag": False}
    if lp_method != "choose":
        options["solver"] = lp_method
    start = time.perf_counter()
    h = linopy.solvers.Highs.from_model(model, io_api="direct", options=options).solver_model
    handover = time.perf_counter() - start
    found = {
        "variables": model.nvars,
        "linopy_build": build,
        "linopy_handover": handover,
        "linopy_solve": float("nan"),
        "linopy_objective": float("nan"),
    }
    if solve:
        start = time.perf_counter()
        h.run()
        found["linopy_solve"] = time.perf_counter() - start
        # linopy keeps the objective's constant out of the matrix (there is none here)
        constant = float(model.objective.expression.const)
        found["linopy_objective"] = h.getInfo().objective_function_value + constant
    return found


def _row(size: str, lp_method: str) -> str:
    per_region, regions = (int(v) for v in size.split("x"))
    data = scaled_pact(per_region, regions, lp_method=lp_method)
    p = peer(data, lp_method)
    start = time.perf_counter()
    m = create_model(data)
    build = time.perf_counter() - start
    result = solve_model(m, data.settings, want_duals=False)
    solve = result.solve_seconds
    assert result.objective is not None
    peer_build, peer_solve = p["linopy_build"], p["linopy_handover"] + p["linopy_solve"]
    peer_objective = p["linopy_objective"]
    agree = abs(peer_objective - result.objective) <= 1e-6 * max(1.0, abs(result.objective))
    return (
        f"| {size} | {p['variables']:,.0f} | {peer_build:.2f} | {peer_solve:.2f} | {build:.2f} | "
        f"{solve:.2f} | {(build + solve) / (peer_build + peer_solve):.2f}× | "
        f"{result.objective:,.2f} | {peer_objective:,.2f} | {'yes' if agree else 'NO'} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="30x1,30x6,30x58")
    parser.add_argument("--lp-method", default="choose")
    args = parser.parse_args()
    print(
        "| size | variables (linopy) | linopy build s | linopy solve s | pactopt build s | "
        "pactopt solve s | pactopt / linopy | pactopt objective | linopy objective | same |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for size in args.sizes.split(","):
        print(_row(size, args.lp_method))


if __name__ == "__main__":
    main()
