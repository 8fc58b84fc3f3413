"""``brief``: the one-page brief of a run. From an input workbook it solves first; from a
results workbook it checks that the workbook is this version's, unedited, and re-solves the
input it names (the results must match that run to the last digit shown); then it draws the
coefficients' uncertainty for the plan, finds the switching values by re-solves, and writes
the HTML and the PDF, each atomically."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pactopt import __version__
from pactopt.analysis.impacts import plan_figures
from pactopt.analysis.uncertainty import PersistentSolver
from pactopt.brief.compose import compose
from pactopt.brief.doc import Document
from pactopt.brief.html import render_html
from pactopt.brief.pdf import render_pdf
from pactopt.brief.read_back import WrittenRun, mismatches
from pactopt.brief.trace import Sources
from pactopt.brief.writer import Run
from pactopt.errors import InputError, Problem
from pactopt.i18n import Lang, catalogue_text
from pactopt.model.draws import Draws, central_draw, draw_coefficients
from pactopt.pipeline.requests import SolveOptions
from pactopt.pipeline.solve import run_solve
from pactopt.pipeline.solved import Outcome
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution
from pactopt.xlsx.files import NO_OVERWRITE, WritePolicy
from pactopt.xlsx.staging import write_atomically

DRAWS = 200  # Monte Carlo draws of the plan's figures (each a cheap evaluation, no solve)
SEED = 20190  # the brief's draws are reproducible
SWITCHING = 3  # switching values of the first moves that add money to an instrument
BISECTIONS = 5  # each switching value to 1/32 of the workbook's output per € (±1.6%)


@dataclass(frozen=True)
class Brief:
    """A brief made: its document, HTML, PDF and how long its parts took (seconds)."""

    document: Document
    html: str
    pdf: bytes
    sources: Sources
    seconds: dict[str, float]


def plan_draws(
    data: PactData, plan: Solution, draws: int = DRAWS, seed: int = SEED
) -> pd.DataFrame:
    """The 5th, 50th and 95th percentiles of the plan's net output and net jobs
    (undiscounted) over ``draws`` draws of every instrument's output and jobs per € (the
    uncertainty sweep's draws): the plan is the one shown, evaluated, not re-optimised."""
    coefficients = draw_coefficients(data, draws, seed)
    centre = central_draw(data)
    rows = list(data.instruments)
    outputs, jobs = [], []
    for d in range(draws):
        changed = []
        for k, row in enumerate(rows):
            ratio = coefficients.jobs_per_meur[d, k] / max(centre.jobs_per_meur[0, k], 1e-12)
            changed.append(
                row.model_copy(
                    update={
                        "output_per_eur_central": float(coefficients.output_per_eur[d, k]),
                        "jobs_direct_per_meur_central": row.jobs_direct_per_meur_central * ratio,
                        "jobs_indirect_per_meur_central": row.jobs_indirect_per_meur_central
                        * ratio,
                    }
                )
            )
        figures = plan_figures(dataclasses.replace(data, instruments=tuple(changed)), plan)
        outputs.append(figures.net_output_meur)
        jobs.append(figures.net_jobs)
    table = []
    for figure, values in (("net_output", outputs), ("net_jobs", jobs)):
        p5, p50, p95 = np.percentile(values, [5, 50, 95])
        table.append(
            {"figure": figure, "p5": p5, "p50": p50, "p95": p95, "draws": draws, "seed": seed}
        )
    return pd.DataFrame(table)


def switching_values(data: PactData, moves: pd.DataFrame, count: int = SWITCHING) -> pd.DataFrame:
    """For the first ``count`` moves that add money to an instrument: the output per € of
    that instrument below which the best plan no longer makes the move (its total falls back
    to less than half-way between the reference and the move), by bisection between 0 and the
    workbook's value, each step a warm re-solve of one persistent model, with the plan's
    yes/no decisions held."""
    columns = ["instrument", "name", "central", "switch", "drop", "found"]
    up = moves[moves["change_meur"] > 0].head(count)
    if up.empty:
        return pd.DataFrame(columns=columns)
    solver = PersistentSolver(data)
    centre = central_draw(data)
    # the best plan at the workbook's values, once: each bisection starts from its totals
    first = solver.solve(0, centre.output_per_eur[0], centre.jobs_per_meur[0])
    if first.totals is None:
        return pd.DataFrame(columns=columns)
    direct = solver.direct
    x = direct.column_values()
    # yes/no decisions (projects) stay as the plan has them: the bisections are LPs, each
    # going on from the central plan's basis (a MILP each would take ten times as long)
    levels = {c: float(round(x[c])) for c in direct.integer_cols}
    rows = []
    with direct.pinned_integers(levels):
        solver.solve(0, centre.output_per_eur[0], centre.jobs_per_meur[0])
        direct.hold_start()
        for _, move in up.iterrows():
            instrument = str(move["instrument"])
            # the move is undone once the instrument gets back less than half of it (totals
            # include any locked years: compared with the central solve's, those cancel)
            half = first.totals[instrument] - 0.5 * float(move["change_meur"])
            rows.append({**_switch(solver, centre, instrument, half), "name": move["name"]})
    return pd.DataFrame(rows, columns=columns)


