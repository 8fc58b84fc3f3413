"""The work of ``pactopt solve``, imported when the command runs (its signature, in
``solving``, is all that ``--help`` needs): output paths checked first, then the pipeline
called (the base, and the scenarios asked for), the results or the diagnosis written, and
the headline printed. Nothing here decides how a plan is solved: that is
``pactopt.pipeline``'s."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.table import Table

from pactopt.cli.common import (
    EXIT_BUG,
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    REPORT_BUG,
    commit_outputs,
    emit,
    emit_error,
    err,
    fail,
    load_extensions,
    load_workbook,
    out,
    output_policy,
    problem_table,
    run_outputs,
    sweep_failures,
)
from pactopt.cli.printing import (
    counted_progress,
    format_meur,
    frame_table,
    print_sentences,
    ranges_progress,
)
from pactopt.cli.solve_json import solve_fields
from pactopt.i18n import Lang
from pactopt.pipeline import (
    Outcome,
    SolveOptions,
    Spread,
    run_solve,
    write_diagnosis_of,
    write_outcome,
)
from pactopt.pipeline.scenarios import ScenarioError, ScenarioRuns, run_scenarios
from pactopt.report.csv_tables import (
    EMPTY_NOTE,
    check_tables_dir,
    table_names,
    tables_policy,
    write_tables,
)
from pactopt.report.spoken import speaking
from pactopt.solver.solution import SolveStatus
from pactopt.xlsx.files import default_output
from pactopt.xlsx.staging import os_message
from pactopt.xlsx.write import OutputError, WritePolicy


@dataclass(frozen=True)
class SolveRequest:
    """The solve command's arguments, as typed."""

    workbook: Path
    output: Path | None
    lp: Path | None
    as_json: bool
    tables_dir: Path | None
    relax_integers: bool
    extension: list[Path] | None
    scenario: str | None
    all_scenarios: bool
    alternatives: bool | None
    robust: bool
    max_size_mb: float
    force: bool
    workers: int = 1
    scheduler: str | None = None
    actuals: Path | None = None
    moves: bool | None = None
    brief: bool = False
    lang: str | None = None
    extension_time_limit: float | None = None
    least_change: bool | None = None


