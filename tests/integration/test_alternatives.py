"""Near-optimal ranges on tiny instances derived by hand: two equally good instruments can
each take anything from nothing to everything, and an instrument the rules pin down has its
lowest equal to its highest."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.pipeline import run_solve
from tests.model.tiny import instrument, load, output_or_jobs


def _twins() -> dict[str, object]:
    """output_or_jobs with B made identical to A: 1.5 output and 1 job per €m each, all
    private, ≤ €1,000m together: every split of 1,000 is optimal (objective 1,600)."""
    spec = output_or_jobs()
    spec["Instruments"] = [instrument("A"), instrument("B")]
    return spec


def test_two_equally_good_instruments_range_from_nothing_to_everything(tmp_path: Path) -> None:
    """At 1% the objective must stay ≥ 1,584, i.e. at least 990 €m spent: A alone may take
    0 to 1,000 (B the rest), and so may B; the domain D holds 990 to 1,000."""
    outcome = run_solve(load(_twins(), tmp_path), tmp_path / "in.xlsx", alternatives=True)
    assert outcome.tables is not None
    table = outcome.tables.alternatives.set_index("id")
    for twin in ("A", "B"):
        assert table.loc[twin, "lowest_meur"] == pytest.approx(0.0, abs=1e-6)
        assert table.loc[twin, "highest_meur"] == pytest.approx(1000.0)
        assert table.loc[twin, "verdict"] == "free"
    assert table.loc["D", "lowest_meur"] == pytest.approx(990.0)
    assert table.loc["D", "highest_meur"] == pytest.approx(1000.0)
    assert table.loc["D", "verdict"] == "forced"  # 10 €m wide: 1% of its upper end


def test_an_instrument_pinned_by_its_bounds_is_forced(tmp_path: Path) -> None:
    """A's floor and ceiling are both €300m: whatever the tolerance, it takes exactly 300."""
    spec = _twins()
    spec["Instruments"][0].update({"min_total_meur": 300, "max_total_meur": 300})
    outcome = run_solve(load(spec, tmp_path), tmp_path / "in.xlsx", alternatives=True)
    assert outcome.tables is not None
    a = outcome.tables.alternatives.set_index("id").loc["A"]
    assert a["lowest_meur"] == pytest.approx(300.0)
    assert a["highest_meur"] == pytest.approx(a["lowest_meur"])
    assert a["verdict"] == "forced"
    assert "1 of 2 instruments are forced by the rules" in outcome.tables.alternatives_text


def test_alternatives_can_be_left_out_and_say_how_to_ask(tmp_path: Path) -> None:
    outcome = run_solve(load(_twins(), tmp_path), tmp_path / "in.xlsx", alternatives=False)
    assert outcome.tables is not None and outcome.tables.alternatives.empty
    assert outcome.tables.alternatives_text.startswith(
        "Near-optimal ranges were not computed (--no-alternatives)"
    )
