"""``pactopt sensitivity``: which estimate matters most (SALib, Sobol or Morris)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pactopt.cli.common import (
    ActualsCsv,
    Extensions,
    ExtensionTimeLimit,
    Force,
    Json,
    MaxSize,
    Scheduler,
    Workers,
    app,
    commit_outputs,
    emit,
    fail,
    load_extensions,
    load_workbook,
    machine,
    out,
    output_policy,
    sweep_failures,
)
from pactopt.cli.printing import frame_table, sweep_progress
from pactopt.cli.safety import interruptible
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB, OutputError, default_output


@app.command()
def sensitivity(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx")],
    method: Annotated[
        str, typer.Option("--method", help="sobol (first-order and total) or morris.")
    ] = "sobol",
    samples: Annotated[
        int,
        typer.Option(
            "--samples",
            min=1,
            help="Sobol: base sample N, a power of two (N × (groups + 2) solves); Morris: "
            "trajectories (N × (groups + 1) solves).",
        ),
    ] = 32,
    seed: Annotated[int, typer.Option("--seed", help="Random seed.")] = 0,
    per_instrument: Annotated[
        bool,
        typer.Option(
            "--per-instrument",
            help="One group per instrument, drawn on its own (default: instruments with the "
            "same low/central/high values share one estimate and are one group).",
        ),
    ] = False,
    workers: Workers = 1,
    scheduler: Scheduler = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="OUT.xlsx", help="Sensitivity workbook."),
    ] = None,
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    actuals: ActualsCsv = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Global sensitivity of net output, net jobs and each domain's allocation to each
    group of uncertain coefficients, with a tornado chart."""
    machine("sensitivity", as_json)
    from pactopt.explain.sensitivity import sensitivity_sentence, significant
    from pactopt.pipeline.requests import SensitivityRequest, Spread
    from pactopt.pipeline.sweeps import run_global_sensitivity, write_sensitivity_run
    from pactopt.report.headers import header
    from pactopt.report.json_payloads import records, run_fields
    from pactopt.report.sensitivity import tornado_table

    # the output is checked before any work: a sweep is not run to be refused at the end
    target = output or default_output(workbook, "sensitivity")
    policy = output_policy(target, "-o", protect=[workbook], force=force, default=not output)
    chosen: Literal["sobol", "morris"] = "morris" if method == "morris" else "sobol"
    request = SensitivityRequest(chosen, samples, seed, per_instrument, Spread(workers, scheduler))
    if method != chosen:
        fail(f"--method must be sobol or morris, not {method}")
    with sweep_failures():
        request.check()
    data = load_workbook(workbook, max_size_mb, actuals=actuals)
    rules = load_extensions(
        extension, extension_time_limit
    )  # each is checked here: a typo exits 2 before a sample
    with sweep_failures(), interruptible(), sweep_progress() as bar:
        task = bar.add_task("solves", total=None)
        run = run_global_sensitivity(
            data,
            workbook,
            request,
            rules,
            progress=lambda k: bar.advance(task, k),
            on_samples=lambda n: bar.update(task, total=n),
        )
    result = run.result
    try:
        write_sensitivity_run(run, target, workbook, policy)
    except OutputError as exc:
        fail(f"-o: {exc}")
    target = commit_outputs().final(target)
    if as_json:
        emit(
            input_file=str(workbook),
            output_file=str(target),
            method=method,
            samples=samples,
            seed=seed,
            indices=records(result.table),
            groups=[{"group": g.name, "instruments": list(g.instruments)} for g in result.groups],
            sentence=sensitivity_sentence(result),
            run=run_fields(run.run_rows),
        )
        return
    # indices are shares (Sobol) or slopes (Morris): three significant digits, not €m
    tornado = tornado_table(result)
    shown = tornado.map(lambda v: significant(v) if isinstance(v, float) else v)
    shown.columns = [header(c) for c in tornado.columns]
    out.print(frame_table(shown, f"Sensitivity ({method}), seed {seed}"))
    out.print(sensitivity_sentence(result))
    out.print(f"Sensitivity written to {target}")
