"""Native Excel charts for the results workbook (openpyxl chart objects, no images)."""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet


def domain_chart(
    ws: Worksheet, rows: int, optimised_col: int, reference_col: int, anchor: str
) -> None:
    """Clustered bars: each domain's total, optimised next to the reference plan."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Domain totals: optimised vs reference plan (€m)"
    chart.y_axis.title = "€m"
    for col in (optimised_col, reference_col):
        chart.add_data(
            Reference(ws, min_col=col, min_row=1, max_row=rows + 1), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)


def stacked_chart(
    ws: Worksheet, rows: int, first_col: int, last_col: int, title: str, anchor: str
) -> None:
    """Stacked columns over the rows of ``ws`` (categories in column A)."""
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = title
    chart.y_axis.title = "€m"
    chart.add_data(
        Reference(ws, min_col=first_col, max_col=last_col, min_row=1, max_row=rows + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)


def comparison_chart(
    ws: Worksheet, rows: tuple[int, int], first_col: int, last_col: int, anchor: str
) -> None:
    """Clustered bars: domain totals (rows) for each scenario (columns)."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Domain totals by scenario (€m)"
    chart.y_axis.title = "€m"
    for col in range(first_col, last_col + 1):
        data = Reference(ws, min_col=col, min_row=rows[0], max_row=rows[1])
        chart.add_data(data, titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0], max_row=rows[1]))
    for series, col in zip(chart.series, range(first_col, last_col + 1), strict=False):
        series.tx = SeriesLabel(strRef=StrRef(f"'{ws.title}'!${get_column_letter(col)}$1"))
    chart.width, chart.height = 20, 10
    ws.add_chart(chart, anchor)


def frontier_chart(ws: Worksheet, rows: int, x_col: int, y_col: int, anchor: str) -> None:
    """Scatter of the frontier: net jobs (x) against net output (y)."""
    chart = ScatterChart()
    chart.title = "Output-jobs frontier"
    chart.style = 13
    chart.x_axis.title = "net jobs (discounted)"
    chart.y_axis.title = "net output, €m (discounted)"
    xs = Reference(ws, min_col=x_col, min_row=2, max_row=rows + 1)
    ys = Reference(ws, min_col=y_col, min_row=1, max_row=rows + 1)
    series = Series(ys, xs, title_from_data=True)
    series.marker.symbol = "circle"
    chart.series.append(series)
    chart.width, chart.height = 18, 10
    ws.add_chart(chart, anchor)


def robustness_chart(ws: Worksheet, rows: tuple[int, int], col: int, anchor: str) -> None:
    """Bars: share of draws in which each instrument is funded above its threshold."""
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Share of draws funded above the threshold"
    chart.add_data(
        Reference(ws, min_col=col, min_row=rows[0], max_row=rows[1]), titles_from_data=True
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=rows[0] + 1, max_row=rows[1]))
    chart.width, chart.height = 18, 12
    ws.add_chart(chart, anchor)


def spread_chart(ws: Worksheet, rows: int, first_col: int, last_col: int, anchor: str) -> None:
    """Clustered bars of the percentiles (p5 … p95) of each figure over the draws."""
    chart = BarChart()
    chart.type = "col"
    chart.title = "Spread over the draws (p5, p25, p50, p75, p95)"
    chart.add_data(
        Reference(ws, min_col=first_col, max_col=last_col, min_row=1, max_row=rows + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=rows + 1))
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)


def bridge_chart(ws: Worksheet, header_row: int, rows: int, anchor: str) -> None:
    """A bridge (waterfall) of net output: the reference plan, each gain floating on what came
    before, and the optimised plan. Built as stacked columns whose first series, the base
    each bar stands on, is drawn without fill (openpyxl has no native waterfall type; this is
    how spreadsheets drew bridges before Excel 2016 and how LibreOffice still does). The
    helper columns sit next to the table, in columns H to J."""
    values = [ws.cell(header_row + k, 2).value for k in range(1, rows + 1)]
    bases, ups, downs = [], [], []
    level = 0.0
    for k, value in enumerate(values):
        amount = float(value) if isinstance(value, int | float) else 0.0
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
    heads = ("base", "gain (€m)", "loss (€m)")
    for c, head in enumerate(heads, start=8):
        ws.cell(header_row, c, head)
    for k in range(rows):
        for c, series in enumerate((bases, ups, downs), start=8):
            ws.cell(header_row + 1 + k, c, series[k])
    chart = BarChart()
    chart.type = "col"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "Net output: reference plan to optimised plan (€m, undiscounted)"
    chart.y_axis.title = "€m"
    chart.add_data(
        Reference(ws, min_col=8, max_col=10, min_row=header_row, max_row=header_row + rows),
        titles_from_data=True,
    )
    chart.set_categories(
        Reference(ws, min_col=1, min_row=header_row + 1, max_row=header_row + rows)
    )
    base = chart.series[0]
    base.graphicalProperties.noFill = True
    base.graphicalProperties.line.noFill = True
    chart.width, chart.height = 18, 9
    ws.add_chart(chart, anchor)
