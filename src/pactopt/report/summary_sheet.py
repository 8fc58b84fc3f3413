"""The Summary sheet, made to be read on paper (issue 26): page 1 holds the answer alone —
the opening paragraphs up to about 250 words, the headline table and one chart — at a
print scale that keeps its text at 9 pt or more; the rest of the text, the rules the
reference plan breaks and the bridge follow from page 2. The bridge's chart and the ten
limits that matter most (the Binding sheet's first rows) follow on the screen only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.report.charts import bridge_chart, domain_chart
from pactopt.report.layout import (
    HEADING_FONT,
    TITLE_FONT,
    place_charts,
    text_block,
    write_frame,
)
from pactopt.report.paper import keep_together, print_scaled

if TYPE_CHECKING:
    from pactopt.report.tables import ResultTables

TOP_SHOWN = ["sentence", "value_per_meur_each_year"]
# paragraphs, tables and charts in columns A to E, the data the charts draw from far to
# the right, outside the print area
SUMMARY_COLUMNS = 5
CHART_DATA_COL = 30
# 10 pt text prints at 9.1 pt (pdfplumber reads the size from the PDF; 88% printed 8.8 pt)
PRINT_SCALE = 91
# page 1 holds at most this many words of text (the table and the chart besides)
PAGE_ONE_WORDS = 230


def page_one_parts(parts: list[str]) -> int:
    """How many of the opening ``parts`` go on page 1: in order, while their words stay
    within ``PAGE_ONE_WORDS`` (the first always, cut to its first sentences if need be)."""
    words = 0
    for k, part in enumerate(parts):
        words += len(part.split())
        if words > PAGE_ONE_WORDS:
            return max(k, 1)
    return len(parts)


def summary_sheet(ws: Worksheet, tables: ResultTables, parts: list[str]) -> None:
    """Page 1: the title, the first paragraphs, the headline figures and where the money
    goes; from page 2: the other paragraphs, the rules the reference plan breaks, the
    bridge and its chart, the ten limits that matter most (the last two off paper)."""
    ws["A1"] = "pactopt results"
    ws["A1"].font = TITLE_FONT
    first = page_one_parts(parts)
    top = first + 3
    block = write_frame(ws, tables.summary, start_row=top, freeze=False)
    # the paragraphs as tall as their lines across the columns the table has widened (written
    # before it, they were counted over default widths: 5 lines for 2)
    for k, part in enumerate(parts[:first], start=2):
        text_block(ws, k, part, SUMMARY_COLUMNS)
    domains = tables.domains[["name", "optimised_meur", "reference_meur"]]
    data = write_frame(ws, domains, 1, start_col=CHART_DATA_COL, freeze=False)
    chart = domain_chart(
        ws,
        (data.header_row, data.last_row),
        CHART_DATA_COL + 1,
        CHART_DATA_COL + 2,
        label_col=CHART_DATA_COL,
    )
    chart.type = "bar"
    chart.title = "Where the money goes (€m)"
    # under the table, as wide as it and low enough for page 1: the page is then as wide
    # as columns A to E, printed near full size; tall enough for every domain's label
    chart.height, chart.width = 7, 22
    page_end, _ = place_charts(ws, [chart], block.last_row + 2, 1)
    last_col = SUMMARY_COLUMNS
    row = page_end + 2
    rest = parts[first:]
    if rest:
        ws.row_breaks.append(Break(id=page_end + 1))
        for part in rest:
            text_block(ws, row, part, SUMMARY_COLUMNS)
            row += 1
        row += 1
    printed, blocks = _below(ws, tables, row)
    ws.freeze_panes = None
    # a fixed scale, not fit to width: page 1 ends at its manual break and the rest follows
    # at the same size, no heading left at the foot of a page without its table
    print_scaled(
        ws, last_row=printed, last_col=last_col, title_row=None, scale=PRINT_SCALE, footer_points=9
    )
    for first, end in blocks:
        keep_together(ws, first, end, page_start=page_end + 2)


def _below(ws: Worksheet, tables: ResultTables, row: int) -> tuple[int, list[tuple[int, int]]]:
    """The rules the reference plan breaks, the bridge (with its chart below it) and the
    ten limits, from ``row``; returns the last row printed (the bridge's chart and the ten
    limits, the first rows of the Binding sheet, which prints them all, are on the screen
    only) and the printed blocks, each a heading to its last row."""
    blocks = []
    if len(tables.reference_breaches):
        title = "Rules the reference plan breaks (its instrument totals held fixed)"
        ws.cell(row, 1, title).font = HEADING_FONT
        breaches = tables.reference_breaches[["explanation", "short_meur"]]
        end = write_frame(ws, breaches, start_row=row + 1, freeze=False).last_row
        blocks.append((row, end))
        row = end + 2
    if len(tables.bridge):
        ws.cell(
            row, 1, "From the reference plan to the optimised plan (net, undiscounted)"
        ).font = HEADING_FONT
        bridge = write_frame(ws, tables.bridge, start_row=row + 1, freeze=False)
        amounts = tables.bridge.iloc[:, 1].tolist()
        chart = bridge_chart(ws, bridge.header_row, amounts, CHART_DATA_COL + 4)
        for col in range(CHART_DATA_COL + 4, CHART_DATA_COL + 8):  # its data, legible
            ws.column_dimensions[get_column_letter(col)].width = 14
        chart.height, chart.width = 6, 22
        # on paper the table, its four figures; the chart below it on the screen (the
        # Summary then prints on 3 pages, not 4)
        end, _ = place_charts(ws, [chart], bridge.last_row + 2, 1)
        blocks.append((row, bridge.last_row))
        row = end + 1
    split = tables.binding_split
    if split is not None and len(split.planner):
        title = "The ten limits that matter most, by the euros at stake (Binding sheet: all)"
        ws.cell(row, 1, title).font = HEADING_FONT
        write_frame(ws, split.top()[TOP_SHOWN], row + 1, freeze=False)
    return (blocks[-1][1] if blocks else row), blocks
