"""The Sensitivity workbook: indices by response and group, a tornado chart of the total
effect of each estimate on net output and net jobs, and the sentence naming the estimates
worth improving first."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.io.excel_write import (
    NO_OVERWRITE,
    WritePolicy,
    new_workbook,
    save_atomically,
    set_text_safe,
)

if TYPE_CHECKING:  # the result's type only: the report loads neither Pyomo nor HiGHS
    from pactopt.analysis.sensitivity import SensitivityResult

# the index a group is ranked by: total Sobol effect, or Morris's μ*
RANK = {"sobol": "ST", "morris": "mu_star"}
TOP = 3


def ranked(result: SensitivityResult, response: str) -> pd.DataFrame:
    """The groups' rows for one response, largest effect first."""
    key = RANK[result.method]
    rows = result.table[result.table["response"] == response]
    return rows.sort_values(key, ascending=False, kind="stable")


def tornado_table(result: SensitivityResult) -> pd.DataFrame:
    """One row per group: its effect on net output and on net jobs, largest on net output
    first (the tornado chart's bars)."""
    key = RANK[result.method]
    wide = result.table.pivot(index="group", columns="response", values=key)
    order = ranked(result, "net_output")["group"].tolist()
    frame = wide.loc[order, ["net_output", "net_jobs"]].reset_index()
    frame.columns = ["estimate", f"net output ({key})", f"net jobs ({key})"]
    return frame


def significant(value: float) -> str:
    """An index for a person: two or three significant digits, never in exponent form
    (Sobol indices are shares, 0.45; Morris μ* slopes, 1,860 rather than 1.9e+03)."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) >= 1 else f"{value:.2g}"


def sensitivity_sentence(result: SensitivityResult) -> str:
    """The estimates worth improving first: the largest effects on net output and jobs."""
    key = RANK[result.method]
    measure = "total Sobol index" if result.method == "sobol" else "Morris μ*"

    def top(response: str) -> str:
        rows = ranked(result, response).head(TOP)
        return ", ".join(f"{r.group} ({significant(getattr(r, key))})" for r in rows.itertuples())

    return (
        f"Estimates worth improving first ({measure}, {result.solves} solves): for net "
        f"output {top('net_output')}; for net jobs {top('net_jobs')}. A group is one "
        "instrument's output per € and jobs per €m, or the instruments sharing one estimate."
    )


def _frame(ws: Worksheet, frame: pd.DataFrame, start: int) -> None:
    for c, name in enumerate(frame.columns, start=1):
        ws.cell(start, c, str(name)).font = Font(bold=True)
    for r, row in enumerate(frame.itertuples(index=False), start=start + 1):
        for c, value in enumerate(row, start=1):
            set_text_safe(ws.cell(r, c), value.item() if hasattr(value, "item") else value)


def _tornado(ws: Worksheet, result: SensitivityResult) -> None:
    """The sentence, the tornado table and its chart (largest effect on top)."""
    ws.title = "Sensitivity"
    set_text_safe(ws["A1"], sensitivity_sentence(result))
    tornado = tornado_table(result)
    _frame(ws, tornado, 3)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Which estimate matters most (largest at the top)"
    chart.add_data(
        Reference(ws, min_col=2, max_col=3, min_row=3, max_row=3 + len(tornado)),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + len(tornado)))
    chart.x_axis.scaling.orientation = "maxMin"  # the largest bar on top: a tornado
    chart.width, chart.height = 20, max(8, 0.6 * len(tornado))
    ws.add_chart(chart, "F3")
    ws.column_dimensions["A"].width = 28


def write_sensitivity(
    path: Path, result: SensitivityResult, *, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """Write the Sensitivity workbook (atomically, never over ``protect``): the tornado, every
    index, and the instruments of each group."""
    wb = new_workbook()
    sheet = wb.active
    assert sheet is not None
    _tornado(sheet, result)
    _frame(wb.create_sheet("Indices"), result.table, 1)
    groups = pd.DataFrame(
        [{"group": g.name, "instruments": ", ".join(g.instruments)} for g in result.groups]
    )
    _frame(wb.create_sheet("Groups"), groups, 1)
    return save_atomically(wb, path, protect=protect, policy=policy)
