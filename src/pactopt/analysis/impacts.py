"""Impacts of a given plan (no optimisation): output, jobs and savings by domain.

Used by ``pactopt evaluate`` on the reference plan, and by later stages to state the
reference side of every comparison. Impacts are totals attributed to the money spent, with no
cut-off at the horizon and no discounting, as the source's headline figures are stated. Output
follows each instrument's concave curve (Curves sheet) when it has one; spending past the last
segment keeps the last segment's factor.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from pactopt.analysis.plans import built_share
from pactopt.model.accounting import credited_jobs as accounting_credited_jobs
from pactopt.model.accounting import curve_weighted_meur, reskilling_domains
from pactopt.schema.data import PactData
from pactopt.schema.rows import CurveRow, InstrumentRow
from pactopt.solver.solution import Solution


@dataclass(frozen=True)
class Impacts:
    """Money and impacts of a plan or part of it; amounts in €m, jobs in net jobs."""

    spend_meur: float = 0.0
    public_meur: float = 0.0
    private_meur: float = 0.0
    output_meur: float = 0.0
    jobs_direct: float = 0.0
    jobs_indirect: float = 0.0
    savings_government_meur: float = 0.0
    savings_business_meur: float = 0.0
    savings_citizens_meur: float = 0.0

    @property
    def jobs(self) -> float:
        """Direct plus indirect net jobs."""
        return self.jobs_direct + self.jobs_indirect

    @property
    def savings_meur(self) -> float:
        """Savings of government, business and citizens together."""
        return (
            self.savings_government_meur + self.savings_business_meur + self.savings_citizens_meur
        )

    def __add__(self, other: Impacts) -> Impacts:
        return Impacts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )


def instrument_impacts(
    row: InstrumentRow, amount_meur: float, public_share: float, segments: list[CurveRow]
) -> Impacts:
    """Central-value impacts of spending ``amount_meur`` on one instrument."""
    return Impacts(
        spend_meur=amount_meur,
        public_meur=amount_meur * public_share,
        private_meur=amount_meur * (1 - public_share),
        output_meur=row.output_per_eur_central * curve_weighted_meur(amount_meur, segments),
        jobs_direct=row.jobs_direct_per_meur_central * amount_meur,
        jobs_indirect=row.jobs_indirect_per_meur_central * amount_meur,
        savings_government_meur=row.savings_government_per_eur * amount_meur,
        savings_business_meur=row.savings_business_per_eur * amount_meur,
        savings_citizens_meur=row.savings_citizens_per_eur * amount_meur,
    )


def evaluate_plan(
    data: PactData, amounts_meur: Mapping[str, float] | None = None
) -> dict[str, Impacts]:
    """Impacts by domain of a plan (instrument id -> total €m; default: the reference plan).

    The public part of each instrument is the midpoint of its public-share range (the
    reference plan does not say who pays)."""
    by_domain = {d.id: Impacts() for d in data.domains}
    amounts = plan_amounts(data, amounts_meur)
    curves: dict[str, list[CurveRow]] = {}
    for c in data.curves:  # grouped once: a scan per instrument is quadratic at scale
        curves.setdefault(c.instrument, []).append(c)
    for row in data.instruments:
        amount = amounts[row.id]
        segments = curves.get(row.id, [])
        share = (row.public_share_min + row.public_share_max) / 2
        by_domain[row.domain] = by_domain[row.domain] + instrument_impacts(
            row, amount, share, segments
        )
    return by_domain


def total(by_domain: Mapping[str, Impacts]) -> Impacts:
    """The sum over domains."""
    result = Impacts()
    for impacts in by_domain.values():
        result = result + impacts
    return result


def plan_amounts(data: PactData, amounts_meur: Mapping[str, float] | None) -> dict[str, float]:
    """Instrument id -> total €m of a plan (default: the reference plan)."""
    if amounts_meur is None:
        return {i.id: i.reference_plan_meur for i in data.instruments}
    return {i.id: float(amounts_meur.get(i.id, 0.0)) for i in data.instruments}


def credited_jobs(
    data: PactData, by_domain: Mapping[str, Impacts], amounts_meur: Mapping[str, float] | None
) -> float:
    """Jobs after the skills bottleneck (Settings jobs_per_reskilling_meur): jobs outside the
    domains holding a reskilling instrument count only up to that multiple of reskilling
    spending. Without the setting, all jobs count."""
    amounts = plan_amounts(data, amounts_meur)
    reskilling = sum(amounts[i.id] for i in data.instruments if i.reskilling)
    domains = reskilling_domains(data.instruments)
    inside = sum(v.jobs for d, v in by_domain.items() if d in domains)
    outside = sum(v.jobs for d, v in by_domain.items() if d not in domains)
    return accounting_credited_jobs(
        inside, outside, data.settings.jobs_per_reskilling_meur, reskilling
    )


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


def drawn_net_figures(
    data: PactData,
    totals: Mapping[str, float],
    built: Mapping[str, float],
    forgone_meur_jobs: tuple[float, float],
    output_per_eur: Mapping[str, float],
    jobs_per_meur: Mapping[str, float],
) -> tuple[float, float]:
    """(net output €m, net jobs) of a plan, undiscounted, as ``plan_figures`` counts them,
    with drawn coefficients (output per €, direct plus indirect jobs per €m by instrument):
    the headline basis of a draw of the uncertainty sweep. ``built`` is each project's share
    built, ``forgone_meur_jobs`` what the shifted lines would have produced."""
    curves: dict[str, list[CurveRow]] = {}
    for c in data.curves:
        curves.setdefault(c.instrument, []).append(c)
    output = 0.0
    jobs = {d.id: 0.0 for d in data.domains}
    domain_of = {i.id: i.domain for i in data.instruments}
    for row in data.instruments:
        amount = float(totals.get(row.id, 0.0))
        output += output_per_eur[row.id] * curve_weighted_meur(amount, curves.get(row.id, []))
        jobs[row.domain] += jobs_per_meur[row.id] * amount
    for p in data.projects:
        share = built_share(built.get(p.id, 0.0))
        output += share * p.output_meur
        jobs[domain_of[p.instrument]] += share * p.jobs
    inside_domains = reskilling_domains(data.instruments)
    inside = sum(v for d, v in jobs.items() if d in inside_domains)
    outside = sum(v for d, v in jobs.items() if d not in inside_domains)
    reskilling = sum(float(totals.get(i.id, 0.0)) for i in data.instruments if i.reskilling)
    credited = accounting_credited_jobs(
        inside, outside, data.settings.jobs_per_reskilling_meur, reskilling
    )
    lost_output, lost_jobs = forgone_meur_jobs
    return output - lost_output, credited - lost_jobs
