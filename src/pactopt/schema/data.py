"""The validated, frozen input of one run, and where each value came from in the workbook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel

from pactopt.errors import Problem
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

# (sheet, row key, column or year) -> "A1" cell of the input workbook
CellIndex = Mapping[tuple[str, str, str], str]
_READ_ONLY = ("cells", "setting_sources")  # PactData's maps, read-only but for pickling


@dataclass(frozen=True)
class ParsedRow:
    """A valid row, the sheet row it was read from, and the cell of each of its columns."""

    model: BaseModel
    row: int
    cells: Mapping[str, str]

    def cell(self, column: str) -> str:
        """The A1 cell holding ``column`` (year columns by their year)."""
        return self.cells[column]


@dataclass(frozen=True)
class ParsedTable:
    """A sheet's valid rows, and the keys of every row read (valid or not)."""

    rows: list[ParsedRow]
    keys: frozenset[str]


@dataclass(frozen=True)
class PactData:
    """Everything a run needs, validated. ``cells`` locates every value in the workbook,
    so later stages (explanations, diagnoses) can name the planner's own cells."""

    settings: Settings
    domains: tuple[DomainRow, ...]
    instruments: tuple[InstrumentRow, ...]
    curves: tuple[CurveRow, ...]
    funders: tuple[FunderRow, ...]
    eligibility: tuple[EligibilityRow, ...]
    budget_lines: tuple[BudgetLineRow, ...]
    projects: tuple[ProjectRow, ...]
    links: tuple[LinkRow, ...]
    switches: tuple[SwitchRow, ...]
    scenarios: tuple[ScenarioRow, ...]
    cells: CellIndex = field(default_factory=lambda: MappingProxyType({}))
    # setting name -> the text of its source cell (provenance: document + line, DERIVED, ASSUMED)
    setting_sources: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    warnings: tuple[Problem, ...] = ()
    source_sha256: str = ""
    # the Scenarios sheet's scenario applied to this data (None: the base workbook)
    scenario: str | None = None
    # what was actually spent, per instrument and funder (the Actuals sheet), and where the
    # public money came from (the ActualShifts sheet; empty: the model finds a financing)
    actuals: tuple[ActualRow, ...] = ()
    actual_shifts: tuple[ActualShiftRow, ...] = ()

    def actual_shift_meur(self) -> dict[tuple[str, str, int], float]:
        """€m actually shifted per (budget line, instrument, year) in the locked years."""
        rows = [((r.budget_line, r.instrument), r.shifted_meur) for r in self.actual_shifts]
        return self._locked_amounts(rows)

    def actual_meur(self) -> dict[tuple[str, str, int], float]:
        """€m actually spent per (instrument, funder, year) in the locked years (a blank or
        a pair without a row: nothing); empty when no year is locked."""
        return self._locked_amounts(
            [((r.instrument, r.funder), r.spent_meur) for r in self.actuals]
        )

    def _locked_amounts(
        self, rows: Sequence[tuple[tuple[str, str], Mapping[int, float | None]]]
    ) -> dict[tuple[str, str, int], float]:
        """Each row's amounts in the locked years, keyed (pair, year), summed over rows."""
        locked = self.settings.locked_years
        out: dict[tuple[str, str, int], float] = {}
        for (first, second), by_year in rows:
            for year in locked:
                value = by_year.get(year)
                if value:
                    key = (first, second, year)
                    out[key] = out.get(key, 0.0) + float(value)
        return out

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (to a Dask worker) with its read-only maps as plain dicts, which pickle
        where a ``MappingProxyType`` does not; the row cache is not sent."""
        state = {k: v for k, v in self.__dict__.items() if k != "_rows_by_id"}
        return {k: dict(state[k]) if k in _READ_ONLY else v for k, v in state.items()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for k, v in state.items():
            object.__setattr__(self, k, MappingProxyType(v) if k in _READ_ONLY else v)

    @property
    def years(self) -> tuple[int, ...]:
        """The horizon, first to last year inclusive."""
        return self.settings.years

    @cached_property
    def _rows_by_id(self) -> dict[str, dict[str, Any]]:
        return {}

    def row(self, sheet_rows: str, key: str) -> Any:
        """The row with id ``key`` of the rows attribute ``sheet_rows`` ("instruments", …),
        or None; each sheet is keyed once per data set (explanations look up tens of
        thousands of rows on large models)."""
        by_id = self._rows_by_id.get(sheet_rows)
        if by_id is None:
            by_id = {r.id: r for r in getattr(self, sheet_rows)}
            self._rows_by_id[sheet_rows] = by_id
        return by_id.get(key)

    def source_of(self, sheet: str, key: str) -> str:
        """The provenance text of a row (a setting's source for the Settings sheet; '' when
        there is none)."""
        if sheet == "Settings":
            return self.setting_sources.get(key, "")
        rows = {
            "Domains": "domains",
            "Instruments": "instruments",
            "Funders": "funders",
            "BudgetLines": "budget_lines",
            "Projects": "projects",
            "Switches": "switches",
        }.get(sheet)
        row = self.row(rows, key) if rows else None
        return str(getattr(row, "source", "") or "") if row is not None else ""

    def cell(self, sheet: str, key: str, column: str) -> str:
        """``Sheet!A1`` of a value, or ``Sheet`` when the value was not in the workbook
        (a default)."""
        found = self.cells.get((sheet, key, column))
        return f"{sheet}!{found}" if found else sheet
