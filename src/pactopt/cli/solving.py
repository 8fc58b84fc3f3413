"""The solve command: output paths checked first, then the base (and scenarios) solved, the
results or the diagnosis written, and the headline printed. Registered on the same app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.table import Table

from pactopt.cli.common import (
    EXIT_BUG,
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    REPORT_BUG,
    Force,
    MaxSize,
    app,
    err,
    fail,
    format_meur,
    frame_table,
    load_extensions,
    load_workbook,
    out,
    output_policy,
    problem_table,
)
from pactopt.errors import InputError
from pactopt.io.excel_read import DEFAULT_MAX_FILE_MB
from pactopt.io.excel_write import OutputError, WritePolicy
from pactopt.model.registry import ConstraintRule
from pactopt.pipeline import (
    Outcome,
    default_output,
    robust_data,
    run_solve,
    write_diagnosis_of,
    write_outcome,
)
from pactopt.report.tables import comparison_table
from pactopt.schema.data import PactData
from pactopt.schema.scenarios import load_scenario, scenario_names
from pactopt.solver.solution import SolveStatus


@app.command()
def solve(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.xlsx",
            help="Results workbook (default: outputs/<input>_<scenario>_results_<time>.xlsx, "
            "never overwritten). An existing OUT.xlsx is kept unless --force.",
        ),
    ] = None,
    lp: Annotated[
        Path | None,
        typer.Option("--lp", metavar="FILE", help="Also write the model as an LP file."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print headline figures as JSON.")
    ] = False,
    extension: Annotated[
        list[Path] | None,
        typer.Option("--extension", metavar="PATH", help="Python file adding constraint families."),
    ] = None,
    scenario: Annotated[
        str | None,
        typer.Option(
            "--scenario", help="Solve this scenario of the Scenarios sheet (compared to the base)."
        ),
    ] = None,
    all_scenarios: Annotated[
        bool,
        typer.Option(
            "--all-scenarios", help="Solve the base and every scenario; add a Comparison sheet."
        ),
    ] = False,
    alternatives: Annotated[
        bool | None,
        typer.Option(
            "--alternatives/--no-alternatives",
            help="Near-optimal ranges of every instrument, domain and year (Alternatives "
            "sheet); by default on for models up to 5,000 variables (a national plan).",
        ),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            help="Robust plan (objective_mode = robust): mean and CVaR over seeded draws of the "
            "coefficients, compared with the central plan on fresh draws (Robustness sheet).",
        ),
    ] = False,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
) -> None:
    """Optimise the allocation and write the results workbook."""
    target = output or default_output(workbook, "results", scenario)
    policy = output_policy(target, "-o", protect=[workbook], force=force, default=output is None)
    lp_policy = WritePolicy()
    if lp is not None:
        lp_policy = output_policy(lp, "--lp", protect=[workbook, target], force=force)
    data = load_workbook(workbook, max_size_mb)
    if robust:
        data = robust_data(data)
    rules = load_extensions(extension)
    comparison = None
    if scenario is None and not all_scenarios:
        outcome = run_solve(
            data,
            workbook,
            extensions=rules,
            lp_path=lp,
            alternatives=alternatives,
            lp_policy=lp_policy,
        )
    else:
        outcome, comparison = _solve_scenarios(
            data, workbook, rules, scenario, (lp, lp_policy), max_size_mb
        )
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
        written = write_outcome(outcome, target, workbook, comparison=comparison, policy=policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    assert outcome.tables is not None
    if as_json:
        payload = _json_payload(outcome, written)
        out.print_json(json.dumps(payload, default=lambda v: None, allow_nan=False))
        return
    _print_summary(outcome, workbook)
    if comparison is not None:
        out.print(frame_table(comparison, "Scenarios side by side"))
    if outcome.robustness is not None:
        out.print(outcome.robustness.sentence)
    out.print(f"Results written to {written}")


def _json_payload(outcome: Outcome, written: Path) -> dict[str, Any]:
    assert outcome.tables is not None
    figures = {
        str(r.figure): {
            "optimised": _number_or_none(r.optimised),
            "reference": _number_or_none(r.reference),
        }
        for r in outcome.tables.summary.itertuples()
    }
    return {
        "status": outcome.result.status.value,
        "objective": outcome.result.objective,
        "output_file": str(written),
        "figures": figures,
        "projects": [
            {
                "project": str(r["project"]),
                "built": r["built"] == "yes",
                "value_of_decision_meur": _number_or_none(r["value_of_decision_meur"]),
            }
            for r in outcome.tables.projects.to_dict("records")
        ],
    }


def _print_summary(outcome: Outcome, workbook: Path) -> None:
    assert outcome.tables is not None
    status = outcome.result.status.value
    table = Table(title=f"{workbook.name}: optimised vs reference plan ({status})")
    for head in ("figure", "optimised", "reference", "difference"):
        table.add_column(head, justify="left" if head == "figure" else "right")
    for record in outcome.tables.summary.to_dict("records"):
        cells = [format_meur(record[k]) for k in ("optimised", "reference", "difference")]
        table.add_row(str(record["figure"]), *cells)
    out.print(table)
    if outcome.tables.reference_feasible is False:
        out.print(
            "The reference plan cannot be financed within the workbook's own rules: "
            f"{outcome.tables.reference_breach_text}. Its net figures are left blank."
        )


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
    raise typer.Exit(EXIT_BUG)


def _number_or_none(value: object) -> float | None:
    """A JSON number, or null for a missing one (NaN is not JSON)."""
    if isinstance(value, int | float) and value == value:
        return float(value)
    return None


def _solve_scenarios(
    data: PactData,
    workbook: Path,
    rules: list[ConstraintRule],
    scenario: str | None,
    lp: tuple[Path | None, WritePolicy],
    max_size_mb: float,
) -> tuple[Outcome, Any]:
    """Solve the base and the asked scenario (or all of them); the outcome to write is the
    scenario's (or the base's with --all-scenarios), with the comparison of all. With
    --all-scenarios an infeasible base is diagnosed once and ends the run; scenarios that
    are infeasible are left out of the comparison without a diagnosis of their own."""
    lp_path, lp_policy = lp
    names = [scenario] if scenario is not None else scenario_names(data)
    base_lp = lp_path if scenario is None else None
    base = run_solve(
        data,
        workbook,
        extensions=rules,
        lp_path=base_lp,
        lp_policy=lp_policy,
        diagnose=scenario is None,
    )
    if scenario is None and not base.result.status.has_solution:
        return base, None  # reported as the base's own run: no scenario is worth solving
    named = [("base", base)]
    for name in names:
        try:
            variant = load_scenario(workbook, name, max_size_mb)
        except InputError as exc:
            err.print(f"scenario {name}:", style="bold red")
            err.print(problem_table(exc.problems))
            raise typer.Exit(EXIT_INPUT) from None
        one = scenario is not None
        named.append(
            (
                name,
                run_solve(
                    variant,
                    workbook,
                    extensions=rules,
                    lp_path=lp_path if one else None,
                    lp_policy=lp_policy,
                    diagnose=one,
                ),
            )
        )
    for name, o in named:
        if o.tables is None:
            err.print(
                f"{name}: {o.result.status.value}; left out of the comparison", style="yellow"
            )
    solved = [(n, o.tables) for n, o in named if o.tables is not None]
    comparison = comparison_table(solved) if len(solved) > 1 else None
    return (named[-1][1] if scenario is not None else named[0][1]), comparison


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
    try:
        written = write_diagnosis_of(outcome, target, workbook, policy)
        err.print(f"Diagnosis written to {written}")
    except OutputError as exc:
        err.print(f"-o: {exc}", style="red")
    raise typer.Exit(EXIT_INFEASIBLE)
