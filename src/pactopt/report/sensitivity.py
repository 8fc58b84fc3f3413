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
from pactopt.report.layout import place_charts, print_setup, text_block, write_frame
from pactopt.report.workbook import run_sheet, table_sheet
from pactopt.xlsx.write import NO_OVERWRITE, WritePolicy, new_workbook, save_atomically

if TYPE_CHECKING:  # the result's type only: the report loads neither Pyomo nor HiGHS
    from pactopt.analysis.sensitivity import SensitivityResult


def tornado_table(result: SensitivityResult) -> pd.DataFrame:
    """One row per group: its effect on net output and on net jobs, largest on net output
    first (the tornado chart's bars); columns ``estimate``, ``net_output_ST`` (or
    ``_mu_star``) and ``net_jobs_ST``."""
    key = RANK[result.method]
    wide = result.table.pivot(index="group", columns="response", values=key)
    order = ranked(result, "net_output")["group"].tolist()
    frame = wide.loc[order, ["net_output", "net_jobs"]].reset_index()
    frame.columns = ["estimate", f"net_output_{key}", f"net_jobs_{key}"]
    return frame


def _tornado(ws: Worksheet, result: SensitivityResult) -> None:
    """The sentence, the tornado table and its chart beside it (largest effect on top)."""
    ws.title = "Sensitivity"
    tornado = tornado_table(result)
    block = write_frame(ws, tornado, 3, freeze=False)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Which estimate matters most (largest at the top)"
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=3, max_row=block.last_row),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=block.last_row))
    chart.x_axis.scaling.orientation = "maxMin"  # the largest bar on top: a tornado
    # Sobol indices are shares (0.45), Morris slopes per quantile (4,916)
    chart.y_axis.number_format = "0.00" if result.method == "sobol" else "#,##0"
    chart.width, chart.height = 16, max(7.5, 0.6 * len(tornado))
    end_row, end_col = place_charts(ws, [chart], 3, block.last_col + 2)
    text_block(ws, 1, sensitivity_sentence(result), end_col)
    print_setup(ws, last_row=max(end_row, block.last_row), last_col=end_col, title_row=None)


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
    table_sheet(wb, "Indices", result.table)
    groups = pd.DataFrame(
        [{"group": g.name, "instruments": ", ".join(g.instruments)} for g in result.groups]
    )
    table_sheet(wb, "Groups", groups)
    if run_rows:
        run_sheet(wb, run_rows)
    return save_atomically(wb, path, protect=protect, policy=policy)
