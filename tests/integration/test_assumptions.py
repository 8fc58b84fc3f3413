"""What the plan depends on, on tiny instances derived by hand: assumed binding limits and
assumed coefficients ranked by the value at stake, and the private money the plan counts on
where an instrument sits at its minimum public share."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.pipeline import SolveOptions, run_solve
from tests.model.tiny import base, instrument, load, output_or_jobs

pytestmark = pytest.mark.solve


def test_assumed_limit_and_coefficient_ranked_by_value_at_stake(tmp_path: Path) -> None:
    """output_or_jobs with B's ceiling raised to 2,000 so that only the pact's €1,000m total
    binds: all goes to B (2.0 of value per €m), so the total is worth 2.0 × 10% × 1,000 = 200.
    B's output per € ranges 0.5-1.5 around 1.0 on €1,000m: ±500 of objective. Every source
    in the tiny workbook is ASSUMED, so both are listed, the coefficient first."""
    spec = output_or_jobs()
    spec["Instruments"][1].update(
        {"max_total_meur": 2000, "output_per_eur_low": 0.5, "output_per_eur_high": 1.5}
    )
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    table = outcome.tables.assumptions
    assert list(table["what"]) == [
        "output per € of instrument B",
        "the pact's total is at its ceiling of €1,000m",
    ]
    assert list(table["value_at_stake_meur"]) == pytest.approx([500.0, 200.0])
    assert table["cells"].iloc[1] == data.cell("Settings", "total_max_meur", "value")
    assert list(table["rank"]) == [1, 2]
    assert "output per € of instrument B" in outcome.tables.assumptions_text
    assert "private investors" not in outcome.tables.assumptions_text


@pytest.mark.parametrize(("least_share", "private"), [(0.5, "€100m"), (0.25, "€300m")])
def test_private_money_at_the_least_public_share_is_stated(
    tmp_path: Path, least_share: float, private: str
) -> None:
    """base(): A needs a least share of public money, and only line L gives it (€50m a year,
    two years, €100m): at a half, A takes 200 of which 100 private; at a quarter, 400 of
    which 300 private (not the 100 public). The Summary says the plan counts on that private
    money."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=least_share)]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    assert f"It counts on {private} of private money" in outcome.tables.assumptions_text
    assert "the plan holds only if private investors follow" in outcome.tables.assumptions_text


def test_a_coefficient_s_stake_is_discounted_from_the_year_its_impact_lands(
    tmp_path: Path,
) -> None:
    """The case above with a 10% discount rate and B's impact one year late: all €1,000m goes
    to B in 2025 (earlier is worth more), its output lands in 2026 and counts 1 / 1.1. B's
    output per € ranges ±0.5: 0.5 × 1,000 / 1.1 = €454.5m at stake; the total's ceiling is
    worth 10% × 2.0 × 1,000 / 1.1 = €181.8m."""
    spec = output_or_jobs()
    spec["settings"]["discount_rate"] = 0.1
    spec["Instruments"][1].update(
        {
            "max_total_meur": 2000,
            "output_per_eur_low": 0.5,
            "output_per_eur_high": 1.5,
            "impact_lag_years": 1,
        }
    )
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    table = outcome.tables.assumptions
    assert list(table["value_at_stake_meur"]) == pytest.approx([500 / 1.1, 200 / 1.1])
    coefficient = ", ".join(
        data.cell("Instruments", "B", column)
        for column in ("output_per_eur_low", "output_per_eur_high")
    )
    total = data.cell("Settings", "total_max_meur", "value")
    assert outcome.tables.assumptions_text == (
        "The plan depends most on these assumed or derived figures: output per € of "
        f"instrument B ({coefficient}; €455m at stake); the pact's total is at its ceiling "
        f"of €1,000m ({total}; €182m at stake)."
    )


def test_a_curved_coefficient_s_stake_is_discounted_from_its_impact_year_too(
    tmp_path: Path,
) -> None:
    """As above, with B's output on a curve: full for its first €500m, half after. B's first
    segment is worth (1.0 + 10 × 0.1) / 1.1 = 1.82 per €m, then A's 1.6 beats B's second
    segment (1.5 / 1.1): €500m each. B's output per € moves ±0.5 on €500m at full factor,
    landing in 2026: 0.5 × 500 / 1.1 = €227.3m at stake; the total's ceiling 10% × 1,000 ×
    1.6 = €160m."""
    spec = output_or_jobs()
    spec["settings"]["discount_rate"] = 0.1
    spec["Instruments"][1].update(
        {
            "max_total_meur": 2000,
            "output_per_eur_low": 0.5,
            "output_per_eur_high": 1.5,
            "impact_lag_years": 1,
        }
    )
    spec["Curves"] = [
        {"instrument": "B", "segment": k, "upper_cum_meur": end, "output_factor": f, "source": "x"}
        for k, end, f in ((1, 500, 1.0), (2, 2000, 0.5))
    ]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.result.objective == pytest.approx(500 * 2.0 / 1.1 + 500 * 1.6)
    assert outcome.tables is not None
    table = outcome.tables.assumptions
    assert list(table["what"]) == [
        "output per € of instrument B",
        "the pact's total is at its ceiling of €1,000m",
    ]
    assert list(table["value_at_stake_meur"]) == pytest.approx([250 / 1.1, 160.0])
