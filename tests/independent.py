"""An independent formulation of the whole pactopt model, in PuLP, solved by the CBC binary that
ships in PuLP's wheel.

It reads only the validated input (``PactData``) and never imports pactopt's model, solver or
Pyomo, so comparing its optimum with pactopt's catches a rule pactopt builds too tight (its
optimum lower) or too loose (higher), which a feasibility checker cannot see.

The rules are those of SPEC.md "The model" and of the docstrings of ``pactopt.model``, written
from the math in a structure of its own:

- a public funder's money for an instrument is split by origin: what its own budget lines shift
  into the instrument, plus "other" money (new money or recycled savings) that it may place
  anywhere it may pay; pactopt instead has one funding variable with a shift-destination
  inequality and a balance equality, which allow exactly the same plans;
- new money (public and EU) is an expression, not a variable;
- diminishing returns are written on cumulative spending: the value of the curve F at the
  cumulative spending C_y of each year, F(C_y) = min_k (F(u_{k-1}) + f_k (C_y - u_{k-1})),
  weighted by the fall of the discount factor, Σ_y df_y (F(C_y) - F(C_{y-1})) =
  Σ_{y<last} (df_y - df_{y+1}) F(C_y) + df_last F(C_last); pactopt splits each year's
  spending over segments instead (equal at the optimum because factors and discount factors
  never rise);
- a switch fixed on or off is a constant (no cap, or the cap); an optimised one has its own
  big-M (the instruments' max_total);
- an empty constraint (no variable) is decided on the spot.
"""

from __future__ import annotations

import math
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pulp

from pactopt.schema.data import PactData

TOL = 1e-9


def pactopt_optimum(data: PactData) -> tuple[str, float | None]:
    """pactopt's own status and objective for ``data`` (the only way the tests reach pactopt's
    model and solver, so that a restructure of pactopt only has to be followed here)."""
    from pactopt.pipeline import run_solve

    outcome = run_solve(data, Path("independent-check.xlsx"))
    status = outcome.result.status.value  # 'optimal', 'infeasible', ...
    return status, outcome.result.objective


def cbc_available() -> bool:
    """True when PuLP's bundled CBC binary can run here."""
    return bool(_solver().available())


def _solver() -> Any:
    with warnings.catch_warnings():
        # PuLP 3 announces that PULP_CBC_CMD goes away in PuLP 4 (pytest turns warnings into
        # errors); the bundled binary is what makes these tests run offline
        warnings.simplefilter("ignore", DeprecationWarning)
        return pulp.PULP_CBC_CMD(msg=False, gapRel=0.0, gapAbs=1e-9, threads=1, timeLimit=60)


class _Model:
    """A PuLP problem with numbered variables and constraints that may have no variable."""

    def __init__(self) -> None:
        self.lp = pulp.LpProblem("independent", pulp.LpMaximize)
        self.count = 0
        self.contradiction = False
        self.spend: dict[tuple[str, int], Any] = {}

    def var(self, upper: float | None = None, binary: bool = False) -> pulp.LpVariable:
        self.count += 1
        if binary:
            return pulp.LpVariable(f"b{self.count}", cat=pulp.LpBinary)
        return pulp.LpVariable(f"v{self.count}", lowBound=0, upBound=upper)

    def _add(self, difference: Any, sense: int) -> None:
        """difference (sense) 0, where sense is -1 for ≤, 1 for ≥, 0 for =."""
        expr = pulp.LpAffineExpression(difference)
        if all(abs(c) == 0 for c in expr.values()):
            value = expr.constant
            ok = value <= TOL if sense < 0 else value >= -TOL if sense > 0 else abs(value) <= TOL
            self.contradiction |= not ok
            return
        self.count += 1
        self.lp += pulp.LpConstraint(expr, sense, f"c{self.count}", 0)

    def le(self, lhs: Any, rhs: Any) -> None:
        self._add(lhs - rhs, pulp.LpConstraintLE)

    def ge(self, lhs: Any, rhs: Any) -> None:
        self._add(lhs - rhs, pulp.LpConstraintGE)

    def eq(self, lhs: Any, rhs: Any) -> None:
        self._add(lhs - rhs, pulp.LpConstraintEQ)


def _sum(terms: Iterable[Any]) -> Any:
    return pulp.lpSum(list(terms))


