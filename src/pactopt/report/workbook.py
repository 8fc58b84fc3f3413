"""The results workbook: Summary, Allocation, Domains, Reallocation ledger, Impacts, Years,
Run, with native charts. Written atomically, never over the input; text that a spreadsheet
would read as a formula is written as text."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.io.excel_write import NO_OVERWRITE, WritePolicy, save_atomically, set_text_safe
from pactopt.report.charts import (
    bridge_chart,
    comparison_chart,
    domain_chart,
    frontier_chart,
    robustness_chart,
    spread_chart,
    stacked_chart,
)
from pactopt.report.paragraph import headline_parts
from pactopt.report.run_info import RunInfo
from pactopt.report.tables import COMPARED, ResultTables

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
NUMBER_FORMAT = "#,##0.0"
# a regional or municipal plan has hundreds of thousands of binding constraints; the sheet
# lists the most valuable ones (the table in Python keeps them all)
MAX_BINDING_ROWS = 20_000


def binding_rows(binding: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The first ``limit`` rows of the (largest-first) binding table, and a last row saying
    how many are left out, when there are more."""
    if len(binding) <= limit:
        return binding
    left_out = len(binding) - limit
    note = pd.DataFrame(
        [
            {
                "constraint": "…",
                "sentence": f"{left_out:,} more binding constraints, each worth no more than "
                "those above, are not listed.",
            }
        ],
        columns=binding.columns,
    )
    return pd.concat([binding.head(limit), note], ignore_index=True)


def _write_frame(ws: Worksheet, frame: pd.DataFrame, start_row: int = 1) -> None:
    for col, name in enumerate(frame.columns, start=1):
        head = ws.cell(start_row, col)
        set_text_safe(head, name if isinstance(name, int) else str(name))
        head.fill, head.font = HEADER_FILL, HEADER_FONT
        ws.column_dimensions[get_column_letter(col)].width = max(12, min(len(str(name)) + 4, 50))
    for r, row in enumerate(frame.itertuples(index=False), start=start_row + 1):
        for c, value in enumerate(row, start=1):
            target = ws.cell(r, c)
            if value is None or (isinstance(value, float) and pd.isna(value)):
                continue
            set_text_safe(target, value.item() if hasattr(value, "item") else value)
            if isinstance(value, float):
                target.number_format = NUMBER_FORMAT
    ws.freeze_panes = f"B{start_row + 1}"


