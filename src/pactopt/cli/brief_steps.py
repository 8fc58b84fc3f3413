"""The work of ``pactopt brief`` and ``solve --brief``, imported when they run."""

from __future__ import annotations

from pathlib import Path

from pactopt.cli.common import (
    EXIT_INFEASIBLE,
    commit_outputs,
    emit_error,
    err,
    fail,
    load_workbook,
    out,
    output_policy,
    problem_table,
)
from pactopt.errors import InputError
from pactopt.pipeline.solved import Outcome
from pactopt.xlsx.files import WritePolicy
from pactopt.xlsx.write import OutputError


def _policies(
    html: Path, protect: list[Path], force: bool, default: bool, flag: str = "-o"
) -> WritePolicy:
    """Check the HTML and PDF paths before any work (exit 2 naming ``flag``)."""
    policy = output_policy(html, flag, protect=protect, force=force, default=default)
    pdf = html.with_suffix(".pdf")
    output_policy(pdf, flag, protect=protect, force=force, default=default)
    return policy


def write_brief_of(
    outcome: Outcome, lang: str, workbook: Path, html: Path, policy: WritePolicy
) -> None:
    """Make the brief of a solved run, write it and say where it is."""
    from pactopt.brief.pdf import PageError
    from pactopt.pipeline.brief import make_brief, write_brief

    try:
        made = make_brief(outcome, lang, workbook)
    except PageError as exc:
        fail(f"brief: {exc}")
    try:
        html_path, pdf_path = write_brief(made, html, workbook, policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    # both files are placed together, as every output of a run (after the results workbook
    # when solve --brief wrote one)
    placed = commit_outputs()
    html_path, pdf_path = placed.final(html_path), placed.final(pdf_path)
    seconds = sum(made.seconds.values())
    out.print(f"Brief ({lang}) written to {html_path} and {pdf_path} ({seconds:.1f} s)")


def brief_beside(outcome: Outcome, lang: str, workbook: Path, results: Path, force: bool) -> None:
    """``solve --brief``: the brief beside the results workbook just written."""
    from pactopt.pipeline.brief import brief_path

    html = brief_path(results, lang)
    policy = _policies(html, [workbook, results], force, default=False, flag="--brief")
    write_brief_of(outcome, lang, workbook, html, policy)


def run_brief_command(
    workbook: Path, lang: str | None, output: Path | None, max_size_mb: float, force: bool
) -> None:
    """Solve or read back, then write the brief: exit 0, 2 (input), 3 (infeasible)."""
    from pactopt import __version__
    from pactopt.brief.read_back import is_results, read_run
    from pactopt.pipeline import SolveOptions, run_solve
    from pactopt.pipeline.brief import repeat_run

    check_lang(lang)
    try:
        results = is_results(workbook)
    except InputError as exc:
        _input_error(workbook, exc)
    except Exception as exc:  # not a workbook at all: openpyxl raises many kinds
        fail(f"{workbook}: cannot be read as a workbook ({exc})")
    if output is not None:
        html = output
        policy = _policies(html, [workbook], force, default=False)
    try:
        if results:
            written = read_run(workbook, __version__)
            data = load_workbook(written.input_path, max_size_mb)
            outcome = repeat_run(written, data)
            source = written.input_path
        else:
            data = load_workbook(workbook, max_size_mb)
            outcome = run_solve(data, workbook, SolveOptions(alternatives=False))
            source = workbook
    except InputError as exc:
        _input_error(workbook, exc)
    if outcome.tables is None:
        fail(
            f"{source}: {outcome.result.status.value}: no plan to brief on; pactopt solve "
            f"{source} explains why",
            EXIT_INFEASIBLE,
        )
    chosen = lang or data.settings.language
    if output is None:
        html = Path("outputs") / f"{source.stem}_brief_{chosen}.html"
        policy = _policies(html, [workbook], force, default=True)
    write_brief_of(outcome, chosen, source, html, policy)


def check_lang(lang: str | None) -> None:
    """Exit 2 on a language there is no catalogue for."""
    from pactopt.i18n import LANGUAGES

    if lang is not None and lang not in LANGUAGES:
        fail(f"--lang: unknown language '{lang}'; pactopt speaks {', '.join(LANGUAGES)}")


def _input_error(workbook: Path, exc: InputError) -> None:
    err.print(f"{workbook}: not a workbook the brief can be made from", style="bold red")
    err.print(problem_table(exc.problems))
    emit_error(2, str(exc), problems=exc.problems)
    import typer

    raise typer.Exit(2)
