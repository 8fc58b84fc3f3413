"""The Moves sheet: the answer as a few moves from the reference plan, first after the
Summary: its sentences, each move in the order the k-moves curve takes it, the curve, and a
chart of the share of the gain captured with k moves."""

from __future__ import annotations

from openpyxl import Workbook

from pactopt.report.charts import moves_chart
from pactopt.report.layout import (
    HEADING_FONT,
    TITLE_FONT,
    place_charts,
    print_setup,
    text_block,
    write_frame,
)
from pactopt.report.tables import ResultTables


def moves_sheet(wb: Workbook, tables: ResultTables) -> None:
    """Add the Moves sheet after the Summary (nothing when no curve was computed)."""
    if not len(tables.moves_curve):
        return
    ws = wb.create_sheet("Moves", 1)
    ws["A1"] = "The gain in a few moves"
    ws["A1"].font = TITLE_FONT
    texts = [*tables.moves_text, tables.least_change_text]
    texts = [t for t in texts if t]
    top = len(texts) + 3
    ws.cell(top, 1, "Each move, in the order the curve takes it").font = HEADING_FONT
    block = write_frame(ws, tables.moves, start_row=top + 1, freeze=False)
    row = block.last_row + 2
    ws.cell(row, 1, "The value captured with at most k moves").font = HEADING_FONT
    curve = write_frame(ws, tables.moves_curve, start_row=row + 1, freeze=False)
    last_col = max(block.last_col, curve.last_col)
    for k, part in enumerate(texts, start=2):
        text_block(ws, k, part, last_col)
    columns = list(tables.moves_curve.columns)
    chart = moves_chart(
        ws,
        (row + 2, curve.last_row),
        columns.index("moves_taken") + 1,
        columns.index("captured_share") + 1,
    )
    end_row, end_col = place_charts(ws, [chart], curve.last_row + 2)
    print_setup(ws, last_row=end_row, last_col=max(last_col, end_col))
