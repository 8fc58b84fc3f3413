"""The scenario comparison of ``solve --scenario``/``--all-scenarios``: the Scenarios sheet
first (what each scenario changes against the base in net output, net jobs, public and
private money, in words, as a table and as charts of those differences) and the Comparison
sheet (every run side by side, numbers under their run's header, then the binding rules
that differ from the base)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.explain.scenario_answers import (
    CHANGED,
    scenario_differences,
    scenario_label,
    scenario_lines,
)
from pactopt.report.analysis_charts import difference_chart
from pactopt.report.layout import place_charts, print_setup, text_block, write_frame
from pactopt.report.lead import LEAD_COLUMNS, align_headers, lead, table


def scenario_sheets(
    wb: Workbook, comparison: pd.DataFrame, overrides: Mapping[str, Sequence[str]] | None
) -> None:
    """The Scenarios sheet first (what each scenario changes against the base, its table
    and charts) and the Comparison sheet second (every run side by side: figures and
    domains, then the binding rules that differ from the base)."""
    differences = scenario_differences(comparison)
    ws = wb.create_sheet("Scenarios", 0)
    wb.active = 0
    width = max(len(differences.columns), LEAD_COLUMNS)
    for k in range(1, width + 1):
        ws.column_dimensions[get_column_letter(k)].width = 16
    ws.column_dimensions["A"].width = 28
    start = lead(ws, "Scenarios against the base", scenario_lines(differences, overrides), width)
    block = table(ws, differences, start)
    at = {name: 1 + k for k, name in enumerate(differences.columns)}
    money = [at[c] for c in CHANGED.values() if c.endswith("_meur")]
    charts = [
        difference_chart(
            ws, (block.header_row, block.last_row), money, "Change against the base (€m)", "€m"
        ),
        difference_chart(
            ws,
            (block.header_row, block.last_row),
            [at[CHANGED["Net jobs"]]],
            "Net jobs: change against the base",
            "Jobs",
        ),
    ]
    ws.row_breaks.append(Break(id=block.last_row))  # the charts on a page of their own
    end_row, end_col = place_charts(ws, charts, block.last_row + 2, beside=True)
    print_setup(ws, last_row=end_row, last_col=max(end_col, width), title_row=None)
    _comparison(wb.create_sheet("Comparison", 1), comparison)


COMPARISON_WIDTH = 145.0


def _comparison(ws: Worksheet, comparison: pd.DataFrame) -> None:
    """Every run side by side under its name in words (a header that wraps, right-aligned
    over its numbers), then one line per run naming the binding rules that differ."""
    numbers = comparison.iloc[:-1].copy()
    for name in numbers.columns[1:]:
        numbers[name] = pd.to_numeric(numbers[name])
    numbers.columns = ["figure", *(scenario_label(str(c)) for c in numbers.columns[1:])]
    # the figures' names wrap so that the runs print at 8 pt or more on one page width
    block = write_frame(ws, numbers, budget=COMPARISON_WIDTH)
    align_headers(ws, numbers, block)
    rules = comparison.iloc[-1]
    row = block.last_row + 2
    text_block(
        ws,
        row,
        "Rules that bind in a run but not in the base (+), or in the base but not in the run "
        "(−) (the Binding sheet of each run says where and by how much):",
        block.last_col,
    )
    for name in comparison.columns[2:]:
        row += 1
        text_block(ws, row, f"{scenario_label(str(name))}: {rules[name]}", block.last_col)
    print_setup(ws, last_row=row, last_col=block.last_col)
