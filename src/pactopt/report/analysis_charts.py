"""The charts of the analysis workbooks (scenarios, frontier, uncertainty), each drawn at the
true scale of what it shows: the scenarios' differences from the base around zero, the
frontier's two changes on one scale (a 0.1% loss for a 0.3% gain looks like one, not like a
collapse), the spread of a figure on an axis that starts near its 5th percentile and says
so. € and jobs are never on one axis."""

from __future__ import annotations

import math

from openpyxl.chart import BarChart, Reference, ScatterChart, Series
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.report.headers import MINUS, NUMBER_FORMATS, Kind
from pactopt.report.widths import needed_width

WHOLE = NUMBER_FORMATS[Kind.MEUR]
STEPS = (1, 2, 2.5, 5)


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about ``ticks`` steps over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return float(next((s * power for s in STEPS if s * power >= raw), 10 * power))


def change_format(step: float) -> str:
    """A % format with the decimals a tick step of ``step`` needs, a true minus sign and
    never '−0.0%' (a value that rounds to 0 prints as 0)."""
    decimals = max(0, -math.floor(math.log10(step * 100) + 1e-9)) if step > 0 else 1
    body = "0." + "0" * decimals + "%" if decimals else "0%"
    least = 0.5 * 10 ** -(decimals + 2)
    return f'[>={least:g}]{body};[<=-{least:g}]"{MINUS}"{body};{body}'


def _axis(axis: object, title: str, number_format: str) -> None:
    axis.title = title  # type: ignore[attr-defined]
    axis.delete = False  # type: ignore[attr-defined]
    axis.numFmt = NumFmt(formatCode=number_format, sourceLinked=False)  # type: ignore[attr-defined]


def difference_chart(
    ws: Worksheet,
    rows: tuple[int, int],
    cols: list[int],
    title: str,
    axis_title: str,
    number_format: str = WHOLE,
) -> BarChart:
    """Clustered bars of each scenario's change against the base (rows: header and last of
    the differences table, categories in column A) for the columns ``cols``, on an axis
    around zero."""
    header, last = rows
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    for col in cols:
        chart.add_data(
            Reference(ws, min_col=col, min_row=header, max_row=last), titles_from_data=True
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=last))
    _axis(chart.y_axis, axis_title, number_format)
    chart.x_axis.title = "Scenario"
    chart.x_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # the first scenario on top, as in the table
    chart.y_axis.tickLblPos = "low"
    chart.x_axis.tickLblPos = "low"  # the names left of the plot, not on the zero line
    chart.legend.position = "b" if len(cols) > 1 else chart.legend.position
    if len(cols) == 1:
        chart.legend = None
    chart.width, chart.height = 13, max(7, round(0.8 * (last - header) + 4))
    return chart


def _covering(values: tuple[float, float], step: float) -> tuple[float, float]:
    """The range of whole steps covering ``values`` and 0."""
    lo, hi = min(0.0, values[0]), max(0.0, values[1])
    return math.floor(lo / step + 1e-9) * step, math.ceil(hi / step - 1e-9) * step


