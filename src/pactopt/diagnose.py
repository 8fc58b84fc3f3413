"""Why a model is infeasible, in the planner's cells and euros.

Two views, both on the LP relaxation (integer decisions made continuous):
- HiGHS's irreducible infeasible subset (IIS, strategy 'irreducible'): the smallest set of
  rules that cannot hold together; each is translated to its workbook cells.
- An elastic relaxation: every rule except the accounting identities and the legal floors
  of budget neutrality may bend, at one unit of penalty per €m; the least total bending says
  how many euros are missing and where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import highspy
import pyomo.environ as pyo

from pactopt.highs_direct import DirectHighs
from pactopt.model.origins import cells_of
from pactopt.schema.data import PactData

# rules that never bend: money balances, budget neutrality, and definitions
HARD_RULES = frozenset(
    {
        "public_balance",
        "eu_balance",
        "budget_neutral",
        "shift_destination",
        "curve_fill",
        "jobs_other_potential",
        "skills_bottleneck",
    }
)
TOL = 1e-6


@dataclass(frozen=True)
class Conflict:
    """One rule of the irreducible set, or one bent rule of the relaxation."""

    constraint: str
    rule: str
    cells: tuple[str, ...]
    limit_meur: float | None
    short_meur: float | None


def _key(index: Any) -> tuple[Any, ...]:
    return index if isinstance(index, tuple) else (index,)


def _limit(con: Any) -> float | None:
    bound = con.upper if con.upper is not None else con.lower
    return None if bound is None else float(pyo.value(bound))


def _relax_integers(m: Any) -> None:
    for v in m.component_data_objects(pyo.Var):
        if v.is_integer() and not v.fixed:
            v.domain = pyo.UnitInterval


def irreducible_set(m: Any, data: PactData) -> list[Conflict] | None:
    """The IIS of the LP relaxation, or None when the relaxation is feasible (the conflict
    then lies in the all-or-nothing decisions)."""
    _relax_integers(m)
    direct = DirectHighs(m)
    if direct.run() != highspy.HighsModelStatus.kInfeasible:
        return None
    highs = direct.highs
    highs.setOptionValue("iis_strategy", int(highspy.IisStrategy.kIisStrategyIrreducible))
    status, iis = highs.getIis()
    if status != highspy.HighsStatus.kOk or not iis.valid_:
        return []
    out = []
    for row in iis.row_index_:
        con = direct.rows[row]
        rule, index = con.parent_component().name, _key(con.index())
        out.append(Conflict(con.name, rule, tuple(cells_of(data, rule, index)), _limit(con), None))
    return out


def elastic_relaxation(m: Any, data: PactData) -> list[Conflict]:
    """The least €m by which the bendable rules must give way for a solution to exist."""
    _relax_integers(m)
    m.objective.deactivate()
    m.bend_up = pyo.VarList(domain=pyo.NonNegativeReals)
    m.bend_down = pyo.VarList(domain=pyo.NonNegativeReals)
    bends = []
    for con in list(m.component_data_objects(pyo.Constraint, active=True)):
        rule = con.parent_component().name
        if rule in HARD_RULES:
            continue
        up, down = m.bend_up.add(), m.bend_down.add()
        con.set_value((con.lower, con.body + up - down, con.upper))
        bends.append((con, up, down))
    m.least_bending = pyo.Objective(expr=sum(u + d for _, u, d in bends), sense=pyo.minimize)
    direct = DirectHighs(m)
    if direct.run() != highspy.HighsModelStatus.kOptimal:
        return []
    direct.load_values()
    out = []
    for con, up, down in bends:
        amount = float(pyo.value(up) + pyo.value(down))
        if amount > TOL:
            rule, index = con.parent_component().name, _key(con.index())
            out.append(
                Conflict(con.name, rule, tuple(cells_of(data, rule, index)), _limit(con), amount)
            )
    return sorted(out, key=lambda c: -(c.short_meur or 0.0))
