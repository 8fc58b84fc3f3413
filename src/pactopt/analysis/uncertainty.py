"""Monte Carlo over the impact coefficients, re-solving one persistent model per worker.

Every draw's coefficients are generated up front in the parent from the seed (one row per
draw), and every draw starts from the same basis (the central plan's), so the results do
not depend on how draws are split over workers (``analysis/engines.py`` runs them: in
process, on a process pool or on a Dask cluster). Each worker builds the model once, then
for each of its draws sets the mutable coefficient parameters and re-solves with the same
HiGHS instance.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from pactopt.analysis.impacts import drawn_net_figures
from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.model.draws import Draws, draw_coefficients
from pactopt.model.registry import load_extension
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import SolveStatus
from pactopt.solver.solve import open_solver, run_solver

__all__ = ["DrawResult", "Draws", "PersistentSolver", "draw_coefficients"]

FIGURES = ("net_output", "net_jobs", "output", "jobs", "savings")
# the headline basis of each draw: net and undiscounted, as the source states its figures
HEADLINE = ("net_output_meur", "net_jobs_undiscounted")
# the percentiles' rows: the headline basis first, then the objective's discounted terms
PERCENTILE_KEYS = (*HEADLINE, *FIGURES)
# their keys in --json and the Draws sheet's columns: one name per figure, the discounted
# ones named so
DRAW_COLUMNS = ("net_output_meur", "net_jobs", *(f"{f}_discounted" for f in FIGURES))
# the figures are the objective's terms, discounted (Settings discount_rate), unlike the
# Summary's undiscounted ones: every label says so
FIGURE_LABELS = {
    "net_output_meur": "Net output (€m)",
    "net_jobs_undiscounted": "Net jobs",
    # the glossary's names (pactopt.glossary): the draws' figures are discounted
    "net_output": "Net output, discounted (€m)",
    "net_jobs": "Net jobs, discounted",
    "output": "Gross output, discounted (€m)",
    "jobs": "Gross jobs, discounted",
    "savings": "Savings, discounted (€m)",
}


def set_impact_coefficients(
    built: BuiltModel,
    direct: DirectHighs,
    instruments: list[str],
    output_per_eur: list[float],
    jobs_per_meur: list[float],
) -> None:
    """Give the model's mutable impact coefficients new values (one per instrument) and
    re-read them into HiGHS: the one lasting change a sweep makes to its own model."""
    for i, output, jobs in zip(instruments, output_per_eur, jobs_per_meur, strict=True):
        built.pyomo.output_per_eur[i] = float(output)
        built.pyomo.jobs_per_meur[i] = float(jobs)
    direct.update_parameters()


@dataclass(frozen=True)
class DrawResult:
    """One draw's figures and instrument totals (None values when it had no optimum)."""

    index: int
    figures: dict[str, float] | None
    totals: dict[str, float] | None


class PersistentSolver:
    """One model, built once, re-solved for each set of coefficients."""

    def __init__(self, data: PactData, extensions: Sequence[str] = ()) -> None:
        """Build the model of ``data`` with the modeller's extension files at the paths
        ``extensions`` (loaded here, so that a worker process can be given paths)."""
        # each draw is solved for its own best plan: the weighted objective, whatever the mode
        # (the robust objective is over draws already; lexicographic is not re-solved here)
        if data.settings.objective_mode == "robust":
            weighted = data.settings.model_copy(update={"objective_mode": "weighted"})
            data = replace(data, settings=weighted)
        self.data = data
        rules = [rule for path in extensions for rule in load_extension(Path(path))]
        self.model = create_model(data, rules)
        self.direct = open_solver(self.model, data.settings, threads=1, track_parameters=True)
        self.ids = [i.id for i in data.instruments]
        # instrument totals do not depend on the coefficients: their forms are made once
        self.total_forms = self.direct.linear_forms(
            [self.model.pyomo.total_spend[i] for i in self.ids]
        )
        # so are what the shifted lines would have produced and the projects built: with the
        # drawn coefficients they give the draw's net figures, undiscounted (the headline)
        self.plan_forms = self.direct.linear_forms(_plan_expressions(self.model, data))
        self.projects = [p.id for p in data.projects]
        # every draw starts from the central plan's basis, not from the last draw's: a draw's
        # numbers then depend on its coefficients alone, whichever draws this worker solved
        # before (a MIP is solved afresh each time anyway)
        if not self.direct.integer_cols and run_solver(self.direct) is SolveStatus.OPTIMAL:
            self.direct.hold_start()

    def solve(self, index: int, output: np.ndarray, jobs: np.ndarray) -> DrawResult:
        """Set the coefficients of one draw and re-solve."""
        built, direct = self.model, self.direct
        set_impact_coefficients(built, direct, self.ids, output.tolist(), jobs.tolist())
        direct.restart()
        if run_solver(direct) is not SolveStatus.OPTIMAL:
            return DrawResult(index, None, None)
        x = direct.column_values()
        forms = direct.linear_forms([built.component(name) for name in FIGURES])
        figures = {name: f.value(x) for name, f in zip(FIGURES, forms, strict=True)}
        figures["value"] = direct.objective_value()  # the weighted objective, €m
        totals = {i: f.value(x) for i, f in zip(self.ids, self.total_forms, strict=True)}
        lost_output, lost_jobs, *builds = (f.value(x) for f in self.plan_forms)
        net_output, net_jobs = drawn_net_figures(
            self.data,
            totals,
            dict(zip(self.projects, builds, strict=True)),
            (lost_output, lost_jobs),
            dict(zip(self.ids, output.tolist(), strict=True)),
            dict(zip(self.ids, jobs.tolist(), strict=True)),
        )
        figures[HEADLINE[0]], figures[HEADLINE[1]] = net_output, net_jobs
        return DrawResult(index, figures, totals)


