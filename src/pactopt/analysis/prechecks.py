"""Named pre-solve checks: contradictions that make the model infeasible, found from the data
alone and stated in the planner's cells and euros before any solver runs.

Each check is registered with ``@precheck(name, blocking=...)``; a blocking finding stops the
run with exit code 3, a warning is reported and the solve goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pactopt.model.accounting import least_spending_profile
from pactopt.schema.data import PactData
from pactopt.schema.rows import FunderRow
from pactopt.words import project_words

Check = Callable[[PactData], list["Finding"]]


@dataclass(frozen=True)
class Finding:
    """One contradiction: the check's name, the cells involved, and a sentence in euros."""

    check: str
    cells: tuple[str, ...]
    message: str
    short_meur: float
    blocking: bool = True


PRECHECKS: dict[str, tuple[Check, bool]] = {}


def precheck(name: str, *, blocking: bool = True) -> Callable[[Check], Check]:
    """Register a pre-solve check."""

    def register(fn: Check) -> Check:
        if name in PRECHECKS:
            raise ValueError(f"pre-check '{name}' is registered twice")
        PRECHECKS[name] = (fn, blocking)
        return fn

    return register


def run_prechecks(data: PactData) -> list[Finding]:
    """Every finding of every registered check."""
    return [f for fn, _ in PRECHECKS.values() for f in fn(data)]


def _cells(data: PactData, sheet: str, keys: list[str], column: str) -> tuple[str, ...]:
    return tuple(data.cell(sheet, k, column) for k in keys)


def _span(cells: tuple[str, ...]) -> str:
    return ", ".join(cells) if len(cells) <= 4 else f"{cells[0]} … {cells[-1]}"


@precheck("domain_floor_above_instruments")
def domain_floor_above_instruments(data: PactData) -> list[Finding]:
    """A domain's floor exceeds the sum of its instruments' ceilings."""
    out = []
    for d in data.domains:
        rows = [i for i in data.instruments if i.domain == d.id]
        room = sum(i.max_total_meur for i in rows)
        if d.min_total_meur is not None and d.min_total_meur > room + 1e-6:
            floor = data.cell("Domains", d.id, "min_total_meur")
            caps = _cells(data, "Instruments", [i.id for i in rows], "max_total_meur")
            out.append(
                Finding(
                    "domain_floor_above_instruments",
                    (floor, *caps),
                    f"{d.name}: floor {floor} = €{d.min_total_meur:,.0f}m is above what its "
                    f"instruments may take, {_span(caps)} = €{room:,.0f}m; short by "
                    f"€{d.min_total_meur - room:,.0f}m",
                    d.min_total_meur - room,
                )
            )
    return out


@precheck("instrument_floors_above_domain_ceiling")
def instrument_floors_above_domain_ceiling(data: PactData) -> list[Finding]:
    """The instruments' floors in a domain add up to more than the domain's ceiling."""
    out = []
    for d in data.domains:
        rows = [i for i in data.instruments if i.domain == d.id and i.min_if_funded_meur is None]
        need = sum(i.min_total_meur for i in rows)
        if d.max_total_meur is not None and need > d.max_total_meur + 1e-6:
            ceiling = data.cell("Domains", d.id, "max_total_meur")
            floors = _cells(data, "Instruments", [i.id for i in rows], "min_total_meur")
            out.append(
                Finding(
                    "instrument_floors_above_domain_ceiling",
                    (ceiling, *floors),
                    f"{d.name}: ceiling {ceiling} = €{d.max_total_meur:,.0f}m is below its "
                    f"instruments' floors {_span(floors)} = €{need:,.0f}m; over by "
                    f"€{need - d.max_total_meur:,.0f}m",
                    need - d.max_total_meur,
                )
            )
    return out


