"""The workbook's own commands: ``validate`` (every problem with its sheet and cell),
``template`` (the blank template, a filled example, or a workbook carried to a new horizon)
and ``checks`` (the named checks ``validate`` and ``solve`` run)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from pactopt.cli.common import (
    ActualsCsv,
    Force,
    Json,
    MaxSize,
    app,
    commit_outputs,
    emit,
    err,
    fail,
    load_workbook,
    machine,
    out,
    output_policy,
    problem_table,
)
from pactopt.errors import InputError, Problem, Severity, bounded
from pactopt.template.examples import DEFAULT_YEARS, EXAMPLES, ExampleData, load_example
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB, OutputError

if TYPE_CHECKING:
    pass

# Each command imports what it uses when it runs: --help and validate never load Pyomo,
# HiGHS or pandas (issue 16; tests/unit/test_architecture.py checks it).


@app.command()
def validate(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    annotate: Annotated[
        Path | None,
        typer.Option(
            "--annotate", metavar="OUT.xlsx", help="Write a copy with the bad cells marked."
        ),
    ] = None,
    actuals: ActualsCsv = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Check a workbook and list every problem with its sheet and cell (exit 2 on errors)."""
    machine("validate", as_json)
    data = load_workbook(workbook, max_size_mb, annotate, force, actuals)
    from pactopt.analysis.prechecks import run_prechecks

    # what solve's pre-checks would stop at, said now as warnings (a workbook carried to a
    # shorter horizon keeps totals meant for the whole pact: they no longer fit)
    stops = [
        Problem(
            f.cells[0].split("!")[0] if f.cells else None,
            f.cells[0].split("!")[1] if f.cells and "!" in f.cells[0] else None,
            None,
            f"solve would stop here (infeasible): {f.message}",
            Severity.WARNING,
        )
        for f in run_prechecks(data)
        if f.blocking
    ]
    stops = bounded(stops)
    if stops and not as_json:
        err.print(f"{workbook}: {len(stops)} warning(s) about the solve", style="yellow")
        err.print(problem_table(stops))
        err.print(
            "If this workbook was carried from a longer pact (template --from), its totals "
            "are meant for that pact's years: to re-plan the years left of a pact, keep its "
            "horizon and set Settings as_of_year (the mid-term review), with what was spent "
            "in the Actuals sheet.",
            style="yellow",
        )
    if as_json:
        from pactopt.report.json_payloads import problems_out

        emit(
            input_file=str(workbook),
            input_sha256=data.source_sha256,
            first_year=data.years[0],
            last_year=data.years[-1],
            counts={
                "domains": len(data.domains),
                "instruments": len(data.instruments),
                "funders": len(data.funders),
                "budget_lines": len(data.budget_lines),
                "projects": len(data.projects),
                "scenarios": len(data.scenarios),
            },
            warnings=problems_out([*data.warnings, *stops]),
        )
        return
    out.print(
        Text.assemble(
            (f"{workbook}: valid", "green"),
            f" — {len(data.domains)} domains, {len(data.instruments)} instruments, "
            f"{len(data.funders)} funders, {len(data.budget_lines)} budget lines, "
            f"years {data.years[0]}-{data.years[-1]}",
        )
    )


