"""The command line: parses arguments, calls the library, prints, and sets the exit code.

Exit codes: 0 done; 2 the input workbook has errors (each named by sheet and cell);
3 the model is infeasible; 1 an unexpected failure (a bug: rerun with --debug for a
traceback).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table

from pactopt import __version__
from pactopt.analysis.impacts import Impacts, evaluate_plan, total
from pactopt.analysis.prechecks import PRECHECKS
from pactopt.cli.common import (
    EXIT_INFEASIBLE,
    EXIT_INPUT,
    MaxSize,
    app,
    err,
    format_meur,
    frame_table,
    load_extensions,
    load_workbook,
    out,
    problem_table,
    state,
)
from pactopt.errors import InputError
from pactopt.io.examples import EXAMPLES
from pactopt.io.excel_read import DEFAULT_MAX_FILE_MB
from pactopt.io.excel_write import OutputError
from pactopt.io.template import write_template
from pactopt.model.registry import ConstraintRule, ordered_rules
from pactopt.pipeline import (
    Outcome,
    check_reference_plan,
    default_output,
    robust_data,
    run_solve,
    write_diagnosis_of,
    write_outcome,
)
from pactopt.report.tables import comparison_table
from pactopt.schema.checks import CHECKS
from pactopt.schema.data import PactData
from pactopt.schema.scenarios import load_scenario, scenario_names


def _version(value: bool) -> None:
    if value:
        out.print(f"pactopt {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Log each step (e.g. families skipped for lack of data)."
        ),
    ] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True)] = False,
) -> None:
    """Global options."""
    state["debug"] = debug
    if verbose:
        logging.basicConfig(
            level=logging.INFO,
            format="%(name)s: %(message)s",
            handlers=[RichHandler(console=err, show_time=False, show_path=False)],
        )


@app.command()
def template(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write.")],
    example: Annotated[
        str | None, typer.Option("--example", help=f"Fill with an example: {', '.join(EXAMPLES)}.")
    ] = None,
) -> None:
    """Write the blank input template (or a filled example), generated from the schema."""
    if example is not None and example not in EXAMPLES:
        err.print(f"[red]unknown example '{example}'; known: {', '.join(EXAMPLES)}[/red]")
        raise typer.Exit(EXIT_INPUT)
    write_template(out_path, example)
    out.print(f"Template written to {out_path}")


@app.command()
def validate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate", metavar="OUT.xlsx", help="Write a copy with the bad cells marked."
        ),
    ] = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
) -> None:
    """Check a workbook and list every problem with its sheet and cell (exit 2 on errors)."""
    data = load_workbook(workbook, max_size_mb, annotate)
    out.print(
        f"[green]{workbook}: valid[/green] — {len(data.domains)} domains, "
        f"{len(data.instruments)} instruments, {len(data.funders)} funders, "
        f"{len(data.budget_lines)} budget lines, years {data.years[0]}-{data.years[-1]}"
    )


@app.command("checks")
def list_checks() -> None:
    """List the named cross-sheet checks run by validate, and the pre-solve checks run by
    solve (blocking ones stop the run with exit code 3)."""
    for name, fn in CHECKS.items():
        out.print(f"[bold]{name}[/bold]: {escape(' '.join((fn.__doc__ or '').split()))}")
    for name, (check_fn, blocking) in PRECHECKS.items():
        kind = "pre-solve, blocking" if blocking else "pre-solve, warning"
        doc = escape(" ".join((check_fn.__doc__ or "").split()))
        out.print(f"[bold]{name}[/bold] ({kind}): {doc}")


def _impact_row(name: str, imp: Impacts) -> list[str]:
    return [
        name,
        f"{imp.spend_meur:,.0f}",
        f"{imp.public_meur:,.0f}",
        f"{imp.private_meur:,.0f}",
        f"{imp.output_meur:,.0f}",
        f"{imp.jobs:,.0f}",
        f"{imp.savings_meur:,.0f}",
    ]


@app.command()
def evaluate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
) -> None:
    """Impacts of the reference plan as given in the workbook (no optimisation), and whether
    it can be financed within the workbook's own rules (if not: which rules it breaks, in
    cells and euros)."""
    data = load_workbook(workbook, max_size_mb)
    by_domain = evaluate_plan(data)
    whole = total(by_domain)
    reference, breaches = check_reference_plan(data)
    if as_json:
        figures: dict[str, Any] = {k: round(v, 3) for k, v in vars(whole).items()}
        figures |= {"jobs": round(whole.jobs, 3), "savings_meur": round(whole.savings_meur, 3)}
        figures["within_rules"] = {
            "feasible": reference.feasible,
            "breaches": [
                {
                    "rule": b.rule,
                    "constraint": b.constraint,
                    "cells": list(b.cells),
                    "short": b.short,
                    "unit": b.unit,
                }
                for b in reference.breaches
            ],
        }
        out.print_json(json.dumps(figures, allow_nan=False))
        return
    table = Table(title=f"Reference plan of {workbook.name} (€m; jobs: net jobs)")
    for head in ("domain", "spend", "public", "private", "output", "jobs", "savings"):
        table.add_column(head, justify="right" if head != "domain" else "left")
    for domain, imp in by_domain.items():
        table.add_row(*_impact_row(domain, imp))
    table.add_row(*_impact_row("total", whole), style="bold")
    out.print(table)
    out.print(
        f"Savings: government {whole.savings_government_meur:,.0f}, business "
        f"{whole.savings_business_meur:,.0f}, citizens {whole.savings_citizens_meur:,.0f}"
        f" €m. Jobs: direct {whole.jobs_direct:,.0f}, indirect {whole.jobs_indirect:,.0f}."
    )
    out.print("Public/private: midpoint of each instrument's public-share range.")
    if reference.feasible:
        out.print(
            "Under the workbook's own rules (every instrument at its reference amount) the "
            "plan can be financed."
        )
    else:
        out.print(
            f"Under the workbook's own rules the plan cannot be financed: {escape(breaches)}."
        )


@app.command()
def solve(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.xlsx",
            help="Results workbook (default: outputs/<input>_results_<time>.xlsx).",
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
) -> None:
    """Optimise the allocation and write the results workbook."""
    data = load_workbook(workbook, max_size_mb)
    if robust:
        data = robust_data(data)
    rules = load_extensions(extension)
    comparison = None
    if scenario is None and not all_scenarios:
        outcome = run_solve(data, workbook, extensions=rules, lp_path=lp, alternatives=alternatives)
    else:
        outcome, comparison = _solve_scenarios(data, workbook, rules, scenario, lp, max_size_mb)
    result = outcome.result
    target = output or default_output(workbook)
    for warning in outcome.warnings:
        err.print(f"[yellow]warning: {escape(warning)}[/yellow]")
    if outcome.diagnosis is not None:
        _report_infeasible(outcome, target, workbook)
    if not result.status.has_solution:
        err.print(f"[bold red]No solution: the model is {result.status.value}.[/bold red]")
        raise typer.Exit(1)
    try:
        write_outcome(outcome, target, workbook, comparison=comparison)
    except OutputError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(EXIT_INPUT) from None
    assert outcome.tables is not None
    summary = outcome.tables.summary
    if as_json:
        figures = {
            str(r.figure): {
                "optimised": _number_or_none(r.optimised),
                "reference": _number_or_none(r.reference),
            }
            for r in summary.itertuples()
        }
        payload = {
            "status": result.status.value,
            "objective": result.objective,
            "output_file": str(target),
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
        out.print_json(json.dumps(payload, default=lambda v: None, allow_nan=False))
        return
    table = Table(title=f"{workbook.name}: optimised vs reference plan ({result.status.value})")
    for head in ("figure", "optimised", "reference", "difference"):
        table.add_column(head, justify="left" if head == "figure" else "right")
    for record in summary.to_dict("records"):
        cells = [format_meur(record[k]) for k in ("optimised", "reference", "difference")]
        table.add_row(str(record["figure"]), *cells)
    out.print(table)
    if outcome.tables.reference_feasible is False:
        out.print(
            "The reference plan cannot be financed within the workbook's own rules: "
            f"{escape(outcome.tables.reference_breach_text)}. Its net figures are left blank."
        )
    if comparison is not None:
        out.print(frame_table(comparison, "Scenarios side by side"))
    if outcome.robustness is not None:
        out.print(escape(outcome.robustness.sentence))
    out.print(f"Results written to {target}")


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
    lp: Path | None,
    max_size_mb: float,
) -> tuple[Outcome, Any]:
    """Solve the base and the asked scenario (or all of them); the outcome to write is the
    scenario's (or the base's with --all-scenarios), with the comparison of all."""
    names = [scenario] if scenario is not None else scenario_names(data)
    base_lp = lp if scenario is None else None
    named = [("base", run_solve(data, workbook, extensions=rules, lp_path=base_lp))]
    for name in names:
        try:
            variant = load_scenario(workbook, name, max_size_mb)
        except InputError as exc:
            err.print(f"[bold red]scenario {escape(name)}:[/bold red]")
            err.print(problem_table(exc.problems))
            raise typer.Exit(EXIT_INPUT) from None
        scenario_lp = lp if scenario is not None else None
        named.append((name, run_solve(variant, workbook, extensions=rules, lp_path=scenario_lp)))
    for name, o in named:
        if o.tables is None:
            err.print(
                f"[yellow]{escape(name)}: {o.result.status.value}; left out of the "
                "comparison[/yellow]"
            )
    solved = [(n, o.tables) for n, o in named if o.tables is not None]
    comparison = comparison_table(solved) if len(solved) > 1 else None
    return (named[-1][1] if scenario is not None else named[0][1]), comparison


def _report_infeasible(outcome: Outcome, target: Path, workbook: Path) -> NoReturn:
    """Print the diagnosis, write it to the Diagnosis workbook, exit 3."""
    assert outcome.diagnosis is not None
    err.print("[bold red]No allocation satisfies every rule (infeasible).[/bold red]")
    table = Table(show_lines=False)
    for head in ("step", "explanation"):
        table.add_column(head, overflow="fold")
    for row in outcome.diagnosis.itertuples():
        table.add_row(str(row.step), escape(str(row.explanation)))
    err.print(table)
    try:
        write_diagnosis_of(outcome, target, workbook)
        err.print(f"Diagnosis written to {target}")
    except OutputError as exc:
        err.print(f"[red]{exc}[/red]")
    raise typer.Exit(EXIT_INFEASIBLE)


@app.command("constraints")
def list_constraints() -> None:
    """List every constraint family and rule, in build order, with its meaning and math."""
    for rule in ordered_rules():
        out.print(
            f"[bold]{rule.family}[/bold] / {rule.name}  "
            f"[dim](index: {' × '.join(rule.index)}; sheet {rule.sheet}; {rule.unit})[/dim]"
        )
        out.print(f"    {escape(rule.doc)}")
