"""The Sensitivity workbook: indices by response and group, a tornado chart of the total
effect of each estimate on net output and net jobs, and the sentence naming the estimates
worth improving first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.explain.sensitivity import RANK, ranked, sensitivity_sentence
from pactopt.glossary import BASIS_NOTE
from pactopt.report.glossary_sheet import glossary_sheet
from pactopt.report.layout import TITLE_FONT, place_charts, print_setup, text_block, write_frame
from pactopt.report.workbook import run_sheet, table_sheet
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy, new_workbook, save_atomically

if TYPE_CHECKING:  # the result's type only: the report loads neither Pyomo nor HiGHS
    from pactopt.analysis.sensitivity import SensitivityResult


LEAD_ROWS = 4  # title, sentence, basis, an empty row: the table's header below them


def tornado_table(result: SensitivityResult) -> pd.DataFrame:
    """One row per group: its effect on net output and on net jobs, largest on net output
    first (the tornado chart's bars); columns ``estimate``, ``net_output_ST`` (or
    ``_mu_star``) and ``net_jobs_ST``."""
    key = RANK[result.method]
    wide = result.table.pivot(index="group", columns="response", values=key)
    order = ranked(result, "net_output")["group"].tolist()
    frame = wide.loc[order, ["net_output", "net_jobs"]].reset_index()
    frame.columns = ["estimate", f"net_output_{key}", f"net_jobs_{key}"]
    shown = {g.name: g.shown for g in result.groups}
    return frame.assign(estimate=frame["estimate"].map(lambda g: shown.get(g, g)))


def _tornado_chart(
    ws: Worksheet, rows: tuple[int, int], cols: tuple[int, int], title: str, number_format: str
) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.add_data(
        Reference(ws, min_col=cols[0], max_col=cols[1], min_row=rows[0], max_row=rows[1]),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0] + 1, max_row=rows[1]))
    chart.x_axis.scaling.orientation = "maxMin"  # the largest bar on top: a tornado
    chart.y_axis.number_format = number_format
    chart.width, chart.height = 16, max(7.5, 0.6 * (rows[1] - rows[0]))
    if cols[0] == cols[1]:  # one of two, side by side
        chart.legend = None
        chart.width = 13
    return chart


def _tornado(ws: Worksheet, result: SensitivityResult) -> None:
    """Title, sentence and basis, the tornado table and its chart below (largest effect on
    top): Sobol indices, shares, on one chart; Morris's μ*, in €m for net output and in jobs
    for net jobs, on one chart each (€ and jobs never on one axis)."""
    ws.title = "Sensitivity"
    tornado = tornado_table(result)
    block = write_frame(ws, tornado, LEAD_ROWS + 1, freeze=False)
    rows = (block.header_row, block.last_row)
    if result.method == "sobol":
        title = "Which estimate matters most (total Sobol index, largest at the top)"
        charts = [_tornado_chart(ws, rows, (2, 3), title, "0.00")]
    else:
        charts = [
            _tornado_chart(ws, rows, (2, 2), "Net output: Morris μ* (€m)", "#,##0"),
            _tornado_chart(ws, rows, (3, 3), "Net jobs: Morris μ* (jobs)", "#,##0"),
        ]
    end_row, end_col = place_charts(ws, charts, block.last_row + 2, beside=True)
    last_col = max(end_col, block.last_col)
    ws.cell(1, 1, "Which estimates matter most for net output and net jobs").font = TITLE_FONT
    text_block(ws, 2, sensitivity_sentence(result), last_col)
    text_block(ws, 3, BASIS_NOTE, last_col)
    print_setup(ws, last_row=end_row, last_col=last_col, title_row=None)


def write_sensitivity(
    path: Path,
    result: SensitivityResult,
    *,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
    run_rows: list[tuple[str, object]] | None = None,
) -> Path:
    """Write the Sensitivity workbook (atomically, never over ``protect``): the tornado, every
    index, the instruments of each group, and the Run sheet (``run_info.sweep_rows``)."""
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    _tornado(sheet, result)
    shown = {g.name: g.shown for g in result.groups}
    indices = result.table.assign(group=result.table["group"].map(lambda g: shown.get(g, g)))
    table_sheet(wb, "Indices", indices)
    names = {i: n for g in result.groups for i, n in zip(g.instruments, g.names, strict=False)}
    groups = pd.DataFrame(
        [
            {
                "group": g.shown,
                "instruments": "; ".join(f"{names.get(i, i)} ({i})" for i in g.instruments),
            }
            for g in result.groups
        ]
    )
    table_sheet(wb, "Groups", groups)
    glossary_sheet(wb)
    if run_rows:
        run_sheet(wb, run_rows)
    return save_atomically(wb, path, protect=protect, policy=policy)
