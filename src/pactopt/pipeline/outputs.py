"""Writing a finished solve: the results workbook, or the Diagnosis of an infeasible one."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pactopt.explain.scenario_answers import scenario_overrides
from pactopt.pipeline.solved import Outcome
from pactopt.report.workbook import write_diagnosis, write_results
from pactopt.solver.solution import SolveStatus
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy


def write_diagnosis_of(
    outcome: Outcome, out_path: Path, input_path: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """Write the Diagnosis workbook of an infeasible outcome; the name it got."""
    assert outcome.diagnosis is not None
    return write_diagnosis(
        out_path, outcome.diagnosis, outcome.run, protect=input_path, policy=policy
    )


def write_outcome(
    outcome: Outcome,
    out_path: Path,
    input_path: Path,
    comparison: pd.DataFrame | None = None,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the results workbook of a solved outcome (with a Comparison sheet if given);
    the name it got."""
    if outcome.tables is None or outcome.result.status not in (
        SolveStatus.OPTIMAL,
        SolveStatus.TIME_LIMIT_FEASIBLE,
    ):
        raise ValueError("no solution to write")
    return write_results(
        out_path,
        outcome.tables,
        outcome.run,
        protect=input_path,
        comparison=comparison,
        robustness=outcome.robustness,
        policy=policy,
        scenario_overrides=scenario_overrides(outcome.data.scenarios),
    )
