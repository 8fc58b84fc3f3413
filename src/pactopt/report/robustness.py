"""The Robustness sheet: the central plan and the robust plan on fresh draws (out of sample),
what the robust plan moves, and the Summary's sentence on what robustness costs and buys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.analysis.robust_evaluation import PLANS, RobustComparison, cvar
from pactopt.explain.robustness import robustness_sentence, spoken_robustness
from pactopt.report.layout import HEADING_FONT, print_setup
from pactopt.report.lead import lead, table, widen
from pactopt.schema.data import PactData

LABELS = {
    "net_output": "Net output, discounted (€m)",
    "net_jobs": "Net jobs, discounted",
    "value": "Value (€m)",
    "regret": "Regret (€m)",
}


@dataclass(frozen=True)
class RobustnessTables:
    """The tables of the Robustness sheet and the Summary's sentence."""

    spread: pd.DataFrame  # figure × plan: mean, p5, p50, p95 (and the CVaR of the value)
    instruments: pd.DataFrame  # what the robust plan moves, by instrument
    domains: pd.DataFrame  # … and by domain
    sentence: str
    # the sentence in Dutch and French, by language (report/spoken.py)
    spoken: Mapping[str, str] = field(default_factory=dict)

    def said(self, lang: str) -> str:
        """The Summary's sentence in ``lang``."""
        return self.spoken.get(lang, self.sentence)


def _spread(comparison: RobustComparison) -> pd.DataFrame:
    rows = []
    for figure, label in LABELS.items():
        for plan in PLANS:
            values = (
                comparison.regret(plan) if figure == "regret" else comparison.figures[plan][figure]
            )
            values = values[~np.isnan(values)]
            rows.append(
                {
                    "figure": label,
                    "plan": plan,
                    "mean": float(values.mean()),
                    "p5": float(np.percentile(values, 5)),
                    "p50": float(np.percentile(values, 50)),
                    "p95": float(np.percentile(values, 95)),
                    f"cvar_{comparison.alpha:g}": (
                        cvar(values, comparison.alpha) if figure == "value" else float("nan")
                    ),
                }
            )
    return pd.DataFrame(rows)


def _moves(data: PactData, comparison: RobustComparison) -> tuple[pd.DataFrame, pd.DataFrame]:
    central, robust = comparison.totals["central"], comparison.totals["robust"]
    instruments = pd.DataFrame(
        [
            {
                "instrument": i.id,
                "name": i.name,
                "domain": i.domain,
                "central_meur": central[i.id],
                "robust_meur": robust[i.id],
                "change_meur": robust[i.id] - central[i.id],
            }
            for i in data.instruments
        ]
    )
    domains = (
        instruments.groupby("domain", sort=False)[["central_meur", "robust_meur", "change_meur"]]
        .sum()
        .reset_index()
    )
    names = {d.id: d.name for d in data.domains}
    domains.insert(1, "name", [names[d] for d in domains["domain"]])
    return instruments, domains


def robustness_tables(data: PactData, comparison: RobustComparison) -> RobustnessTables:
    """The Robustness sheet's tables and the Summary's sentence."""
    instruments, domains = _moves(data, comparison)
    return RobustnessTables(
        _spread(comparison),
        instruments,
        domains,
        robustness_sentence(comparison),
        spoken_robustness(comparison),
    )


def robustness_sheet(ws: Worksheet, robustness: RobustnessTables) -> None:
    """What robustness costs and buys (the Summary's sentence) and the basis first, then the
    spread of both plans on fresh draws (discounted, named so) and what the robust plan
    moves."""
    spread = robustness.spread
    spread = spread[["plan", "figure", *(c for c in spread.columns if c not in ("plan", "figure"))]]
    frames = (
        (
            "Central and robust plan on fresh draws (out of sample, discounted)",
            spread.rename(columns=lambda c: "cvar" if str(c).startswith("cvar_") else c),
        ),
        ("What the robust plan moves, by domain (€m)", _moved(robustness.domains)),
        ("What the robust plan moves, by instrument (€m)", _moved(robustness.instruments)),
    )
    last_col = max(widen(ws, frame) for _, frame in frames)
    row = lead(ws, "The robust plan: what it costs and buys", [robustness.sentence], last_col)
    for title, frame in frames:
        ws.cell(row, 1, title).font = HEADING_FONT
        block = table(ws, frame, row + 1)
        row = block.last_row + 3
    print_setup(ws, last_row=row, last_col=last_col, title_row=None)


def _moved(frame: pd.DataFrame) -> pd.DataFrame:
    """A table of what the robust plan moves, its columns named for the Robustness sheet."""
    return frame.rename(
        columns={
            "central_meur": "central_plan_meur",
            "robust_meur": "robust_plan_meur",
            "change_meur": "robust_minus_central_meur",
        }
    )