def run_solve_command(request: SolveRequest) -> None:
    """Solve as asked and report: exit 0, or 2 (input), 3 (infeasible), 1 (a bug)."""
    (
        workbook,
        output,
        lp,
        as_json,
        tables_dir,
        relax_integers,
        extension,
        scenario,
        all_scenarios,
        alternatives,
        robust,
        max_size_mb,
        force,
        workers,
        scheduler,
        actuals,
        moves,
        brief,
        lang,
        extension_time_limit,
        least_change,
    ) = _fields_of(request)
    from pactopt.cli.brief_steps import check_lang

    check_lang(lang)
    if brief and as_json:
        fail("--brief: not with --json yet; run pactopt brief on the results instead")
    target = output or default_output(workbook, "results", scenario)
    inputs = [workbook, *([actuals] if actuals is not None else [])]
    policy = output_policy(target, "-o", protect=inputs, force=force, default=output is None)
    lp_policy = WritePolicy()
    if lp is not None:
        lp_policy = output_policy(lp, "--lp", protect=[*inputs, target], force=force)
    if tables_dir is not None:
        protect = [*inputs, target, *([lp] if lp is not None else [])]
        csv_policy = tables_policy(force)
        try:
            check_tables_dir(tables_dir, [], csv_policy)
            files = [f"{name}.csv" for name in [*table_names(), "comparison"]]
            for name in [*files, EMPTY_NOTE]:
                path = tables_dir / name
                run_outputs().check(path, "--tables", protect=protect, policy=csv_policy)
        except OutputError as exc:
            fail(f"--tables: {exc}")
        except OSError as exc:  # a folder name the file system refuses (too long)
            fail(f"--tables: cannot write into {tables_dir}: {os_message(exc)}")
    data = load_workbook(workbook, max_size_mb, actuals=actuals)
    if brief and output is not None:  # its name is known: refuse it before any work
        from pactopt.pipeline.brief import brief_path

        html = brief_path(target, lang or data.settings.language)
        for path in (html, html.with_suffix(".pdf")):
            output_policy(path, "--brief", protect=inputs, force=force)
    rules = load_extensions(extension, extension_time_limit)
    options = SolveOptions(
        alternatives,
        relax_integers,
        robust,
        spread=Spread(workers, scheduler),
        moves=moves,
        least_change=least_change,
        lang=lang,
    )
    comparison = None
    with sweep_failures():
        if scenario is None and not all_scenarios:
            with ranges_progress() as tick:
                outcome = run_solve(
                    data,
                    workbook,
                    options,
                    extensions=rules,
                    lp_path=lp,
                    lp_policy=lp_policy,
                    progress=tick,
                )
            named = [(data.scenario or "base", outcome)]
        else:
            lp_file = (lp, lp_policy)
            runs = _with_scenarios(data, workbook, scenario, options, rules, lp_file, max_size_mb)
            outcome, comparison, named = runs.outcome, runs.comparison, runs.named
    result = outcome.result
    for warning in outcome.warnings:
        err.print(f"warning: {warning}", style="yellow")
    if outcome.diagnosis is not None:
        if all_scenarios:
            err.print(
                "The scenarios are not solved: the base is infeasible (solve one alone with "
                "--scenario NAME).",
                style="yellow",
            )
        _report_infeasible(outcome, target, workbook, policy)
    if not result.status.has_solution:
        _no_solution(outcome)
    try:
        write_outcome(outcome, target, workbook, comparison=comparison, policy=policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    assert outcome.tables is not None
    if tables_dir is not None:
        try:
            write_tables(tables_dir, outcome.tables, comparison, tables_policy(force))
        except OutputError as exc:
            fail(f"--tables: {exc}")
    written = commit_outputs().final(target)  # the workbook, --lp and --tables: all or none
    if as_json:
        emit(**solve_fields(outcome, written, tables_dir, named, comparison))
        return
    print_summary(outcome, workbook)
    if comparison is not None:
        out.print(frame_table(comparison, "Scenarios side by side"))
    if outcome.robustness is not None:
        out.print(outcome.robustness.said(outcome.tables.lang))
    out.print(Lang(outcome.tables.lang).t("Results written to {path}", path=written))
    if tables_dir is not None:
        out.print(
            Lang(outcome.tables.lang).t(
                "Tables written to {folder} (one CSV file per table)", folder=tables_dir
            )
        )
    if brief:
        from pactopt.cli.brief_steps import brief_beside

        brief_beside(outcome, lang or data.settings.language, workbook, written, force)


def _with_scenarios(
    data: Any,
    workbook: Path,
    scenario: str | None,
    options: SolveOptions,
    rules: Any,
    lp_file: tuple[Path | None, WritePolicy],
    max_size_mb: float,
) -> ScenarioRuns:
    """The base and the scenario asked for (or all of them), with a progress bar over the
    scenarios; a scenario whose overrides do not validate exits 2 naming it."""
    try:
        with counted_progress("scenarios") as tick:
            runs = run_scenarios(
                data,
                workbook,
                scenario,
                options,
                extensions=rules,
                lp_path=lp_file[0],
                lp_policy=lp_file[1],
                max_file_mb=max_size_mb,
                progress=tick,
            )
    except ScenarioError as exc:
        err.print(f"scenario {exc.name}:", style="bold red")
        err.print(problem_table(exc.problems))
        emit_error(EXIT_INPUT, str(exc), problems=exc.problems)
        raise typer.Exit(EXIT_INPUT) from None
    for name, o in runs.left_out:
        if len(runs.named) > 1:
            err.print(
                f"{name}: {o.result.status.value}; left out of the comparison", style="yellow"
            )
    return runs


def _fields_of(request: SolveRequest) -> tuple[Any, ...]:
    """The request's fields in order (``dataclasses.astuple`` would copy the lists)."""
    return tuple(getattr(request, f.name) for f in fields(request))


def print_summary(outcome: Outcome, workbook: Path) -> None:
    """The headline table and the sentences of the answer, in the run's language."""
    assert outcome.tables is not None
    tables = speaking(outcome.tables)
    lang = Lang(tables.lang)
    status = lang.t(outcome.result.status.value)
    table = Table(
        title=lang.t(
            "{file}: optimised vs reference plan ({status})", file=workbook.name, status=status
        )
    )
    heads = (lang.t("figure"), lang.t("optimised"), lang.t("reference"), lang.t("difference"))
    for k, head in enumerate(heads):
        table.add_column(head, justify="left" if k == 0 else "right")
    for record in tables.summary.to_dict("records"):
        cells = [format_meur(record[k], lang) for k in ("optimised", "reference", "difference")]
        table.add_row(lang.t(str(record["figure"])), *cells)
    out.print(table)
    if tables.review_text:  # a mid-term review: how far the pact is, first
        print_sentences(tables.review_text[0])
    if tables.reference_feasible is False:
        nearest = (
            f" {tables.reference_nearest_text}"
            if tables.reference_comparable
            else " " + lang.t("Its net figures are left blank.")
        )
        print_sentences(
            lang.t(
                "The announced plan cannot be financed within the workbook's own rules: "
                "{breaches}.",
                breaches=tables.reference_breach_text,
            )
            + nearest
        )
    for sentence in tables.moves_text:
        print_sentences(sentence)


def _no_solution(outcome: Outcome) -> NoReturn:
    """A solve that ended with neither a solution nor an infeasibility: out of time is the
    workbook's time limit (exit 2, naming its cell); anything else is a bug (exit 1), since
    validation refuses the values that wreck the solver's numerics."""
    status = outcome.result.status
    if status is SolveStatus.TIME_LIMIT_NO_SOLUTION:
        cell = outcome.data.cells.get(("Settings", "solver_time_limit_s", "value"), "")
        limit = outcome.data.settings.solver_time_limit_s
        fail(
            f"No solution within the solver time limit: Settings!{cell} "
            f"(solver_time_limit_s = {limit:g} s); raise it and solve again",
            EXIT_INPUT,
        )
    err.print(f"No solution: the model is {status.value}.", style="bold red")
    err.print(REPORT_BUG)
    emit_error(EXIT_BUG, f"No solution: the model is {status.value}", kind="no_solution")
    raise typer.Exit(EXIT_BUG)


def _report_infeasible(
    outcome: Outcome, target: Path, workbook: Path, policy: WritePolicy
) -> NoReturn:
    """Print the diagnosis, write it to the Diagnosis workbook, exit 3."""
    assert outcome.diagnosis is not None
    err.print("No allocation satisfies every rule (infeasible).", style="bold red")
    table = Table(show_lines=False)
    for head in ("step", "explanation"):
        table.add_column(head, overflow="fold")
    for row in outcome.diagnosis.itertuples():
        table.add_row(str(row.step), str(row.explanation))
    err.print(table)
    where = None
    try:
        write_diagnosis_of(outcome, target, workbook, policy)
        written = run_outputs().commit()[target]  # with --lp's model, if asked for
        err.print(f"Diagnosis written to {written}")
        where = str(written)
    except OutputError as exc:
        err.print(f"{exc.flag or '-o'}: {exc}", style="red")
    emit_error(
        EXIT_INFEASIBLE,
        "No allocation satisfies every rule (infeasible).",
        diagnosis=outcome.diagnosis,
        diagnosis_file=where,
    )
    raise typer.Exit(EXIT_INFEASIBLE)
