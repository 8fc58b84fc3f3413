"""The headline figures of a plan on one basis, the like-for-like comparison with the
reference plan and the bridge between them.

Every figure here is undiscounted, as the source states its own, and computed the same way
for every plan: output follows each instrument's curve, built projects add theirs, jobs are
credited after the skills bottleneck. Net figures come first: net output is the gross output
less what the shifted budget lines would have produced, net jobs likewise. The reference plan
is compared as financed within the workbook's own rules (``analysis/reference.py``), never as
given with a guessed public share.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pactopt.analysis.impacts import Impacts, credited_jobs, evaluate_plan, total
from pactopt.analysis.plans import Bridge, ReferenceCheck, built_share, yearly_spending_meur
from pactopt.model.registry import rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict, Solution
from pactopt.words import meur_text

NET_OUTPUT = "Net output (€m)"
NET_JOBS = "Net jobs"
SPENDING = "Total spending (€m)"
PUBLIC = "Public money, national and EU (€m)"
EU = "  of which EU programmes (€m)"
PRIVATE = "Private money (€m)"
SAVINGS = "Savings (€m)"
GROSS_OUTPUT = "Gross output, before what the shifted lines produced (€m)"
GROSS_JOBS = "Gross jobs, before the jobs of the shifted lines"
FORGONE_OUTPUT = "Output forgone on shifted lines (€m)"
FORGONE_JOBS = "Jobs forgone on shifted lines"


@dataclass(frozen=True)
class PlanFigures:
    """Undiscounted money and impacts of one plan."""

    spend_meur: float
    national_meur: float  # national public money (public money = national + EU)
    eu_meur: float
    private_meur: float
    output_meur: float  # gross
    jobs: float  # gross, credited after the skills bottleneck
    forgone_output_meur: float
    forgone_jobs: float
    savings_meur: float

    @property
    def net_output_meur(self) -> float:
        """Output less what the shifted budget lines would have produced."""
        return self.output_meur - self.forgone_output_meur

    @property
    def net_jobs(self) -> float:
        """Jobs less those the shifted budget lines would have supported."""
        return self.jobs - self.forgone_jobs


def instrument_totals(data: PactData, solution: Solution) -> dict[str, float]:
    """Total €m per instrument in a solution."""
    totals = {i.id: 0.0 for i in data.instruments}
    series = solution.values.get("funding")
    index = None if series is None else series.index
    if series is not None and isinstance(index, pd.MultiIndex) and (index.codes[0] >= 0).all():
        # one C loop summing each instrument's values in their order, as the loop below does
        codes = index.codes[0]
        sums = np.bincount(codes, series.to_numpy(dtype=float), len(index.levels[0]))
        for name, value in zip(index.levels[0].tolist(), sums.tolist(), strict=True):
            if name in totals:
                totals[name] = value
        return totals
    for (i, _, _), value in solution.value_map("funding").items():
        totals[i] += value
    return totals


def plan_impacts(
    data: PactData, amounts: dict[str, float] | None, solution: Solution | None
) -> tuple[Impacts, float]:
    """(impacts, credited jobs) of a plan: built projects count in their instrument's domain."""
    by_domain = dict(evaluate_plan(data, amounts))
    domain_of = {i.id: i.domain for i in data.instruments}
    for p in data.projects:
        # the share built: 0 or 1, a fraction only in the LP relaxation (--relax-integers)
        share = built_share(solution.value("build", p.id)) if solution is not None else 0.0
        if share > 0:
            extra = Impacts(output_meur=share * p.output_meur, jobs_direct=share * p.jobs)
            by_domain[domain_of[p.instrument]] = by_domain[domain_of[p.instrument]] + extra
    return total(by_domain), credited_jobs(data, by_domain, amounts)


def forgone(data: PactData, solution: Solution) -> tuple[float, float]:
    """(output €m, jobs) the shifted lines would have produced, undiscounted."""
    lines = {b.id: b for b in data.budget_lines}
    shifts = solution.value_map("shift")
    output = sum(v * lines[line].output_forgone_per_eur for (line, _, _), v in shifts.items())
    jobs = sum(v * lines[line].jobs_forgone_per_meur for (line, _, _), v in shifts.items())
    return output, jobs


def plan_figures(data: PactData, solution: Solution) -> PlanFigures:
    """The figures of a solved plan."""
    kind = {f.id: f.kind for f in data.funders}
    money = {"public": 0.0, "EU": 0.0, "private": 0.0}
    for (_, funder, _), value in solution.value_map("funding").items():
        money[kind[funder]] += value
    impacts, jobs = plan_impacts(data, instrument_totals(data, solution), solution)
    lost_output, lost_jobs = forgone(data, solution)
    return PlanFigures(
        spend_meur=sum(money.values()),
        national_meur=money["public"],
        eu_meur=money["EU"],
        private_meur=money["private"],
        output_meur=impacts.output_meur,
        jobs=jobs,
        forgone_output_meur=lost_output,
        forgone_jobs=lost_jobs,
        savings_meur=impacts.savings_meur,
    )


