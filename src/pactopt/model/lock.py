"""The mid-term review's lock: the years up to Settings ``as_of_year`` hold what was
actually spent (the Actuals sheet), and only the years after it are decided.

Locking is bounds, not a new model: each funding column of a locked year is fixed at its
actual amount, so every rule that spans the horizon (instrument and domain totals, the
envelope, EU and new-money caps, curves, maintenance of what was built, precedence, ramp-up
from the last actual year) counts the past as it happened. A yearly rule whose row in a
locked year involves nothing but the money actually spent (tagged ``past_fact``: shares,
leverage, capacity, ramp-up, precedence, maintenance) is a fact about the past, not a
choice: that row is left out of the solve and checked against the actuals instead, so that
a past breach is reported, in euros, and the solve goes on. Rules about how the past's
public money was financed (balances, shifts, budget neutrality) still hold in the past:
the model finds the financing of the actual spending within them."""

from __future__ import annotations

import pyomo.core as pyo
from pyomo.core.expr.visitor import identify_variables

from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.facts import PastBreach
from pactopt.model.registry import ConstraintRule, rules_with
from pactopt.model.sets import index_tuple

# a row within this of its limit meets it: actuals are stated to €0.1m, so a difference of
# less than half of that is the rounding of the figures, not a breach
TOLERANCE_MEUR = 0.05


def lock_past(m: PyomoBlock, ctx: ModelContext) -> None:
    """Fix every funding column of a locked year at what was actually spent (0 where the
    Actuals sheet has nothing for that instrument, funder and year), and keep built every
    project the past started (``started_projects``)."""
    locked = ctx.data.settings.locked_years
    if not locked:
        return
    spent = ctx.data.actual_meur()
    funding = m.funding
    for i, f in ctx.index.spend_index:
        for y in locked:
            funding[i, f, y].fix(spent.get((i, f, y), 0.0))
    for project in started_projects(ctx):
        m.build[project].fix(1)
    if ctx.data.actual_shifts:
        _lock_financing(m, ctx)


def _lock_financing(m: PyomoBlock, ctx: ModelContext) -> None:
    """With the ActualShifts sheet: each shift of a locked year fixed at what was shifted (0
    for a pair without a row), no savings recycled then, and each public funder's new money
    then fixed at what its shifts did not cover (its actual public spending less its
    shifts): the past's financing as it happened, its breaches reported, not imposed."""
    locked = ctx.data.settings.locked_years
    shifted = ctx.data.actual_shift_meur()
    ix = ctx.index
    for line, i in ix.shift_index:
        for y in locked:
            m.shift[line, i, y].fix(shifted.get((line, i, y), 0.0))
    spent = ctx.data.actual_meur()
    recycling = set(m.recycling_funders)
    for f in ix.public_funders:
        for y in locked:
            public = sum(spent.get((i, f, y), 0.0) for i in ix.instruments_of_funder.get(f, ()))
            moved = sum(
                shifted.get((line, i, y), 0.0)
                for line in ix.lines_of_funder.get(f, ())
                for i in ix.shifts_of_line.get(line, ())
            )
            m.new_money[f, y].fix(max(0.0, public - moved))
            if f in recycling:
                m.recycled[f, y].fix(0.0)


def started_projects(ctx: ModelContext) -> list[str]:
    """The projects the past started: a cost in a locked year, and their instrument's actual
    spending covered that cost in every such year (to the actuals' rounding, but with money
    actually spent: a cost below the rounding that nothing paid did not start anything).
    Their remaining yearly costs are due (a project not started may still be chosen; one
    whose past cost went unpaid cannot be built on its profile, as its cost rule says)."""
    locked = ctx.data.settings.locked_years
    spent: dict[tuple[str, int], float] = {}
    for (i, _, y), value in ctx.data.actual_meur().items():
        spent[i, y] = spent.get((i, y), 0.0) + value
    started = []
    for p, row in ctx.projects.items():
        due = [(y, row.cost_meur.get(y) or 0.0) for y in locked]
        due = [(y, cost) for y, cost in due if cost > 0]
        paid = all(
            0.0 < spent.get((row.instrument, y), 0.0) >= cost - TOLERANCE_MEUR for y, cost in due
        )
        if due and paid:
            started.append(p)
    return started


def _year_position(rule: ConstraintRule) -> int | None:
    names = rule.index_names
    return names.index("year") if "year" in names else None


def release_past_facts(
    m: PyomoBlock, ctx: ModelContext, rules: list[ConstraintRule]
) -> list[PastBreach]:
    """Leave out of the solve each row of a ``past_fact`` rule in a locked year that holds
    nothing but fixed columns (the money actually spent, and the shifts when the
    ActualShifts sheet gives them), and return the rows the actuals break."""
    as_of = ctx.data.settings.as_of_year
    if as_of is None or not ctx.data.settings.locked_years:
        return []
    breaches: list[PastBreach] = []
    for rule in rules_with(rules, tag="past_fact"):
        position = _year_position(rule)
        component = getattr(m, rule.name, None)
        if position is None or component is None:
            continue
        for key, row in component.items():
            index = index_tuple(key)
            if index[position] > as_of:
                continue
            if not all(v.fixed for v in identify_variables(row.body, include_fixed=True)):
                continue  # a choice is left in it (the past's financing): it stays a rule
            row.deactivate()
            value = pyo.value(row.body)
            if row.has_lb() and value < pyo.value(row.lower) - TOLERANCE_MEUR:
                breaches.append(PastBreach(rule.name, index, pyo.value(row.lower) - value, "lower"))
            elif row.has_ub() and value > pyo.value(row.upper) + TOLERANCE_MEUR:
                breaches.append(PastBreach(rule.name, index, value - pyo.value(row.upper), "upper"))
    return breaches
