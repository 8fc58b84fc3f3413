"""``solve`` as named steps: check → build and solve → diagnose → analyse → tabulate.

``run_solve`` is what ``pactopt solve``, each scenario and the Python API call; each step
is a function of its own, so that a new stage (a further solve, a new analysis) has one
place to go."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pactopt.analysis.alternatives import near_optimal_ranges
from pactopt.analysis.engines import Engine
from pactopt.analysis.moves import Moves
from pactopt.analysis.moves_solve import find_moves
from pactopt.analysis.plans import (
    Bridge,
    EntryThreshold,
    LeastChange,
    ProjectDecision,
    Range,
    ReferenceCheck,
)
from pactopt.analysis.prechecks import Finding, run_prechecks
from pactopt.analysis.projects import project_decisions
from pactopt.analysis.reference import (
    bridge,
    check_reference,
    distance_meur,
    kept_meur,
    reference_targets_meur,
)
from pactopt.analysis.review import Review, build_review
from pactopt.analysis.robust import compare_plans
from pactopt.analysis.stakes import Stakes
from pactopt.analysis.stakes_solve import limit_stakes
from pactopt.analysis.unfunded import entry_thresholds
from pactopt.explain.alternatives import NOT_ASKED
from pactopt.explain.diagnosis import diagnosis_table
from pactopt.explain.stakes import limit_candidates
from pactopt.explain.summary import breach_sentence, empty_plan_warning
from pactopt.model.build import create_model, relax_integer_decisions
from pactopt.model.built import BuiltModel
from pactopt.model.facts import PastBreach
from pactopt.model.registry import ConstraintRule
from pactopt.pipeline.requests import SolveOptions
from pactopt.report.moves_tables import with_moves
from pactopt.report.review_tables import with_review
from pactopt.report.robustness import RobustnessTables, robustness_tables
from pactopt.report.run_info import RunInfo, engine_rows
from pactopt.report.spoken import Told, with_languages
from pactopt.report.tables import ResultTables, build_tables
from pactopt.schema.data import PactData
from pactopt.solver.closest import solve_closest
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import elastic_relaxation, equal_alternatives, irreducible_set
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import (
    integer_levels,
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
    # mid-term review: the yearly rules the actual spending of a locked year broke
    past_breaches: tuple[PastBreach, ...] = ()


@dataclass(frozen=True)
class Solved:
    """The model built and solved once: the later steps re-solve on the same instance."""

    data: PactData
    model: BuiltModel
    direct: DirectHighs
    result: Solution
    run: RunInfo
    extensions: tuple[ConstraintRule, ...]
    relaxed: bool
    # the plain optimum, when ``settle`` reports a least-change plan instead, and how the two
    # differ
    optimum: Solution | None = None
    least: LeastChange | None = None
    least_skipped: bool = False  # left out for the model's size: the Summary says how to ask


@dataclass(frozen=True)
class Analyses:
    """What the steps after the solve found out about the plan it chose."""

    reference: ReferenceCheck | None
    steps: Bridge | None
    ranges: list[Range] | None
    decisions: list[ProjectDecision]
    thresholds: dict[str, EntryThreshold] | None
    robustness: RobustnessTables | None
    # mid-term review: the re-plan against the reference plan's remainder and the optimum
    # from the first year (None when no year is locked)
    review: Review | None = None
    # the value captured with k moves from the reference plan (None: not asked, too large,
    # or no reference plan)
    moves: Moves | None = None
    moves_skipped: bool = False  # left out for the model's size: the Summary says how to ask
    # the binding limits' values at stake, re-solved (None: not for a model of this size)
    stakes: Stakes | None = None


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


def settle(
    solved: Solved, options: SolveOptions = SolveOptions()
) -> tuple[Solved, ReferenceCheck | None]:
    """The reference plan financed within the rules (the nearest financeable one when its
    announced totals break them), and the plan to report: of the plans within the Settings'
    least-change tolerance of the best value, the one closest to that reference (least €
    moved over instruments and years), with the optimum's yes/no decisions and its duals (the
    marginal values are those of the best value). Without a stated reference plan, or with
    least_change off, the optimum itself. Past ``options.least_change_max_variables`` (each of
    these stages is a solve about as long as the first), only the announced totals are checked
    and the optimum is shown, unless ``options.least_change`` asks for them."""
    built, direct, data, optimum = solved.model, solved.direct, solved.data, solved.result
    # a workbook with no reference amounts states no plan to compare with
    if not any(i.reference_plan_meur for i in data.instruments):
        return solved, None
    s = data.settings
    wanted = options.least_change
    small = solved.run.variables <= options.least_change_max_variables
    full = wanted if wanted is not None else small
    reference = check_reference(built, direct, data, nearest=full)
    if not full and s.least_change:
        return dataclasses.replace(solved, least_skipped=True), reference
    if not (s.least_change and reference.comparable):
        return solved, reference
    targets = reference_targets_meur(data, reference.solution)
    closest = solve_closest(
        built,
        direct,
        s,
        [[(built.pyomo.spend[i, y], target) for (i, y), target in targets.items()]],
        mode=optimum.mode,
        tolerance=s.least_change_tolerance,
        integer_levels=integer_levels(direct, optimum),
    )
    plan = closest.solution
    if not plan.status.has_solution or optimum.objective is None or plan.objective is None:
        return solved, reference
    least = LeastChange(
        s.least_change_tolerance,
        optimum.objective,
        plan.objective,
        distance_meur(plan, targets),
        distance_meur(optimum, targets),
        sum(targets.values()),
        kept_meur(plan, targets),
        kept_meur(optimum, targets),
    )
    best = {"objective": optimum.objective, **optimum.figures}
    result = dataclasses.replace(
        plan,
        status=optimum.status,
        duals=optimum.duals,
        ranges=optimum.ranges,
        reduced_costs=optimum.reduced_costs,
        rhs=optimum.rhs,
        money_effects=optimum.money_effects,
        duals_conditional=optimum.duals_conditional,
        solve_seconds=optimum.solve_seconds + plan.solve_seconds,
        best=best,
    )
    shown = (
        "least_change",
        f"the plan shown is the closest to the reference plan within "
        f"{s.least_change_tolerance:.2%} of the best value ({plan.objective:,.2f} of "
        f"{optimum.objective:,.2f})",
    )
    run = dataclasses.replace(
        solved.run, objective=plan.objective, options=(*solved.run.options, shown)
    )
    return (
        dataclasses.replace(solved, result=result, optimum=optimum, least=least, run=run),
        reference,
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
    bends = elastic_relaxation(built, direct, data)
    instead = equal_alternatives(built, direct, data, bends)
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
    # the curve's MILPs on the robust model's draws cost minutes: asked for only
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
