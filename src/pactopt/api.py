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

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from pactopt.analysis.impacts import evaluate_plan
from pactopt.model.registry import ConstraintRule, load_extension
from pactopt.pipeline import (  # noqa: F401 (the requests are part of the API)
    FrontierRequest,
    Outcome,
    SensitivityRequest,
    SolveOptions,
    Spread,
    UncertaintyRequest,
    check_reference_plan,
    run_solve,
    write_diagnosis_of,
    write_outcome,
)
from pactopt.pipeline.scenarios import run_scenarios
from pactopt.pipeline.sweeps import run_frontier, run_global_sensitivity, run_uncertainty
from pactopt.report.tables import ResultTables
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario
from pactopt.solver.solution import Solution
from pactopt.xlsx.read import DEFAULT_MAX_FILE_MB
from pactopt.xlsx.write import WritePolicy


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
        """The value of the plan shown in objective units (€m of weighted value), None
        without a solution: the least-change plan's, within Settings least_change_tolerance
        of ``best_objective``."""
        return self.outcome.result.objective

    @property
    def best_objective(self) -> float | None:
        """The optimum's value (the best attainable), None without a solution."""
        return self.outcome.result.best_objective

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


Request = TypeVar("Request", SolveOptions, FrontierRequest, UncertaintyRequest, SensitivityRequest)


def _request(kind: type[Request], given: Request | None, fields: dict[str, Any]) -> Request:
    """``given`` (or the command's defaults) with ``fields`` changed: the API's keyword
    arguments are the request's fields, so its defaults are the command line's."""
    return dataclasses.replace(given if given is not None else kind(), **fields)


def solve(
    plan: Plan,
    extensions: Sequence[str | Path] = (),
    options: SolveOptions | None = None,
    **fields: Any,
) -> Result:
    """Optimise the plan (with extension files if given) and explain the result, as
    ``pactopt solve`` does; keyword arguments are ``SolveOptions`` fields
    (``alternatives=False``; ``relax_integers=True`` solves the LP relaxation of a MILP, an
    upper bound for analysis)."""
    chosen = _request(SolveOptions, options, fields)
    outcome = run_solve(plan.data, plan.path, chosen, extensions=load_extensions(extensions))
    return Result(plan, outcome, _tables(outcome.tables))


@dataclass(frozen=True)
class Scenarios:
    """The base and its scenarios solved, as ``pactopt solve --all-scenarios`` does."""

    results: Mapping[str, Result]
    comparison: pd.DataFrame | None


def scenarios(
    plan: Plan,
    extensions: Sequence[str | Path] = (),
    options: SolveOptions | None = None,
    **fields: Any,
) -> Scenarios:
    """Solve the base and every scenario of the workbook and compare them side by side, as
    ``pactopt solve --all-scenarios`` does (``comparison``: headline figures, domain totals
    and the binding rules that differ); one scenario alone is
    ``solve(read_workbook(path, scenario=NAME))``."""
    chosen = _request(SolveOptions, options, fields)
    runs = run_scenarios(plan.data, plan.path, None, chosen, extensions=load_extensions(extensions))
    results = {
        name: Result(Plan(o.data, plan.path, o.data.scenario), o, _tables(o.tables))
        for name, o in runs.named
    }
    return Scenarios(results, runs.comparison)


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
    request: FrontierRequest | None = None,
    extensions: Sequence[str | Path] = (),
    **fields: Any,
) -> pd.DataFrame:
    """Pareto-optimal plans from most net output to most net jobs, one row each, as
    ``pactopt frontier`` gives them; keyword arguments are ``FrontierRequest`` fields
    (``points=7``, ``spread=Spread(workers, scheduler)``)."""
    rules = load_extensions(extensions)  # a bad file is refused here, before any solve
    return run_frontier(
        plan.data, plan.path, _request(FrontierRequest, request, fields), rules
    ).table


def uncertainty(
    plan: Plan,
    request: UncertaintyRequest | None = None,
    extensions: Sequence[str | Path] = (),
    **fields: Any,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(percentiles of net output and net jobs on the headline basis, then of the discounted
    figures; robustness of each instrument) over seeded
    draws of the low/central/high coefficients, as ``pactopt uncertainty`` gives them: by
    default the workbook's Settings uncertainty_draws draws from seed 0; keyword arguments
    are ``UncertaintyRequest`` fields (``draws``, ``seed``, ``threshold``, ``spread``)."""
    rules = load_extensions(extensions)  # a bad file is refused here, before any draw
    run = run_uncertainty(
        plan.data, plan.path, _request(UncertaintyRequest, request, fields), rules
    )
    return run.percentiles, run.robustness


def sensitivity(
    plan: Plan,
    request: SensitivityRequest | None = None,
    extensions: Sequence[str | Path] = (),
    **fields: Any,
) -> pd.DataFrame:
    """Global sensitivity indices (Sobol by default, or Morris) of net output, net jobs and
    each domain's allocation to each group of uncertain coefficients, as ``pactopt
    sensitivity`` gives them (keyword arguments are ``SensitivityRequest`` fields);
    ``attrs["groups"]`` maps each group to its instruments."""
    rules = load_extensions(extensions)
    chosen = _request(SensitivityRequest, request, fields)
    run = run_global_sensitivity(plan.data, plan.path, chosen, rules)
    table = run.result.table.copy()
    table.attrs["groups"] = {g.name: list(g.instruments) for g in run.result.groups}
    return table
