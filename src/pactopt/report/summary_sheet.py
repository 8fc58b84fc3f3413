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

from pactopt.i18n import N_, Lang
from pactopt.report.charts import bridge_chart, domain_chart
from pactopt.report.layout import (
    FOOTER,
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
# the headline table's headers as the results workbook writes them (report/headers.py),
# translated on the sheet (a workbook is read back in any language: i18n.english)
TABLE_HEADERS = (N_("Figure"), N_("Optimised"), N_("Reference plan"), N_("Difference"))
BRIDGE_HEADERS = (
    N_("Step"),
    N_("Net output (€m)"),
    N_("Net jobs"),
    N_("Public, national and EU (€m)"),
)
CHART_SERIES = (N_("Optimised (€m)"), N_("Reference plan (€m)"))
# the other words of the sheet's tables and of the data its charts draw from
SHEET_WORDS = (
    N_("Name"),
    N_("Explanation"),
    N_("Short by (€m)"),
    N_("What binds, in words"),
    N_("Value of one more €m a year (€m)"),
    N_("Base (€m)"),
    N_("Gain (€m)"),
    N_("Loss (€m)"),
    N_("Bridge step"),
    N_("Reference plan"),
    N_("Reallocation"),
    N_("More or later spending"),
    N_("Optimised plan"),
)
BRIDGE_TITLE = N_("Net output: reference plan to optimised plan (€m, undiscounted)")


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
    lang = Lang(tables.lang)
    ws["A1"] = lang.t("pactopt results")
    ws["A1"].font = TITLE_FONT
    first = page_one_parts(parts)
    top = first + 3
    figures = tables.summary.assign(figure=[lang.t(str(f)) for f in tables.summary["figure"]])
    block = write_frame(ws, figures, start_row=top, freeze=False)
    for cell in ws[block.header_row]:
        if cell.value in TABLE_HEADERS:
            cell.value = lang.t(str(cell.value))
    # the paragraphs after the table that sets the columns' widths: their rows are then as
    # tall as their lines at those widths (before it, at the default width, they were given
    # twice the lines they take, and Dutch or French pushed the chart off page 1)
    for k, part in enumerate(parts[:first], start=2):
        text_block(ws, k, part, SUMMARY_COLUMNS)
    domains = tables.domains[["name", "optimised_meur", "reference_meur"]]
    data = write_frame(ws, domains, 1, start_col=CHART_DATA_COL, freeze=False)
    for cell in ws[data.header_row]:  # the chart's legend
        if cell.value in CHART_SERIES:
            cell.value = lang.t(str(cell.value))
    chart = domain_chart(
        ws,
        (data.header_row, data.last_row),
        CHART_DATA_COL + 1,
        CHART_DATA_COL + 2,
        label_col=CHART_DATA_COL,
    )
    chart.type = "bar"
    chart.title = lang.t("Where the money goes (€m)")
    if not lang.english:
        chart.y_axis.title = lang.t("Total over the horizon (€m)")
        chart.x_axis.title = lang.t("Domain")
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
    printed, blocks = _below(ws, tables, row, lang)
    ws.freeze_panes = None
    # a fixed scale, not fit to width: page 1 ends at its manual break and the rest follows
    # at the same size, no heading left at the foot of a page without its table
    print_scaled(
        ws, last_row=printed, last_col=last_col, title_row=None, scale=PRINT_SCALE, footer_points=9
    )
    for first, end in blocks:
        keep_together(ws, first, end, page_start=page_end + 2)
    if not lang.english:
        _words_in(ws, lang)
        if ws.oddFooter is not None:
            ws.oddFooter.center.text = lang.t(FOOTER)


def _words_in(ws: Worksheet, lang: Lang) -> None:
    """The headers and labels of ``SHEET_WORDS`` in ``lang`` wherever the sheet shows them."""
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value in SHEET_WORDS:
                cell.value = lang.t(cell.value)


def _below(
    ws: Worksheet, tables: ResultTables, row: int, lang: Lang
) -> tuple[int, list[tuple[int, int]]]:
    """The rules the reference plan breaks, the bridge (with its chart below it) and the
    ten limits, from ``row``; returns the last row printed (the bridge's chart and the ten
    limits, the first rows of the Binding sheet, which prints them all, are on the screen
    only) and the printed blocks, each a heading to its last row."""
    blocks = []
    if len(tables.reference_breaches):
        title = lang.t("Rules the reference plan breaks (its instrument totals held fixed)")
        ws.cell(row, 1, title).font = HEADING_FONT
        breaches = tables.reference_breaches[["explanation", "short_meur"]]
        end = write_frame(ws, breaches, start_row=row + 1, freeze=False).last_row
        blocks.append((row, end))
        row = end + 2
    if len(tables.bridge):
        title = lang.t("From the reference plan to the optimised plan (net, undiscounted)")
        ws.cell(row, 1, title).font = HEADING_FONT
        steps = tables.bridge.assign(step=[lang.t(str(s)) for s in tables.bridge["step"]])
        bridge = write_frame(ws, steps, start_row=row + 1, freeze=False)
        for cell in ws[bridge.header_row]:
            if cell.value in BRIDGE_HEADERS:
                cell.value = lang.t(str(cell.value))
        amounts = tables.bridge.iloc[:, 1].tolist()
        chart = bridge_chart(ws, bridge.header_row, amounts, CHART_DATA_COL + 4)
        if not lang.english:
            chart.title = lang.t(BRIDGE_TITLE)
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
        title = lang.t(
            "The ten limits that matter most, by the euros at stake (Binding sheet: all)"
        )
        ws.cell(row, 1, title).font = HEADING_FONT
        top = split.top()
        said = [
            tables.planner_sentences.get(int(r), s)
            for r, s in zip(top["rank"], top["sentence"], strict=True)
        ]
        write_frame(ws, top.assign(sentence=said)[TOP_SHOWN], row + 1, freeze=False)
    return (blocks[-1][1] if blocks else row), blocks