@precheck("total_envelope_out_of_reach")
def total_envelope_out_of_reach(data: PactData) -> list[Finding]:
    """The pact's total floor is above every instrument's ceiling together, or its total
    ceiling below the instruments' floors together."""
    s = data.settings
    ids = [i.id for i in data.instruments]
    out = []
    room = sum(i.max_total_meur for i in data.instruments)
    if s.total_min_meur is not None and s.total_min_meur > room + 1e-6:
        cell = data.cell("Settings", "total_min_meur", "value")
        caps = _cells(data, "Instruments", ids, "max_total_meur")
        out.append(
            Finding(
                "total_envelope_out_of_reach",
                (cell, *caps),
                f"total floor {cell} = €{s.total_min_meur:,.0f}m is above all "
                f"instrument ceilings together (€{room:,.0f}m); short by "
                f"€{s.total_min_meur - room:,.0f}m",
                s.total_min_meur - room,
            )
        )
    need = sum(i.min_total_meur for i in data.instruments if i.min_if_funded_meur is None)
    need = max(need, sum(d.min_total_meur or 0.0 for d in data.domains))
    if s.total_max_meur is not None and need > s.total_max_meur + 1e-6:
        cell = data.cell("Settings", "total_max_meur", "value")
        out.append(
            Finding(
                "total_envelope_out_of_reach",
                (cell,),
                f"total ceiling {cell} = €{s.total_max_meur:,.0f}m is below the "
                f"floors together (€{need:,.0f}m); over by "
                f"€{need - s.total_max_meur:,.0f}m",
                need - s.total_max_meur,
            )
        )
    return out


@precheck("floor_above_yearly_capacity")
def floor_above_yearly_capacity(data: PactData) -> list[Finding]:
    """An instrument's floor is more than its yearly capacity times the number of years."""
    out = []
    n = len(data.years)
    for i in data.instruments:
        # a semi-continuous instrument may stay unfunded: its floor binds only if funded
        if i.max_per_year_meur is None or i.min_if_funded_meur is not None:
            continue
        room = i.max_per_year_meur * n
        if i.min_total_meur > room + 1e-6:
            floor = data.cell("Instruments", i.id, "min_total_meur")
            cap = data.cell("Instruments", i.id, "max_per_year_meur")
            out.append(
                Finding(
                    "floor_above_yearly_capacity",
                    (floor, cap),
                    f"{i.name}: floor {floor} = €{i.min_total_meur:,.0f}m is above "
                    f"{n} years × capacity {cap} = €{room:,.0f}m; short by "
                    f"€{i.min_total_meur - room:,.0f}m",
                    i.min_total_meur - room,
                )
            )
    return out


def _exact_meur(value: float) -> str:
    """An amount at the precision of a project's cost: '€291.6m', '€250m'."""
    return f"€{value:,.0f}m" if abs(value - round(value)) < 0.05 else f"€{value:,.1f}m"


@precheck("mandatory_projects_above_instrument")
def mandatory_projects_above_instrument(data: PactData) -> list[Finding]:
    """Mandatory projects need more than their instrument may spend, in total or in a year:
    their cost profiles plus the upkeep the maintenance rule adds (the least spending
    profile that pays both)."""
    out = []
    for i in data.instruments:
        projects = [p for p in data.projects if p.instrument == i.id and p.mandatory]
        if not projects:
            continue
        costs = {y: sum(p.cost_meur.get(y) or 0.0 for p in projects) for y in data.years}
        profile = least_spending_profile(costs, data.years, i.maintenance_rate or 0.0)
        need, cost = sum(profile.values()), sum(costs.values())
        cells = tuple(data.cell("Projects", p.id, "mandatory") for p in projects)
        if len(projects) == 1:
            who = f"{project_words(projects[0].name)} ({cells[0]}) cannot be built"
            what = "its cost profile" + (" plus upkeep" if need > cost + 1e-9 else "")
        else:
            who = f"mandatory projects {_span(cells)} on {i.name} cannot all be built"
            what = "their cost profiles" + (" plus upkeep" if need > cost + 1e-9 else "")
        cap = data.cell("Instruments", i.id, "max_total_meur")
        if need > i.max_total_meur + 1e-6:
            out.append(
                Finding(
                    "mandatory_projects_above_instrument",
                    (cap, *cells),
                    f"{who}: {what} is {_exact_meur(need)}, its instrument's ceiling {cap} "
                    f"is {_exact_meur(i.max_total_meur)}; short by "
                    f"{_exact_meur(need - i.max_total_meur)}",
                    need - i.max_total_meur,
                )
            )
        for year in data.years:
            if i.max_per_year_meur is not None and profile[year] > i.max_per_year_meur + 1e-6:
                cap_y = data.cell("Instruments", i.id, "max_per_year_meur")
                out.append(
                    Finding(
                        "mandatory_projects_above_instrument",
                        (cap_y, *cells),
                        f"{year}: {who}: {what} in {year} is {_exact_meur(profile[year])}, "
                        f"its instrument's yearly capacity {cap_y} is "
                        f"{_exact_meur(i.max_per_year_meur)}; short by "
                        f"{_exact_meur(profile[year] - i.max_per_year_meur)}",
                        profile[year] - i.max_per_year_meur,
                    )
                )
    return out


