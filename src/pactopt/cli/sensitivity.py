"""``pactopt sensitivity``: which estimate matters most (SALib, Sobol or Morris)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from pactopt.cli.common import (
    Extensions,
    Force,
    Json,
    MaxSize,
    Scheduler,
    Workers,
    app,
    emit,
    fail,
    frame_table,
    interruptible,
    load_extensions,
    load_workbook,
    machine,
    out,
    output_policy,
    sweep_progress,
)
from pactopt.io.files import DEFAULT_MAX_FILE_MB, OutputError, default_output


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
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
    as_json: Json = False,
) -> None:
    """Global sensitivity of net output, net jobs and each domain's allocation to each
    group of uncertain coefficients, with a tornado chart."""
    machine("sensitivity", as_json)
    from pactopt.analysis.engines import EngineError
    from pactopt.analysis.sensitivity import run_sensitivity
    from pactopt.io.result_columns import header
    from pactopt.pipeline import extension_files
    from pactopt.report.json_payloads import records, run_fields
    from pactopt.report.run_info import engine_rows, extension_rows, sweep_rows
    from pactopt.report.sensitivity import (
        sensitivity_sentence,
        significant,
        tornado_table,
        write_sensitivity,
    )

    # the output is checked before any work: a sweep is not run to be refused at the end
    target = output or default_output(workbook, "sensitivity")
    policy = output_policy(target, "-o", protect=[workbook], force=force, default=not output)
    if method not in ("sobol", "morris"):
        fail(f"--method must be sobol or morris, not {method}")
    if method == "sobol" and samples & (samples - 1):
        fail(f"--samples must be a power of two for Sobol, not {samples}")
    chosen: Literal["sobol", "morris"] = "sobol" if method == "sobol" else "morris"
    data = load_workbook(workbook, max_size_mb)
    rules = load_extensions(extension)  # each is checked here: a typo exits 2 before a sample
    with interruptible(), sweep_progress() as bar:
        task = bar.add_task("solves", total=None)
        try:
            result = run_sensitivity(
                workbook,
                data,
                chosen,
                samples,
                seed,
                workers,
                progress=lambda k: bar.advance(task, k),
                on_samples=lambda n: bar.update(task, total=n),
                by="instrument" if per_instrument else "family",
                scheduler=scheduler,
                extensions=extension or (),
            )
        except (ValueError, EngineError) as exc:
            fail(str(exc))
    run_rows = sweep_rows(
        str(workbook),
        data.source_sha256,
        {
            "method": method,
            "samples": samples,
            "solves": result.solves,
            "seed": seed,
            "groups": "one per instrument" if per_instrument else "one per shared estimate",
            "distribution": data.settings.uncertainty_distribution,
            **engine_rows(workers, scheduler),
            **extension_rows(extension_files(rules)),
        },
    )
    try:
        target = write_sensitivity(
            target, result, protect=workbook, policy=policy, run_rows=run_rows
        )
    except OutputError as exc:
        fail(f"-o: {exc}")
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
            run=run_fields(run_rows),
        )
        return
    # indices are shares (Sobol) or slopes (Morris): three significant digits, not €m
    tornado = tornado_table(result)
    shown = tornado.map(lambda v: significant(v) if isinstance(v, float) else v)
    shown.columns = [header(c) for c in tornado.columns]
    out.print(frame_table(shown, f"Sensitivity ({method}), seed {seed}"))
    out.print(sensitivity_sentence(result))
    out.print(f"Sensitivity written to {target}")