def _switch(
    solver: PersistentSolver, centre: Draws, instrument: str, half: float
) -> dict[str, object]:
    """One switching value (see ``switching_values``): the move is reversed when the
    instrument's total falls below ``half``."""
    k = solver.ids.index(instrument)

    def reverses(factor: float) -> bool:
        output = centre.output_per_eur[0].copy()
        output[k] *= factor
        totals = solver.solve(0, output, centre.jobs_per_meur[0]).totals
        return totals is not None and totals[instrument] < half

    central = float(centre.output_per_eur[0, k])
    low, high, found = 0.0, 1.0, reverses(0.0)
    if found:
        for _ in range(BISECTIONS):
            middle = (low + high) / 2
            low, high = (middle, high) if reverses(middle) else (low, middle)
    switch = central * (low + high) / 2 if found else 0.0
    drop = 1 - switch / central if central else 0.0
    return {
        "instrument": instrument,
        "central": central,
        "switch": switch,
        "drop": drop,
        "found": found,
    }


def brief_sources(outcome: Outcome, uncertainty: pd.DataFrame, switching: pd.DataFrame) -> Sources:
    """Every table the brief's numbers are read from."""
    tables = outcome.tables
    assert tables is not None
    return Sources(
        outcome.data,
        {
            "summary": tables.summary,
            "moves": tables.moves,
            "moves_curve": tables.moves_curve,
            "allocation": tables.allocation,
            "review": tables.review,
            "review_impacts": tables.review_impacts,
            "io_comparison": tables.io_comparison,
            "uncertainty": uncertainty,
            "switching": switching,
        },
    )


@dataclass(frozen=True)
class BriefAnalyses:
    """What the brief adds to a run: the draws' percentiles, the switching values, and the
    seconds each took (the same for every language)."""

    uncertainty: pd.DataFrame
    switching: pd.DataFrame
    seconds: dict[str, float]


def brief_analyses(outcome: Outcome, draws: int = DRAWS) -> BriefAnalyses:
    """The Monte Carlo range and the switching values of a solved run."""
    assert outcome.tables is not None
    start = time.perf_counter()
    uncertainty = plan_draws(outcome.data, outcome.result, draws)
    middle = time.perf_counter()
    switching = switching_values(outcome.data, outcome.tables.moves)
    end = time.perf_counter()
    return BriefAnalyses(
        uncertainty, switching, {"monte_carlo": middle - start, "switching": end - middle}
    )


def make_brief(
    outcome: Outcome,
    lang: str,
    workbook: Path,
    made: dt.date | None = None,
    analyses: BriefAnalyses | None = None,
) -> Brief:
    """The brief of a solved run in ``lang`` (nl, fr or en); ``analyses`` when they are
    already made (for another language)."""
    catalogue_text(lang)  # an unknown language fails before any work
    analyses = analyses or brief_analyses(outcome)
    start = time.perf_counter()
    sources = brief_sources(outcome, analyses.uncertainty, analyses.switching)
    run = Run(
        workbook.name,
        outcome.run.input_sha256,
        __version__,
        made or dt.datetime.now(dt.UTC).date(),
        seed=SEED,
    )
    document = compose(Lang(lang), sources, run)
    html = render_html(document, sources)
    pdf = render_pdf(document)
    seconds = {**analyses.seconds, "render": time.perf_counter() - start}
    return Brief(document, html, pdf, sources, seconds)


def _write(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def write_brief(
    brief: Brief, html_path: Path, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> tuple[Path, Path]:
    """Write the HTML and the PDF beside it, each atomically (the PDF first: a refused or
    failed PDF leaves no HTML behind)."""
    pdf_path = html_path.with_suffix(".pdf")
    pdf = write_atomically(
        pdf_path, lambda tmp: _write(tmp, brief.pdf), protect=(protect,), policy=policy
    )
    try:
        html = write_atomically(
            html_path,
            lambda tmp: _write(tmp, brief.html.encode("utf-8")),
            protect=(protect,),
            policy=policy,
        )
    except Exception:
        pdf.unlink(missing_ok=True)
        raise
    return html, pdf


def brief_path(results: Path, lang: str) -> Path:
    """The brief written beside a results workbook: <results stem>_brief_<lang>.html."""
    return results.with_name(f"{results.stem}_brief_{lang}.html")


def repeat_run(written: WrittenRun, data: PactData) -> Outcome:
    """The run a results workbook records, repeated from its input ``data``; ``InputError``
    (naming the cells) when a number of the workbook is not what the run gives."""
    if written.scenario not in ("", "base (no scenario)"):
        raise InputError(
            [
                Problem(
                    "Run",
                    None,
                    written.path.name,
                    f"is the scenario {written.scenario}: make the brief from "
                    "the base run's results or from the input",
                )
            ]
        )
    outcome = run_solve(data, written.input_path, SolveOptions(alternatives=False))
    if outcome.tables is None:
        raise InputError([Problem("Run", None, written.path.name, "its input has no solution now")])
    tables = brief_sources(outcome, pd.DataFrame(), pd.DataFrame()).tables
    problems = mismatches(written, dict(tables))
    if problems:
        raise InputError(problems)
    return outcome
