"""Near-optimal ranges on tiny instances derived by hand: two equally good instruments can
each take anything from nothing to everything, and an instrument the rules pin down has its
lowest equal to its highest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pactopt.analysis import alternatives
from pactopt.model.build import create_model
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.schema.parse import load_pact
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solve import open_solver, solve_model
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import instrument, load, output_or_jobs

pytestmark = pytest.mark.solve


def _twins() -> dict[str, object]:
    """output_or_jobs with B made identical to A: 1.5 output and 1 job per €m each, all
    private, ≤ €1,000m together: every split of 1,000 is optimal (objective 1,600)."""
    spec = output_or_jobs()
    spec["Instruments"] = [instrument("A"), instrument("B")]
    return spec


def test_two_equally_good_instruments_range_from_nothing_to_everything(tmp_path: Path) -> None:
    """At 1% the objective must stay ≥ 1,584, i.e. at least 990 €m spent: A alone may take
    0 to 1,000 (B the rest), and so may B; the domain D holds 990 to 1,000."""
    outcome = run_solve(
        load(_twins(), tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=True)
    )
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
    outcome = run_solve(load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=True))
    assert outcome.tables is not None
    a = outcome.tables.alternatives.set_index("id").loc["A"]
    assert a["lowest_meur"] == pytest.approx(300.0)
    assert a["highest_meur"] == pytest.approx(a["lowest_meur"])
    assert a["verdict"] == "forced"
    assert "1 of 2 instruments is forced by the rules" in outcome.tables.alternatives_text


def test_alternatives_can_be_left_out_and_say_how_to_ask(tmp_path: Path) -> None:
    outcome = run_solve(
        load(_twins(), tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None and outcome.tables.alternatives.empty
    assert outcome.tables.alternatives_text.startswith(
        "Near-optimal ranges were not computed (--no-alternatives)"
    )


def _every_extreme_solved(m: Any, direct: Any, data: Any, optimum: Any) -> dict[str, tuple]:
    """The ranges the plain way, as an independent check: both ends of every part
    re-solved, no bound taken as proven."""
    held = alternatives.held_near(direct, data, optimum)
    parts = alternatives._parts_of(data, optimum)
    with alternatives._held(m, direct, data, held):
        return {
            f"{kind} {key}": (
                alternatives._extreme(direct, expr, maximise=False),
                alternatives._extreme(direct, expr, maximise=True),
            )
            for (kind, key, _, _), expr in zip(parts, alternatives._parts(m, data), strict=True)
        }


def test_proven_ends_give_the_same_ranges_as_solving_every_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On the reference workbook (a MILP), the ranges that skip the ends the rules prove are
    those of solving all 78 ends, to 1e-6 €m; and fewer runs are made."""
    data = load_pact(REFERENCE_XLSX)
    m = create_model(data)
    direct = open_solver(m, data.settings)
    optimum = solve_model(m, data.settings, direct=direct)
    runs: list[int] = []
    run = DirectHighs.run
    monkeypatch.setattr(DirectHighs, "run", lambda self: runs.append(1) or run(self))
    ranges = alternatives.near_optimal_ranges(m, direct, data, optimum)
    skipping = len(runs)
    plain = _every_extreme_solved(m, direct, data, optimum)
    assert len(runs) - skipping == 2 * len(plain) == 78
    assert skipping < 60  # 50 on this workbook: the other ends are floors and caps reached
    assert len(ranges) == len(plain)
    for r in ranges:
        low, high = plain[f"{r.kind} {r.key}"]
        assert r.low_meur == pytest.approx(min(low, r.optimised_meur), abs=1e-6)
        assert r.high_meur == pytest.approx(max(high, r.optimised_meur), abs=1e-6)
    # the instance is left as it was: the optimum solves again to the same objective
    assert solve_model(m, data.settings, direct=direct).objective == pytest.approx(
        optimum.objective
    )


def test_an_instrument_held_by_its_floor_and_cap_needs_no_re_solve(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A's floor and cap are both 300: its two ends are proven by its rows and reached by the
    optimum itself, so only B, the domain and the years are re-solved."""
    spec = _twins()
    spec["Instruments"][0].update({"min_total_meur": 300, "max_total_meur": 300})
    data = load(spec, tmp_path)
    m = create_model(data)
    direct = open_solver(m, data.settings)
    optimum = solve_model(m, data.settings, direct=direct)
    asked: list[Any] = []
    extreme = alternatives._extreme
    monkeypatch.setattr(
        alternatives,
        "_extreme",
        lambda d, e, *, maximise: asked.append(e) or extreme(d, e, maximise=maximise),
    )
    ranges = {r.key: r for r in alternatives.near_optimal_ranges(m, direct, data, optimum)}
    assert ranges["A"].low_meur == pytest.approx(300.0)
    assert ranges["A"].high_meur == pytest.approx(300.0)
    assert all(e is not m.pyomo.total_spend["A"] for e in asked)
