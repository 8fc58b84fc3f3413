"""The accounting rules, written once: discounting, when savings are realised, how spending
fills a diminishing-returns curve, and how jobs are credited after the skills bottleneck.

The model (constraint families and objective), the impacts of a given plan and the
explanations all use these functions, so the three can never count differently. Plain
Python: no Pyomo, no HiGHS (the functions take numbers or, where said, any expression that
supports + and ×).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from pactopt.schema.rows import CurveRow, InstrumentRow


def discount_factor(rate: float, first_year: int, year: int) -> float:
    """Discount factor of an impact arising in ``year``: (1 + rate)^−(year − first_year),
    so 1 in the first year of the horizon."""
    return float((1 + rate) ** -(year - first_year))


def project_discount_factor(
    cost_by_year: Mapping[int, float | None],
    factor: Callable[[int], float],
    first_year: int,
    lag_years: int,
) -> float:
    """Discount factor of a project's output and jobs, which the workbook gives as lump sums:
    they arise as its cost is spent, like an instrument's impacts, so the factor is the
    cost-weighted average of factor(year + lag) over its cost profile (factor(first_year +
    lag) for a project with no cost)."""
    costs = {y: v for y, v in cost_by_year.items() if v}
    total = sum(costs.values())
    if total <= 0:
        return factor(first_year + lag_years)
    return sum(v * factor(y + lag_years) for y, v in costs.items()) / total


def least_spending_profile(
    cost_by_year: dict[int, float], years: Sequence[int], maintenance_rate: float
) -> dict[int, float]:
    """The least an instrument can spend each year to pay the given costs and keep up what it
    spent before (the maintenance rule: from the second year on, spend[y] ≥ rate × Σ_{t<y}
    spend[t]). Spending more early only raises the upkeep later, so paying each year's cost
    and upkeep exactly is the least profile."""
    profile: dict[int, float] = {}
    spent = 0.0
    for k, year in enumerate(years):
        upkeep = maintenance_rate * spent if k > 0 else 0.0
        profile[year] = max(cost_by_year.get(year, 0.0), upkeep)
        spent += profile[year]
    return profile


def savings_delay_years(impact_lag_years: int) -> int:
    """Years between spending and its first savings: the impact lag, at least one year (so
    money can never fund itself in the year it is spent)."""
    return max(impact_lag_years, 1)


def savings_source_years(
    year: int, years: Iterable[int], impact_lag_years: int, spread_years: int
) -> list[int]:
    """The spending years whose government savings are realised in ``year``: savings of a
    euro spent in t arrive evenly over ``spread_years`` years from t + delay, so year y
    receives from every t with y − delay − spread < t ≤ y − delay."""
    delay = savings_delay_years(impact_lag_years)
    return [t for t in years if year - delay - spread_years < t <= year - delay]


@dataclass(frozen=True)
class Segment:
    """One piece of a concave output curve: its number, the €m it holds (None for the open
    tail past the last segment) and its output factor."""

    segment: int
    width_meur: float | None
    output_factor: float


def curve_segments(rows: Sequence[CurveRow]) -> list[Segment]:
    """An instrument's curve as segments in order, with the open tail past the last one
    (which keeps the last factor); empty when the instrument has no curve."""
    ordered = sorted(rows, key=lambda r: r.segment)
    out, start = [], 0.0
    for row in ordered:
        out.append(Segment(row.segment, row.upper_cum_meur - start, row.output_factor))
        start = row.upper_cum_meur
    if ordered:
        out.append(Segment(ordered[-1].segment + 1, None, ordered[-1].output_factor))
    return out


def curve_weighted_meur(amount_meur: float, rows: Sequence[CurveRow]) -> float:
    """€m of spending weighted by the curve's factors, filling segments in order (the curve
    is concave, so this is what the optimiser does too with undiscounted impacts):
    Σ_s factor_s × fill_s. Without a curve, the amount itself."""
    segments = curve_segments(rows)
    if not segments:
        return amount_meur
    weighted, left = 0.0, amount_meur
    for seg in segments:
        fill = max(0.0, left if seg.width_meur is None else min(left, seg.width_meur))
        weighted += seg.output_factor * fill
        left -= fill
    return weighted


def reskilling_domains(instruments: Iterable[InstrumentRow]) -> set[str]:
    """Domains holding at least one reskilling instrument: their jobs always count."""
    return {r.domain for r in instruments if r.reskilling}


def credited_jobs(
    jobs_inside: float, jobs_outside: float, multiple: float | None, reskilling_meur: float
) -> float:
    """Jobs after the skills bottleneck: jobs outside the reskilling domains count only up
    to ``multiple`` × €m spent on reskilling; without a multiple every job counts."""
    if multiple is None:
        return jobs_inside + jobs_outside
    return jobs_inside + min(jobs_outside, multiple * reskilling_meur)
