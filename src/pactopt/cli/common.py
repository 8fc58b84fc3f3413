"""Shared parts of the command line: the app, the consoles, the exit codes, loading with error
reporting, output paths checked before any work, and the tables printed to the terminal.

One rule for everything printed: the consoles never read text as markup (``markup=False``),
so a scenario named ``[/]`` or a file named ``plan [final].xlsx`` prints as it is; styles are
given as ``style=``, never inside the text.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pactopt.errors import InputError, Problem, Severity
from pactopt.xlsx.files import OutputError, WritePolicy
from pactopt.xlsx.staging import Outputs, current, os_message

if TYPE_CHECKING:  # the command line imports what a command uses when it runs (issue 16)
    from pactopt.model.registry import ConstraintRule
    from pactopt.schema.data import PactData

EXIT_OK = 0
EXIT_BUG = 1
EXIT_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_INTERRUPTED = 130  # the shell's code for a process stopped by Ctrl-C (128 + SIGINT)
EXIT_TERMINATED = 143  # and by SIGTERM (128 + 15): timeout, CI cancellation, systemd
EXIT_CODES = (
    "Exit codes: 0 done; 2 bad input or arguments (the message names the sheet and cell, or "
    "the flag, the file the machine refused); 3 infeasible (the diagnosis names the rules "
    "and their cells); 130 interrupted by Ctrl-C, 143 stopped by SIGTERM (nothing written, "
    "temporaries removed); 1 only for a bug in pactopt (the message says how to report it). "
    "Output cut short by its reader (| head) does not change the code."
)
REPORT_BUG = (
    "This is a bug in pactopt, not a problem of your workbook: please report it to the pactopt "
    "maintainers (the project's issue tracker) with the command you ran and the output of the "
    "same command with --debug."
)
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Click's own help layout: at 80 columns rich's panels squeezed each option's text into a
    # 20-character column beside a '<bool>' column and cut '--no-alternatives' short
    rich_markup_mode=None,
    help=f"pactopt: where the euros of a digital investment pact should go.\n\n{EXIT_CODES}",
)
out = Console(markup=False, highlight=False)
err = Console(stderr=True, markup=False, highlight=False)


state: dict[str, Any] = {
    "debug": False,
    "json": False,
    "command": "",
    "emitted": False,
    "interrupted": False,
}

MaxSize = Annotated[float, typer.Option("--max-size-mb", help="Refuse larger input files.")]
Force = Annotated[
    bool, typer.Option("--force", help="Overwrite output files that exist (never an input).")
]
Json = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print the result as JSON on standard output (schemas/COMMAND.schema.json), and "
        "on exit 1, 2 or 3 a JSON error object with the sheet, cell and rule of each problem.",
    ),
]
Extensions = Annotated[
    list[Path] | None,
    typer.Option(
        "--extension",
        metavar="PATH",
        help="Python file adding constraint families. It is code and runs with your rights "
        "(it can read, change or delete what you can): pass only files you trust.",
    ),
]
ExtensionTimeLimit = Annotated[
    float | None,
    typer.Option(
        "--extension-time-limit",
        metavar="SECONDS",
        min=0.001,
        help="Stop an extension whose loading, or the building of one of its rules, takes "
        "longer (exit 2 naming the file and line). Default: no limit.",
    ),
]
Workers = Annotated[int, typer.Option("--workers", min=1, max=64, help="Parallel processes.")]
ActualsCsv = Annotated[
    Path | None,
    typer.Option(
        "--actuals",
        metavar="FILE.csv",
        help="Mid-term review: what was spent, one line per instrument, funder and year "
        "(columns instrument,funder,year,meur), instead of the workbook's Actuals sheet.",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run on a Dask cluster: its scheduler's address (tcp://host:8786; its workers "
        "are the cluster's), or 'local' for a cluster of --workers processes on this "
        "machine (default: a pool of --workers processes).",
    ),
]
_LONGEST_VALUE = 60
_KINDS = {EXIT_INPUT: "input", EXIT_INFEASIBLE: "infeasible", EXIT_BUG: "bug"}


def machine(command: str, as_json: bool) -> None:
    """Say which command runs, and whether it answers in JSON (errors included)."""
    state["command"], state["json"] = command, as_json


def emit(**fields: Any) -> None:
    """Print the command's JSON output (its model in ``report.json_models``)."""
    from pactopt.report.json_models import OUTPUTS
    from pactopt.report.json_payloads import dump, envelope

    model = OUTPUTS[state["command"]](**envelope(state["command"]), **fields)
    state["emitted"] = True
    sys.stdout.write(dump(model) + "\n")


