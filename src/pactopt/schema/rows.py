"""One pydantic model per template sheet: what a valid row looks like.

Amounts are in €m unless the unit says otherwise. Field names carry their unit
(``min_total_meur``, ``jobs_direct_per_meur_central``). Year-indexed values (one column per
year in the sheet) arrive as a ``{year: value}`` mapping in the field named by the sheet's
``YearBlock``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from pactopt.iotable.figures import parse_cpa_products
from pactopt.schema.columns import (
    UNIT_COUNT,
    UNIT_EUR_PER_EUR,
    UNIT_ID,
    UNIT_JOBS,
    UNIT_JOBS_PER_MEUR,
    UNIT_MEUR,
    UNIT_SHARE,
    UNIT_TEXT,
    UNIT_YEARS,
    UNIT_YES_NO,
    Identifier,
    Row,
)
from pactopt.schema.columns import (
    column as col,
)

FunderKind = Literal["public", "private", "EU"]
SHEET_NAMES = (
    "Settings",
    "Domains",
    "Instruments",
    "Curves",
    "Funders",
    "Eligibility",
    "BudgetLines",
    "Projects",
    "Links",
    "Switches",
    "Scenarios",
    "Actuals",
    "ActualShifts",
)
SheetName = Literal[
    "Settings",
    "Domains",
    "Instruments",
    "Curves",
    "Funders",
    "Eligibility",
    "BudgetLines",
    "Projects",
    "Links",
    "Switches",
    "Scenarios",
]

_SOURCE_NOTE = "Provenance: document + line, 'DERIVED: <arithmetic>' or 'ASSUMED: <why>'."


class DomainRow(Row):
    """A policy domain (e.g. digital human capital) with optional floor and ceiling."""

    id: Identifier = col(UNIT_ID, "Short unique id, e.g. HC.")
    name: str = col(UNIT_TEXT, "Readable name.")
    min_total_meur: float | None = col(
        UNIT_MEUR, "Policy floor on total spending over the horizon.", default=None, ge=0
    )
    max_total_meur: float | None = col(
        UNIT_MEUR, "Policy ceiling on total spending over the horizon.", default=None, ge=0
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class InstrumentRow(Row):
    """A programme or line item that can receive money, in exactly one domain."""

    id: Identifier = col(UNIT_ID, "Short unique id, e.g. HC1.")
    domain: Identifier = col(UNIT_ID, "Domain id (Domains sheet).", ref="Domains")
    name: str = col(UNIT_TEXT, "Readable name.")
    min_total_meur: float = col(UNIT_MEUR, "Least total spending over the horizon.", ge=0)
    max_total_meur: float = col(UNIT_MEUR, "Most total spending over the horizon.", ge=0)
    max_per_year_meur: float | None = col(
        UNIT_MEUR, "Yearly capacity (blank: none).", default=None, ge=0
    )
    ramp_up_meur: float | None = col(
        UNIT_MEUR,
        "Most increase in spending from one year to the next (blank: none).",
        default=None,
        ge=0,
    )
    public_share_min: float = col(
        UNIT_SHARE,
        "Least public share of spending; public means national and EU money together.",
        ge=0,
        le=1,
    )
    public_share_max: float = col(
        UNIT_SHARE,
        "Most public share of spending; public means national and EU money together.",
        ge=0,
        le=1,
    )
    private_leverage_max: float | None = col(
        UNIT_EUR_PER_EUR,
        "Most private € per public € (national and EU), year by year (blank: no limit).",
        default=None,
        ge=0,
    )
    min_if_funded_meur: float | None = col(
        UNIT_MEUR,
        "If funded at all, at least this in total (makes the model a MILP).",
        default=None,
        ge=0,
    )
    output_per_eur_low: float = col(UNIT_EUR_PER_EUR, "Extra output per €, low.", ge=0)
    output_per_eur_central: float = col(UNIT_EUR_PER_EUR, "Extra output per €, central.", ge=0)
    output_per_eur_high: float = col(UNIT_EUR_PER_EUR, "Extra output per €, high.", ge=0)
    jobs_direct_per_meur_low: float = col(UNIT_JOBS_PER_MEUR, "Direct net jobs, low.", ge=0)
    jobs_direct_per_meur_central: float = col(UNIT_JOBS_PER_MEUR, "Direct net jobs, central.", ge=0)
    jobs_direct_per_meur_high: float = col(UNIT_JOBS_PER_MEUR, "Direct net jobs, high.", ge=0)
    jobs_indirect_per_meur_low: float = col(UNIT_JOBS_PER_MEUR, "Indirect net jobs, low.", ge=0)
    jobs_indirect_per_meur_central: float = col(
        UNIT_JOBS_PER_MEUR, "Indirect net jobs, central.", ge=0
    )
    jobs_indirect_per_meur_high: float = col(UNIT_JOBS_PER_MEUR, "Indirect net jobs, high.", ge=0)
    savings_government_per_eur: float = col(
        UNIT_EUR_PER_EUR, "Savings for government per €.", default=0.0, ge=0
    )
    savings_business_per_eur: float = col(
        UNIT_EUR_PER_EUR, "Savings for business per €.", default=0.0, ge=0
    )
    savings_citizens_per_eur: float = col(
        UNIT_EUR_PER_EUR, "Savings for citizens per €.", default=0.0, ge=0
    )
    impact_lag_years: int = col(
        UNIT_YEARS, "Years between spending and its first impact.", default=0, ge=0, le=30
    )
    maintenance_rate: float = col(
        UNIT_SHARE,
        "Yearly running cost as a share of cumulative capital spend.",
        default=0.0,
        ge=0,
        le=1,
    )
    reskilling: bool = col(
        UNIT_YES_NO,
        "Does it reskill workers (counts towards the skills bottleneck)?",
        default=False,
    )
    reference_plan_meur: float = col(
        UNIT_MEUR, "Total in the reference plan (the pact as published).", default=0.0, ge=0
    )
    cpa_products: str | None = col(
        UNIT_TEXT,
        "CPA products the money buys, for the input-output comparison: codes of the FPB "
        "table separated by ';', with shares if more than one, e.g. 61:0.6;41-43:0.4 "
        "(blank: not compared).",
        default=None,
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)

    @field_validator("cpa_products")
    @classmethod
    def _known_products(cls, text: str | None) -> str | None:
        if text is not None and text.strip():
            parse_cpa_products(text)  # its ValueError names the rule broken
        return text.strip() if text and text.strip() else None

    @property
    def cpa_shares(self) -> tuple[tuple[str, float], ...]:
        """The CPA products and their shares, () when the instrument is not mapped."""
        return parse_cpa_products(self.cpa_products) if self.cpa_products else ()


class CurveRow(Row):
    """One segment of an instrument's concave output curve (diminishing returns)."""

    instrument: Identifier = col(UNIT_ID, "Instrument id.", ref="Instruments")
    segment: int = col(UNIT_COUNT, "Segment number, 1 for the first euros.", ge=1, le=100)
    upper_cum_meur: float = col(UNIT_MEUR, "Cumulative spending at which this segment ends.", ge=0)
    output_factor: float = col(
        UNIT_SHARE,
        "Multiplier on output per € within this segment (non-increasing).",
        ge=0,
        le=1,
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class FunderRow(Row):
    """A source of money; year columns hold the new-money cap per year (blank: none)."""

    id: Identifier = col(UNIT_ID, "Short unique id, e.g. federal.")
    name: str = col(UNIT_TEXT, "Readable name.")
    kind: FunderKind = col(UNIT_TEXT, "public, private or EU.")
    new_money_cap_total_meur: float | None = col(
        UNIT_MEUR,
        "Most new money over the horizon (blank: no cap). In budget-neutral mode a public "
        "funder adds none whatever this says; an EU programme spends only this money; a "
        "private funder invests at most this much.",
        default=None,
        ge=0,
    )
    new_money_cap_meur: dict[int, float | None] = col(
        UNIT_MEUR, "Year columns: most new money in that year (blank: no cap).", default={}
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class EligibilityRow(Row):
    """May this funder pay for this domain? Pairs not listed are not allowed."""

    funder: Identifier = col(UNIT_ID, "Funder id.", ref="Funders")
    domain: Identifier = col(UNIT_ID, "Domain id.", ref="Domains")
    allowed: bool = col(UNIT_YES_NO, "yes or no.")
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class BudgetLineRow(Row):
    """An existing public budget line whose money may be shifted; year columns: baseline €m."""

    id: Identifier = col(UNIT_ID, "Short unique id.")
    owner: Identifier = col(UNIT_ID, "Public funder that owns the line.", ref="Funders")
    name: str = col(UNIT_TEXT, "Readable name.")
    max_shift_share: float = col(
        UNIT_SHARE, "Most of the yearly baseline that may be shifted.", ge=0, le=1
    )
    to_domains: tuple[Identifier, ...] = col(
        UNIT_ID, "Domain ids it may be shifted to, separated by ';'.", ref="Domains"
    )
    output_forgone_per_eur: float = col(
        UNIT_EUR_PER_EUR, "Output the line would have produced per € left in it.", ge=0
    )
    jobs_forgone_per_meur: float = col(
        UNIT_JOBS_PER_MEUR, "Jobs the line would have supported per €m left in it.", ge=0
    )
    baseline_meur: dict[int, float | None] = col(
        UNIT_MEUR, "Year columns: the line's baseline budget in that year.", default={}
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class ActualRow(Row):
    """What one funder actually spent on one instrument; year columns: €m spent in that year
    (read for the years up to Settings as_of_year, where a blank counts as nothing spent)."""

    instrument: Identifier = col(UNIT_ID, "Instrument the money went to.", ref="Instruments")
    funder: Identifier = col(UNIT_ID, "Funder that paid.", ref="Funders")
    spent_meur: dict[int, float | None] = col(
        UNIT_MEUR, "Year columns: €m actually spent in that year (blank: nothing).", default={}
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class ActualShiftRow(Row):
    """Where the public money of the years spent actually came from: €m shifted from one
    budget line to one instrument; year columns (read up to Settings as_of_year). When the
    sheet has rows, the locked years' shifts are these (a pair without a row: nothing)."""

    budget_line: Identifier = col(UNIT_ID, "Budget line the money left.", ref="BudgetLines")
    instrument: Identifier = col(UNIT_ID, "Instrument it paid for.", ref="Instruments")
    shifted_meur: dict[int, float | None] = col(
        UNIT_MEUR, "Year columns: €m shifted in that year (blank: nothing).", default={}
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class ProjectRow(Row):
    """An indivisible project: all of its yearly costs or none (MILP)."""

    id: Identifier = col(UNIT_ID, "Short unique id.")
    instrument: Identifier = col(UNIT_ID, "Instrument it belongs to.", ref="Instruments")
    name: str = col(UNIT_TEXT, "Readable name.")
    output_meur: float = col(
        UNIT_MEUR,
        "Extra output if built, on top of what its instrument's euros yield (counted as its "
        "cost is spent, discounted like the instrument's).",
        default=0.0,
        ge=0,
    )
    jobs: float = col(
        UNIT_JOBS, "Net jobs if built, on top of its instrument's.", default=0.0, ge=0
    )
    mandatory: bool = col(UNIT_YES_NO, "Must it be built?", default=False)
    requires: Identifier | None = col(
        UNIT_ID, "Project that must also be built.", default=None, ref="Projects"
    )
    excludes: Identifier | None = col(
        UNIT_ID, "Project that cannot be built with it.", default=None, ref="Projects"
    )
    cost_meur: dict[int, float | None] = col(
        UNIT_MEUR, "Year columns: the project's cost in that year.", default={}
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class LinkRow(Row):
    """Precedence: cumulative spending on `after` ≤ ratio × cumulative spending on `before`,
    counted `lag_years` earlier."""

    before: Identifier = col(UNIT_ID, "Instrument that must come first.", ref="Instruments")
    after: Identifier = col(UNIT_ID, "Instrument that follows.", ref="Instruments")
    ratio: float = col(
        UNIT_EUR_PER_EUR,
        "€ of `after` allowed per € of `before`, cumulative: spending on `after` up to a year "
        "is at most this ratio × spending on `before` up to lag_years earlier.",
        ge=0,
    )
    lag_years: int = col(UNIT_YEARS, "Years `before` must lead.", default=0, ge=0, le=30)
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)

    @property
    def id(self) -> str:
        """The link's id in the model, ``before>after`` (its row key on the sheet, which
        names its cells, is ``before:after``)."""
        return f"{self.before}>{self.after}"


SwitchMode = Literal["on", "off", "optimise"]


class SwitchRow(Row):
    """An enabling condition (e.g. telecom regulatory reform): while it is off, private
    spending on its instruments is capped per year."""

    id: Identifier = col(UNIT_ID, "Short unique id.")
    name: str = col(UNIT_TEXT, "Readable name.")
    instruments: tuple[Identifier, ...] = col(
        UNIT_ID, "Instrument ids it unlocks, separated by ';'.", ref="Instruments"
    )
    mode: SwitchMode = col(UNIT_TEXT, "on, off, or optimise (the model decides).")
    private_cap_off_meur: float = col(
        UNIT_MEUR, "Most private spending a year on these instruments while off.", ge=0
    )
    cost_meur: float = col(
        UNIT_MEUR, "Cost of switching on (counted in the objective).", default=0.0, ge=0
    )
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)


class ScenarioRow(Row):
    """One override of a scenario, layered on the base workbook."""

    scenario: Identifier = col(UNIT_ID, "Scenario name.")
    sheet: SheetName = col(UNIT_TEXT, "Sheet whose cell is overridden.")
    row_id: str = col(
        UNIT_ID,
        "Row id (Settings: the setting; Eligibility: funder:domain; Curves: "
        "instrument:segment; Links: before:after).",
    )
    column: str = col(UNIT_TEXT, "Column name, or a year for year columns.")
    value: str = col(UNIT_TEXT, "New value, as it would be typed in that cell.")
    source: str = col(UNIT_TEXT, _SOURCE_NOTE)
    notes: str | None = col(UNIT_TEXT, "Free text, not read by the model.", default=None)
