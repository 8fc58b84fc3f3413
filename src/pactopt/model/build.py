"""Build the Pyomo model: sets, variables, the constraint families in one explicit order, and
the objective. Solving is ``solve.py``'s job.

Every set is declared once in ``sets.SETS`` and every variable in ``variables.VARIABLES``
(index, domain, unit, meaning); the build loops over both tables, and ``pactopt
constraints`` lists them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from types import MappingProxyType
from typing import Any

import pyomo.core as pyo
from pyomo.common.gc_manager import PauseGC

from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.built import BuiltModel
from pactopt.model.context import ModelContext, build_context
from pactopt.model.families import ordered_rules
from pactopt.model.guard import extension_code
from pactopt.model.linear import var_sum
from pactopt.model.lock import lock_past, release_past_facts
from pactopt.model.objective import (
    MONEY_EFFECT_FIGURES,
    add_objective,
    add_terms,
    objective_mode,
)
from pactopt.model.pyomo_fast import fill
from pactopt.model.registry import EXTENSION_PREFIX, ConstraintRule
from pactopt.model.robust import add_robust_expressions, robust_draws
from pactopt.model.sets import SETS
from pactopt.model.variables import VARIABLES
from pactopt.schema.data import PactData

log = logging.getLogger("pactopt.model")


def _add_sets(m: PyomoBlock, ctx: ModelContext) -> None:
    """Every set of ``SETS``, in its order, with its members for this model's data."""
    for decl in SETS:
        members = list(decl.members(ctx))
        dimen = len(decl.index_names)
        m.add_component(decl.name, pyo.Set(initialize=members, dimen=dimen, ordered=True))


DOMAINS = {"nonnegative": pyo.NonNegativeReals, "binary": pyo.Binary, "free": pyo.Reals}


def _add_variables(m: PyomoBlock, ctx: ModelContext) -> None:
    """Every variable of ``VARIABLES`` whose condition holds, in its order (a scalar one is
    a scalar Pyomo variable); a switch the workbook decides is a constant, not a binary."""
    for decl in VARIABLES:
        if decl.when is not None and not decl.when(ctx):
            continue
        index = [getattr(m, name) for name in decl.index]
        m.add_component(decl.name, pyo.Var(*index, within=DOMAINS[decl.domain]))
    for w, row in ctx.switches.items():
        if row.mode != "optimise":  # decided in the workbook: a constant, not a binary
            m.switch_on[w].domain = pyo.UnitInterval
            m.switch_on[w].fix(1 if row.mode == "on" else 0)


def _add_coefficients(m: PyomoBlock, ctx: ModelContext) -> None:
    """Impact coefficients as mutable parameters (central values), so that uncertainty draws
    change them in place and re-solve the same model."""
    rows = ctx.instruments
    m.output_per_eur = pyo.Param(
        m.instruments,
        mutable=True,
        initialize={i: r.output_per_eur_central for i, r in rows.items()},
    )
    m.jobs_per_meur = pyo.Param(
        m.instruments,
        mutable=True,
        initialize={
            i: r.jobs_direct_per_meur_central + r.jobs_indirect_per_meur_central
            for i, r in rows.items()
        },
    )
    m.savings_per_eur = pyo.Param(
        m.instruments,
        mutable=True,
        initialize={
            i: r.savings_government_per_eur
            + r.savings_business_per_eur
            + r.savings_citizens_per_eur
            for i, r in rows.items()
        },
    )


def _add_expressions(m: PyomoBlock, ctx: ModelContext) -> None:
    ix = ctx.index
    private = set(ix.private_funders)
    years = ix.years
    funding, shift = m.funding, m.shift
    spend: list[tuple[Any, Any]] = []
    public: list[tuple[Any, Any]] = []
    private_spend: list[tuple[Any, Any]] = []
    for i in ix.instruments:
        funders = ix.funders_of.get(i, ())
        publics = [k for k, f in enumerate(funders) if f not in private]
        privates = [k for k, f in enumerate(funders) if f in private]
        for y in years:
            # each variable looked up once for the three sums it is part of
            xs = [funding[i, f, y] for f in funders]
            spend.append(((i, y), var_sum(xs)))
            public.append(((i, y), var_sum([xs[k] for k in publics])))
            private_spend.append(((i, y), var_sum([xs[k] for k in privates])))
    shifted_out = [
        ((line, y), var_sum(shift[line, i, y] for i in ix.shifts_of_line.get(line, ())))
        for line in ix.budget_lines
        for y in years
    ]

    def expression(name: str, *index: Any) -> Any:
        m.add_component(name, pyo.Expression(*index, initialize={}))
        return getattr(m, name)

    fill(expression("spend", m.instruments, m.years), spend)
    # Σ_i shift[l,i,y]: the money leaving a line in a year, shared by the shift limit, the
    # public balance and the forgone output and jobs
    fill(expression("shifted_out", m.budget_lines, m.years), shifted_out)
    fill(expression("public_spend", m.instruments, m.years), public)
    fill(expression("private_spend", m.instruments, m.years), private_spend)
    named = m.spend
    total = [(i, sum(named[i, y] for y in years)) for i in ix.instruments]
    fill(expression("total_spend", m.instruments), total)
    # Σ_y df(y + lag) × spend[i,y], shared by the output, jobs and savings terms
    discounted = []
    for i in ix.instruments:
        lag = ctx.instruments[i].impact_lag_years
        discounted.append((i, sum(ctx.discount(y + lag) * named[i, y] for y in years)))
    fill(expression("discounted_spend", m.instruments), discounted)


