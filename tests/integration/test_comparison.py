"""The like-for-like comparison on tiny instances derived by hand: the reference plan checked
under the workbook's own rules (the breach in cells and euros), the bridge whose steps add up
to the whole difference, and net figures that are gross less forgone on every plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.pipeline import SolveOptions, run_solve
from pactopt.report.paragraph import headline_paragraph
from pactopt.report.summary import BRIDGE_STEPS
from tests.model.tiny import base, instrument, load, output_or_jobs

pytestmark = pytest.mark.solve


def test_a_reference_plan_above_a_ceiling_breaks_it_by_the_excess(tmp_path: Path) -> None:
    """A's reference amount is €1,200m against its €1,000m ceiling (Instruments max_total):
    with the total held at 1,200 only the ceiling can give way, by exactly €200m; the nearest
    plan within the rules moves those €200m and is compared instead."""
    spec = base()
    spec["Instruments"] = [instrument("A", reference_plan_meur=1200)]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx")
    assert outcome.tables is not None and outcome.tables.reference_feasible is False
    breaches = outcome.tables.reference_breaches
    cell = data.cell("Instruments", "A", "max_total_meur")
    assert list(breaches["cells"]) == [cell]
    assert list(breaches["short_meur"]) == [pytest.approx(200.0)]
    assert breaches["explanation"].iloc[0] == (
        f"the ceiling of instrument A ({cell}) must give way by €200m"
    )
    paragraph = headline_paragraph(outcome.tables)
    assert f"the ceiling of instrument A ({cell}) would have to give way by €200m." in paragraph
    # compared instead as the nearest plan within the rules (A at its €1,000m ceiling)
    assert not outcome.tables.bridge.empty
    assert "moves €200m of the announced plan's totals" in paragraph


def test_the_bridge_adds_up_to_the_whole_difference(tmp_path: Path) -> None:
    """output_or_jobs: A gives 1.5 output and 1 job per €m, B 1.0 and 10; all private, no
    discounting, together ≤ €1,000m; a €m of A is worth 1.6, of B 2.0. The reference plan
    (A 300, B 200) yields 650 output and 2,300 jobs. At its own spending (500) the best plan
    is all B: 500 and 5,000, so reallocation gives −150 output and +2,700 jobs. The full
    envelope is all B at 1,000: 1,000 and 10,000, another +500 and +5,000."""
    spec = output_or_jobs()
    spec["Instruments"][0]["reference_plan_meur"] = 300
    spec["Instruments"][1]["reference_plan_meur"] = 200
    outcome = run_solve(load(spec, tmp_path), tmp_path / "in.xlsx")
    assert outcome.tables is not None and outcome.tables.reference_feasible is True
    bridge = outcome.tables.bridge.set_index("step")
    assert list(bridge.index) == list(BRIDGE_STEPS)
    assert list(bridge["net_output_meur"]) == pytest.approx([650, -150, 500, 1000])
    assert list(bridge["net_jobs"]) == pytest.approx([2300, 2700, 5000, 10_000])
    assert list(bridge["public_meur"]) == pytest.approx([0, 0, 0, 0], abs=1e-9)
    for column in ("net_output_meur", "net_jobs", "public_meur"):
        start, realloc, more, end = bridge[column]
        assert start + realloc + more == pytest.approx(end, rel=1e-12, abs=1e-9)
    summary = outcome.tables.summary.set_index("figure")
    assert summary.loc["Net output (€m)", "reference"] == pytest.approx(650)
    assert summary.loc["Net output (€m)", "difference"] == pytest.approx(350)
    paragraph = headline_paragraph(outcome.tables)
    assert "On the same net basis, the reference plan financed within the same rules" in paragraph
    assert "−€150m comes from reallocating" in paragraph and "+€500m from spending" in paragraph


def test_net_is_gross_less_forgone_on_every_plan(tmp_path: Path) -> None:
    """base(): A needs public money (public share ≥ 0.5) which only budget line L can give, at
    1 € of output and 0.5 jobs forgone per € shifted. Every plan's net figures are its gross
    figures less what its shifts forgo, and the forgone amounts are those of its shifts."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=0.5, reference_plan_meur=100)]
    outcome = run_solve(load(spec, tmp_path), tmp_path / "in.xlsx")
    assert outcome.tables is not None and outcome.tables.reference_feasible is True
    s = outcome.tables.summary.set_index("figure")
    for side in ("optimised", "reference"):
        gross = s.loc["Gross output, before what the shifted lines produced (€m)", side]
        lost = s.loc["Output forgone on shifted lines (€m)", side]
        assert lost > 0
        assert s.loc["Net output (€m)", side] == pytest.approx(gross - lost)
        jobs = s.loc["Gross jobs, before the jobs of the shifted lines", side]
        lost_jobs = s.loc["Jobs forgone on shifted lines", side]
        assert s.loc["Net jobs", side] == pytest.approx(jobs - lost_jobs)
        assert lost_jobs == pytest.approx(0.5 * lost)  # 0.5 jobs per €m against 1 € per €


def test_in_budget_neutral_mode_the_next_euro_is_a_shift_cap_not_new_money(
    tmp_path: Path,
) -> None:
    """base() is budget-neutral: the Summary's last sentence may not suggest new money; it
    names the lever the workbook leaves, a line's shift cap, at its value net of what the
    line would have produced. A needs half its money public, so one more €m shifted from L
    in 2025 brings €1m of private money with it: 2 × (1.5 output + 0.1 × 1 job) = 3.2,
    less L's 1 € of output and 0.1 × 0.5 jobs = 1.05, is 2.15; 2026 is worth the same, so the
    sentence names both years rather than single one out."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=0.5)]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    assert outcome.tables is not None
    share, baseline = (
        data.cell("BudgetLines", "L", "max_shift_share"),
        data.cell("BudgetLines", "L", "2025"),
    )
    assert outcome.tables.next_euro == (
        "The workbook allows no new money, so of the shift caps, the most valuable to raise is "
        f"that of line L in each of 2025-2026 ({share}, {baseline}): one more €m shifted adds "
        "€2.15m of value, net of what the line would have produced."
    )


def test_marginal_ranges_share_one_convention(tmp_path: Path) -> None:
    """Every Marginal row states its range as absolute values of the limit itself and as
    changes from its current value. The shift cap of L in 2025 is now 0.5 × €100m = €50m;
    A's €1,000m ceiling at half public money takes at most €500m public, €50m of it shifted
    in 2026, so the cap's value holds up to €450m (a change of +€400m). A money row's limit
    (the funder's extra money that year) is 0 now and holds up to +€400m."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=0.5)]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    rows = outcome.tables.marginal.set_index("what")
    cap = rows.loc["Shifting one more €m from line L in 2025"]
    assert cap["limit_now_meur"] == pytest.approx(50.0)
    assert cap["valid_to_meur"] == pytest.approx(450.0)
    assert cap["change_up_meur"] == pytest.approx(400.0)
    assert cap["change_down_meur"] == pytest.approx(cap["valid_from_meur"] - 50.0)
    assert "(now €50m)" in cap["meaning"]
    money = rows.loc["One more €m of government money in 2025"]
    assert money["limit_now_meur"] == 0.0
    assert money["change_up_meur"] == money["valid_to_meur"] == pytest.approx(400.0)
