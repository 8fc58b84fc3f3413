"""The Projects sheet: which indivisible projects the plan builds, what each costs and
yields, and what each decision is worth."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pactopt.analysis.plans import ProjectDecision
from pactopt.model.registry import meur_text, row_name
from pactopt.schema.data import PactData

COLUMNS = [
    "project",
    "name",
    "instrument",
    "built",
    "mandatory",
    "cost_meur",
    "output_meur",
    "jobs",
    "value_of_decision_meur",
    "meaning",
]


def _meaning(data: PactData, decision: ProjectDecision) -> str:
    row = data.row("projects", decision.project)
    value = decision.value_meur
    if value is None:
        why = "it is mandatory" if row.mandatory else "no plan meets every rule without it"
        if not decision.built:
            why = "no plan meets every rule with it"
        state = "Built" if decision.built else "Not built"
        return f"{state}, and forced: {why} ({data.cell('Projects', row.id, 'mandatory')})."
    if decision.built:
        return f"Built: leaving it out would lose {meur_text(value)} of value."
    return f"Not built: building it would cost {meur_text(value)} of value."


def projects_table(data: PactData, decisions: Sequence[ProjectDecision]) -> pd.DataFrame:
    """One row per project."""
    rows = []
    for d in decisions:
        row = data.row("projects", d.project)
        rows.append(
            (
                d.project,
                row.name,
                row_name(data, "instruments", row.instrument),
                "yes" if d.built else "no",
                "yes" if row.mandatory else "no",
                sum(v or 0.0 for v in row.cost_meur.values()),
                row.output_meur,
                row.jobs,
                d.value_meur,
                _meaning(data, d),
            )
        )
    return pd.DataFrame(rows, columns=COLUMNS)
