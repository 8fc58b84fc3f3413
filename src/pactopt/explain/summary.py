"""The Summary's sentences that are not about a single table row: what breaks the reference
plan, when the money falls and why, how evidenced the returns are, and an empty plan."""

from __future__ import annotations

from collections.abc import Sequence

from pactopt.analysis.plans import ReferenceCheck, yearly_spending_meur
from pactopt.i18n import Lang
from pactopt.model.registry import rules_with
from pactopt.schema.data import PactData
from pactopt.solver.solution import Conflict, Solution, entries


def breach_sentence(
    data: PactData,
    reference: ReferenceCheck | None,
    rules: Solution,
    lang: Lang | None = None,
) -> str:
    """The rules the reference plan breaks, each with its cells and the amount summed over
    its years, largest first ('' when it can be financed within the rules), in ``lang``."""
    if reference is None or reference.feasible:
        return ""
    lang = lang or Lang("en")
    parts = []
    told: set[str] = set()
    for (name, _), group in _by_rule(reference.breaches):
        others = reference.instead.get(name) if name not in told else None
        if not others:
            parts.append(_give_way(data, rules, group, "would have to", lang))
            continue
        told.add(name)
        instead = ""
        for _, other in _by_rule(others):
            way = _give_way(data, rules, other, "could", lang)
            instead = lang.t("{first} or {second}", first=instead, second=way) if instead else way
        parts.append(
            lang.t(
                "{first}, or, for the same total, {instead} (the rules alone do not say which)",
                first=_give_way(data, rules, group, "could", lang),
                instead=instead,
            )
        )
    text = lang.listed(parts[:3])
    return text + (lang.t("; and {n} more", n=len(parts) - 3) if len(parts) > 3 else "")


def _by_rule(
    conflicts: Sequence[Conflict],
) -> list[tuple[tuple[str, tuple[object, ...]], list[Conflict]]]:
    """Conflicts grouped by rule and key (a rule's years together), largest total first."""
    grouped: dict[tuple[str, tuple[object, ...]], list[Conflict]] = {}
    for b in conflicts:
        grouped.setdefault((b.rule, b.key), []).append(b)
    return sorted(grouped.items(), key=lambda kv: -sum(c.short or 0 for c in kv[1]))


def _give_way(
    data: PactData,
    rules: Solution,
    group: list[Conflict],
    verb: str,
    lang: Lang | None = None,
) -> str:
    """'the least public share of X (Instruments!H20) would have to give way by €45m in 4
    years between 2019 and 2030' (``verb``: 'would have to' or 'could'), in ``lang``."""
    lang = lang or Lang("en")
    could = verb == "could"
    name = group[0].rule
    rule = rules.rule(name)
    what = (
        rule.describe_limit(data, group[0].index, lang)
        if rule
        else lang.t("the rule {name}", name=name)
    )
    cells = ", ".join(dict.fromkeys(c for b in group for c in b.cells))
    amount = sum(b.short or 0.0 for b in group)
    unit = group[0].unit or "€m"
    if unit == "binary":
        # a yes/no decision gives way whole or not at all: a fraction of it means nothing
        if could:
            return lang.t(
                "{what} ({cells}) could give way (a yes/no decision: all of it or nothing)",
                what=what,
                cells=cells,
            )
        return lang.t(
            "{what} ({cells}) would have to give way (a yes/no decision: all of it or nothing)",
            what=what,
            cells=cells,
        )
    size = lang.meur(amount) if unit == "€m" else f"{lang.number(amount, 2)} ({unit})"
    if lang.english and unit != "€m":
        size = f"{amount:,.2f} ({unit})"
    years = sorted(y for b in group if (y := b.year) is not None)
    when = (
        ""
        if not years
        else " " + lang.t("in {year}", year=years[0])
        if len(years) == 1
        else " "
        + lang.t(
            "in {n} years between {first} and {last}",
            n=len(years),
            first=years[0],
            last=years[-1],
        )
    )
    if could:
        return lang.t(
            "{what} ({cells}) could give way by {size}{when}",
            what=what,
            cells=cells,
            size=size,
            when=when,
        )
    return lang.t(
        "{what} ({cells}) would have to give way by {size}{when}",
        what=what,
        cells=cells,
        size=size,
        when=when,
    )


def timing_sentence(data: PactData, solution: Solution, lang: Lang | None = None) -> str:
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
    lang = lang or Lang("en")
    text = lang.t(
        "{share} of the spending falls in the first half of the horizon ({span})",
        share=lang.whole_percent(share),
        span=span,
    )
    rate = data.settings.discount_rate
    at_capacity = capacity_count(data, solution)
    reasons = []
    if rate > 0 and share > len(half) / len(years) + 0.05:
        cell = data.cell("Settings", "discount_rate", "value")
        rate_text = lang.whole_percent(rate, 1)
        reasons.append(
            lang.t(
                "impacts are discounted at {rate} a year ({cell}), so earlier euros weigh more",
                rate=rate_text,
                cell=cell,
            )
        )
    if at_capacity:
        reasons.append(
            lang.nt(
                "{n} instrument-year is at its yearly capacity (Instruments max_per_year_meur)",
                "{n} instrument-years are at their yearly capacity (Instruments max_per_year_meur)",
                at_capacity,
            )
        )
    if not reasons:
        return text + "."
    return lang.t("{text}: {reasons}.", text=text, reasons=lang.t("; and ").join(reasons))


def capacity_count(data: PactData, solution: Solution) -> int:
    """How many instrument-years of the plan spend their yearly capacity (within €0.01m), in
    the years the plan can still change: the plan's own count, not the count of non-zero
    duals (a capacity can be reached with no value in one more €m of it)."""
    spend: dict[tuple[object, object], float] = {}
    for (instrument, _, year), value in solution.value_map("funding").items():
        spend[(instrument, year)] = spend.get((instrument, year), 0.0) + value
    locked = set(data.settings.locked_years)
    count = 0
    for rule in rules_with(solution.rules.values(), tag="yearly_capacity"):
        names = rule.index_names
        if "instrument" not in names or "year" not in names:
            continue
        at_i, at_y = names.index("instrument"), names.index("year")
        for index, bound in entries(solution.rhs.get(rule.name)):
            year = index[at_y]
            if year in locked:
                continue
            if spend.get((index[at_i], year), 0.0) >= bound - 0.01:
                count += 1
    return count


def calibration_sentence(data: PactData, lang: Lang | None = None) -> str:
    """When most instruments share one output per €, say so: the plan's choice between them
    does not rest on evidence of different returns; and, when their source cells call the
    figure DERIVED, that it is a derived average rather than a measured return ('' when
    fewer than half share one value)."""
    lang = lang or Lang("en")
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
        lang.t(
            "a derived average (their source cells say DERIVED), not a return measured for "
            "each, used here as the return of the next euro; "
        )
        if derived
        else ""
    )
    return lang.t(
        "{shared} of {n} instruments share one output per € ({value}): {what}the choice "
        "between those instruments rests on their other differences (jobs, savings, curves, "
        "limits), not on evidence that their returns differ.",
        shared=shared,
        n=len(data.instruments),
        value=lang.decimal(value),
        what=what,
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