@precheck("instrument_without_payer")
def instrument_without_payer(data: PactData) -> list[Finding]:
    """An instrument with a floor that no funder may pay for, or with a public-share floor
    that no public or EU funder may pay for."""
    kinds = {f.id: f.kind for f in data.funders}
    allowed = {(e.funder, e.domain) for e in data.eligibility if e.allowed}
    out = []
    for i in data.instruments:
        payers = [f for f in kinds if (f, i.domain) in allowed]
        public = [f for f in payers if kinds[f] != "private"]
        floor = data.cell("Instruments", i.id, "min_total_meur")
        if i.min_total_meur > 0 and i.min_if_funded_meur is None and not payers:
            out.append(
                Finding(
                    "instrument_without_payer",
                    (floor,),
                    f"{i.name}: floor {floor} = €{i.min_total_meur:,.0f}m but no "
                    f"funder may pay for domain {i.domain} (Eligibility); short by "
                    f"€{i.min_total_meur:,.0f}m",
                    i.min_total_meur,
                )
            )
        elif (
            i.min_total_meur > 0
            and i.min_if_funded_meur is None
            and i.public_share_min > 0
            and not public
        ):
            share = data.cell("Instruments", i.id, "public_share_min")
            need = i.min_total_meur * i.public_share_min
            out.append(
                Finding(
                    "instrument_without_payer",
                    (floor, share),
                    f"{i.name}: needs public money (share {share} = "
                    f"{i.public_share_min:.0%} of floor {floor}) but no public "
                    f"funder may pay for domain {i.domain}; short by "
                    f"€{need:,.0f}m",
                    need,
                )
            )
    return out


def _eu_money_meur(data: PactData, funder: FunderRow) -> float | None:
    """The most an EU funder may spend over the horizon (None: no cap)."""
    yearly = [funder.new_money_cap_meur.get(y) for y in data.years]
    by_year = None if any(v is None for v in yearly) else sum(v or 0.0 for v in yearly)
    caps = [c for c in (funder.new_money_cap_total_meur, by_year) if c is not None]
    return min(caps) if caps else None