def emit_error(
    code: int,
    message: str,
    *,
    kind: str | None = None,
    problems: Sequence[Problem] = (),
    diagnosis: Any = None,
    diagnosis_file: str | None = None,
) -> None:
    """In JSON mode, print the error object of exit ``code`` on standard output (unless the
    command's document is out already: a signal after it; standard output holds one)."""
    if not state["json"] or state.get("emitted"):
        return
    from pactopt.report.json_models import DiagnosisStep, ErrorInfo, ErrorOutput
    from pactopt.report.json_payloads import dump, envelope, number, problems_out

    steps = []
    if diagnosis is not None:
        steps = [
            DiagnosisStep(
                step=str(r.step),
                rule=str(r.rule or ""),
                cells=[c.strip() for c in str(r.cells or "").split(",") if c.strip()],
                short_meur=number(r.short_meur),
                explanation=str(r.explanation),
            )
            for r in diagnosis.itertuples()
        ]
    info = ErrorInfo(
        kind=kind or _KINDS.get(code, "input"),  # type: ignore[arg-type]
        message=message,
        problems=problems_out(problems),
        diagnosis=steps,
        diagnosis_file=diagnosis_file,
    )
    command = state["command"] or "pactopt"
    model = ErrorOutput(**envelope(command, code), error=info)
    state["emitted"] = True
    sys.stdout.write(dump(model) + "\n")


def fail(message: str, code: int = EXIT_INPUT) -> NoReturn:
    """Print ``message`` (never read as markup) in red and exit with ``code`` (in JSON mode
    the error object goes to standard output as well)."""
    err.print(message, style="red")
    # a message that starts with its flag ('-o: …', '--method …') is about the arguments;
    # an extension's is about the modeller's file, input as a workbook is
    usage = code == EXIT_INPUT and message.startswith("-") and not message.startswith("--ext")
    emit_error(code, message, kind="usage" if usage else None)
    raise typer.Exit(code)


def output_policy(
    path: Path, flag: str, *, protect: Sequence[Path], force: bool, default: bool = False
) -> WritePolicy:
    """Check an output path before any work (exit 2 naming the flag); the policy to write it
    with. A default name (``default``) takes the next free name rather than overwrite; its
    folder (``outputs/``) is created, an explicit path's folder must exist."""
    policy = WritePolicy(force=force and not default, unique=default)
    try:
        if default:
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{flag}: cannot create folder {path.parent}: {os_message(exc)}")
    try:
        run_outputs().check(path, flag, protect=protect, policy=policy)
    except OutputError as exc:
        fail(f"{flag}: {exc}")
    return policy


def run_outputs() -> Outputs:
    """The outputs of this run (one transaction: ``xlsx.staging``)."""
    outputs = current()
    assert outputs is not None, "opened by run(), or by the app's callback"
    return outputs


def commit_outputs() -> Outputs:
    """Place every output of the run, all together (exit 2 naming the flag when the machine
    refuses); the run's outputs, whose ``final(path)`` is the name each got."""
    outputs = run_outputs()
    try:
        outputs.commit()
    except OutputError as exc:
        fail(f"{exc.flag or 'output'}: {exc}")
    return outputs


@contextmanager
def sweep_failures() -> Iterator[None]:
    """A run the pipeline refuses (``RunError``: exit 2, or 3 when infeasible) or an engine
    that cannot start ends the command with its message."""
    from pactopt.analysis.engines import EngineError
    from pactopt.pipeline.requests import RunError

    try:
        yield
    except RunError as exc:
        fail(str(exc), EXIT_INFEASIBLE if exc.infeasible else EXIT_INPUT)
    except EngineError as exc:
        fail(str(exc))


