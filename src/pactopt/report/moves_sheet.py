"""The Moves sheet: the answer as a few moves from the reference plan, first after the
Summary: its sentences, each move in the order the k-moves curve takes it, the curve, and a
chart of the share of the gain captured with k moves."""

from __future__ import annotations

from openpyxl import Workbook

from pactopt.i18n import Lang
from pactopt.report.charts import moves_chart
from pactopt.report.headers import column
from pactopt.report.layout import (
    FOOTER,
    HEADING_FONT,
    TITLE_FONT,
    place_charts,
    text_block,
    text_column_beside,
    write_frame,
)
from pactopt.report.paper import keep_together, print_budget, print_scaled, reserve_widths
from pactopt.report.tables import ResultTables
from pactopt.report.widths import Fit


def moves_sheet(wb: Workbook, tables: ResultTables) -> None:
    """Add the Moves sheet after the Summary (nothing when no curve was computed)."""
    if not len(tables.moves_curve):
        return
    lang = Lang(tables.lang)
    ws = wb.create_sheet("Moves", 1)
    ws["A1"] = lang.t("The gain in a few moves")
    ws["A1"].font = TITLE_FONT
    texts = [*tables.moves_text, tables.least_change_text]
    texts = [t for t in texts if t]
    top = len(texts) + 3
    heading = lang.t("Each move, in the order the curve takes it")
    ws.cell(top, 1, heading).font = HEADING_FONT
    # at 8 pt or more on paper (issue 26), in one page width: where each move's money comes
    # from (the last column, in €m by funder and budget line) is on the screen only, its
    # words in the sentences above
    moves = len(tables.moves.columns) - 1
    fit = Fit(print_budget(), narrowest=20, header_cap=9, printed=moves)
    # the curve's figures share the widths of the moves' columns; the instruments each point
    # adds or gives up (its last column) wrap over the columns to the page's printed edge
    figures = tables.moves_curve.drop(columns="moved")
    narrow = Fit(print_budget(), header_cap=9)
    reserve_widths(ws, figures, narrow)
    block = write_frame(ws, tables.moves, start_row=top + 1, freeze=False, fit=fit)
    row = block.last_row + 2
    ws.cell(row, 1, lang.t("The value captured with at most k moves")).font = HEADING_FONT
    curve = write_frame(ws, figures, start_row=row + 1, freeze=False, fit=narrow, top=True)
    last_col = moves
    beside = len(figures.columns) + 1
    text_column_beside(
        ws,
        row + 1,
        beside,
        max(beside, last_col),
        column("moved").header,
        [str(t) for t in tables.moves_curve["moved"]],
    )
    for k, part in enumerate(texts, start=2):
        text_block(ws, k, part, last_col)
    columns = list(figures.columns)
    chart = moves_chart(
        ws,
        (row + 2, curve.last_row),
        columns.index("moves_taken") + 1,
        columns.index("captured_share") + 1,
        lang,
    )
    end_row, end_col = place_charts(ws, [chart], curve.last_row + 2)
    print_scaled(ws, last_row=end_row, last_col=max(last_col, end_col))
    keep_together(ws, row, end_row)  # the curve with its heading and its chart
    if not lang.english:
        ws.oddFooter.center.text = lang.t(FOOTER)