def _rows(plan: PlanFigures) -> dict[str, float]:
    return {
        NET_OUTPUT: plan.net_output_meur,
        NET_JOBS: plan.net_jobs,
        SPENDING: plan.spend_meur,
        PUBLIC: plan.national_meur + plan.eu_meur,
        EU: plan.eu_meur,
        PRIVATE: plan.private_meur,
        SAVINGS: plan.savings_meur,
        GROSS_OUTPUT: plan.output_meur,
        GROSS_JOBS: plan.jobs,
        FORGONE_OUTPUT: plan.forgone_output_meur,
        FORGONE_JOBS: plan.forgone_jobs,
    }


def states_reference_plan(data: PactData) -> bool:
    """Does the workbook state a reference plan (a reference amount on any instrument)?"""
    return any(i.reference_plan_meur for i in data.instruments)


def summary_table(
    data: PactData, optimised: Solution, reference: ReferenceCheck | None
) -> pd.DataFrame:
    """Headline figures, net first, optimised against the reference plan financed within the
    same rules. When the reference plan cannot be financed, only what it states itself is
    shown for it (spending, savings and gross impacts); its net figures and its money by kind
    are left blank rather than guessed; a workbook that states no reference plan (no
    reference amounts) has its column blank."""
    mine = _rows(plan_figures(data, optimised))
    if not states_reference_plan(data):
        theirs: dict[str, float | None] = dict.fromkeys(mine)
    elif reference is not None and reference.feasible:
        theirs = dict(_rows(plan_figures(data, reference.solution)))
    else:
        given, jobs = plan_impacts(data, None, None)
        theirs = dict.fromkeys(mine)
        theirs |= {
            SPENDING: given.spend_meur,
            SAVINGS: given.savings_meur,
            GROSS_OUTPUT: given.output_meur,
            GROSS_JOBS: jobs,
        }
    # "of which EU programmes" only where an EU programme funds something, or could
    shown = [k for k in mine if k != EU or any(f.kind == "EU" for f in data.funders)]
    table = pd.DataFrame(
        [(label, mine[label], theirs[label]) for label in shown],
        columns=["figure", "optimised", "reference"],
    )
    table["difference"] = table["optimised"] - table["reference"]
    return table


BRIDGE_COLUMNS = ["step", "net_output_meur", "net_jobs", "public_meur"]
BRIDGE_STEPS = (
    "Reference plan, financed within the rules",
    "Gain from reallocation at the reference plan's yearly spending",
    "Gain from spending more, or in other years, within the envelope",
    "Optimised plan",
)


def bridge_table(data: PactData, bridge: Bridge | None) -> pd.DataFrame:
    """The bridge from the reference plan to the optimised one, in net output, net jobs and
    public money (national and EU): the two gains add up exactly to the difference."""
    if bridge is None:
        return pd.DataFrame(columns=BRIDGE_COLUMNS)
    plans = [plan_figures(data, s) for s in (bridge.reference, bridge.same_spending)]
    plans.append(plan_figures(data, bridge.optimised))

    def point(p: PlanFigures) -> tuple[float, float, float]:
        return (p.net_output_meur, p.net_jobs, p.national_meur + p.eu_meur)

    start, middle, end = (point(p) for p in plans)
    rows = [
        (BRIDGE_STEPS[0], *start),
        (BRIDGE_STEPS[1], *(b - a for a, b in zip(start, middle, strict=True))),
        (BRIDGE_STEPS[2], *(b - a for a, b in zip(middle, end, strict=True))),
        (BRIDGE_STEPS[3], *end),
    ]
    return pd.DataFrame(rows, columns=BRIDGE_COLUMNS)


def breach_sentence(data: PactData, reference: ReferenceCheck | None, rules: Solution) -> str:
    """The rules the reference plan breaks, each with its cells and the amount summed over
    its years, largest first ('' when it can be financed within the rules)."""
    if reference is None or reference.feasible:
        return ""
    parts = []
    told: set[str] = set()
    for (name, _), group in _by_rule(reference.breaches):
        others = reference.instead.get(name) if name not in told else None
        if not others:
            parts.append(_give_way(data, rules, group, "would have to"))
            continue
        told.add(name)
        instead = " or ".join(_give_way(data, rules, g, "could") for _, g in _by_rule(others))
        parts.append(
            f"{_give_way(data, rules, group, 'could')}, or, for the same total, {instead} "
            "(the rules alone do not say which)"
        )
    return "; ".join(parts[:3]) + (f"; and {len(parts) - 3} more" if len(parts) > 3 else "")