@precheck("public_floors_above_public_money")
def public_floors_above_public_money(data: PactData) -> list[Finding]:
    """In budget-neutral mode, the public money the floors need is more than all budget
    lines may shift plus EU money. Left out when public money has no bound known before
    solving: an EU funder without caps, or recycled savings (which are public money too)."""
    if not data.settings.budget_neutral:
        return []
    recycling = data.settings.savings_recycling_share > 0 and any(
        i.savings_government_per_eur > 0 for i in data.instruments
    )
    eu_caps = [_eu_money_meur(data, f) for f in data.funders if f.kind == "EU"]
    if recycling or any(cap is None for cap in eu_caps):
        return []
    need = sum(
        i.min_total_meur * i.public_share_min
        for i in data.instruments
        if i.min_if_funded_meur is None
    )
    shiftable = sum(
        b.max_shift_share * (b.baseline_meur.get(y) or 0.0)
        for b in data.budget_lines
        for y in data.years
    )
    eu = sum(cap or 0.0 for cap in eu_caps)
    if need <= shiftable + eu + 1e-6:
        return []
    cells = tuple(data.cell("BudgetLines", b.id, "max_shift_share") for b in data.budget_lines)
    return [
        Finding(
            "public_floors_above_public_money",
            cells,
            f"budget-neutral ({data.cell('Settings', 'budget_neutral', 'value')}): the "
            f"instruments' floors need €{need:,.0f}m of public money, but the budget "
            f"lines {_span(cells)} can shift €{shiftable:,.0f}m and EU programmes add "
            f"€{eu:,.0f}m; short by €{need - shiftable - eu:,.0f}m",
            need - shiftable - eu,
        )
    ]


@precheck("shares_cannot_hold")
def shares_cannot_hold(data: PactData) -> list[Finding]:
    """An instrument that must spend, whose public share ceiling is below what its leverage
    limit needs: private ≤ leverage × public forces public ≥ spend / (1 + leverage)."""
    out = []
    for i in data.instruments:
        lev = i.private_leverage_max
        if lev is None or i.min_total_meur <= 0 or i.min_if_funded_meur is not None:
            continue
        least = 1 / (1 + lev)
        if i.public_share_max < least - 1e-9:
            cells = (
                data.cell("Instruments", i.id, "public_share_max"),
                data.cell("Instruments", i.id, "private_leverage_max"),
            )
            short = i.min_total_meur * (least - i.public_share_max)
            out.append(
                Finding(
                    "shares_cannot_hold",
                    cells,
                    f"{i.name}: public share at most {i.public_share_max:.0%} "
                    f"({cells[0]}) but leverage {lev:g} ({cells[1]}) needs at least "
                    f"{least:.0%} public; on its floor of €{i.min_total_meur:,.0f}m "
                    f"short by €{short:,.0f}m of public money",
                    short,
                )
            )
    return out


@precheck("domain_without_instruments", blocking=False)
def domain_without_instruments(data: PactData) -> list[Finding]:
    """A domain with no instrument receives nothing (a warning)."""
    used = {i.domain for i in data.instruments}
    return [
        Finding(
            "domain_without_instruments",
            (data.cell("Domains", d.id, "id"),),
            f"{d.name} ({data.cell('Domains', d.id, 'id')}) has no instrument and will "
            "receive nothing",
            0.0,
            blocking=False,
        )
        for d in data.domains
        if d.id not in used
    ]


@precheck("new_money_ignored", blocking=False)
def new_money_ignored(data: PactData) -> list[Finding]:
    """New-money caps typed for a national public funder while Settings budget_neutral = yes
    forbids new money: the model ignores them (a warning, so money typed in the wrong place
    never silently vanishes)."""
    if not data.settings.budget_neutral:
        return []
    switch = data.cell("Settings", "budget_neutral", "value")
    out = []
    for f in data.funders:
        if f.kind != "public":
            continue
        typed = [data.cell("Funders", f.id, str(y)) for y, v in f.new_money_cap_meur.items() if v]
        if f.new_money_cap_total_meur:
            typed.insert(0, data.cell("Funders", f.id, "new_money_cap_total_meur"))
        if typed:
            out.append(
                Finding(
                    "new_money_ignored",
                    tuple(typed),
                    f"{f.name}: new money is typed in {_span(tuple(typed))}, but "
                    f"budget_neutral = yes ({switch}) forbids new money, so these amounts are "
                    "ignored; public money can only be shifted from the BudgetLines sheet "
                    "(set budget_neutral to no to use them as caps on new money)",
                    0.0,
                    blocking=False,
                )
            )
    return out
