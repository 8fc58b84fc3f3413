"""``pactopt brief``: the one-page brief for the minister, from an input workbook (solved
first) or a results workbook (its run repeated and checked against it)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pactopt.cli.common import Force, MaxSize, app, machine
from pactopt.cli.safety import interruptible
from pactopt.xlsx.files import DEFAULT_MAX_FILE_MB

Lang = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="nl|fr|en",
        help="Language of the brief (default: the workbook's Settings language).",
    ),
]


@app.command()
def brief(
    workbook: Annotated[Path, typer.Argument(metavar="IN.xlsx|RESULTS.xlsx")],
    lang: Lang = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="OUT.html",
            help="The brief's HTML; its PDF is written beside it (default: "
            "outputs/<input>_brief_<lang>.html). Existing files are kept unless --force.",
        ),
    ] = None,
    max_size_mb: MaxSize = DEFAULT_MAX_FILE_MB,
    force: Force = False,
) -> None:
    """Write the one-page brief for the minister (HTML and A4 PDF) in Dutch, French or
    English."""
    machine("brief", False)
    from pactopt.cli.brief_steps import run_brief_command

    with interruptible():
        run_brief_command(workbook, lang, output, max_size_mb, force)