def _formulate(data: PactData) -> tuple[_Model, Any]:
    """The problem and its objective expression."""
    s = data.settings
    if s.objective_mode != "weighted":
        raise ValueError(f"only the weighted objective is formulated, not {s.objective_mode}")
    m = _Model()
    years = list(data.years)
    first, last = years[0], years[-1]
    inst = {i.id: i for i in data.instruments}
    kind = {f.id: f.kind for f in data.funders}
    allowed = {(e.funder, e.domain) for e in data.eligibility if e.allowed}

    def df(year: int) -> float:
        return float((1 + s.discount_rate) ** -(year - first))

    def may_pay(f: str, i: str) -> bool:
        return (f, inst[i].domain) in allowed

    # ---- money by origin --------------------------------------------------------------------
    # shift[l, i, y]: from line l (its owner paying) into instrument i; only into a domain the
    # line may go to and its owner may pay for
    shift: dict[tuple[str, str, int], Any] = {}
    for line in data.budget_lines:
        for i, row in inst.items():
            if row.domain in line.to_domains and may_pay(line.owner, i):
                for y in years:
                    shift[line.id, i, y] = m.var()
    owner = {b.id: b.owner for b in data.budget_lines}
    shifted_in: dict[tuple[str, str, int], list[Any]] = defaultdict(list)  # (f, i, y)
    for (line_id, i, y), v in shift.items():
        shifted_in[owner[line_id], i, y].append(v)
    # other[i, f, y]: a public funder's non-shifted money (new or recycled); direct[i, f, y]:
    # EU and private money
    other: dict[tuple[str, str, int], Any] = {}
    direct: dict[tuple[str, str, int], Any] = {}
    funding: dict[tuple[str, str, int], Any] = {}
    for i in inst:
        for f, k in kind.items():
            if not may_pay(f, i):
                continue
            for y in years:
                if k == "public":
                    other[i, f, y] = m.var()
                    funding[i, f, y] = _sum(shifted_in.get((f, i, y), [])) + other[i, f, y]
                else:
                    direct[i, f, y] = m.var()
                    funding[i, f, y] = direct[i, f, y]

    def money(i: str, y: int, kinds: tuple[str, ...]) -> Any:
        return _sum(
            funding[i, f, y] for f, k in kind.items() if k in kinds and (i, f, y) in funding
        )

    spend = {(i, y): money(i, y, ("public", "EU", "private")) for i in inst for y in years}
    public = {(i, y): money(i, y, ("public", "EU")) for i in inst for y in years}
    private = {(i, y): money(i, y, ("private",)) for i in inst for y in years}
    total = {i: _sum(spend[i, y] for y in years) for i in inst}

    # ---- money: new money, recycled savings, caps, budget neutrality (a private funder's
    # money is all new: its caps bound what it places) ------------------------------------
    for f in data.funders:
        new: dict[int, Any] = {}
        for y in years:
            placed = _sum(
                v
                for (i, g, t), v in (other if f.kind == "public" else direct).items()
                if g == f.id and t == y
            )
            if f.kind == "public":
                recycled = m.var()
                # savings realised in y from f's own spending d = max(lag, 1) to
                # d + spread - 1 years earlier, at sav_gov / spread per € per year
                realised = []
                for i, row in inst.items():
                    if row.savings_government_per_eur <= 0 or not may_pay(f.id, i):
                        continue
                    delay = max(row.impact_lag_years, 1)
                    rate = row.savings_government_per_eur / s.savings_spread_years
                    for t in years:
                        if y - delay - s.savings_spread_years < t <= y - delay:
                            realised.append(rate * funding[i, f.id, t])
                m.le(recycled, s.savings_recycling_share * _sum(realised))
                new[y] = placed - recycled
                m.ge(new[y], 0)
                if s.budget_neutral:
                    m.eq(new[y], 0)
            else:
                new[y] = placed
            cap = f.new_money_cap_meur.get(y)
            if cap is not None:
                m.le(new[y], cap)
        if f.new_money_cap_total_meur is not None:
            m.le(_sum(new.values()), f.new_money_cap_total_meur)

    # ---- shift limits -----------------------------------------------------------------------
    for line in data.budget_lines:
        for y in years:
            out = _sum(v for (k, _, t), v in shift.items() if k == line.id and t == y)
            m.le(out, line.max_shift_share * (line.baseline_meur.get(y) or 0.0))

    # ---- shares, bounds, capacity, ramp-up, maintenance -------------------------------------
    funded: dict[str, Any] = {}
    for i, row in inst.items():
        for y in years:
            if row.private_leverage_max is not None:
                m.le(private[i, y], row.private_leverage_max * public[i, y])
            m.ge(public[i, y], row.public_share_min * spend[i, y])
            m.le(public[i, y], row.public_share_max * spend[i, y])
            if row.max_per_year_meur is not None:
                m.le(spend[i, y], row.max_per_year_meur)
            if row.ramp_up_meur is not None:
                before = spend[i, y - 1] if y > first else 0
                m.le(spend[i, y] - before, row.ramp_up_meur)
            if row.maintenance_rate > 0 and y > first:
                earlier = _sum(spend[i, t] for t in years if t < y)
                m.ge(spend[i, y], row.maintenance_rate * earlier)
        if row.min_if_funded_meur is None:
            m.ge(total[i], row.min_total_meur)
            m.le(total[i], row.max_total_meur)
        else:  # nothing, or between max(min_if_funded, min_total) and max_total
            funded[i] = m.var(binary=True)
            m.ge(total[i], max(row.min_if_funded_meur, row.min_total_meur) * funded[i])
            m.le(total[i], row.max_total_meur * funded[i])

    # ---- envelopes ----------------------------------------------------------------------------
    for d in data.domains:
        in_domain = _sum(total[i] for i, row in inst.items() if row.domain == d.id)
        if d.min_total_meur is not None:
            m.ge(in_domain, d.min_total_meur)
        if d.max_total_meur is not None:
            m.le(in_domain, d.max_total_meur)
    grand = _sum(total.values())
    if s.total_min_meur is not None:
        m.ge(grand, s.total_min_meur)
    if s.total_max_meur is not None:
        m.le(grand, s.total_max_meur)

    # ---- precedence ---------------------------------------------------------------------------
    for link in data.links:
        for y in years:
            after = _sum(spend[link.after, t] for t in years if t <= y)
            before = _sum(spend[link.before, t] for t in years if t <= y - link.lag_years)
            m.le(after, link.ratio * before)

    # ---- projects -----------------------------------------------------------------------------
    build = {p.id: m.var(binary=True) for p in data.projects}
    for p in data.projects:
        if p.mandatory:
            m.eq(build[p.id], 1)
        if p.requires is not None:
            m.le(build[p.id], build[p.requires])
        if p.excludes is not None:
            m.le(build[p.id] + build[p.excludes], 1)
    for i in inst:
        on_i = [p for p in data.projects if p.instrument == i]
        row = inst[i]
        # an instrument that yields nothing itself spends only its projects' cost
        idle = on_i and not (
            row.output_per_eur_high
            or row.jobs_direct_per_meur_high
            or row.jobs_indirect_per_meur_high
            or row.savings_government_per_eur
            or row.savings_business_per_eur
            or row.savings_citizens_per_eur
            or row.maintenance_rate
            or row.reskilling
        )
        for y in years:
            cost = _sum((p.cost_meur.get(y) or 0.0) * build[p.id] for p in on_i)
            if on_i:
                m.ge(spend[i, y], cost)
            if idle:
                m.le(spend[i, y], cost)

    def project_df(p: Any) -> float:
        """A project's lump-sum impacts arise as its cost is spent (cost-weighted df)."""
        lag = inst[p.instrument].impact_lag_years
        costs = {y: v for y, v in p.cost_meur.items() if v}
        if not costs:
            return df(first + lag)
        return sum(v * df(y + lag) for y, v in costs.items()) / sum(costs.values())

    # ---- enabling switches --------------------------------------------------------------------
    switch_cost = []
    for w in data.switches:
        unlocked = list(dict.fromkeys(w.instruments))
        if w.mode == "on":
            switch_cost.append(w.cost_meur)
            continue
        on = m.var(binary=True) if w.mode == "optimise" else 0
        if w.mode == "optimise":
            switch_cost.append(w.cost_meur * on)
        big = sum(inst[i].max_total_meur for i in unlocked)
        for y in years:
            m.le(_sum(private[i, y] for i in unlocked), w.private_cap_off_meur + big * on)

    # ---- impacts ------------------------------------------------------------------------------
    def weighted_spend(i: str) -> Any:
        lag = inst[i].impact_lag_years
        return _sum(df(y + lag) * spend[i, y] for y in years)

    curves: dict[str, list[Any]] = defaultdict(list)
    for c in data.curves:
        curves[c.instrument].append(c)
    output_terms = []
    for i, row in inst.items():
        if i not in curves:
            output_terms.append(row.output_per_eur_central * weighted_spend(i))
            continue
        segments = sorted(curves[i], key=lambda c: c.segment)
        pieces = []  # (F at the piece's start u, slope f, start u) of each affine piece
        height, start = 0.0, 0.0
        for c in segments:
            pieces.append((height, c.output_factor, start))
            height += c.output_factor * (c.upper_cum_meur - start)
            start = c.upper_cum_meur
        lag = row.impact_lag_years
        for y in years:
            weight = df(y + lag) - (df(y + 1 + lag) if y < last else 0.0)
            if weight <= 0:
                continue
            cumulative = _sum(spend[i, t] for t in years if t <= y)
            value = m.var()  # F(C_y)
            for h, f, u in pieces:
                m.le(value, h + f * (cumulative - u))
            output_terms.append(row.output_per_eur_central * weight * value)
    output = _sum(output_terms) + _sum(
        p.output_meur * project_df(p) * build[p.id] for p in data.projects
    )

    def jobs_of(i: str) -> Any:
        row = inst[i]
        per = row.jobs_direct_per_meur_central + row.jobs_indirect_per_meur_central
        return per * weighted_spend(i)

    def project_jobs(ids: set[str]) -> Any:
        return _sum(
            p.jobs * project_df(p) * build[p.id] for p in data.projects if p.instrument in ids
        )

    if s.jobs_per_reskilling_meur is None:
        jobs = _sum(jobs_of(i) for i in inst) + project_jobs(set(inst))
    else:
        domains = {row.domain for row in inst.values() if row.reskilling}
        inside = {i for i, row in inst.items() if row.domain in domains}
        outside = set(inst) - inside
        credited = m.var()  # jobs outside the reskilling domains that count
        m.le(credited, _sum(jobs_of(i) for i in outside) + project_jobs(outside))
        effort = _sum(total[i] for i, row in inst.items() if row.reskilling)
        m.le(credited, s.jobs_per_reskilling_meur * effort)
        jobs = _sum(jobs_of(i) for i in inside) + project_jobs(inside) + credited

    savings = _sum(
        (r.savings_government_per_eur + r.savings_business_per_eur + r.savings_citizens_per_eur)
        * weighted_spend(i)
        for i, r in inst.items()
    )
    lines = {b.id: b for b in data.budget_lines}
    forgone_output = _sum(
        lines[k].output_forgone_per_eur * df(y) * v for (k, _, y), v in shift.items()
    )
    forgone_jobs = _sum(
        lines[k].jobs_forgone_per_meur * df(y) * v for (k, _, y), v in shift.items()
    )
    objective = (
        s.weight_output * (output - forgone_output)
        + s.meur_per_job * (jobs - forgone_jobs)
        + s.weight_savings * savings
        - _sum(switch_cost)
    )
    m.spend = spend  # for the least-change stage (``independent_least_change``)
    return m, objective


