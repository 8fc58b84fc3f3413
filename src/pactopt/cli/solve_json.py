"""What ``pactopt solve --json`` prints: the fields of ``report.json_models.SolveOutput``
from a solve's outcome, its files and its scenarios."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from pactopt.pipeline import Outcome
from pactopt.report.json_payloads import figures_out, records, run_record, scenario_out
from pactopt.report.paragraph import headline_parts
from pactopt.report.spoken import speaking


def solve_fields(
    outcome: Outcome,
    written: Path,
    tables_dir: Path | None,
    named: list[tuple[str, Outcome]],
    comparison: pd.DataFrame | None,
) -> dict[str, Any]:
    """The fields of ``solve --json`` (``report.json_models.SolveOutput``)."""
    tables = outcome.tables
    assert tables is not None
    return {
        "status": outcome.result.status.value,
        "objective": outcome.result.objective,
        "output_file": str(written),
        "tables_dir": None if tables_dir is None else str(tables_dir),
        "scenario": outcome.data.scenario,
        "run": run_record(outcome.run),
        "summary": headline_parts(speaking(tables, "en")),  # JSON speaks English
        "figures": figures_out(tables.summary),
        "domains": records(tables.domains),
        "instruments": records(tables.allocation),
        "projects": [
            {k: (v == "yes") if k in ("built", "mandatory") else v for k, v in r.items()}
            for r in records(tables.projects)
        ],
        "marginal_values": records(tables.marginal),
        "binding": records(tables.binding),
        "scenarios": [
            scenario_out(
                name,
                o.result.status.value,
                o.result.objective,
                o.tables.summary if o.tables is not None else None,
            )
            for name, o in (named if len(named) > 1 else [])
        ],
        "comparison": records(comparison),
        "io_comparison": records(tables.io_comparison),
        "moves": (
            {
                "sentences": list(tables.moves_text),
                "moves": records(tables.moves),
                "curve": records(tables.moves_curve),
                "least_change": tables.least_change_text,
            }
            if tables.moves_text or tables.least_change_text
            else None
        ),
        "review": (
            {
                "as_of_year": outcome.data.settings.as_of_year,
                "sentences": list(tables.review_text),
                "areas": records(tables.review),
                "impacts": records(tables.review_impacts),
                "past_breaches": records(tables.past_breaches),
            }
            if tables.review_text
            else None
        ),
    }