def rule_index(m: PyomoBlock, rule: ConstraintRule) -> list[tuple[Any, ...]]:
    """The index tuples of ``rule`` in ``m``: the product of its sets, kept where its
    ``where`` predicate holds (evaluated once per tuple, on the data alone). A scalar rule
    (no set) has the one empty tuple ``()`` when ``where(ctx)`` holds, none otherwise."""
    members = [list(getattr(m, name)) for name in rule.index]
    if any(not elements for elements in members):
        return []
    # each set's elements as tuples, so that a product is a concatenation (a pair set such
    # as spend_index gives two positions of the index)
    parts = [[e if isinstance(e, tuple) else (e,) for e in elements] for elements in members]
    combos: list[tuple[Any, ...]] = [()]
    for part in parts:
        combos = [a + b for a in combos for b in part]
    if rule.where is None:
        return combos
    where, ctx = rule.where, m.ctx
    return [c for c in combos if where(ctx, *c)]


def _add_rule(m: PyomoBlock, rule: ConstraintRule) -> bool:
    """Add one constraint over its sparse index; False (and a log line) when it is empty.
    A modeller's rule that fails says its file and line (a core rule failing is a bug)."""
    if not rule.rule.__module__.startswith(EXTENSION_PREFIX):
        return _add_rule_unchecked(m, rule)
    pyomo_log = logging.getLogger("pyomo.core")
    quiet, pyomo_log.disabled = pyomo_log.disabled, True  # its ERROR lines would be a traceback
    try:
        with extension_code(rule.rule.__code__.co_filename, f"building rule '{rule.name}'"):
            return _add_rule_unchecked(m, rule)
    finally:
        pyomo_log.disabled = quiet


def _add_rule_unchecked(m: PyomoBlock, rule: ConstraintRule) -> bool:
    index = rule_index(m, rule)
    if not index:
        log.info("skipped %s (%s): no data in sheet %s", rule.name, rule.family, rule.sheet)
        return False
    fn = rule.rule  # called as Pyomo's construction would: fn(m, *index), in index order
    if rule.scalar:  # one row, index None: no set of one dummy element
        m.add_component(rule.name, pyo.Constraint(rule=lambda block: fn(block)))
        return True
    members: list[Any] = index if len(index[0]) > 1 else [c[0] for c in index]
    m.add_component(f"{rule.name}_index", pyo.Set(initialize=members, ordered=True))
    m.add_component(rule.name, pyo.Constraint(getattr(m, f"{rule.name}_index")))
    fill(getattr(m, rule.name), zip(members, [fn(m, *c) for c in index], strict=True))
    return True


def create_model(data: PactData, extensions: Sequence[ConstraintRule] = ()) -> BuiltModel:
    """The model of ``data``: the Pyomo model (sets, variables, every constraint family,
    objective) and what the build decided about it (``BuiltModel``)."""
    # the cyclic garbage collector would otherwise rescan the growing model again and again
    # while hundreds of thousands of expression objects are made (none of them is garbage)
    with PauseGC():
        ctx = build_context(data)
        m = pyo.ConcreteModel(name="pactopt")
        m.ctx = ctx
        _add_sets(m, ctx)
        m.draw_coefficients = robust_draws(data)  # what the robust family's draws read
        _add_variables(m, ctx)
        lock_past(m, ctx)  # the mid-term review: the years up to as_of_year as spent
        _add_coefficients(m, ctx)
        _add_expressions(m, ctx)
        add_terms(m)
        add_robust_expressions(m)
        built = [r for r in ordered_rules(list(extensions)) if _add_rule(m, r)]
        past_breaches = tuple(release_past_facts(m, ctx, built))
        add_objective(m, ctx)
        # what the robust family's rows read while they were built (they hold the numbers now);
        # the block keeps ``ctx``, the data its rules and terms read (models/README.md)
        del m.draw_coefficients
    return BuiltModel(
        pyomo=m,
        ctx=ctx,
        rules=MappingProxyType({r.name: r for r in built}),
        mode=objective_mode(data.settings),
        past_breaches=past_breaches,
        money_effect_figures=MONEY_EFFECT_FIGURES,
    )


def relax_integer_decisions(built: BuiltModel) -> bool:
    """Make every integer and binary variable of ``m`` continuous within its bounds (Pyomo's
    ``core.relax_integer_vars``): the LP relaxation, for analysis. False when ``m`` had
    none (it was an LP already)."""
    m = built.pyomo
    discrete = any(
        v.is_integer() or v.is_binary()
        for v in m.component_data_objects(pyo.Var, descend_into=True)
    )
    if discrete:
        # the transformation is a plugin: registered by loading Pyomo's environment, which
        # the build itself does without (it doubles Pyomo's import time)
        import pyomo.environ  # noqa: F401

        pyo.TransformationFactory("core.relax_integer_vars").apply_to(m)
    return discrete


__all__ = ["create_model", "ordered_rules", "relax_integer_decisions", "rule_index", "sets"]