def independent_least_change(
    data: PactData, targets: dict[tuple[str, int], float], tolerance: float
) -> tuple[float, dict[tuple[str, int], float]]:
    """The least-change stage, formulated independently: the best value first, then, with the
    value held within ``tolerance`` of it (a share of max(1, |best|)), the least sum over
    instrument-years of |spending − target|. Returns that distance and the spending."""
    status, best = independent_optimum(data)
    assert status == "optimal" and best is not None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        m, objective = _formulate(data)
        m.ge(objective, best - tolerance * max(1.0, abs(best)))
        up = {key: m.var() for key in targets}
        down = {key: m.var() for key in targets}
        for key, target in targets.items():
            m.eq(m.spend[key] - up[key] + down[key], target)
        m.lp.sense = pulp.LpMinimize
        m.lp += _sum(up[k] + down[k] for k in targets)
        code = m.lp.solve(_solver())
    assert code == 1, pulp.LpStatus[code]
    spend = {key: float(pulp.value(expr) or 0.0) for key, expr in m.spend.items()}
    return float(pulp.value(m.lp.objective)), spend


def independent_optimum(data: PactData) -> tuple[str, float | None]:
    """('optimal', objective) of the independent formulation of ``data``, or ('infeasible',
    None), ('unbounded', None), or (CBC's status in lower case, None)."""
    with warnings.catch_warnings():
        # PuLP 3.3 deprecates the PuLP 2 API (kept until PuLP 4) and pytest makes warnings
        # errors; this file must run on PuLP 2.8 as well, so it keeps that API
        warnings.simplefilter("ignore", DeprecationWarning)
        m, objective = _formulate(data)
        if m.contradiction:
            return "infeasible", None
        m.lp += objective
        code = m.lp.solve(_solver())
    status = {1: "optimal", -1: "infeasible", -2: "unbounded"}.get(code)
    if status != "optimal":
        return status or pulp.LpStatus[code].lower(), None
    value = pulp.value(m.lp.objective)
    value = float(value) if value is not None else 0.0  # an objective without variables
    if not math.isfinite(value):
        return "other", None
    return "optimal", value