def frontier_chart(
    ws: Worksheet,
    rows: tuple[int, int],
    cols: tuple[int, int],
    jobs: tuple[float, float],
    output: tuple[float, float],
) -> ScatterChart:
    """The frontier as changes from its point of most output: net jobs gained (x, column
    ``cols[0]``, from ``jobs[0]`` to ``jobs[1]``) against net output (y, ``cols[1]``, from
    ``output[0]`` to ``output[1]``), both in % on the same scale: the two axes span the same
    number of percentage points, so that the slope of the trade-off reads as it is."""
    header, last = rows
    chart = ScatterChart()
    chart.title = "Change from point 1 (%)"
    chart.style = 13
    xs = Reference(ws, min_col=cols[0], min_row=header + 1, max_row=last)
    ys = Reference(ws, min_col=cols[1], min_row=header, max_row=last)
    series = Series(ys, xs, title_from_data=True)
    series.marker.symbol = "circle"
    series.smooth = False
    chart.series.append(series)
    step = nice_step(max(jobs[1] - jobs[0], output[1] - output[0], 1e-4))
    (x_lo, x_hi), (y_lo, y_hi) = _covering(jobs, step), _covering(output, step)
    span = max(x_hi - x_lo, y_hi - y_lo, step)
    x_hi, y_lo = x_lo + span, y_hi - span  # jobs rise to the right, output falls below
    _axis(chart.x_axis, "Net jobs: change (%, same scale)", change_format(step))
    _axis(chart.y_axis, "Net output: change (%)", change_format(step))
    chart.x_axis.scaling.min, chart.x_axis.scaling.max = x_lo, x_hi
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = y_lo, y_hi
    chart.x_axis.majorUnit = step  # type: ignore[union-attr]
    chart.y_axis.majorUnit = step
    chart.x_axis.tickLblPos = "low"  # the labels under the plot, not on the zero line
    chart.y_axis.tickLblPos = "low"
    chart.legend = None
    chart.width, chart.height = 9, 8  # a square plot: one scale on both axes
    return chart


SPREAD_PARTS = (
    "below the 5th percentile",
    "5th to 25th percentile",
    "25th percentile to median",
    "median to 75th percentile",
    "75th to 95th percentile",
)


def spread_chart(
    ws: Worksheet,
    at: tuple[int, int],
    label: str,
    percentiles: tuple[float, float, float, float, float],
    unit: str,
) -> BarChart:
    """One figure's spread over the draws as a box (p5, p25, median, p75, p95), a stacked
    bar whose first part, up to the 5th percentile, is not drawn; the axis starts at a round
    number below the 5th percentile (its title says where) and ends above the 95th. The
    chart's cells are written at ``at`` (row, column): a header row and one row."""
    row, col = at
    p5, p25, p50, p75, p95 = percentiles
    parts = (p5, p25 - p5, p50 - p25, p75 - p50, p95 - p75)
    ws.cell(row, col, "figure")
    ws.cell(row + 1, col, label)
    for k, (name, value) in enumerate(zip(SPREAD_PARTS, parts, strict=True), start=1):
        ws.cell(row, col + k, name)
        ws.cell(row + 1, col + k, value)
    for k, text in enumerate((label, *SPREAD_PARTS)):  # off the page, but readable on screen
        letter = get_column_letter(col + k)
        ws.column_dimensions[letter].width = max(
            needed_width(len(text)), ws.column_dimensions[letter].width or 0
        )
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = f"{label}: 90% of draws in {p5:,.0f}-{p95:,.0f}"
    chart.add_data(
        Reference(ws, min_col=col + 1, max_col=col + 5, min_row=row, max_row=row + 1),
        titles_from_data=True,
    )
    chart.set_categories(Reference(ws, min_col=col, min_row=row + 1, max_row=row + 1))
    hidden = chart.series[0]
    hidden.graphicalProperties = GraphicalProperties(noFill=True)
    hidden.graphicalProperties.line.noFill = True
    for series, colour in zip(
        chart.series[1:], ("9DC3E6", "2E75B6", "2E75B6", "9DC3E6"), strict=True
    ):
        series.graphicalProperties = GraphicalProperties(solidFill=colour)
    step = nice_step(max(p95 - p5, abs(p50) * 1e-3))
    low = math.floor(p5 / step - 1e-9) * step - step
    high = math.ceil(p95 / step + 1e-9) * step + step
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = low, high
    chart.y_axis.majorUnit = step
    _axis(
        chart.y_axis,
        f"{unit}, axis from {low:,.0f}. Light: 5th-25th and 75th-95th percentile; "
        "dark: 25th-75th, the median where the two dark parts meet",
        WHOLE,
    )
    chart.x_axis.delete = True
    chart.legend = None
    chart.width, chart.height = 12, 6
    return chart