def _summary(ws: Worksheet, tables: ResultTables, parts: list[str]) -> None:
    ws["A1"] = "pactopt results"
    ws["A1"].font = Font(bold=True, size=14)
    # one short paragraph a row, merged over A:E (about 100 characters a line at these
    # widths), each row as tall as its text
    for k, part in enumerate(parts, start=2):
        set_text_safe(ws.cell(k, 1), part)
        ws.cell(k, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=k, start_column=1, end_row=k, end_column=5)
        ws.row_dimensions[k].height = 13.5 * (len(part) // 95 + 1) + 3
    top = len(parts) + 3
    _write_frame(ws, tables.summary, start_row=top)
    row = top + len(tables.summary) + 2
    if len(tables.bridge):
        title = "From the reference plan to the optimised plan (net, undiscounted)"
        ws.cell(row, 1, title).font = Font(bold=True)
        _write_frame(ws, tables.bridge, start_row=row + 1)
        bridge_chart(ws, row + 1, len(tables.bridge), f"A{row + len(tables.bridge) + 3}")
        row += len(tables.bridge) + 24
    if len(tables.reference_breaches):
        title = "Rules the reference plan breaks (its instrument totals held fixed)"
        ws.cell(row, 1, title).font = Font(bold=True)
        breaches = tables.reference_breaches[["explanation", "short_meur"]]
        _write_frame(ws, breaches, start_row=row + 1)
    ws.column_dimensions["A"].width = 52
    for column in "BCDE":
        ws.column_dimensions[column].width = 13
    ws.freeze_panes = None
    # printed on one page width, landscape: the paragraph and the tables side by side
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def write_results(
    path: Path,
    tables: ResultTables,
    run: RunInfo,
    *,
    protect: Path,
    comparison: pd.DataFrame | None = None,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the results workbook to ``path`` (atomically; refuses to overwrite ``protect``);
    with ``comparison``, a Comparison sheet puts scenarios side by side."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, tables, headline_parts(tables))
    sheets = [
        ("Allocation", tables.allocation),
        ("Domains", tables.domains),
        ("Reallocation", tables.ledger),
        ("Impacts", tables.impacts),
        ("Years", tables.yearly),
        ("Marginal", tables.marginal),
        ("Binding", binding_rows(tables.binding, MAX_BINDING_ROWS)),
    ]
    if len(tables.alternatives):
        sheets.append(("Alternatives", tables.alternatives))
    sheets.append(("Assumptions", tables.assumptions))
    if len(tables.projects):
        sheets.insert(2, ("Projects", tables.projects))
    for name, frame in sheets:
        _write_frame(wb.create_sheet(name), frame)
    domains = wb["Domains"]
    n = len(tables.domains)
    columns = list(tables.domains.columns)
    domain_chart(
        domains, n, columns.index("optimised_meur") + 1, columns.index("reference_meur") + 1, "L2"
    )
    stacked_chart(
        domains,
        n,
        columns.index("public_meur") + 1,
        columns.index("private_meur") + 1,
        "Public, EU and private money by domain (€m)",
        "L22",
    )
    stacked_chart(
        wb["Years"],
        len(tables.yearly),
        2,
        len(tables.yearly.columns),
        "Spending by year and domain (€m)",
        "H2",
    )
    if comparison is not None:
        sheet = wb.create_sheet("Comparison", 1)
        _write_frame(sheet, comparison)
        sheet.column_dimensions["A"].width = 40
        n_domains = len(tables.domains)
        first = len(COMPARED) + 1  # the domain rows follow the headline figures
        chart_rows = (first + 1, first + n_domains)
        comparison_chart(sheet, chart_rows, 2, len(comparison.columns), f"A{len(comparison) + 4}")
    run_sheet = wb.create_sheet("Run")
    for r, (label, value) in enumerate(run.rows(), start=1):
        run_sheet.cell(r, 1, label).font = Font(bold=True)
        set_text_safe(run_sheet.cell(r, 2), value)
    run_sheet.column_dimensions["A"].width = 22
    run_sheet.column_dimensions["B"].width = 70
    return save_atomically(wb, path, protect=protect, policy=policy)


def write_diagnosis(
    path: Path,
    diagnosis: pd.DataFrame,
    run: RunInfo,
    *,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the workbook of an infeasible run: Summary, Diagnosis and Run sheets."""
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    summary["A1"] = "pactopt: no allocation satisfies every rule"
    summary["A1"].font = Font(bold=True, size=14)
    first = diagnosis["explanation"].iloc[0] if len(diagnosis) else "see the Diagnosis sheet"
    set_text_safe(
        summary["A2"],
        f"The rules of this workbook cannot all hold. First: {first}. "
        "The Diagnosis sheet lists the conflicting rules with their cells, and the "
        "euros by which rules would have to give way.",
    )
    summary["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    summary.column_dimensions["A"].width = 120
    _write_frame(wb.create_sheet("Diagnosis"), diagnosis)
    run_sheet = wb.create_sheet("Run")
    for r, (label, value) in enumerate(run.rows(), start=1):
        run_sheet.cell(r, 1, label).font = Font(bold=True)
        set_text_safe(run_sheet.cell(r, 2), value)
    return save_atomically(wb, path, protect=protect, policy=policy)


def write_frontier(
    path: Path, frontier: pd.DataFrame, *, protect: Path, policy: WritePolicy = NO_OVERWRITE
) -> Path:
    """Write the Frontier workbook: one row per point and a scatter chart of jobs vs output."""
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Frontier"
    _write_frame(sheet, frontier)
    columns = list(frontier.columns)
    frontier_chart(
        sheet,
        len(frontier),
        columns.index("net_jobs_discounted") + 1,
        columns.index("net_output_discounted") + 1,
        f"A{len(frontier) + 4}",
    )
    return save_atomically(wb, path, protect=protect, policy=policy)


def write_uncertainty(
    path: Path,
    percentiles: pd.DataFrame,
    robustness: pd.DataFrame,
    draws: pd.DataFrame,
    *,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the Uncertainty workbook: percentiles, instrument robustness with a chart, and
    every draw's figures."""
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Uncertainty"
    _write_frame(sheet, percentiles)
    start = len(percentiles) + 3
    _write_frame(sheet, robustness, start_row=start)
    sheet.freeze_panes = None
    column = list(robustness.columns).index("share_of_draws_above") + 1
    robustness_chart(sheet, (start, start + len(robustness)), column, f"H{start}")
    spread_chart(sheet, len(percentiles), 2, 6, "H2")
    _write_frame(wb.create_sheet("Draws"), draws)
    return save_atomically(wb, path, protect=protect, policy=policy)