def shown(value: object) -> str:
    """A cell's value as a message shows it: its repr, shortened in the middle when long
    (a 400-digit number)."""
    text = repr(value)
    if len(text) <= _LONGEST_VALUE:
        return text
    half = _LONGEST_VALUE // 2 - 2
    return f"{text[:half]}…{text[-half:]} ({len(text)} characters)"


def problem_table(problems: list[Problem]) -> Table:
    table = Table(show_lines=False)
    for head in ("", "where", "value", "rule"):
        table.add_column(head, overflow="fold")
    for p in problems:
        error = p.severity is Severity.ERROR
        mark = Text("error", style="red") if error else Text("warning", style="yellow")
        value = "" if p.value is None else shown(p.value)
        table.add_row(mark, p.where, value, p.rule)
    return table


def load_workbook(
    path: Path,
    max_size_mb: float,
    annotate: Path | None = None,
    force: bool = False,
    actuals: Path | None = None,
) -> PactData:
    """Load the workbook (with the actuals of ``actuals``, a CSV file, instead of its
    Actuals sheet), or print every problem and exit 2."""
    from pactopt.schema.actuals_csv import with_actuals_csv
    from pactopt.schema.parse import load_pact

    policy = None
    if annotate is not None:
        policy = output_policy(annotate, "--annotate", protect=[path], force=force)
    try:
        data = load_pact(path, max_size_mb)
        if actuals is not None:
            data = with_actuals_csv(data, actuals)
    except InputError as exc:
        if state["debug"]:
            raise
        # a problem of the CSV file names the file, not the workbook
        path = actuals if actuals is not None and exc.errors[0].sheet == actuals.name else path
        message = f"{path}: {exc.error_count:,} error(s), {exc.warning_count:,} warning(s)"
        err.print(message, style="bold red")
        err.print(problem_table(exc.problems))
        if annotate is not None and policy is not None:
            annotate_copy(path, exc.problems, annotate, policy, opened=exc.opened)
        emit_error(EXIT_INPUT, message, problems=exc.problems)
        raise typer.Exit(EXIT_INPUT) from None
    if data.warnings:
        count = sum(p.count for p in data.warnings)
        err.print(f"{path}: {count:,} warning(s)", style="yellow")
        err.print(problem_table(list(data.warnings)))
    if annotate is not None and policy is not None:
        annotate_copy(path, list(data.warnings), annotate, policy)
    return data


def annotate_copy(
    path: Path, problems: list[Problem], target: Path, policy: WritePolicy, opened: bool = True
) -> None:
    if not opened:
        err.print("The workbook was not read whole, so no annotated copy is written.")
        return
    if any(p.sheet is None for p in problems if p.severity is Severity.ERROR):
        err.print("The file could not be opened as a workbook, so no annotated copy is written.")
        return
    from pactopt.template.annotate import annotate_workbook

    try:
        annotate_workbook(path, problems, target, policy)
    except OutputError as exc:
        fail(f"--annotate: {exc}")
    written = commit_outputs().final(target)
    err.print(f"Annotated copy written to {written}")


def load_extensions(
    paths: list[Path] | None, time_limit: float | None = None
) -> list[ConstraintRule]:
    """Load each extension (exit 2 naming the file and line when one fails), with its code
    stopped after ``time_limit`` seconds when given (loading, and each rule's building)."""
    from pactopt.model.guard import TIME_LIMIT
    from pactopt.model.registry import RegistryError, load_extension

    TIME_LIMIT[0] = time_limit
    rules: list[ConstraintRule] = []
    for path in paths or []:
        try:
            loaded = load_extension(path)
        except RegistryError as exc:
            fail(f"--extension: {exc}")
        for rule in loaded:
            twin = next((r for r in rules if r.name == rule.name), None)
            if twin is not None:
                fail(
                    f"--extension: constraint '{rule.name}' of {path} has the name of a rule "
                    f"of {twin.rule.__code__.co_filename}; give one of them another name"
                )
        rules += loaded
    return rules
