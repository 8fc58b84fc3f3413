"""``solve`` as named steps: check → build and solve → diagnose → analyse → tabulate.

``run_solve`` is what ``pactopt solve``, each scenario and the Python API call; each step
is a function of its own, so that a new stage (a further solve, a new analysis) has one
place to go."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from pactopt.analysis.alternatives import near_optimal_ranges
from pactopt.analysis.engines import Engine
from pactopt.analysis.moves_solve import find_moves
from pactopt.analysis.plans import (
    ReferenceCheck,
)
from pactopt.analysis.prechecks import Finding, run_prechecks
from pactopt.analysis.projects import project_decisions
from pactopt.analysis.reference import (
    bridge,
    check_reference,
)
from pactopt.analysis.review import build_review
from pactopt.analysis.robust import compare_plans
from pactopt.analysis.stakes_solve import limit_stakes
from pactopt.analysis.unfunded import entry_thresholds
from pactopt.explain.alternatives import NOT_ASKED
from pactopt.explain.diagnosis import diagnosis_table
from pactopt.explain.stakes import limit_candidates
from pactopt.explain.summary import breach_sentence, empty_plan_warning
from pactopt.model.build import create_model, relax_integer_decisions
from pactopt.model.registry import ConstraintRule
from pactopt.pipeline.requests import SolveOptions
from pactopt.pipeline.settle import settle
from pactopt.pipeline.solved import Analyses, Outcome, Solved
from pactopt.report.moves_tables import with_moves
from pactopt.report.review_tables import with_review
from pactopt.report.robustness import robustness_tables
from pactopt.report.run_info import RunInfo, engine_rows
from pactopt.report.spoken import Told, with_languages
from pactopt.report.tables import ResultTables, build_tables
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import irreducible_set, least_bends
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import (
    model_size,
    open_solver,
    solve_model,
    solver_version,
    write_lp,
)
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy

RELAXED_WARNING = (
    "--relax-integers: this is the LP relaxation of a MILP, for analysis only: projects, "
    "switches and least-amounts-if-funded may be taken in part, so its value is an upper "
    "bound on what the plan can reach, and its duals price the relaxed model"
)


def extension_files(rules: Sequence[ConstraintRule]) -> tuple[tuple[str, str], ...]:
    """(path, SHA-256) of each file the extension rules come from, once each."""
    files = dict.fromkeys(r.rule.__code__.co_filename for r in rules)
    return tuple((f, hashlib.sha256(Path(f).read_bytes()).hexdigest()) for f in files)


def robust_data(data: PactData) -> PactData:
    """``data`` in robust mode (``pactopt solve --robust``)."""
    robust = data.settings.model_copy(update={"objective_mode": "robust"})
    return dataclasses.replace(data, settings=robust)


def run_solve(
    data: PactData,
    input_path: Path,
    options: SolveOptions = SolveOptions(),
    *,
    extensions: Sequence[ConstraintRule] = (),
    lp_path: Path | None = None,
    lp_policy: WritePolicy = NO_OVERWRITE,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Check, build and solve ``data`` as ``options`` say; write the LP file if asked; on
    infeasibility, diagnose it in the workbook's cells and euros. ``progress(done, total)``
    follows the near-optimal ranges, the one long part on a large model."""
    if options.robust:
        data = robust_data(data)
    findings = check(data)
    solved = build_and_solve(
        data, input_path, options, tuple(extensions), findings, lp_path, lp_policy
    )
    diagnosis = diagnose(solved, findings) if options.diagnose else None
    tables, robustness = None, None
    if solved.result.status.has_solution:
        solved, reference = settle(solved, options)
        analyses = analyse(solved, options, reference, progress)
        tables, robustness = tabulate(solved, analyses, options), analyses.robustness
    return Outcome(
        data,
        solved.result,
        tables,
        solved.run,
        diagnosis,
        warnings(solved, findings),
        robustness,
        tuple(solved.model.past_breaches),
    )