def _plan_expressions(built: BuiltModel, data: PactData) -> list[Any]:
    """Output and jobs the shifted lines would have produced (undiscounted), then each
    project's build variable: the parts of a draw's net figures its coefficients do not set."""
    shift, build = built.component("shift"), built.component("build")
    lines = {b.id: b for b in data.budget_lines}
    shifts = list(shift.keys())
    output = sum(shift[k] * lines[k[0]].output_forgone_per_eur for k in shifts)
    jobs = sum(shift[k] * lines[k[0]].jobs_forgone_per_meur for k in shifts)
    return [output, jobs, *(build[p.id] for p in data.projects)]


def summarise(
    data: PactData, results: list[DrawResult], threshold_share: float = 0.5
) -> tuple[Any, Any]:
    """(percentiles of the figures, robustness of each instrument): the share of draws in
    which each instrument is funded above ``min_total + threshold_share × (max − min)``."""
    import pandas as pd

    solved = [r for r in results if r.figures is not None]
    table = pd.DataFrame([r.figures for r in solved])
    quantiles = [0.05, 0.25, 0.5, 0.75, 0.95]
    keys = PERCENTILE_KEYS
    # a figure no draw has (none solved) is blank, not an error
    columns = {f: table[f] if f in table else pd.Series(dtype=float) for f in keys}
    percentiles = pd.DataFrame(
        {
            "figure": [FIGURE_LABELS[f] for f in keys],
            **{
                f"p{int(q * 100)}": [float(columns[f].quantile(q)) for f in keys] for q in quantiles
            },
            "mean": [float(columns[f].mean()) for f in keys],
        }
    )
    rows = []
    for i in data.instruments:
        cut = i.min_total_meur + threshold_share * (i.max_total_meur - i.min_total_meur)
        totals = [r.totals[i.id] for r in solved if r.totals is not None]
        funded = [t > cut + 1e-6 for t in totals]
        share = float(np.mean(funded)) if funded else float("nan")
        verdict = _verdict(share, totals, i.min_total_meur)
        rows.append(
            {
                "instrument": i.id,
                "name": i.name,
                "threshold_meur": cut,
                "share_of_draws_above": share,
                "verdict": verdict,
            }
        )
    robustness = pd.DataFrame(rows)
    return percentiles, robustness


def _verdict(share: float, totals: list[float], floor: float) -> str:
    """What the share of draws above the threshold says, in words that count what they name:
    an instrument held at its floor (above 0) in every draw is funded in every draw, not
    'rarely'."""
    if share >= 0.9:
        return "robust core: above the threshold in at least 90% of draws"
    if share > 0.1:
        return "fragile: above the threshold in some draws, not in others"
    if totals and floor > 0 and all(abs(t - floor) <= 1e-6 for t in totals):
        return "at its floor in every draw"
    if totals and all(t > 1e-6 for t in totals):
        return "funded in every draw, rarely above the threshold"
    return "rarely above the threshold"


def draw_table(draws: Draws, results: list[DrawResult]) -> Any:
    """One row per draw: its figures (blank when it had no optimum), the headline basis
    first (``net_output_meur``, ``net_jobs``), then the discounted ones (``*_discounted``)."""
    import pandas as pd

    rows = []
    for r in results:
        row: dict[str, object] = {"draw": r.index + 1}
        row.update(r.figures or {})
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["draw", *PERCENTILE_KEYS])
    return frame.rename(columns=dict(zip(PERCENTILE_KEYS, DRAW_COLUMNS, strict=True)))
