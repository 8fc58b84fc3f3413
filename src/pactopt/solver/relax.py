"""Why a model is infeasible, found on its compiled HiGHS instance and told in the rules of
the model (the explanations turn these into sentences with cells and euros).

Two views, both on the LP relaxation (integer decisions made continuous), both scoped
changes of the one instance the failed solve used, so an infeasible run builds and compiles
the model once:
- HiGHS's irreducible infeasible subset (IIS, strategy 'irreducible'): the smallest set of
  rules that cannot hold together.
- An elastic relaxation: every rule declared to bend (the limits, not the money identities,
  the bookkeeping or the legal rule of budget neutrality) may give way at one unit of
  penalty per unit of its right-hand side (a yes/no rule at its own, far higher price); the
  least total bending says how much is missing and where.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import highspy
import numpy as np
import pyomo.core as pyo

from pactopt.model.built import BuiltModel
from pactopt.model.registry import ConstraintRule
from pactopt.model.sets import index_tuple
from pactopt.schema.data import PactData
from pactopt.solver.highs import INF, DirectHighs
from pactopt.solver.solution import Conflict

TOL = 1e-6


def _limit(con: Any) -> float | None:
    bound = con.upper if con.upper is not None else con.lower
    return None if bound is None else float(pyo.value(bound))


def _conflict(
    con: Any, rules: Mapping[str, ConstraintRule], data: PactData, **extra: Any
) -> Conflict:
    name = con.parent_component().name
    index = index_tuple(con.index())
    rule = rules.get(name)
    names = rule.index_names if rule and len(rule.index_names) == len(index) else ()
    return Conflict(
        rule=name,
        index=index,
        index_names=names or tuple(f"index_{k}" for k in range(len(index))),
        cells=tuple(rule.cells_of(data, index)) if rule else (),
        limit=_limit(con),
        unit=rule.unit if rule else "",
        **extra,
    )


def irreducible_set(
    built: BuiltModel, direct: DirectHighs, data: PactData
) -> list[Conflict] | None:
    """The IIS of the LP relaxation, or None when the relaxation is feasible (the conflict
    then lies in the all-or-nothing decisions)."""
    with direct.relaxed_integers():
        if direct.run() != highspy.HighsModelStatus.kInfeasible:
            return None
        highs = direct.highs
        highs.setOptionValue("iis_strategy", int(highspy.IisStrategy.kIisStrategyIrreducible))
        status, iis = highs.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return []
    rows = [r for r in iis.row_index_ if r < len(direct.rows)]
    return [_conflict(direct.rows[r], built.rules, data) for r in rows]


def _bendable(
    built: BuiltModel, direct: DirectHighs, data: PactData
) -> tuple[list[Any], list[float]]:
    """The rows that may bend, and the price of each unit of bending (1, or the rule's own)."""
    rules: Mapping[str, ConstraintRule] = built.rules
    bendable = [
        con
        for con in direct.rows
        if (rule := rules.get(con.parent_component().name)) is None or rule.bends
    ]
    costs = []
    for con in bendable:
        rule = rules.get(con.parent_component().name)
        if rule is None or rule.bend_cost is None:
            costs.append(1.0)
            continue
        costs.append(rule.bend_cost(data, index_tuple(con.index())))
    return bendable, costs


def elastic_relaxation(built: BuiltModel, direct: DirectHighs, data: PactData) -> list[Conflict]:
    """The least amounts by which the bendable rules must give way for a solution to exist,
    largest first."""
    return least_bends(built, direct, data, top=0)[0]


def least_bends(
    built: BuiltModel, direct: DirectHighs, data: PactData, top: int = 3
) -> tuple[list[Conflict], dict[str, list[Conflict]]]:
    """The least amounts by which the bendable rules must give way (largest first), and for
    each of the ``top`` rules bent (by rule name) the other rules that could give way instead
    at the same least total ({} where none can: that rule must give way, as said). An
    elastic LP picks one of equally small bends at random: the second part says when it had
    a choice. One elastic LP, and one re-solve per rule from its optimum."""
    bendable, costs = _bendable(built, direct, data)
    with direct.relaxed_integers(), direct.elastic(bendable, costs) as bends:
        if direct.run() != highspy.HighsModelStatus.kOptimal:
            return [], {}
        bent = _bent(built, direct, data, bends)
        names = list(dict.fromkeys(c.rule for c in bent))[:top]
        if not names:
            return bent, {}
        price = {id(con): cost for con, cost in zip(bendable, costs, strict=True)}
        return bent, _equal_alternatives(built, direct, data, bends, price, names)


def _bent(
    built: BuiltModel, direct: DirectHighs, data: PactData, bends: list[tuple[Any, int, int]]
) -> list[Conflict]:
    x = direct.all_column_values()
    out = []
    for con, up, down in bends:
        amount = float(x[up] + x[down])
        if amount > TOL:
            out.append(_conflict(con, built.rules, data, short=amount))
    return sorted(out, key=lambda c: -(c.short or 0.0))


def _equal_alternatives(
    built: BuiltModel,
    direct: DirectHighs,
    data: PactData,
    bends: list[tuple[Any, int, int]],
    price: Mapping[int, float],
    names: list[str],
) -> dict[str, list[Conflict]]:
    """Inside the elastic block, at its optimum: with the total bending held at its least,
    the least that each named rule bends; where that is nothing, the rules that bend
    instead. New costs leave the optimum feasible, so the primal simplex method goes on
    from it (forbidding the rule to bend, as before, made the dual method start over: 14 s
    for two rules at 35,532 variables)."""
    least = direct.objective_value()
    cols = [col for _, up, down in bends for col in (up, down)]
    weights = [price[id(con)] for con, _, _ in bends for _ in (0, 1)]
    cap = least + TOL * max(1.0, abs(least))
    out: dict[str, list[Conflict]] = {}
    index = np.array(cols, dtype=np.int32)
    with direct.column_rows([(cols, weights, -INF, cap)]), direct.primal_simplex():
        for name in names:
            own = np.array([con.parent_component().name == name for con, _, _ in bends])
            with direct.minimise_columns(index, np.repeat(own, 2).astype(float)):
                if direct.run() != highspy.HighsModelStatus.kOptimal:
                    continue
                if direct.objective_value() > TOL * max(1.0, abs(least)):
                    continue  # the rule must bend: no plan as close without it
                others = [c for c in _bent(built, direct, data, bends) if c.rule != name]
            if others:
                out[name] = others
    return out