def check(data: PactData) -> list[Finding]:
    """The pre-solve checks: blocking findings make the model infeasible before any solve."""
    return run_prechecks(data)


def build_and_solve(
    data: PactData,
    input_path: Path,
    options: SolveOptions,
    extensions: tuple[ConstraintRule, ...],
    findings: Sequence[Finding],
    lp_path: Path | None = None,
    lp_policy: WritePolicy = NO_OVERWRITE,
) -> Solved:
    """Build the model, write its LP file if asked, compile it once into HiGHS and solve
    it (unless a pre-check already proves it infeasible); the run's manifest."""
    start = time.perf_counter()
    built = create_model(data, extensions)
    relaxed = options.relax_integers and relax_integer_decisions(built)
    build_seconds = time.perf_counter() - start
    if lp_path is not None:
        write_lp(built, lp_path, protect=(input_path,), policy=lp_policy)
    # compiled once: the solve and, when it fails, the diagnosis use the same instance
    direct = open_solver(built, data.settings)
    if any(f.blocking for f in findings):
        mode = data.settings.objective_mode
        is_mip = bool(direct.integer_cols)
        result = Solution(
            SolveStatus.INFEASIBLE, None, is_mip, mode, rules=built.rules, solver=solver_version()
        )
    else:
        result = solve_model(built, data.settings, direct=direct)
    run = _run_info(data, input_path, options, extensions, direct, result, build_seconds)
    return Solved(data, built, direct, result, run, extensions, relaxed)


def _run_info(
    data: PactData,
    input_path: Path,
    options: SolveOptions,
    extensions: Sequence[ConstraintRule],
    direct: DirectHighs,
    result: Solution,
    build_seconds: float,
) -> RunInfo:
    variables, constraints, integers = model_size(direct)
    spread = options.spread
    spreads = spread.workers > 1 or spread.scheduler is not None
    return RunInfo(
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
            *((("relax_integers", True),) if options.relax_integers else ()),
            *(engine_rows(spread.workers, spread.scheduler).items() if spreads else ()),
        ),
    )


def diagnose(solved: Solved, findings: Sequence[Finding]) -> pd.DataFrame | None:
    """Why an infeasible model has no plan, in the workbook's cells and euros: the
    irreducible set of rules, the least euros that would make it feasible, and what else
    could give way instead (None when the model has a solution)."""
    if solved.result.status is not SolveStatus.INFEASIBLE:
        return None
    built, direct, data = solved.model, solved.direct, solved.data
    blocking = any(f.blocking for f in findings)
    conflicts = [] if blocking else irreducible_set(built, direct, data)
    bends, instead = least_bends(built, direct, data)
    return diagnosis_table(data, built.rules, list(findings), conflicts, bends, instead)


