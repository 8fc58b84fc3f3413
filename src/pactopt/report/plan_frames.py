"""A plan as the frames the results are built from: its funding by instrument, funder and
year, and its headline figures (undiscounted impacts, credited jobs); and the frontier's
table, one row of those figures per point (``pipeline/sweeps.py``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pactopt.analysis.impacts import Impacts, instrument_totals, plan_figures, plan_impacts
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution


def funding_frame(data: PactData, result: Solution) -> pd.DataFrame:
    """The plan's funding by instrument, funder and year (€m), with each instrument's domain
    and each funder's kind."""
    funding = result.value_map("funding")
    # by column, not a dict per value (a million of them at 1e6 variables)
    instruments, funders, years = zip(*funding, strict=True) if funding else ((), (), ())
    frame = pd.DataFrame(
        {
            "instrument": list(instruments),
            "funder": list(funders),
            "year": list(years),
            "meur": list(funding.values()),
        },
        columns=["instrument", "funder", "year", "meur"],
    )
    domain = {i.id: i.domain for i in data.instruments}
    kind = {f.id: f.kind for f in data.funders}
    frame["domain"] = frame["instrument"].map(domain)
    frame["kind"] = frame["funder"].map(kind)
    return frame


@dataclass(frozen=True)
class Headline:
    """Undiscounted impacts of a plan and its credited jobs."""

    impacts: Impacts
    output_meur: float
    jobs: float


def headline(data: PactData, amounts: dict[str, float] | None, result: Solution | None) -> Headline:
    """A plan's undiscounted impacts and credited jobs (the announced ``amounts``, or the
    solved ``result``)."""
    impacts, jobs = plan_impacts(data, amounts, result)
    return Headline(impacts, impacts.output_meur, jobs)


def frontier_table(data: PactData, points: list[tuple[float, Solution]]) -> pd.DataFrame:
    """One row per frontier point: the jobs level asked for, net output and net jobs on the
    headline basis (undiscounted), the same discounted (the objective's units, which the
    frontier is traced on), gross output and jobs, money by kind, and domain totals."""
    rows = []
    for k, (floor, result) in enumerate(points, start=1):
        frame = funding_frame(data, result)
        totals = instrument_totals(data, result)
        head = headline(data, totals, result)
        net = plan_figures(data, result)  # the headline basis: net, undiscounted
        row: dict[str, object] = {
            "point": k,
            "jobs_floor": floor,
            "net_output_meur": net.net_output_meur,
            "net_jobs": net.net_jobs,
            "net_output_discounted": result.figures["net_output"],
            "net_jobs_discounted": result.figures["net_jobs"],
            "output_meur": head.output_meur,
            "jobs": head.jobs,
            "savings_meur": head.impacts.savings_meur,
            "public_meur": float(frame[frame["kind"].isin(["public", "EU"])]["meur"].sum()),
            "eu_meur": float(frame[frame["kind"] == "EU"]["meur"].sum()),
            "private_meur": float(frame[frame["kind"] == "private"]["meur"].sum()),
        }
        for d in data.domains:
            row[f"{d.id}_meur"] = float(frame[frame["domain"] == d.id]["meur"].sum())
        rows.append(row)
    return pd.DataFrame(rows)
