"""The output workbooks: results (Summary, Allocation, Domains, Reallocation ledger, Impacts,
Years, Marginal, Binding, …, Run), Diagnosis, Frontier and Uncertainty, with native charts.
Written atomically, never over the input; text that a spreadsheet would read as a formula is
written as text. Every sheet is laid out and set up to print by ``layout.py``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pactopt.explain.io_comparison import HEADING as IO_HEADING
from pactopt.explain.projects import COLUMNS as PROJECT_COLUMNS
from pactopt.glossary import BASIS_NOTE
from pactopt.report.cells import compact_cells
from pactopt.report.charts import domain_chart, stacked_chart
from pactopt.report.collector import collector_paused
from pactopt.report.glossary_sheet import glossary_sheet
from pactopt.report.layout import (
    HEADING_FONT,
    TITLE_FONT,
    place_charts,
    print_setup,
    text_block,
    write_frame,
)
from pactopt.report.moves_sheet import moves_sheet
from pactopt.report.paper import print_budget, print_scaled
from pactopt.report.paragraph import headline_parts
from pactopt.report.review_sheet import review_sheet
from pactopt.report.robustness import RobustnessTables, robustness_sheet
from pactopt.report.run_info import RunInfo
from pactopt.report.scenario_sheets import scenario_sheets
from pactopt.report.sources import one_line
from pactopt.report.spoken import speaking
from pactopt.report.summary_sheet import summary_sheet
from pactopt.report.tables import ResultTables
from pactopt.report.widths import LINE_PT, Fit, lines_needed, needed_width
from pactopt.xlsx.write import (
    NO_OVERWRITE,
    WritePolicy,
    new_workbook,
    save_atomically,
    set_text_safe,
)

if TYPE_CHECKING:
    pass

# a regional or municipal plan has hundreds of thousands of binding constraints; the sheet
# lists the most valuable ones (the table in Python keeps them all)
MAX_BINDING_ROWS = 20_000
# the Binding sheet: the sentence first, then the figures and the cells holding the limit
BINDING_SHOWN = ["rank", "limit", "when", "cells", "value_per_meur_each_year"]
TECHNICAL_SHEET = "Binding (technical)"
DIAGNOSIS_WIDTH = 120.0


def binding_rows(binding: pd.DataFrame, limit: int, text: str = "sentence") -> pd.DataFrame:
    """The first ``limit`` rows of the (largest-first) binding table, and a last row saying
    (in column ``text``) how many are left out, when there are more."""
    if len(binding) <= limit:
        return binding
    left_out = len(binding) - limit
    row = {
        text: f"{left_out:,} more binding constraints, each worth no more than those above, "
        "are not listed."
    }
    if "constraint" in binding.columns:
        row["constraint"] = "…"
    note = pd.DataFrame([row], columns=binding.columns)
    return pd.concat([binding.head(limit), note], ignore_index=True)


def table_sheet(wb: Workbook, name: str, frame: pd.DataFrame) -> Worksheet:
    """A sheet holding one table, set up to print."""
    ws: Worksheet = wb.create_sheet(name)
    block = write_frame(ws, frame)
    print_setup(ws, last_row=block.last_row, last_col=block.last_col)
    return ws


# A planner's sheet of the results on paper (issue 26): at 8 pt or more, its columns fitted to
# the page. Per sheet, the leading columns left off paper (ids beside their names) and the
# columns printed, in order, first on the sheet (the rest follow them, on the screen only)
SKIPPED = {"Allocation": 2, "Projects": 1}
PRINTED_FIRST = {
    "Marginal": [
        "what",
        "value_per_meur",
        "valid_from_meur",
        "valid_to_meur",
        "output_meur_per_meur",
        "jobs_per_meur",
        "savings_meur_per_meur",
    ],
    "Projects": PROJECT_COLUMNS,  # not its cost by year
}


def planner_sheet(wb: Workbook, name: str, frame: pd.DataFrame) -> Worksheet:
    """A sheet holding one table, printed at 8 pt or more: the columns of
    :data:`PRINTED_FIRST` (all without an entry) fitted to the page, but the ids of
    :data:`SKIPPED`; the sheet keeps every column."""
    printed = [c for c in PRINTED_FIRST.get(name, list(frame.columns)) if c in frame.columns]
    frame = frame[printed + [c for c in frame.columns if c not in printed]]
    skip = SKIPPED.get(name, 0)
    ws: Worksheet = wb.create_sheet(name)
    block = write_frame(ws, frame, fit=Fit(print_budget(), skip=skip, printed=len(printed)))
    print_scaled(ws, last_row=block.last_row, last_col=len(printed), first_col=skip + 1)
    return ws


def _binding(wb: Workbook, tables: ResultTables) -> None:
    """The Binding sheet (limits a planner can change) and the technical count of the rest."""
    split = tables.binding_split
    if split is None:
        return
    shown = binding_rows(split.planner[BINDING_SHOWN], MAX_BINDING_ROWS, "limit")
    shown = shown.assign(cells=shown["cells"].map(compact_cells))  # the same cells, shorter
    ws = wb.create_sheet("Binding")
    block = write_frame(ws, shown, fit=Fit(print_budget()))
    last = block.last_row
    if split.left_out:
        last += 2
        text_block(
            ws,
            last,
            f"{split.left_out:,} more rows of the model bind but are not listed: model "
            "bookkeeping, money identities and limits of instruments that get nothing; the "
            f"'{TECHNICAL_SHEET}' sheet counts them by rule (a technical sheet, hidden and "
            "not printed: unhide it to read it).",
            block.last_col,
        )
    print_scaled(ws, last_row=last, last_col=block.last_col)
    if split.left_out:
        technical(table_sheet(wb, TECHNICAL_SHEET, split.technical))


# the tab colour of a technical sheet (Binding (technical), Run)
TECHNICAL_TAB = "808080"


def technical(ws: Worksheet) -> None:
    """Mark a technical sheet of the results (grey tab) and leave it out of the planner's
    print: hidden, which no spreadsheet prints (an OOXML sheet has no 'do not print' flag);
    the sheet and its rows are kept, one 'Unhide' away."""
    ws.sheet_properties.tabColor = TECHNICAL_TAB
    ws.sheet_state = "hidden"
    # LibreOffice prints hidden sheets too, but no page for an empty print area
    ws.print_area = f"{get_column_letter(ws.max_column + 2)}1"


VALUE_LEFT = Alignment(wrap_text=True, vertical="top", horizontal="left")


def run_sheet(wb: Workbook, rows: list[tuple[str, object]]) -> None:
    """Versions, input hash, status, sizes and times (``RunInfo.rows``), or a sweep's seed,
    draws and distribution (``sweep_rows``), one per row."""
    ws = wb.create_sheet("Run")
    for r, (label, value) in enumerate(rows, start=1):
        ws.cell(r, 1, label).font = HEADING_FONT
        set_text_safe(ws.cell(r, 2), value)
        ws.cell(r, 2).alignment = VALUE_LEFT  # numbers beside text, not across the page
    widths = [len(str(label)) for label, _ in rows] or [10]
    values = [len(str(value)) for _, value in rows] or [10]
    ws.column_dimensions["A"].width = needed_width(max(widths), bold=True)
    width = min(needed_width(max(values)), 90)
    ws.column_dimensions["B"].width = width
    for r, (_, value) in enumerate(rows, start=1):  # a long command line wraps
        lines = lines_needed(len(str(value)), width)
        if lines > 1:
            ws.row_dimensions[r].height = LINE_PT * lines + 2
    print_setup(ws, last_row=len(rows), last_col=2, title_row=None)


@collector_paused()
def write_results(
    path: Path,
    tables: ResultTables,
    run: RunInfo,
    *,
    protect: Path,
    comparison: pd.DataFrame | None = None,
    robustness: RobustnessTables | None = None,
    policy: WritePolicy = NO_OVERWRITE,
    scenario_overrides: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """Write the results workbook to ``path`` (atomically; refuses to overwrite ``protect``);
    with ``comparison``, a Comparison sheet puts scenarios side by side; with ``robustness``
    (robust mode), a Robustness sheet and its sentence on the Summary. With ``comparison``
    the Scenarios sheet comes first (``scenario_sheets``; ``scenario_overrides``: what each
    scenario sets, by its name in words)."""
    tables = speaking(tables)  # the Summary and the sentences of the run's language
    wb = new_workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    extra = [robustness.said(tables.lang)] if robustness is not None else []
    summary_sheet(summary, tables, headline_parts(tables) + extra)
    sheets = [
        ("Allocation", tables.allocation),
        ("Domains", tables.domains),
        ("Reallocation", tables.ledger),
        ("Impacts", tables.impacts),
        ("Years", tables.yearly),
        ("Marginal", tables.marginal),
    ]
    if len(tables.projects):
        sheets.insert(2, ("Projects", tables.projects))
    written = {name: planner_sheet(wb, name, frame) for name, frame in sheets}
    _binding(wb, tables)
    if len(tables.alternatives):
        planner_sheet(wb, "Alternatives", tables.alternatives)
    assumptions_sheet(wb, tables)
    _domain_charts(written["Domains"], tables.domains)
    _year_chart(written["Years"], tables.yearly)
    moves_sheet(wb, tables)
    if robustness is not None:
        robustness_sheet(wb.create_sheet("Robustness", 1), robustness)  # its answer second
    if comparison is not None:  # first: what each scenario changes, then all side by side
        scenario_sheets(wb, comparison, scenario_overrides)
    if tables.review_text:
        review_sheet(wb.create_sheet("Review", 0), tables)
        wb.active = 0
    glossary_sheet(wb, fit=Fit(print_budget()))
    run_sheet(wb, run.rows())
    technical(wb["Run"])
    return save_atomically(wb, path, protect=protect, policy=policy)


# a source note printed in one line of at most this many characters
SOURCE_LINE_CHARS = 44
# the columns of the Assumptions printed, in this order: how a figure matters, its kind, its
# cells and its whole source note follow them on the screen
ASSUMPTIONS_PRINTED = ["rank", "what", "value_at_stake_meur", "source_line"]


def assumptions_sheet(wb: Workbook, tables: ResultTables) -> None:
    """The assumptions, the most value at stake first, with the clause of each source note
    on the row's figure in one line (its document named) before the whole note; below them,
    the workbook's coefficients beside the input-output table's. On paper (issue 26: 16 pages
    of every row), the rows with a value at stake, up to that short source; the sheet keeps
    every row, the whole notes and the comparison for the screen."""
    table = tables.assumptions
    short = [
        one_line(note, what, SOURCE_LINE_CHARS)
        for note, what in zip(table["source"], table["what"], strict=True)
    ]
    frame = table.assign(cells=table["cells"].map(compact_cells), source_line=short)
    frame = frame[ASSUMPTIONS_PRINTED + [c for c in table.columns if c not in ASSUMPTIONS_PRINTED]]
    at = len(ASSUMPTIONS_PRINTED) - 1
    ws: Worksheet = wb.create_sheet("Assumptions")
    block = write_frame(ws, frame, fit=Fit(print_budget(), printed=at + 1))
    if not tables.io_comparison.empty:  # on the screen only, right of the printed columns
        row, col = block.last_row + 2, at + 2
        ws.cell(row, col, IO_HEADING).font = HEADING_FONT
        write_frame(ws, tables.io_comparison, start_row=row + 1, start_col=col, freeze=False)
    # the table is ranked by the value at stake: the rows that round to €0m (or have none)
    # come last and are left off paper
    stakes = pd.to_numeric(table["value_at_stake_meur"], errors="coerce").abs()
    staked = [k for k, ok in enumerate((stakes >= 0.5).tolist()) if ok]
    print_scaled(ws, last_row=1 + max(staked, default=0) + 1, last_col=at + 1)


def _domain_charts(ws: Worksheet, domains: pd.DataFrame) -> None:
    n = len(domains) + 1
    columns = list(domains.columns)
    at = {name: columns.index(name) + 1 for name in columns}
    charts = [
        domain_chart(ws, (1, n), at["optimised_meur"], at["reference_meur"], size=(13, 8)),
        stacked_chart(
            ws,
            (1, n),
            (at["national_meur"], at["private_meur"]),
            "National, EU and private money by domain (€m)",
            "Domain",
            size=(13, 8),
        ),
    ]
    end_row, end_col = place_charts(ws, charts, n + 2, beside=True)
    print_scaled(ws, last_row=end_row, last_col=max(end_col, len(columns)))


def _year_chart(ws: Worksheet, yearly: pd.DataFrame) -> None:
    n, width = len(yearly) + 1, len(yearly.columns)
    chart = stacked_chart(ws, (1, n), (2, width), "Spending by year and domain (€m)", "Year")
    end_row, end_col = place_charts(ws, [chart], 1, width + 2)
    print_scaled(ws, last_row=max(end_row, n), last_col=end_col)


def write_diagnosis(
    path: Path,
    diagnosis: pd.DataFrame,
    run: RunInfo,
    *,
    protect: Path,
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Write the workbook of an infeasible run: Summary, Diagnosis and Run sheets."""
    wb = new_workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    summary["A1"] = "pactopt: no allocation satisfies every rule"
    summary["A1"].font = TITLE_FONT
    first = diagnosis["explanation"].iloc[0] if len(diagnosis) else "see the Diagnosis sheet"
    summary.column_dimensions["A"].width = 100
    text_block(
        summary,
        2,
        f"The rules of this workbook cannot all hold. First: {first}. "
        "The Diagnosis sheet lists the conflicting rules with their cells, and the "
        "euros by which rules would have to give way.",
        1,
    )
    text_block(summary, 3, BASIS_NOTE, 1)  # the basis every analysis workbook leads with
    print_setup(summary, last_row=3, last_col=1, title_row=None, one_page=True)
    sheet = wb.create_sheet("Diagnosis")  # its cells and sentences wrapped to print at 8 pt+
    block = write_frame(sheet, diagnosis, budget=DIAGNOSIS_WIDTH)
    print_setup(sheet, last_row=block.last_row, last_col=block.last_col)
    glossary_sheet(wb)
    run_sheet(wb, run.rows())
    return save_atomically(wb, path, protect=protect, policy=policy)
