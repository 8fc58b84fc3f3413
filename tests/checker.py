"""An independent checker: given the validated input data and a solution's values, verify every
rule of SPEC.md directly, without looking at the Pyomo model. It recomputes every sum from the
data, so a rule that the model builder forgot or got wrong shows up here as a violation.

``violations(data, result)`` returns human-readable violations (empty when all rules hold).
"""

from __future__ import annotations

from collections import defaultdict

from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution

TOL = 1e-5


def _close_le(a: float, b: float, scale: float = 1.0) -> bool:
    return a <= b + TOL * max(1.0, abs(scale), abs(a), abs(b))


def violations(data: PactData, result: Solution) -> list[str]:
    """Every rule violated by ``result`` for ``data``."""
    out: list[str] = []
    years = data.years
    kind = {f.id: f.kind for f in data.funders}
    allowed = {(e.funder, e.domain) for e in data.eligibility if e.allowed}
    inst = {i.id: i for i in data.instruments}
    funding = result.value_map("funding")
    # the mid-term review: a locked year holds exactly what was spent, and its yearly rows
    # that involve nothing but that spending are facts, not rules (model/lock.py)
    locked = set(data.settings.locked_years)
    actual = data.actual_meur()
    for (i, f, y), v in funding.items():
        if y in locked and abs(v - actual.get((i, f, y), 0.0)) > 1e-9:
            out.append(f"locked {i},{f},{y} = {v}, not its actual {actual.get((i, f, y), 0.0)}")
    shift = result.value_map("shift")
    new_money = result.value_map("new_money")
    recycled = result.value_map("recycled")
    build = result.value_map("build")
    switch_on = result.value_map("switch_on")

    spend: dict[tuple[str, int], float] = defaultdict(float)
    public: dict[tuple[str, int], float] = defaultdict(float)
    private: dict[tuple[str, int], float] = defaultdict(float)
    by_funder: dict[tuple[str, int], float] = defaultdict(float)
    for (i, f, y), v in funding.items():
        if v < -TOL:
            out.append(f"negative funding {i},{f},{y} = {v}")
        if (f, inst[i].domain) not in allowed and v > TOL:
            out.append(f"{f} may not pay for domain {inst[i].domain} ({i}, {y}): {v}")
        spend[i, y] += v
        by_funder[f, y] += v
        (private if kind[f] == "private" else public)[i, y] += v
    total = {i: sum(spend[i, y] for y in years) for i in inst}

    # 1 public balance and EU balance; 2 new money caps and budget neutrality
    shifted_by_owner: dict[tuple[str, int], float] = defaultdict(float)
    owner = {b.id: b.owner for b in data.budget_lines}
    for (line, _, y), v in shift.items():
        shifted_by_owner[owner[line], y] += v
    for f in data.funders:
        for y in years:
            n = new_money.get((f.id, y), 0.0)
            if f.kind == "public":
                rhs = shifted_by_owner[f.id, y] + n + recycled.get((f.id, y), 0.0)
                if abs(by_funder[f.id, y] - rhs) > TOL * max(1, rhs):
                    out.append(f"public balance {f.id} {y}: {by_funder[f.id, y]} != {rhs}")
                financed = bool(data.actual_shifts) and y in locked  # a fact of the past
                if data.settings.budget_neutral and n > TOL and not financed:
                    out.append(f"new public money {f.id} {y} = {n} in budget-neutral mode")
            if f.kind == "EU" and abs(by_funder[f.id, y] - n) > TOL * max(1, n):
                out.append(f"EU balance {f.id} {y}: {by_funder[f.id, y]} != {n}")
            # a private funder's money is all new: what it spends is what its caps bound
            money = by_funder[f.id, y] if f.kind == "private" else n
            cap_y = f.new_money_cap_meur.get(y)
            past_fact = f.kind == "private" and y in locked
            if cap_y is not None and not past_fact and not _close_le(money, cap_y):
                out.append(f"new money {f.id} {y} = {money} > cap {cap_y}")
        if f.new_money_cap_total_meur is not None:
            n_total = sum(
                by_funder[f.id, y] if f.kind == "private" else new_money.get((f.id, y), 0.0)
                for y in years
            )
            if not _close_le(n_total, f.new_money_cap_total_meur):
                out.append(f"new money {f.id} total {n_total} > {f.new_money_cap_total_meur}")

    # 3 shift limits, eligibility of destinations, shifted money spent by the owner
    for b in data.budget_lines:
        for y in years:
            out_y = sum(v for (line, _, t), v in shift.items() if line == b.id and t == y)
            cap = b.max_shift_share * (b.baseline_meur.get(y) or 0.0)
            if not (data.actual_shifts and y in locked) and not _close_le(out_y, cap):
                out.append(f"shift from {b.id} in {y}: {out_y} > {cap}")
    into: dict[tuple[str, str, int], float] = defaultdict(float)
    for (line, i, y), v in shift.items():
        b = next(x for x in data.budget_lines if x.id == line)
        if v > TOL and inst[i].domain not in b.to_domains:
            out.append(f"{line} shifted to {i} outside its domains {b.to_domains}")
        into[owner[line], i, y] += v
    for (f, i, y), v in into.items():
        if not _close_le(v, funding.get((i, f, y), 0.0)):
            out.append(f"shifted into {i} by {f} in {y}: {v} > its spending")

    # 4 savings recycling
    s = data.settings
    for (f, y), r in recycled.items():
        realised = 0.0
        for i, row in inst.items():
            delay = max(row.impact_lag_years, 1)
            for t in years:
                if y - delay - s.savings_spread_years < t <= y - delay:
                    realised += (
                        row.savings_government_per_eur
                        / s.savings_spread_years
                        * funding.get((i, f, t), 0.0)
                    )
        if not _close_le(r, s.savings_recycling_share * realised):
            out.append(f"recycled {f} {y}: {r} > {s.savings_recycling_share} × {realised}")

    # 5 leverage and shares; 6 bounds, capacity, ramp-up; 10 maintenance
    for i, row in inst.items():
        for y in years:
            if y in locked:
                continue  # facts of the past: reported by the Review sheet, not imposed
            if row.private_leverage_max is not None and not _close_le(
                private[i, y], row.private_leverage_max * public[i, y]
            ):
                out.append(
                    f"leverage {i} {y}: {private[i, y]} > "
                    f"{row.private_leverage_max} × {public[i, y]}"
                )
            if not _close_le(row.public_share_min * spend[i, y], public[i, y]):
                out.append(f"public share of {i} in {y} below {row.public_share_min}")
            if not _close_le(public[i, y], row.public_share_max * spend[i, y]):
                out.append(f"public share of {i} in {y} above {row.public_share_max}")
            if row.max_per_year_meur is not None and not _close_le(
                spend[i, y], row.max_per_year_meur
            ):
                out.append(f"capacity {i} {y}: {spend[i, y]} > {row.max_per_year_meur}")
            if row.ramp_up_meur is not None:
                before = spend[i, y - 1] if y > years[0] else 0.0
                if not _close_le(spend[i, y] - before, row.ramp_up_meur):
                    out.append(f"ramp-up {i} {y}: +{spend[i, y] - before} > {row.ramp_up_meur}")
            if row.maintenance_rate > 0 and y > years[0]:
                upkeep = row.maintenance_rate * sum(spend[i, t] for t in years if t < y)
                if not _close_le(upkeep, spend[i, y]):
                    out.append(f"maintenance {i} {y}: {spend[i, y]} < upkeep {upkeep}")
        funded = total[i] > TOL
        if row.min_if_funded_meur is not None:
            floor = max(row.min_if_funded_meur, row.min_total_meur)
            if funded and not _close_le(floor, total[i]):
                out.append(f"semi-continuous {i}: {total[i]} is neither 0 nor ≥ {floor}")
        elif not _close_le(row.min_total_meur, total[i]):
            out.append(f"{i} total {total[i]} < min {row.min_total_meur}")
        if not _close_le(total[i], row.max_total_meur):
            out.append(f"{i} total {total[i]} > max {row.max_total_meur}")

    # 7 domain floors and ceilings, total envelope
    for d in data.domains:
        t = sum(total[i] for i, r in inst.items() if r.domain == d.id)
        if d.min_total_meur is not None and not _close_le(d.min_total_meur, t):
            out.append(f"domain {d.id} total {t} < floor {d.min_total_meur}")
        if d.max_total_meur is not None and not _close_le(t, d.max_total_meur):
            out.append(f"domain {d.id} total {t} > ceiling {d.max_total_meur}")
    grand = sum(total.values())
    if s.total_min_meur is not None and not _close_le(s.total_min_meur, grand):
        out.append(f"pact total {grand} < {s.total_min_meur}")
    if s.total_max_meur is not None and not _close_le(grand, s.total_max_meur):
        out.append(f"pact total {grand} > {s.total_max_meur}")

    # 8 precedence
    for link in data.links:
        for y in years:
            if y in locked:
                continue
            after = sum(spend[link.after, t] for t in years if t <= y)
            before = sum(spend[link.before, t] for t in years if t <= y - link.lag_years)
            if not _close_le(after, link.ratio * before):
                out.append(
                    f"precedence {link.before}>{link.after} {y}: {after} > {link.ratio} × {before}"
                )

    # 9 projects: all or nothing, mandatory, requires, excludes, costs inside the instrument
    built = {p.id: build.get((p.id,), 0.0) for p in data.projects}
    for p in data.projects:
        b = built[p.id]
        if min(abs(b), abs(b - 1)) > TOL:
            out.append(f"project {p.id} is partly built ({b})")
        if p.mandatory and b < 1 - TOL:
            out.append(f"mandatory project {p.id} not built")
        if p.requires and b > built[p.requires] + TOL:
            out.append(f"project {p.id} built without {p.requires}")
        if p.excludes and b + built[p.excludes] > 1 + TOL:
            out.append(f"projects {p.id} and {p.excludes} both built")
    for i in inst:
        for y in years:
            cost = sum(
                (p.cost_meur.get(y) or 0.0) * built[p.id]
                for p in data.projects
                if p.instrument == i
            )
            if not _close_le(cost, spend[i, y]):
                out.append(f"projects on {i} cost {cost} in {y} > spending {spend[i, y]}")

    # 12 switches
    for w in data.switches:
        on = switch_on.get((w.id,), 1.0 if w.mode == "on" else 0.0)
        if w.mode == "off" and on > TOL:
            out.append(f"switch {w.id} is off but used")
        if on < 0.5:
            for y in years:
                priv = sum(private[i, y] for i in w.instruments)
                if not _close_le(priv, w.private_cap_off_meur):
                    out.append(f"switch {w.id} off: private {priv} > {w.private_cap_off_meur}")
    return out
