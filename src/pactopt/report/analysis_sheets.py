"""The Frontier and Uncertainty workbooks, each leading with its answer (issue 26): the
trade-off in one sentence, or how sure net output and net jobs are; the headline basis;
the table the sentences come from; charts at the true scale of what they show; the
Glossary; the Run sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.explain.sweep_answers import (
    JOBS_CHANGE,
    OUTPUT_CHANGE,
    frontier_sentences,
    uncertainty_sentences,
    with_changes,
)
from pactopt.report.analysis_charts import frontier_chart, spread_chart
from pactopt.report.charts import robustness_chart
from pactopt.report.glossary_sheet import glossary_sheet
from pactopt.report.headers import ROW_LABELS
from pactopt.report.layout import place_charts, print_setup
from pactopt.report.lead import lead, table, widen
from pactopt.report.workbook import run_sheet, table_sheet
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy, new_workbook, save_atomically

# an instrument table longer than this puts its chart on the next page
CHART_ON_ITS_PAGE = 12
# a frontier of up to this many points prints on one page with its chart (a little scaled)
ONE_PAGE_POINTS = 15
PRINTED = [
    "point",
    "net_output_meur",
    "net_jobs",
    OUTPUT_CHANGE,
    JOBS_CHANGE,
    "net_output_discounted",
    "net_jobs_discounted",
    "public_meur",
    "private_meur",
]


def write_frontier(
    path: Path,
    frontier: pd.DataFrame,
    *,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
    run_rows: list[tuple[str, object]] | None = None,
) -> Path:
    """Write the Frontier workbook: the trade-off in one sentence and the basis, one row per
    point with its changes from point 1, the chart on one scale, the Glossary and what made
    them (Run: the command, points, extensions, input hash, versions)."""
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Frontier"
    shown = with_changes(frontier)
    shown = shown[PRINTED + [c for c in shown.columns if c not in PRINTED]]
    last_col = widen(ws, shown[PRINTED])
    title = "Output-jobs frontier: the whole trade-off"
    start = lead(ws, title, frontier_sentences(shown), last_col)
    block = table(ws, shown, start)
    chart = frontier_chart(
        ws,
        (block.header_row, block.last_row),
        (PRINTED.index(JOBS_CHANGE) + 1, PRINTED.index(OUTPUT_CHANGE) + 1),
        (float(shown[JOBS_CHANGE].min()), float(shown[JOBS_CHANGE].max())),
        (float(shown[OUTPUT_CHANGE].min()), float(shown[OUTPUT_CHANGE].max())),
    )
    end_row, end_col = place_charts(ws, [chart], block.last_row + 2)
    # on paper the headline figures, their changes, the discounted ones and the money; the
    # jobs level asked for, gross figures and domain totals stay on the screen
    print_setup(
        ws,
        last_row=end_row,
        last_col=max(end_col, last_col),
        title_row=None,
        one_page=len(shown) <= ONE_PAGE_POINTS,
    )
    glossary_sheet(wb)
    if run_rows:
        run_sheet(wb, run_rows)
    return save_atomically(wb, path, protect=protect, policy=policy)


def write_uncertainty(
    path: Path,
    percentiles: pd.DataFrame,
    robustness: pd.DataFrame,
    draws: pd.DataFrame,
    *,
    threshold: float,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
    run_rows: list[tuple[str, object]] | None = None,
) -> Path:
    """Write the Uncertainty workbook: how sure (the range of net output and net jobs in
    words, the threshold defined), the percentiles with a spread chart per figure on an
    axis that shows the spread, each instrument by name with its share of draws funded
    above the threshold, every draw, the Glossary and what made them (Run)."""
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Uncertainty"
    shown = percentiles.assign(figure=percentiles["figure"].map(lambda f: ROW_LABELS.get(f, f)))
    solved = int(draws["net_output_meur"].notna().sum())
    sure, funded = uncertainty_sentences(shown, robustness, threshold, solved)
    last_col = widen(ws, shown)
    start = lead(ws, "How sure: the spread over the draws", [sure], last_col)
    first = table(ws, shown, start)
    rows = shown.set_index("figure")
    helper_col = last_col + 30  # the charts' cells, right of what is printed
    charts = [
        spread_chart(
            ws,
            (first.header_row + 2 * k, helper_col),
            label,
            tuple(float(rows.at[label, p]) for p in ("p5", "p25", "p50", "p75", "p95")),  # type: ignore[arg-type]
            unit,
        )
        for k, (label, unit) in enumerate((("Net output (€m)", "€m"), ("Net jobs", "Jobs")))
    ]
    end_row, end_col = place_charts(ws, charts, first.last_row + 2, beside=True)
    print_setup(ws, last_row=end_row, last_col=max(end_col, last_col), title_row=None)
    _instruments(wb.create_sheet("Instruments"), robustness, funded)
    table_sheet(wb, "Draws", draws)
    glossary_sheet(wb)
    if run_rows:
        run_sheet(wb, run_rows)
    return save_atomically(wb, path, protect=protect, policy=policy)


def _instruments(ws: Worksheet, robustness: pd.DataFrame, funded: str) -> None:
    """Each instrument by name: the share of draws in which it is funded above its
    threshold (defined in the sentence above the table), its verdict, the threshold."""
    named = robustness[["name", "share_of_draws_above", "verdict", "threshold_meur", "instrument"]]
    # the verdict's words before its colon: the sentence above the table defines them
    named = named.assign(verdict=named["verdict"].str.split(":").str[0])
    last_col = widen(ws, named)
    start = lead(ws, "How sure each instrument's funding is", [funded], last_col)
    block = table(ws, named, start)
    bars = robustness_chart(ws, (block.header_row, block.last_row), 2)
    if len(named) > CHART_ON_ITS_PAGE:  # the chart on a page of its own, not cut in two
        ws.row_breaks.append(Break(id=block.last_row + 1))
    end_row, end_col = place_charts(ws, [bars], block.last_row + 2)
    print_setup(ws, last_row=end_row, last_col=max(end_col, last_col), title_row=None)
