"""Calibration: the reference plan reproduces the source's headline figures within 5%.

Targets (source 001): additional output ≈ €45bn (L564-570), net jobs ≈ 40,000 (L587-592),
savings ≈ €11bn (L594-598) of which government ≈ 8, business ≈ 1.5, citizens ≈ 2 (L2729-2733).
"""

from __future__ import annotations

import pytest

from pactopt.analysis.impacts import Impacts, evaluate_plan, total
from pactopt.schema.parse import load_pact
from tests.conftest import REFERENCE_XLSX

pytestmark = pytest.mark.fast

TOLERANCE = 0.05


@pytest.fixture(scope="module")
def reference_total() -> Impacts:
    return total(evaluate_plan(load_pact(REFERENCE_XLSX)))


@pytest.mark.parametrize(
    ("figure", "target"),
    [
        ("output_meur", 45_000),
        ("jobs", 40_000),
        ("savings_meur", 11_000),
        ("savings_government_meur", 8_000),
        ("savings_business_meur", 1_500),
        ("savings_citizens_meur", 2_000),
    ],
)
def test_headline_figure_within_five_percent(
    reference_total: Impacts, figure: str, target: float
) -> None:
    """Each headline figure of the source is reproduced within 5%."""
    value = getattr(reference_total, figure)
    assert abs(value - target) / target <= TOLERANCE, f"{figure} = {value:,.0f} vs {target:,}"


def test_reference_plan_within_source_envelopes() -> None:
    """The plan totals €32-37bn and each domain lies within the source's range."""
    data = load_pact(REFERENCE_XLSX)
    by_domain = evaluate_plan(data)
    assert 32_000 <= total(by_domain).spend_meur <= 37_000
    for domain in data.domains:
        assert domain.min_total_meur is not None and domain.max_total_meur is not None
        assert domain.min_total_meur <= by_domain[domain.id].spend_meur <= domain.max_total_meur


def test_curve_weights_spending_beyond_first_segment() -> None:
    """A hand-derived curve value: 4,100 €m on EC1 (segments 4,000 @1.0, 4,300 @0.75) gives
    4,000 + 100 × 0.75 = 4,075 €m weighted, × 1.48 = 6,031 €m output."""
    data = load_pact(REFERENCE_XLSX)
    amounts = {"EC1": 4_100.0}
    eco = evaluate_plan(data, amounts)["ECO"]
    assert eco.output_meur == pytest.approx(4_075 * 1.48)
