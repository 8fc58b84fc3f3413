"""The Python interface for modellers and notebooks: the same steps as the command line, as
functions that return pandas tables.

    import pactopt
    plan = pactopt.read_workbook("inputs/digital_pact_2019_2030.xlsx")
    result = pactopt.solve(plan)
    result.tables["summary"]            # every results table, by name
    result.to_excel("outputs/mine.xlsx")

Each function takes the validated plan ``read_workbook`` returns (a scenario applied when
asked), never a path to re-read; bad input raises ``pactopt.errors.InputError`` with the
sheet, cell, value and rule of each problem, as the command line prints them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pactopt.analysis.engines import run_draws
from pactopt.analysis.frontier import trace_frontier
from pactopt.analysis.impacts import evaluate_plan
from pactopt.analysis.uncertainty import draw_coefficients, summarise
from pactopt.io.excel_read import DEFAULT_MAX_FILE_MB
from pactopt.io.excel_write import WritePolicy
from pactopt.model.registry import ConstraintRule, load_extension
from pactopt.pipeline import (
    Outcome,
    check_reference_plan,
    run_solve,
    write_diagnosis_of,
    write_outcome,
)
from pactopt.report.tables import ResultTables, frontier_table
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario
from pactopt.solver.solution import Solution


@dataclass(frozen=True)
class Plan:
    """A validated workbook: the data, and the file it came from (the results record it)."""

    data: PactData
    path: Path
    scenario: str | None = None


@dataclass(frozen=True)
class Result:
    """A solved plan: its status, objective and every results table as a DataFrame."""

    plan: Plan
    outcome: Outcome
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def status(self) -> str:
        """'optimal', 'infeasible', 'time limit (feasible)', …"""
        return self.outcome.result.status.value

    @property
    def objective(self) -> float | None:
        """The optimum in objective units (€m of weighted value), None without a solution."""
        return self.outcome.result.objective

    @property
    def solution(self) -> Solution:
        """The solver's solution: values, duals, ranges, labelled by the model's indices."""
        return self.outcome.result

    @property
    def diagnosis(self) -> pd.DataFrame | None:
        """Why there is no solution, in cells and euros (None when there is one)."""
        return self.outcome.diagnosis

    def to_excel(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write the results workbook (or, without a solution, the Diagnosis) to ``path``;
        an existing file is replaced only with ``overwrite=True`` (the input never is)."""
        policy = WritePolicy(force=overwrite)
        if self.outcome.tables is None:
            return write_diagnosis_of(self.outcome, Path(path), self.plan.path, policy)
        return write_outcome(self.outcome, Path(path), self.plan.path, policy=policy)


def read_workbook(
    path: str | Path, scenario: str | None = None, max_file_mb: float = DEFAULT_MAX_FILE_MB
) -> Plan:
    """Read and validate an input workbook (with one of its Scenarios applied if named)."""
    source = Path(path)
    data = (
        load_pact(source, max_file_mb)
        if scenario is None
        else load_scenario(source, scenario, max_file_mb)
    )
    return Plan(data, source, scenario)


def load_extensions(paths: Sequence[str | Path]) -> list[ConstraintRule]:
    """The constraint families of modeller extension files (``models/*.py``)."""
    return [rule for p in paths for rule in load_extension(Path(p))]


def _tables(tables: ResultTables | None) -> dict[str, pd.DataFrame]:
    if tables is None:
        return {}
    return {name: value for name, value in vars(tables).items() if isinstance(value, pd.DataFrame)}


def solve(
    plan: Plan,
    extensions: Sequence[str | Path] = (),
    alternatives: bool | None = None,
    relax_integers: bool = False,
) -> Result:
    """Optimise the plan (with extension files if given) and explain the result;
    ``relax_integers`` solves the LP relaxation of a MILP (an upper bound, for analysis)."""
    outcome = run_solve(
        plan.data,
        plan.path,
        extensions=load_extensions(extensions),
        alternatives=alternatives,
        relax_integers=relax_integers,
    )
    return Result(plan, outcome, _tables(outcome.tables))


def evaluate(plan: Plan) -> pd.DataFrame:
    """The reference plan's impacts by domain as the workbook gives it (no optimisation),
    with a last row of totals and, in ``attrs["within_rules"]``, whether it can be financed
    within the workbook's own rules and the sentence saying what breaks if not."""
    rows = [{"domain": d, **vars(impacts)} for d, impacts in evaluate_plan(plan.data).items()]
    frame = pd.DataFrame(rows)
    totals = frame.drop(columns="domain").sum()
    frame = pd.concat([frame, pd.DataFrame([{"domain": "total", **totals}])], ignore_index=True)
    reference, breaches = check_reference_plan(plan.data)
    frame.attrs["within_rules"] = {"feasible": reference.feasible, "breaches": breaches}
    return frame


def frontier(
    plan: Plan,
    points: int = 7,
    extensions: Sequence[str | Path] = (),
    workers: int = 1,
    scheduler: str | None = None,
) -> pd.DataFrame:
    """``points`` Pareto-optimal plans from most net output to most net jobs, one row each
    (the points between the ends on ``workers`` processes, or on a Dask cluster with
    ``scheduler``: its address, or ``"local"``)."""
    files = [Path(e) for e in extensions]
    load_extensions(files)  # a bad file is refused here, before any solve
    traced = trace_frontier(plan.data, points, files, workers=workers, scheduler=scheduler)
    solved = [(p.jobs_floor, p.result) for p in traced if p.result.status.has_solution]
    return frontier_table(plan.data, solved)


def uncertainty(
    plan: Plan,
    draws: int = 50,
    seed: int = 1,
    workers: int = 1,
    scheduler: str | None = None,
    extensions: Sequence[str | Path] = (),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(percentiles of the discounted figures, robustness of each instrument) over ``draws``
    seeded draws of the low/central/high coefficients (on a Dask cluster with
    ``scheduler``: its address, or ``"local"``), the model built with ``extensions``."""
    coefficients = draw_coefficients(plan.data, draws, seed)
    files = [Path(e) for e in extensions]
    load_extensions(files)  # a bad file is refused here, before any draw
    results = run_draws(
        plan.path,
        coefficients,
        workers=workers,
        data=plan.data,
        scheduler=scheduler,
        extensions=files,
    )
    percentiles, robustness = summarise(plan.data, results)
    return percentiles, robustness
