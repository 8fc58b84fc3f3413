"""The registry of template sheets: which row model each sheet holds and how rows are keyed.

The template generator, the reader and the README sheet all iterate over ``SHEETS``; adding a
sheet here (with its row model) adds it everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from pactopt.schema.columns import ColumnSpec, column_specs
from pactopt.schema.rows import (
    ActualRow,
    ActualShiftRow,
    BudgetLineRow,
    CurveRow,
    DomainRow,
    EligibilityRow,
    FunderRow,
    InstrumentRow,
    LinkRow,
    ProjectRow,
    ScenarioRow,
    SwitchRow,
)
from pactopt.schema.settings import Settings

HEADER_ROW = 1
UNITS_ROW = 2
FIRST_DATA_ROW = 3
UNITS_PREFIX = "unit: "
# a required column's header carries this mark in the template ("id *"); the reader takes the
# header with or without it, so a planner who deletes the mark loses nothing
REQUIRED_MARK = " *"


def header_name(text: str) -> str:
    """A header cell's column name: its text without the required mark and spaces."""
    text = text.strip()
    return text[:-1].rstrip() if text.endswith(REQUIRED_MARK.strip()) else text


@dataclass(frozen=True)
class YearBlock:
    """The sheet has one column per year; their values go to ``field``."""

    field: str
    blank: Literal["zero", "none"]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the template."""

    name: str
    model: type[BaseModel]
    purpose: str
    key: tuple[str, ...]
    required: bool = True
    years: YearBlock | None = None

    @property
    def columns(self) -> list[ColumnSpec]:
        """The fixed (non-year) columns, in template order."""
        return [c for c in column_specs(self.model) if c.kind != "years"]

    def row_key(self, row: BaseModel) -> str:
        """The id that scenarios and messages use for a row (``a:b`` for compound keys)."""
        return ":".join(str(getattr(row, k)) for k in self.key)


SETTINGS = SheetSpec(
    name="Settings",
    model=Settings,
    purpose="Horizon, objective weights, budget-neutral mode and solver options.",
    key=("setting",),
)

TABLE_SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec("Domains", DomainRow, "Policy domains with optional floors and ceilings.", ("id",)),
    SheetSpec(
        "Instruments",
        InstrumentRow,
        "Programmes that can receive money: bounds, shares, impacts per €, reference plan.",
        ("id",),
    ),
    SheetSpec(
        "Curves",
        CurveRow,
        "Diminishing returns: concave output segments per instrument.",
        ("instrument", "segment"),
        required=False,
    ),
    SheetSpec(
        "Funders",
        FunderRow,
        "Sources of money (public, private, EU) and their new-money caps.",
        ("id",),
        years=YearBlock("new_money_cap_meur", blank="none"),
    ),
    SheetSpec(
        "Eligibility",
        EligibilityRow,
        "Which funder may pay for which domain (pairs not listed: not allowed).",
        ("funder", "domain"),
    ),
    SheetSpec(
        "BudgetLines",
        BudgetLineRow,
        "Existing public budget lines whose money may be shifted to digital domains.",
        ("id",),
        years=YearBlock("baseline_meur", blank="zero"),
    ),
    SheetSpec(
        "Projects",
        ProjectRow,
        "Indivisible projects with yearly cost profiles (all or nothing).",
        ("id",),
        required=False,
        years=YearBlock("cost_meur", blank="zero"),
    ),
    SheetSpec(
        "Links",
        LinkRow,
        "Precedence between instruments (e.g. teacher retraining first).",
        ("before", "after"),
        required=False,
    ),
    SheetSpec(
        "Switches",
        SwitchRow,
        "Enabling conditions (e.g. regulatory reform) that unlock private investment.",
        ("id",),
        required=False,
    ),
    SheetSpec(
        "Actuals",
        ActualRow,
        "Mid-term review: €m actually spent per instrument and funder in the years up to "
        "Settings as_of_year (those years are then locked; the rest is planned).",
        ("instrument", "funder"),
        required=False,
        years=YearBlock("spent_meur", blank="none"),
    ),
    SheetSpec(
        "ActualShifts",
        ActualShiftRow,
        "Mid-term review (optional): €m actually shifted from each budget line to each "
        "instrument in the years up to Settings as_of_year (else the model finds a "
        "financing of the actual spending within the rules).",
        ("budget_line", "instrument"),
        required=False,
        years=YearBlock("shifted_meur", blank="none"),
    ),
    SheetSpec(
        "Scenarios",
        ScenarioRow,
        "Named overrides layered on the base workbook.",
        ("scenario", "sheet", "row_id", "column"),
        required=False,
    ),
)

SHEETS: tuple[SheetSpec, ...] = (SETTINGS, *TABLE_SHEETS)
SHEETS_BY_NAME = {s.name: s for s in SHEETS}
SETTINGS_COLUMNS = ("setting", "value", "unit", "source", "notes")

TRAILING_COLUMNS = ("source", "notes")


def required_columns(spec: SheetSpec) -> list[str]:
    """The columns a row of ``spec`` must fill, in template order (year columns aside)."""
    if spec is SETTINGS:
        return ["setting", "value"]
    return [c.name for c in spec.columns if c.required]


def template_columns(spec: SheetSpec, years: tuple[int, ...]) -> list[str | int]:
    """Column order in the template: fixed columns, the year columns, then source and notes."""
    fixed = [c.name for c in spec.columns if c.name not in TRAILING_COLUMNS]
    year_cols: list[str | int] = list(years) if spec.years else []
    trailing = [c.name for c in spec.columns if c.name in TRAILING_COLUMNS]
    return [*fixed, *year_cols, *trailing]
