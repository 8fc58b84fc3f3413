"""Named cross-sheet checks, run after every sheet's rows have passed their row model.

Each check is a module-level function registered with ``@check("name")``; it receives the
settings (None when they could not be read) and the parsed tables, and returns problems that
name the exact cell. ``pactopt validate --list-checks`` lists them with their docstrings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any

from pactopt.errors import Problem, Severity
from pactopt.schema.data import ParsedRow, ParsedTable
from pactopt.schema.rows import SHEET_NAMES
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import FIRST_DATA_ROW, SETTINGS, SHEETS_BY_NAME

Tables = dict[str, ParsedTable]
CheckFn = Callable[[Settings | None, Tables], list[Problem]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a cross-sheet check under ``name``; names must be unique."""

    def register(fn: CheckFn) -> CheckFn:
        if name in CHECKS:
            raise ValueError(f"check '{name}' is registered twice")
        CHECKS[name] = fn
        return fn

    return register


def run_checks(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every registered check, in registration order."""
    problems: list[Problem] = []
    for fn in CHECKS.values():
        problems.extend(fn(settings, tables))
    return problems


def _rows(tables: Tables, sheet: str) -> Iterator[tuple[ParsedRow, Any]]:
    table = tables.get(sheet)
    for parsed in table.rows if table else []:
        yield parsed, parsed.model


def _keys(tables: Tables, sheet: str) -> frozenset[str]:
    table = tables.get(sheet)
    return table.keys if table else frozenset()


@check("unique_ids")
def unique_ids(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every row's id (or compound key, e.g. funder + domain) appears once in its sheet."""
    problems = []
    for sheet, table in tables.items():
        spec = SHEETS_BY_NAME[sheet]
        first: dict[str, str] = {}
        for parsed in table.rows:
            key = spec.row_key(parsed.model)
            cell = parsed.cell(spec.key[0])
            if key in first:
                problems.append(
                    Problem(sheet, cell, key, f"duplicate id '{key}' (first at {first[key]})")
                )
            else:
                first[key] = cell
    return problems


def _reference(
    tables: Tables, sheet: str, column: str, target: str, problems: list[Problem]
) -> None:
    if target not in tables:  # the missing sheet is reported once, not at every reference
        return
    known = _keys(tables, target)
    for parsed, row in _rows(tables, sheet):
        value = getattr(row, column)
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            if item is not None and item not in known:
                problems.append(
                    Problem(
                        sheet,
                        parsed.cell(column),
                        item,
                        f"unknown {target} id '{item}' (not in sheet {target})",
                    )
                )


@check("known_references")
def known_references(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every id reference (domain, funder, instrument, project) names an existing row."""
    problems: list[Problem] = []
    for spec in SHEETS_BY_NAME.values():
        for column in spec.columns:
            if column.ref is not None and spec.name in tables:
                _reference(tables, spec.name, column.name, column.ref, problems)
    return problems


@check("budget_line_owner_public")
def budget_line_owner_public(settings: Settings | None, tables: Tables) -> list[Problem]:
    """A budget line belongs to a public funder (only public money is shifted)."""
    kinds = {row.id: row.kind for _, row in _rows(tables, "Funders")}
    return [
        Problem(
            "BudgetLines",
            parsed.cell("owner"),
            row.owner,
            f"owner must be a public funder; '{row.owner}' is {kinds[row.owner]}",
        )
        for parsed, row in _rows(tables, "BudgetLines")
        if kinds.get(row.owner, "public") != "public"
    ]


def _ordered(
    parsed: ParsedRow, sheet: str, low: str, high: str, value_low: Any, value_high: Any
) -> list[Problem]:
    if value_low is None or value_high is None or value_low <= value_high:
        return []
    return [
        Problem(
            sheet,
            parsed.cell(low),
            value_low,
            f"{low} ({value_low:g}) is above {high} ({value_high:g}, {parsed.cell(high)})",
        )
    ]


@check("min_not_above_max")
def min_not_above_max(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every lower bound is at most its upper bound; low ≤ central ≤ high for impacts."""
    problems: list[Problem] = []
    for parsed, row in _rows(tables, "Domains"):
        problems += _ordered(
            parsed,
            "Domains",
            "min_total_meur",
            "max_total_meur",
            row.min_total_meur,
            row.max_total_meur,
        )
    for parsed, row in _rows(tables, "Instruments"):
        problems += _ordered(
            parsed,
            "Instruments",
            "min_total_meur",
            "max_total_meur",
            row.min_total_meur,
            row.max_total_meur,
        )
        problems += _ordered(
            parsed,
            "Instruments",
            "public_share_min",
            "public_share_max",
            row.public_share_min,
            row.public_share_max,
        )
        problems += _ordered(
            parsed,
            "Instruments",
            "min_if_funded_meur",
            "max_total_meur",
            row.min_if_funded_meur,
            row.max_total_meur,
        )
        for stem in ("output_per_eur", "jobs_direct_per_meur", "jobs_indirect_per_meur"):
            low, central, high = (getattr(row, f"{stem}_{x}") for x in ("low", "central", "high"))
            problems += _ordered(
                parsed, "Instruments", f"{stem}_low", f"{stem}_central", low, central
            )
            problems += _ordered(
                parsed, "Instruments", f"{stem}_central", f"{stem}_high", central, high
            )
    return problems


@check("curves_concave")
def curves_concave(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Per instrument, segments are numbered 1, 2, …, their ends rise and their output
    factors never rise (a concave curve keeps the model an LP)."""
    problems: list[Problem] = []
    by_instrument: dict[str, list[tuple[ParsedRow, Any]]] = {}
    for parsed, row in _rows(tables, "Curves"):
        by_instrument.setdefault(row.instrument, []).append((parsed, row))
    for segments in by_instrument.values():
        segments.sort(key=lambda pr: pr[1].segment)
        for number, (parsed, row) in enumerate(segments, start=1):
            if row.segment != number:
                problems.append(
                    Problem(
                        "Curves",
                        parsed.cell("segment"),
                        row.segment,
                        f"segments must be numbered 1, 2, …; expected {number}",
                    )
                )
        for (_, prev), (parsed, row) in pairwise(segments):
            if row.upper_cum_meur <= prev.upper_cum_meur:
                problems.append(
                    Problem(
                        "Curves",
                        parsed.cell("upper_cum_meur"),
                        row.upper_cum_meur,
                        f"must be above the previous segment's end ({prev.upper_cum_meur:g})",
                    )
                )
            if row.output_factor > prev.output_factor:
                problems.append(
                    Problem(
                        "Curves",
                        parsed.cell("output_factor"),
                        row.output_factor,
                        "output factor must not rise from one segment to the "
                        f"next (previous {prev.output_factor:g}); curves must "
                        "be concave",
                    )
                )
    return problems


@check("links_and_projects_not_self")
def links_and_projects_not_self(settings: Settings | None, tables: Tables) -> list[Problem]:
    """A link joins two different instruments; a project neither requires nor excludes
    itself."""
    problems = [
        Problem("Links", parsed.cell("after"), row.after, "a link must join two instruments")
        for parsed, row in _rows(tables, "Links")
        if row.before == row.after
    ]
    for parsed, row in _rows(tables, "Projects"):
        for column in ("requires", "excludes"):
            if getattr(row, column) == row.id:
                problems.append(
                    Problem(
                        "Projects",
                        parsed.cell(column),
                        row.id,
                        f"a project cannot {column[:-1]} itself",
                    )
                )
    return problems


def _scenario_columns(sheet: str, settings: Settings | None) -> set[str]:
    if sheet == SETTINGS.name:
        return {"value"}
    spec = SHEETS_BY_NAME[sheet]
    columns = {c.name for c in spec.columns} - {"notes", "source"}
    if spec.years and settings is not None:
        columns |= {str(y) for y in settings.years}
    return columns


@check("scenario_targets_exist")
def scenario_targets_exist(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Each scenario override names an existing sheet, row and column."""
    problems: list[Problem] = []
    for parsed, row in _rows(tables, "Scenarios"):
        if row.sheet == "Scenarios" or row.sheet not in SHEET_NAMES:
            problems.append(
                Problem(
                    "Scenarios",
                    parsed.cell("sheet"),
                    row.sheet,
                    "a scenario cannot override the Scenarios sheet",
                )
            )
            continue
        if row.sheet == SETTINGS.name:
            rows = set(Settings.model_fields)
        elif row.sheet not in tables:  # a missing sheet is reported once, on its own
            continue
        else:
            rows = set(_keys(tables, row.sheet))
        if row.row_id not in rows:
            problems.append(
                Problem(
                    "Scenarios",
                    parsed.cell("row_id"),
                    row.row_id,
                    f"no row '{row.row_id}' in sheet {row.sheet}",
                )
            )
        if row.column not in _scenario_columns(row.sheet, settings):
            problems.append(
                Problem(
                    "Scenarios",
                    parsed.cell("column"),
                    row.column,
                    f"no column '{row.column}' in sheet {row.sheet}",
                )
            )
    return problems


@check("reference_plan_within_bounds")
def reference_plan_within_bounds(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Warn when the reference plan lies outside an instrument's min/max (the comparison with
    the optimised plan is then between plans under different rules); a workbook that states
    no reference plan (every amount blank or 0) has none to warn about."""
    rows = list(_rows(tables, "Instruments"))
    if not any(row.reference_plan_meur for _, row in rows):
        return []
    return [
        Problem(
            "Instruments",
            parsed.cell("reference_plan_meur"),
            row.reference_plan_meur,
            f"reference plan is outside [{row.min_total_meur:g}, {row.max_total_meur:g}]",
            Severity.WARNING,
        )
        for parsed, row in rows
        if not row.min_total_meur <= row.reference_plan_meur <= row.max_total_meur
    ]


@check("instrument_has_funder")
def instrument_has_funder(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Warn when no funder may pay for an instrument's domain (it can then get nothing)."""
    allowed = {row.domain for _, row in _rows(tables, "Eligibility") if row.allowed}
    if not tables.get("Eligibility") or not tables["Eligibility"].rows:
        return []
    return [
        Problem(
            "Instruments",
            parsed.cell("domain"),
            row.domain,
            f"no funder may pay for domain '{row.domain}' (Eligibility); "
            f"instrument {row.id} can receive nothing",
            Severity.WARNING,
        )
        for parsed, row in _rows(tables, "Instruments")
        if row.domain not in allowed
    ]


@check("funder_may_pay")
def funder_may_pay(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Warn when a funder may pay for no domain (no allowed Eligibility row names it), and
    when an instrument needs private money (public share at most below 1) in a domain no
    private funder may pay for: it can then receive nothing, and a floor on it cannot be met.
    Deleting a funder's Eligibility rows validated cleanly, and the solve's diagnosis then
    listed the symptoms without this cause."""
    if not tables.get("Eligibility") or not tables.get("Funders"):
        return []
    allowed: dict[str, set[str]] = {}
    for _, row in _rows(tables, "Eligibility"):
        if row.allowed:
            allowed.setdefault(row.funder, set()).add(row.domain)
    problems = [
        Problem(
            "Funders",
            parsed.cell("id"),
            row.id,
            f"funder {row.id} may pay for no domain: the Eligibility sheet has no allowed row "
            "for it, so it pays for nothing",
            Severity.WARNING,
        )
        for parsed, row in _rows(tables, "Funders")
        if not allowed.get(row.id)
    ]
    private = {row.id for _, row in _rows(tables, "Funders") if row.kind == "private"}
    paid = {d for f in private for d in allowed.get(f, set())}
    for parsed, row in _rows(tables, "Instruments"):
        if row.public_share_max < 1 and row.domain not in paid:
            cell = f"Instruments!{parsed.cell('min_total_meur')}"
            floor = (
                f"; its floor of €{row.min_total_meur:,.0f}m ({cell}) cannot be met"
                if row.min_total_meur > 0
                else ""
            )
            problems.append(
                Problem(
                    "Instruments",
                    parsed.cell("public_share_max"),
                    row.public_share_max,
                    f"instrument {row.id} needs private money (public share at most "
                    f"{row.public_share_max:g}) but no private funder may pay for domain "
                    f"'{row.domain}' (Eligibility): it can receive nothing{floor}",
                    Severity.WARNING,
                )
            )
    return problems


@check("core_sheets_not_empty")
def core_sheets_not_empty(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Domains, Instruments and Funders each hold at least one row (the first data row is
    named when a sheet is empty)."""
    return [
        Problem(sheet, f"A{FIRST_DATA_ROW}", None, f"sheet {sheet} has no rows; add at least one")
        for sheet in ("Domains", "Instruments", "Funders")
        if sheet in tables and not tables[sheet].rows and not tables[sheet].keys
    ]


@check("actuals_consistent")
def actuals_consistent(settings: Settings | None, tables: Tables) -> list[Problem]:
    """The Actuals sheet fits the plan: each row's funder may pay for its instrument's
    domain (Eligibility), no amount stands in a year after Settings as_of_year (those years
    are planned, not locked), and actuals without an as_of_year are said to be unused."""
    rows = list(_rows(tables, "Actuals"))
    if not rows or settings is None:
        return []
    domain_of = {row.id: row.domain for _, row in _rows(tables, "Instruments")}
    allowed = {(row.funder, row.domain) for _, row in _rows(tables, "Eligibility") if row.allowed}
    problems: list[Problem] = []
    as_of = settings.as_of_year
    for parsed, row in rows:
        domain = domain_of.get(row.instrument)
        if domain is not None and (row.funder, domain) not in allowed:
            problems.append(
                Problem(
                    "Actuals",
                    parsed.cell("funder"),
                    row.funder,
                    f"funder {row.funder} may not pay for domain {domain} of instrument "
                    f"{row.instrument} (Eligibility): allow it there, or correct the row",
                )
            )
        later = [y for y, v in row.spent_meur.items() if v and (as_of is None or y > as_of)]
        if as_of is None:
            continue
        problems += [
            Problem(
                "Actuals",
                parsed.cell(str(year)),
                row.spent_meur[year],
                f"spending is stated for {year}, after Settings as_of_year ({as_of}): the "
                "years after it are planned, not locked; raise as_of_year or clear the cell",
            )
            for year in later
        ]
    if as_of is None and any(any(r.spent_meur.values()) for _, r in rows):
        first = rows[0][0]
        problems.append(
            Problem(
                "Actuals",
                first.cell("instrument"),
                None,
                "the Actuals are not used: Settings as_of_year is blank (set it to the last "
                "year whose spending is known to lock those years)",
                Severity.WARNING,
            )
        )
    return problems


@check("actual_shifts_consistent")
def actual_shifts_consistent(settings: Settings | None, tables: Tables) -> list[Problem]:
    """The ActualShifts sheet fits the plan: each line may be shifted to its instrument's
    domain (BudgetLines to_domains, and the line's owner may pay there), no amount stands in
    a year after Settings as_of_year, and no owner's shifts in a year exceed what it
    actually spent on those instruments (Actuals)."""
    rows = list(_rows(tables, "ActualShifts"))
    if not rows or settings is None or settings.as_of_year is None:
        return []
    domain_of = {row.id: row.domain for _, row in _rows(tables, "Instruments")}
    lines = {row.id: row for _, row in _rows(tables, "BudgetLines")}
    allowed = {(row.funder, row.domain) for _, row in _rows(tables, "Eligibility") if row.allowed}
    problems: list[Problem] = []
    shifted: dict[tuple[str, str, int], float] = {}
    for parsed, row in rows:
        line, domain = lines.get(row.budget_line), domain_of.get(row.instrument)
        known = line is not None and domain is not None
        if known and (domain not in line.to_domains or (line.owner, domain) not in allowed):  # type: ignore[union-attr]
            problems.append(
                Problem(
                    "ActualShifts",
                    parsed.cell("instrument"),
                    row.instrument,
                    f"line {row.budget_line} may not be shifted to domain {domain} of "
                    f"instrument {row.instrument} (BudgetLines to_domains, Eligibility)",
                )
            )
            continue
        for year, value in row.shifted_meur.items():
            if not value:
                continue
            if year > settings.as_of_year:
                problems.append(
                    Problem(
                        "ActualShifts",
                        parsed.cell(str(year)),
                        value,
                        f"a shift is stated for {year}, after Settings as_of_year "
                        f"({settings.as_of_year}); raise as_of_year or clear the cell",
                    )
                )
            elif line is not None:
                key = (line.owner, row.instrument, year)
                shifted[key] = shifted.get(key, 0.0) + value
    spent: dict[tuple[str, str, int], float] = {}
    for _, row in _rows(tables, "Actuals"):
        for year, value in row.spent_meur.items():
            if value and year <= settings.as_of_year:
                key = (row.funder, row.instrument, year)
                spent[key] = spent.get(key, 0.0) + value
    first = rows[0][0]
    for (owner, instrument, year), amount in shifted.items():
        paid = spent.get((owner, instrument, year), 0.0)
        if amount > paid + 1e-6:
            problems.append(
                Problem(
                    "ActualShifts",
                    first.cell("budget_line"),
                    amount,
                    f"€{amount:,.1f}m was shifted to {instrument} by {owner}'s lines in {year}, "
                    f"more than the €{paid:,.1f}m {owner} spent on it (Actuals)",
                )
            )
    return problems
