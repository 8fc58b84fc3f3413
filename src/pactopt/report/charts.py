"""Native Excel charts for the output workbooks (openpyxl chart objects, no images).

Each function builds a chart over cells already written and returns it; the writer places it
(``layout.place_charts``) from the size of the tables and of the other charts, so that no two
overlap. Every axis has a title with its unit, value axes start at zero (a bar or a frontier
drawn from an arbitrary floor exaggerates small differences), lines are straight between the
points they join.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.axis import NumericAxis, TextAxis
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.i18n import N_, Lang
from pactopt.report.headers import MINUS, header

WHOLE = f'#,##0;"{MINUS}"#,##0'
PERCENT = "0%"


def _value_axis(axis: NumericAxis | TextAxis, title: str, number_format: str = WHOLE) -> None:
    axis.title = title
    axis.delete = False
    axis.numFmt = NumFmt(formatCode=number_format, sourceLinked=False)
    axis.scaling.min = 0


def _category_axis(axis: TextAxis, title: str) -> None:
    axis.title = title
    axis.delete = False


def _bars(title: str, *, horizontal: bool = False, stacked: bool = False) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    if stacked:
        chart.grouping = "stacked"
        chart.overlap = 100
    chart.title = title
    chart.legend.position = "b"
    return chart


def domain_chart(
    ws: Worksheet,
    rows: tuple[int, int],
    optimised_col: int,
    reference_col: int,
    *,
    label_col: int = 1,
    size: tuple[int, int] = (16, 8),
) -> BarChart:
    """Bars of each domain's total, optimised next to the reference plan; ``rows`` are the
    header row and the last row, the categories sit in ``label_col``."""
    header, last = rows
    chart = _bars("Where the money goes: each domain, optimised vs reference plan (€m)")
    for col in (optimised_col, reference_col):
        chart.add_data(
            Reference(ws, min_col=col, min_row=header, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=label_col, min_row=header + 1, max_row=last))
    _value_axis(chart.y_axis, "Total over the horizon (€m)")
    _category_axis(chart.x_axis, "Domain")
    chart.width, chart.height = size
    return chart


def labelled(chart: BarChart) -> BarChart:
    """Show each bar's value on it (for the Summary's charts, read without a table)."""
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showVal = True
    chart.dataLabels.numFmt = WHOLE
    return chart


def stacked_chart(
    ws: Worksheet,
    rows: tuple[int, int],
    cols: tuple[int, int],
    title: str,
    axis_title: str,
    size: tuple[int, int] = (16, 8),
) -> BarChart:
    """Stacked columns over the rows ``rows`` (header, last) of ``ws`` and the columns
    ``cols`` (first, last); categories in column A."""
    header, last = rows
    chart = _bars(title, stacked=True)
    chart.add_data(
        Reference(ws, min_col=cols[0], max_col=cols[1], min_row=header, max_row=last),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    _value_axis(chart.y_axis, "€m")
    _category_axis(chart.x_axis, axis_title)
    chart.width, chart.height = size
    return chart


def robustness_chart(ws: Worksheet, rows: tuple[int, int], col: int) -> BarChart:
    """Bars: share of draws in which each instrument is funded above its threshold."""
    chart = _bars(
        "Share of draws in which each instrument is funded above its threshold", horizontal=True
    )
    chart.add_data(
        Reference(ws, min_col=col, min_row=rows[0], max_row=rows[1]), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0] + 1, max_row=rows[1]))
    _value_axis(chart.y_axis, "Share of draws (%)", PERCENT)
    chart.y_axis.scaling.max = 1
    _category_axis(chart.x_axis, "Instrument")
    chart.x_axis.scaling.orientation = "maxMin"  # the table's first instrument on top
    chart.x_axis.tickLblSkip = 1  # every instrument named, none skipped for room
    chart.legend = None
    chart.width, chart.height = 24, max(8, round(0.7 * (rows[1] - rows[0]) + 3))
    return chart


BRIDGE_HEADS = ("bridge_base", "gain_meur", "loss_meur")


BRIDGE_LABELS = ("Reference plan", "Reallocation", "More or later spending", "Optimised plan")


def bridge_chart(
    ws: Worksheet, header_row: int, values: Sequence[object], data_col: int
) -> BarChart:
    """A bridge (waterfall) of net output: the reference plan, each gain floating on what came
    before, and the optimised plan. Built as stacked columns whose first series, the base
    each bar stands on, is drawn without fill (openpyxl has no native waterfall type; this is
    how spreadsheets drew bridges before Excel 2016 and how LibreOffice still does). The
    helper columns are written from ``data_col`` on, on the bridge table's rows; ``values``
    are its net output column (the table's second), top to bottom."""
    rows = len(values)
    bases, ups, downs = [], [], []
    level = 0.0
    for k, value in enumerate(values):
        # a blank (None, NaN) stands for nothing, as its empty cell did
        amount = float(value) if isinstance(value, int | float) and value == value else 0.0
        if k in (0, rows - 1):  # the two plans stand on the ground
            bases.append(0.0)
            ups.append(max(amount, 0.0))
            downs.append(max(-amount, 0.0))
            level = amount
            continue
        bases.append(min(level, level + amount))
        ups.append(max(amount, 0.0))
        downs.append(max(-amount, 0.0))
        level += amount
    for c, head in enumerate(BRIDGE_HEADS, start=data_col):
        ws.cell(header_row, c, header(head))
    for k in range(rows):
        for c, series in enumerate((bases, ups, downs), start=data_col):
            ws.cell(header_row + 1 + k, c, series[k]).number_format = WHOLE
    chart = _bars("Net output: reference plan to optimised plan (€m, undiscounted)", stacked=True)
    chart.add_data(
        Reference(
            ws,
            min_col=data_col,
            max_col=data_col + 2,
            min_row=header_row,
            max_row=header_row + rows,
        ),
        titles_from_data=True,
    )
    # the steps' own names are sentences: under the bars they are drawn slanted and squeeze
    # the plot to a strip, so the chart names them in two or three words
    labels = data_col + len(BRIDGE_HEADS)
    ws.cell(header_row, labels, "Bridge step")
    for k in range(rows):
        ws.cell(header_row + 1 + k, labels, BRIDGE_LABELS[min(k, len(BRIDGE_LABELS) - 1)])
    chart.set_categories(
        Reference(ws, min_col=labels, min_row=header_row + 1, max_row=header_row + rows)
    )
    base = chart.series[0]
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    _value_axis(chart.y_axis, "Net output (€m)")
    _category_axis(chart.x_axis, "Step")
    chart.legend = None
    chart.width, chart.height = 16, 8
    return chart


def moves_chart(
    ws: Worksheet, rows: tuple[int, int], k_col: int, share_col: int, lang: Lang
) -> BarChart:
    """The share of the gain captured with at most k moves, one bar per k, on a 0-100% axis
    (a share of a whole: its true scale), its words in ``lang``."""
    chart = _bars(lang.t(N_("Share of the gain captured with at most k moves")))
    first, last = rows
    chart.add_data(
        Reference(ws, min_col=share_col, min_row=first - 1, max_row=last), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=k_col, min_row=first, max_row=last))
    _category_axis(chart.x_axis, lang.t(N_("Moves taken (k)")))
    _value_axis(chart.y_axis, lang.t(N_("Share of the gain")), PERCENT)
    chart.y_axis.scaling.min = 0
    chart.y_axis.scaling.max = 1
    chart.legend = None
    chart.width, chart.height = 16, 8
    return chart
