"""Scenarios: the base solved first, then one scenario (``--scenario NAME``: in this
process, with its LP file and diagnosis) or every scenario (on the engine of the request's
spread), compared side by side."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pactopt.analysis.engines import Work, run_work
from pactopt.errors import InputError, Problem
from pactopt.explain.scenario_shift import scenario_shift_sentence, spoken_shift
from pactopt.model.registry import ConstraintRule, load_extension
from pactopt.pipeline.requests import RunError, SolveOptions
from pactopt.pipeline.solve import extension_files, run_solve
from pactopt.pipeline.solved import Outcome
from pactopt.report.comparison import comparison_table
from pactopt.schema.data import PactData
from pactopt.schema.scenarios import load_scenario, scenario_names
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy


class ScenarioError(Exception):
    """Scenario ``name``'s overrides do not validate: ``problems`` name their cells."""

    def __init__(self, name: str, problems: list[Problem]) -> None:
        super().__init__(f"scenario {name}: cannot be applied")
        self.name = name
        self.problems = problems


@dataclass(frozen=True)
class ScenarioRuns:
    """The runs of one solve with scenarios: ``named`` (base first), the outcome to write
    (the scenario's with one scenario, else the base's) and the comparison of those solved
    (None with fewer than two)."""

    outcome: Outcome
    named: list[tuple[str, Outcome]]
    comparison: pd.DataFrame | None

    @property
    def left_out(self) -> list[tuple[str, Outcome]]:
        """The runs without a solution, left out of the comparison."""
        return [(name, o) for name, o in self.named if o.tables is None]


@dataclass(frozen=True)
class ScenarioJob:
    """What every scenario of a comparison is solved with (the options of the base's run)."""

    input_path: Path
    options: SolveOptions = SolveOptions()


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
    # a scenario left out of a comparison needs no diagnosis, and its ranges run here; a
    # comparison shows no scenario's moves, so their curve is solved only when asked for
    given = solver.job.options
    options = dataclasses.replace(
        given, diagnose=False, spread=SolveOptions().spread, moves=given.moves or False
    )
    return run_solve(variant, solver.job.input_path, options, extensions=solver.rules)


SCENARIOS: Work[ScenarioSolver, PactData, Outcome] = Work(ScenarioSolver.start, _solve_scenario)


def solve_scenarios(
    variants: Sequence[PactData],
    job: ScenarioJob,
    *,
    extensions: Sequence[ConstraintRule] = (),
    progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Each scenario's data (applied and validated already) solved as ``job`` says, without
    a diagnosis; outcomes in the order given. In this process, on a pool of processes or on
    Dask, as the job's spread says (``engines.run_work``): the extension rules travel as
    their files, which each worker loads."""
    files = [Path(path) for path, _ in extension_files(extensions)]
    spread = job.options.spread
    return run_work(
        SCENARIOS,
        job,
        variants,
        workers=spread.workers,
        scheduler=spread.scheduler,
        extensions=files,
        progress=progress,
        here=ScenarioSolver(job, tuple(extensions)),
    )


def scenario_data(workbook: Path, name: str, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> PactData:
    """The workbook with scenario ``name`` applied, or ``ScenarioError`` naming its cells."""
    try:
        return load_scenario(workbook, name, max_file_mb)
    except InputError as exc:
        raise ScenarioError(name, exc.problems) from None


def _with_shift(name: str, base: Outcome, variant: Outcome) -> Outcome:
    """The scenario's outcome with the sentence of what it moves against the base."""
    if base.tables is None or variant.tables is None:
        return variant
    names = {i.id: i.name for i in variant.data.instruments}
    text = scenario_shift_sentence(name, base.tables.allocation, variant.tables.allocation, names)
    spoken = spoken_shift(name, base.tables.allocation, variant.tables.allocation, names)
    told = {
        code: {**variant.tables.spoken.get(code, {}), "scenario_text": said}
        for code, said in spoken.items()
    }
    return dataclasses.replace(
        variant,
        tables=dataclasses.replace(variant.tables, scenario_text=text, spoken=told),
    )


def run_scenarios(
    data: PactData,
    workbook: Path,
    scenario: str | None = None,
    options: SolveOptions = SolveOptions(),
    *,
    extensions: Sequence[ConstraintRule] = (),
    lp_path: Path | None = None,
    lp_policy: WritePolicy = NO_OVERWRITE,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioRuns:
    """Solve the base and scenario ``scenario`` (None: every scenario of the workbook).
    With every scenario an infeasible base is diagnosed and ends the run; a scenario that
    is infeasible is left out of the comparison without a diagnosis of its own. Every
    scenario is applied and checked before any is solved. ``progress(done, total)`` counts
    the scenarios solved."""
    names = [scenario] if scenario is not None else scenario_names(data)
    if not names:
        raise RunError(
            "--all-scenarios: the workbook's Scenarios sheet names no scenario",
            flag="--all-scenarios",
        )
    one = scenario is not None
    base = run_solve(
        data,
        workbook,
        dataclasses.replace(options, diagnose=not one),
        extensions=extensions,
        lp_path=None if one else lp_path,
        lp_policy=lp_policy,
    )
    if not one and not base.result.status.has_solution:
        # reported as the base's own run: no scenario is worth solving
        return ScenarioRuns(base, [("base", base)], None)
    # a scenario keeps the base's actuals (from its sheet, or from a CSV file)
    variants = [
        dataclasses.replace(
            scenario_data(workbook, name, max_file_mb),
            actuals=data.actuals,
            actual_shifts=data.actual_shifts,
        )
        for name in names
    ]
    done = [0]

    def tick(k: int) -> None:
        done[0] += k
        if progress is not None:
            progress(done[0], len(names))

    tick(0)
    if one:
        outcomes = [
            run_solve(
                variants[0],
                workbook,
                dataclasses.replace(options, spread=SolveOptions().spread),
                extensions=extensions,
                lp_path=lp_path,
                lp_policy=lp_policy,
            )
        ]
        tick(1)
    else:
        job = ScenarioJob(workbook, options)
        outcomes = solve_scenarios(variants, job, extensions=extensions, progress=tick)
    if one:
        outcomes[0] = _with_shift(names[0], base, outcomes[0])
    named = [("base", base), *zip(names, outcomes, strict=True)]
    solved = [(n, o.tables) for n, o in named if o.tables is not None]
    comparison = comparison_table(solved) if len(solved) > 1 else None
    return ScenarioRuns(outcomes[0] if one else base, named, comparison)