def _by_rule(
    conflicts: Sequence[Conflict],
) -> list[tuple[tuple[str, tuple[object, ...]], list[Conflict]]]:
    """Conflicts grouped by rule and key (a rule's years together), largest total first."""
    grouped: dict[tuple[str, tuple[object, ...]], list[Conflict]] = {}
    for b in conflicts:
        grouped.setdefault((b.rule, b.key), []).append(b)
    return sorted(grouped.items(), key=lambda kv: -sum(c.short or 0 for c in kv[1]))


def _give_way(data: PactData, rules: Solution, group: list[Conflict], verb: str) -> str:
    """'the least public share of X (Instruments!H20) would have to give way by €45m in 4
    years between 2019 and 2030'."""
    name = group[0].rule
    rule = rules.rule(name)
    what = rule.describe_limit(data, group[0].index) if rule else f"the rule {name}"
    cells = ", ".join(dict.fromkeys(c for b in group for c in b.cells))
    amount = sum(b.short or 0.0 for b in group)
    unit = group[0].unit or "€m"
    size = meur_text(amount) if unit == "€m" else f"{amount:,.2f} ({unit})"
    years = sorted(y for b in group if (y := b.year) is not None)
    when = (
        ""
        if not years
        else f" in {years[0]}"
        if len(years) == 1
        else (f" in {len(years)} years between {years[0]} and {years[-1]}")
    )
    return f"{what} ({cells}) {verb} give way by {size}{when}"


def timing_sentence(data: PactData, solution: Solution) -> str:
    """How much of the spending falls in the first half of the horizon, and why when the
    discount rate or the yearly capacities drive it."""
    years = list(data.years)
    if len(years) < 2:
        return ""
    by_year = yearly_spending_meur(solution)
    spent = {y: by_year.get(y, 0.0) for y in years}
    whole = sum(spent.values())
    if whole <= 1e-9:
        return ""
    half = years[: len(years) // 2]
    share = sum(spent[y] for y in half) / whole
    span = str(half[0]) if len(half) == 1 else f"{half[0]}-{half[-1]}"
    text = f"{share:.0%} of the spending falls in the first half of the horizon ({span})"
    rate = data.settings.discount_rate
    at_capacity = sum(
        int((duals.abs() > 1e-6).sum())
        for rule in rules_with(solution.rules.values(), tag="yearly_capacity")
        if (duals := solution.duals.get(rule.name)) is not None
    )
    reasons = []
    if rate > 0 and share > len(half) / len(years) + 0.05:
        cell = data.cell("Settings", "discount_rate", "value")
        reasons.append(
            f"impacts are discounted at {rate:.1%} a year ({cell}), so earlier euros weigh more"
        )
    if at_capacity:
        reasons.append(
            f"{at_capacity} instrument-years are at their yearly capacity "
            "(Instruments max_per_year_meur)"
        )
    return text + (": " + "; and ".join(reasons) if reasons else "") + "."


def calibration_sentence(data: PactData) -> str:
    """When most instruments share one output per €, say so: the plan's choice between them
    does not rest on evidence of different returns; and, when their source cells call the
    figure DERIVED, that it is a derived average rather than a measured return ('' when
    fewer than half share one value)."""
    counts: dict[float, list[str]] = {}
    for row in data.instruments:
        counts.setdefault(row.output_per_eur_central, []).append(row.source)
    if not counts:
        return ""
    value, sources = max(counts.items(), key=lambda kv: len(kv[1]))
    shared = len(sources)
    if shared < 3 or shared * 2 < len(data.instruments):
        return ""
    derived = all("DERIVED" in source for source in sources)
    what = (
        "a derived average (their source cells say DERIVED), not a return measured for each, "
        "used here as the return of the next euro; "
        if derived
        else ""
    )
    return (
        f"{shared} of {len(data.instruments)} instruments share one output per € ({value:g}): "
        f"{what}the choice between those instruments rests on their other differences (jobs, "
        "savings, curves, limits), not on evidence that their returns differ."
    )


def empty_plan_warning(data: PactData, solution: Solution) -> str:
    """A warning when the optimised plan spends nothing, with the likely reason ('' when it
    spends something)."""
    if sum(solution.value_map("funding").values()) > 1e-6:
        return ""
    reasons = []
    private = [f for f in data.funders if f.kind == "private"]
    if data.settings.budget_neutral and not data.budget_lines:
        reasons.append(
            "in budget-neutral mode public money can only be shifted from budget lines, and "
            "the BudgetLines sheet has none (money typed in the Funders year columns is a "
            "cap on new money, which budget-neutral mode forbids)"
        )
    if not private:
        reasons.append("no private funder is listed on the Funders sheet")
    why = (
        ": " + "; ".join(reasons) if reasons else ": no euro adds value under the Settings weights"
    )
    return f"The optimised plan spends nothing{why}."
