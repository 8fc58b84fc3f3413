"""The main job, end to end: read → build → solve → tables → results workbook.

This is what ``pactopt solve`` and the Python API call; each step lives in its own module."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pactopt.analysis.alternatives import near_optimal_ranges
from pactopt.analysis.engines import Engine, Work, run_work
from pactopt.analysis.plans import ReferenceCheck
from pactopt.analysis.prechecks import run_prechecks
from pactopt.analysis.projects import project_decisions
from pactopt.analysis.reference import bridge, check_reference
from pactopt.analysis.robust import compare_plans
from pactopt.analysis.unfunded import entry_thresholds
from pactopt.explain.diagnosis import diagnosis_table
from pactopt.io.excel_write import NO_OVERWRITE, WritePolicy
from pactopt.model.build import create_model, relax_integer_decisions
from pactopt.model.registry import ConstraintRule, load_extension
from pactopt.report.robustness import RobustnessTables, robustness_tables
from pactopt.report.run_info import RunInfo, engine_rows
from pactopt.report.summary import breach_sentence, empty_plan_warning
from pactopt.report.tables import ResultTables, build_tables
from pactopt.report.workbook import write_diagnosis, write_results
from pactopt.schema.data import PactData
from pactopt.solver.relax import elastic_relaxation, equal_alternatives, irreducible_set
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import model_size, open_solver, solve_model, solver_version, write_lp

# the reference plan's check and the bridge are two more solves of the model: on by default
# up to this size (a national plan has ~2e3 variables, a regional one ~1e5)
COMPARISON_MAX_VARIABLES = 200_000
# near-optimal ranges take two re-solves per instrument, domain and year: on by default up
# to this size, on request (alternatives=True) above it. Measured (bench_alternatives.py):
# +2.0 s on the reference pact (then 1,707 variables), +0.8 s at 1,872, +48 s at 11,052
ALTERNATIVES_MAX_VARIABLES = 5_000
NOT_ASKED = (
    "Near-optimal ranges were not computed (--no-alternatives), so the Summary cannot say "
    "which parts of the plan are free choices; solve without that flag to see them."
)
RELAXED_WARNING = (
    "--relax-integers: this is the LP relaxation of a MILP, for analysis only: projects, "
    "switches and least-amounts-if-funded may be taken in part, so its value is an upper "
    "bound on what the plan can reach, and its duals price the relaxed model"
)


@dataclass(frozen=True)
class Outcome:
    """A finished run: the data, the solve, its tables (when solved) and its manifest."""

    data: PactData
    result: Solution
    tables: ResultTables | None
    run: RunInfo
    diagnosis: pd.DataFrame | None = None
    warnings: tuple[str, ...] = ()
    # robust mode: the central and robust plans on fresh draws (the Robustness sheet)
    robustness: RobustnessTables | None = None


def extension_files(rules: Sequence[ConstraintRule]) -> tuple[tuple[str, str], ...]:
    """(path, SHA-256) of each file the extension rules come from, once each."""
    files = dict.fromkeys(r.rule.__code__.co_filename for r in rules)
    return tuple((f, hashlib.sha256(Path(f).read_bytes()).hexdigest()) for f in files)


def run_solve(
    data: PactData,
    input_path: Path,
    *,
    extensions: Sequence[ConstraintRule] = (),
    lp_path: Path | None = None,
    alternatives: bool | None = None,
    lp_policy: WritePolicy = NO_OVERWRITE,
    diagnose: bool = True,
    relax_integers: bool = False,
    progress: Callable[[int, int], None] | None = None,
    engine: Engine | None = None,
) -> Outcome:
    """Check, build and solve ``data``; write the LP file if asked; on infeasibility,
    diagnose it in the workbook's cells and euros (unless ``diagnose`` is False: a
    scenario left out of a comparison needs no diagnosis). ``relax_integers`` solves the LP
    relaxation of a MILP: every yes/no decision may then be taken in part. ``progress(done,
    total)`` follows the near-optimal ranges, the one long part on a large model, which run
    on ``engine`` when it spreads (a pool of workers, or Dask)."""
    findings = run_prechecks(data)
    blocking = [f for f in findings if f.blocking]
    start = time.perf_counter()
    m = create_model(data, extensions)
    relaxed = relax_integers and relax_integer_decisions(m)
    build_seconds = time.perf_counter() - start
    if lp_path is not None:
        write_lp(m, lp_path, protect=(input_path,), policy=lp_policy)
    # compiled once: the solve and, when it fails, the diagnosis use the same instance
    direct = open_solver(m, data.settings)
    if blocking:
        result = Solution(
            SolveStatus.INFEASIBLE,
            None,
            bool(direct.integer_cols),
            data.settings.objective_mode,
            rules=m.rules,
            solver=solver_version(),
        )
    else:
        result = solve_model(m, data.settings, direct=direct)
    variables, constraints, integers = model_size(direct)
    run = RunInfo(
        input_path=str(input_path),
        input_sha256=data.source_sha256,
        status=result.status.value,
        mode=result.mode,
        objective=result.objective,
        is_mip=result.is_mip,
        variables=variables,
        constraints=constraints,
        integer_variables=integers,
        build_seconds=build_seconds,
        solve_seconds=result.solve_seconds,
        solver=result.solver,
        scenario=data.scenario,
        extensions=extension_files(extensions),
        options=(
            ("lp_method", data.settings.lp_method),
            ("mip_gap", data.settings.mip_gap),
            ("solver_time_limit_s", data.settings.solver_time_limit_s),
            *((("relax_integers", True),) if relax_integers else ()),
            *(
                engine_rows(engine.workers, engine.scheduler).items()
                if engine is not None and engine.spreads
                else ()
            ),
        ),
    )
    diagnosis = None
    if result.status is SolveStatus.INFEASIBLE and diagnose:
        conflicts = [] if blocking else irreducible_set(m, direct, data)
        bends = elastic_relaxation(m, direct, data)
        instead = equal_alternatives(m, direct, data, bends)
        diagnosis = diagnosis_table(data, m.rules, findings, conflicts, bends, instead)
    tables, robustness = None, None
    if result.status.has_solution and data.settings.objective_mode == "robust":
        # first, while the instance still holds the robust plan
        comparison = compare_plans(m, direct, data)
        robustness = robustness_tables(data, comparison) if comparison is not None else None
    if result.status.has_solution:
        reference, steps, ranges, thresholds = None, None, None, None
        decisions = project_decisions(m, direct, data, result)
        if variables <= COMPARISON_MAX_VARIABLES:
            thresholds = entry_thresholds(m, direct, data, result)
            # a workbook with no reference amounts states no plan to compare with
            if any(i.reference_plan_meur for i in data.instruments):
                reference = check_reference(m, direct, data)
                steps = bridge(m, direct, data, reference, result)
        if alternatives if alternatives is not None else variables <= ALTERNATIVES_MAX_VARIABLES:
            # each worker loads the extension files the rules come from
            files = tuple(Path(path) for path, _ in extension_files(extensions))
            spread = None
            if engine is not None and engine.spreads:
                spread = dataclasses.replace(engine, extensions=files)
            ranges = near_optimal_ranges(m, direct, data, result, progress, spread)
        tables = build_tables(data, result, reference, steps, ranges, decisions, thresholds)
        if alternatives is False:  # asked not to: say so, not that the model is too large
            tables = dataclasses.replace(tables, alternatives_text=NOT_ASKED)
        if relaxed:
            tables = dataclasses.replace(tables, relaxed=True)
    warnings = tuple(f.message for f in findings if not f.blocking)
    if relaxed:
        warnings += (RELAXED_WARNING,)
    if result.status.has_solution and (empty := empty_plan_warning(data, result)):
        warnings += (empty,)
    return Outcome(
        data=data,
        result=result,
        tables=tables,
        run=run,
        diagnosis=diagnosis,
        warnings=warnings,
        robustness=robustness,
    )


def check_reference_plan(
    data: PactData, extensions: Sequence[ConstraintRule] = ()
) -> tuple[ReferenceCheck, str]:
    """The reference plan checked against every rule (``pactopt evaluate``): financed
    within the rules, or the rules it breaks; with the sentence the Summary would use."""
    m = create_model(data, extensions)
    direct = open_solver(m, data.settings)
    reference = check_reference(m, direct, data)
    rules = Solution(SolveStatus.INFEASIBLE, None, False, "", rules=m.rules)
    return reference, breach_sentence(data, reference, rules)


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
    )


@dataclass(frozen=True)
class ScenarioJob:
    """What every scenario of a comparison is solved with (the options of the base's run)."""

    input_path: Path
    alternatives: bool | None = None
    relax_integers: bool = False


@dataclass(frozen=True)
class ScenarioSolver:
    """A worker's state for scenarios: the job and the extension rules. Each scenario has
    data of its own, so each is built and compiled afresh: there is no model to keep."""

    job: ScenarioJob
    rules: tuple[ConstraintRule, ...] = ()

    @classmethod
    def start(cls, job: ScenarioJob, extensions: Sequence[str]) -> ScenarioSolver:
        """The state of a worker given the extension files' paths (loaded here)."""
        return cls(job, tuple(r for path in extensions for r in load_extension(Path(path))))


def _solve_scenario(solver: ScenarioSolver, variant: PactData) -> Outcome:
    job = solver.job
    return run_solve(
        variant,
        job.input_path,
        extensions=solver.rules,
        diagnose=False,  # a scenario left out of a comparison needs no diagnosis
        alternatives=job.alternatives,
        relax_integers=job.relax_integers,
    )


SCENARIOS: Work[ScenarioSolver, PactData, Outcome] = Work(ScenarioSolver.start, _solve_scenario)


def solve_scenarios(
    variants: Sequence[PactData],
    job: ScenarioJob,
    *,
    extensions: Sequence[ConstraintRule] = (),
    workers: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Each scenario's data (applied and validated already) solved as ``job`` says, without
    a diagnosis; outcomes in the order given. In this process (``workers`` 1), on a pool of
    ``workers`` processes or on Dask (``scheduler``), see ``engines.run_work``: the
    extension rules travel as their files, which each worker loads."""
    files = [Path(path) for path, _ in extension_files(extensions)]
    return run_work(
        SCENARIOS,
        job,
        variants,
        workers=workers,
        scheduler=scheduler,
        extensions=files,
        progress=progress,
        here=ScenarioSolver(job, tuple(extensions)),
    )


def robust_data(data: PactData) -> PactData:
    """``data`` in robust mode (``pactopt solve --robust``)."""
    robust = data.settings.model_copy(update={"objective_mode": "robust"})
    return dataclasses.replace(data, settings=robust)
