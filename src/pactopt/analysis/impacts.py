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

from pactopt.model.accounting import credited_jobs as accounting_credited_jobs
from pactopt.model.accounting import curve_weighted_meur, reskilling_domains
from pactopt.schema.data import PactData
from pactopt.schema.rows import CurveRow, InstrumentRow


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