def analyse(
    solved: Solved,
    options: SolveOptions,
    reference: ReferenceCheck | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Analyses:
    """The re-solves that explain the plan: the robust plan against the central one, the
    projects' decisions, the binding limits' values at stake (each moved 10% either way),
    what each unfunded instrument would need, the bridge from the reference plan (``settle``
    financed it), and the near-optimal ranges (each on by default up to a size)."""
    built, direct, data, result = solved.model, solved.direct, solved.data, solved.result
    robustness = None
    if data.settings.objective_mode == "robust":
        comparison = compare_plans(built, direct, data, result)
        robustness = robustness_tables(data, comparison) if comparison is not None else None
    # what a decision is worth is measured from the best value, whatever plan is reported
    optimum = solved.optimum or result
    decisions = project_decisions(built, direct, data, optimum)
    steps, thresholds, ranges, stakes = None, None, None, None
    small = solved.run.variables <= options.comparison_max_variables
    if small:
        thresholds = entry_thresholds(built, direct, data, optimum)
        if reference is not None:
            steps = bridge(built, direct, data, reference, result)
    wanted = options.alternatives
    if wanted if wanted is not None else solved.run.variables <= options.alternatives_max_variables:
        ranges = near_optimal_ranges(
            built, direct, data, result, progress, _engine(solved, options)
        )
    review = None
    if data.settings.locked_years:
        unlocked = unlocked_optimum(data, solved.extensions)
        review = build_review(data, result, built.past_breaches, reference, unlocked)
    moves, skipped = None, False
    # the curve on the robust model's draws costs 1.4× its first solve (6.1 s on the reference
    # workbook, where the plain curve takes 0.6 s): asked for only
    robust = data.settings.objective_mode == "robust"
    wanted_moves = options.moves if options.moves is not None else not robust
    if reference is not None and reference.comparable and wanted_moves is not False:
        if options.moves or solved.run.variables <= options.moves_max_variables:
            moves = find_moves(built, direct, data, reference, result)
        else:
            skipped = True
    if small:  # last: its re-solves leave another basis, which no analysis above then sees
        stakes = limit_stakes(built, direct, optimum, limit_candidates(data, optimum))
    return Analyses(
        reference, steps, ranges, decisions, thresholds, robustness, review, moves, skipped, stakes
    )


def unlocked_optimum(data: PactData, extensions: Sequence[ConstraintRule] = ()) -> Solution:
    """The plan that would have been optimal from the pact's first year: the same workbook
    solved with no year locked (a real solve of its own model), for the regret of the
    years already spent."""
    settings = data.settings.model_copy(update={"as_of_year": None})
    free = dataclasses.replace(data, settings=settings)
    return solve_model(create_model(free, extensions), settings, want_duals=False)


def _engine(solved: Solved, options: SolveOptions) -> Engine | None:
    """The engine the ranges spread on, with the extension files each worker loads."""
    spread = options.spread
    if spread.workers <= 1 and spread.scheduler is None:
        return None
    files = tuple(Path(path) for path, _ in solved.run.extensions)
    return Engine(spread.workers, spread.scheduler, files)


def tabulate(solved: Solved, analyses: Analyses, options: SolveOptions) -> ResultTables:
    """Every results table of a solved plan."""
    a = analyses
    tables = build_tables(
        solved.data,
        solved.result,
        a.reference,
        a.steps,
        a.ranges,
        a.decisions,
        a.thresholds,
        a.stakes,
    )
    if options.alternatives is False:  # asked not to: say so, not that the model is too large
        tables = dataclasses.replace(tables, alternatives_text=NOT_ASKED)
    if solved.relaxed:
        tables = dataclasses.replace(tables, relaxed=True)
    tables = with_moves(
        tables,
        solved.data,
        solved.result,
        a.moves,
        solved.least,
        skipped=a.moves_skipped,
        least_skipped=solved.least_skipped,
    )
    told = Told(
        solved.data,
        solved.result,
        a.reference,
        a.moves,
        solved.least,
        a.moves_skipped,
        solved.least_skipped,
        a.ranges,
        options.alternatives,
        a.stakes,
        a.decisions,
        analyses.review,
    )
    tables = with_languages(tables, told, options.lang or solved.data.settings.language)
    return with_review(tables, solved.data, analyses.review, dict(solved.model.rules))


def warnings(solved: Solved, findings: Sequence[Finding]) -> tuple[str, ...]:
    """What the run warns of: the non-blocking findings, a relaxed MILP, an empty plan."""
    said = tuple(f.message for f in findings if not f.blocking)
    if solved.relaxed:
        said += (RELAXED_WARNING,)
    if solved.result.status.has_solution and (
        empty := empty_plan_warning(solved.data, solved.result)
    ):
        said += (empty,)
    return said


def check_reference_plan(
    data: PactData, extensions: Sequence[ConstraintRule] = ()
) -> tuple[ReferenceCheck, str]:
    """The reference plan checked against every rule (``pactopt evaluate``): financed
    within the rules, or the rules it breaks; with the sentence the Summary would use."""
    built = create_model(data, extensions)
    direct = open_solver(built, data.settings)
    reference = check_reference(built, direct, data)
    rules = Solution(SolveStatus.INFEASIBLE, None, False, "", rules=built.rules)
    return reference, breach_sentence(data, reference, rules)