@app.command()
def template(
    out_path: Annotated[Path, typer.Argument(metavar="OUT.xlsx", help="Where to write.")],
    example: Annotated[
        str | None, typer.Option("--example", help=f"Fill with an example: {', '.join(EXAMPLES)}.")
    ] = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--from",
            metavar="OLD.xlsx",
            help="Carry a filled workbook into the fresh template (with --first-year/--last-year: "
            "to a new horizon, year values kept where the horizons overlap).",
        ),
    ] = None,
    first_year: Annotated[
        int | None,
        typer.Option("--first-year", min=1900, max=2200, metavar="YEAR", help="First year."),
    ] = None,
    last_year: Annotated[
        int | None,
        typer.Option("--last-year", min=1900, max=2200, metavar="YEAR", help="Last year."),
    ] = None,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Write the blank input template (or a filled example, or a filled workbook carried to a
    new horizon), generated from the schema; an existing file is kept unless --force."""
    machine("template", as_json)
    from pactopt.template.carry import carry_workbook
    from pactopt.template.generate import write_template

    if example is not None and example not in EXAMPLES:
        fail(f"--example: unknown example '{example}'; known: {', '.join(EXAMPLES)}")
    if example is not None and source is not None:
        fail("--from and --example: give one of them (the workbook to carry, or an example)")
    protect = [source] if source is not None else []
    policy = output_policy(out_path, "OUT.xlsx", protect=protect, force=force)
    filled: str | ExampleData | None = example
    left_behind: list[str] = []
    if source is not None:
        try:
            carried = carry_workbook(source)
        except InputError as exc:
            fail(f"--from {source}: {'; '.join(p.rule for p in exc.errors)}")
        filled, left_behind = carried.example, carried.left_behind
    horizon = _horizon(filled, first_year, last_year)
    try:
        write_template(out_path, filled, policy, horizon)
    except OutputError as exc:
        fail(f"OUT.xlsx: {exc}")
    written = commit_outputs().final(out_path)
    for what in left_behind:
        err.print(
            f"warning: not carried (the template has no place for it): {what}", style="yellow"
        )
    for what in _horizon_moved(filled, horizon, source):
        err.print(f"note: {what}", style="yellow")
    if as_json:
        emit(
            output_file=str(written),
            first_year=horizon[0] if horizon else None,
            last_year=horizon[1] if horizon else None,
            not_carried=left_behind,
        )
        return
    years = f" for {horizon[0]}-{horizon[1]}" if horizon else ""
    out.print(f"Template written to {written}{years}")


def _horizon_moved(
    filled: str | ExampleData | None, horizon: tuple[int, int] | None, source: Path | None
) -> list[str]:
    """What moving a carried workbook to ``horizon`` leaves behind, and what it leaves blank:
    said, never done silently."""
    if source is None or horizon is None or not isinstance(filled, ExampleData):
        return []
    try:
        first, last = (int(str(filled.settings[k][0])) for k in ("first_year", "last_year"))
    except (KeyError, ValueError):
        return []
    old, new = range(first, last + 1), range(horizon[0], horizon[1] + 1)
    notes = []
    dropped = [y for y in old if y not in new]
    if dropped:
        notes.append(
            f"the year columns {_span(dropped)} of {source.name} are outside {_span(list(new))} "
            "and were not carried"
        )
        if len(new) < len(old):
            notes.append(
                f"the totals carried (domain floors and ceilings, instrument totals, the "
                f"envelope, caps over the horizon) were set for {_span(list(old))}: `pactopt "
                f"validate` says which no longer fit {_span(list(new))}; to re-plan the years "
                "left of a pact, keep its horizon and set Settings as_of_year instead (the "
                "mid-term review), with what was spent in the Actuals sheet"
            )
    added = [y for y in new if y not in old]
    if added:
        notes.append(
            f"{_span(added)} are new to the horizon: their year cells on BudgetLines, Funders "
            "and Projects are blank (a blank baseline or cost is 0, a blank cap is no cap), and "
            "the totals over the horizon (min/max_total_meur, reference_plan_meur) are as they "
            f"were for {_span(list(old))}: fill them in"
        )
    return notes


def _span(years: list[int]) -> str:
    return f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _horizon(
    filled: str | ExampleData | None, first: int | None, last: int | None
) -> tuple[int, int] | None:
    """(first year, last year) asked for, the missing one taken from the workbook or example
    being filled (or the template's default); exit 2 for a horizon the Settings refuse."""
    if first is None and last is None:
        return None
    settings = load_example(filled).settings if isinstance(filled, str) else {}
    if isinstance(filled, ExampleData):
        settings = filled.settings
    given = [first, last]
    for k, name in enumerate(("first_year", "last_year")):
        if given[k] is None:
            value = settings.get(name, ((DEFAULT_YEARS[0], DEFAULT_YEARS[-1])[k], ""))[0]
            try:
                given[k] = int(str(value))
            except ValueError:
                fail(f"--first-year/--last-year: give both (Settings {name} reads {value!r})")
    start, end = int(given[0] or 0), int(given[1] or 0)
    if end < start:
        fail(f"--last-year: {end} is before the first year {start}")
    from pactopt.schema.settings import horizon_problem

    problem = horizon_problem(start, end)
    if problem is not None:  # what validate would refuse in the workbook written
        fail(f"--first-year/--last-year: the horizon {start}-{end} is refused: {problem}")
    return start, end


@app.command("checks")
def list_checks(as_json: Json = False) -> None:
    """List the named cross-sheet checks run by validate, and the pre-solve checks run by
    solve (blocking ones stop the run with exit code 3)."""
    machine("checks", as_json)
    from pactopt.analysis.prechecks import PRECHECKS
    from pactopt.report.json_payloads import listed
    from pactopt.schema.checks import CHECKS

    if as_json:
        items = [(n, " ".join((f.__doc__ or "").split()), "validate") for n, f in CHECKS.items()]
        items += [
            (n, " ".join((f.__doc__ or "").split()), "pre-solve, blocking" if b else "pre-solve")
            for n, (f, b) in PRECHECKS.items()
        ]
        emit(items=listed(items))
        return
    for name, fn in CHECKS.items():
        out.print(Text.assemble((name, "bold"), ": ", " ".join((fn.__doc__ or "").split())))
    for name, (check_fn, blocking) in PRECHECKS.items():
        kind = "pre-solve, blocking" if blocking else "pre-solve, warning"
        doc = " ".join((check_fn.__doc__ or "").split())
        out.print(Text.assemble((name, "bold"), f" ({kind}): {doc}"))
