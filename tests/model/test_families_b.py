"""Families 8-13 on tiny instances whose optimum is derived by hand.

Every instance is ``tiny.base()`` changed minimally. In ``base()`` an instrument is worth
1.5 (output per €) + 0.1 × 1 (jobs per €m × €m per job) = 1.6 per €m; the private funder may
pay for everything at no cost; a euro shifted from line L (≤ 50 €m a year) forgoes
1 + 0.1 × 0.5 = 1.05. Each docstring holds the derivation; each family also has a "binding"
test in which the solution sits exactly on the family's limit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pactopt.model.families import core_rules
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, SolveStatus
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.solve

SolveTiny = Callable[[dict[str, Any]], tuple[PactData, Any, Solution]]
SRC = "ASSUMED: test"


def flat(
    id_: str, domain: str = "D", out: float = 1.5, jobs: float = 1.0, **changes: Any
) -> dict[str, Any]:
    """An instrument row with output per € ``out`` and direct jobs per €m ``jobs`` (low =
    central = high)."""
    return instrument(
        id_,
        domain,
        output_per_eur_low=out,
        output_per_eur_central=out,
        output_per_eur_high=out,
        jobs_direct_per_meur_low=jobs,
        jobs_direct_per_meur_central=jobs,
        jobs_direct_per_meur_high=jobs,
        **changes,
    )


def spend(result: Solution, instrument_id: str, year: int | None = None) -> float:
    """Spending on an instrument by all funders, in one year or (None) over the horizon."""
    return sum(
        value
        for (i, _, y), value in result.values["funding"].items()
        if i == instrument_id and (year is None or y == year)
    )


def private(result: Solution, year: int) -> float:
    """Private spending over all instruments in ``year``."""
    return sum(
        value for (_, f, y), value in result.values["funding"].items() if f == "priv" and y == year
    )


def fill(result: Solution, instrument: str, segment: int) -> float:
    """€m in a curve segment over all years (segment_fill is indexed by year)."""
    return sum(
        v
        for (i, s, _), v in result.values["segment_fill"].items()
        if i == instrument and s == segment
    )


def approx(value: float) -> Any:
    """Equality up to solver tolerance."""
    return pytest.approx(value, rel=1e-6, abs=1e-6)


# --------------------------------------------------------------------------------------------
# Family 8: precedence
# --------------------------------------------------------------------------------------------


def precedence_spec(lag: int, ratio: float = 2.0) -> dict[str, Any]:
    """A (1.6 per €m, at most 100 €m) must precede B (output 3 per € → 3.1 per €m)."""
    spec = base()
    spec["Instruments"] = [instrument("A", max_total_meur=100), flat("B", out=3.0)]
    spec["Links"] = [{"before": "A", "after": "B", "ratio": ratio, "lag_years": lag, "source": SRC}]
    return spec


def test_precedence_caps_after_at_ratio_times_before(solve_tiny: SolveTiny) -> None:
    """Link A>B, ratio 2, lag 0. B (3.1/€m) is worth more than A (1.6/€m) but cumulative B
    ≤ 2 × cumulative A, and A ≤ 100. So A = 100, B = 200 (not its 1000 €m ceiling).
    Objective = 1.6 × 100 + 3.1 × 200 = 160 + 620 = 780; output = 150 + 600 = 750,
    jobs = 300. The 2026 link is the binding one: one more €m of allowance buys one €m of
    B, so its dual is 3.1."""
    _, _, result = solve_tiny(precedence_spec(lag=0))
    assert result.status is SolveStatus.OPTIMAL
    assert not result.is_mip
    assert result.objective == approx(780.0)
    assert spend(result, "A") == approx(100.0)
    assert spend(result, "B") == approx(200.0)
    assert result.figures["output"] == approx(750.0)
    assert result.figures["jobs"] == approx(300.0)
    assert abs(result.duals["precedence"][("A>B", 2026)]) == approx(3.1)


def test_precedence_binding_with_lag(solve_tiny: SolveTiny) -> None:
    """Binding, lag 1: in 2025 B ≤ 2 × (A spent before 2025) = 0; in 2026
    B25 + B26 ≤ 2 × A25. So A must be spent in 2025: A25 = 100, A26 = 0, B25 = 0,
    B26 = 200 = 2 × A25 exactly on the limit. Objective = 160 + 620 = 780."""
    _, _, result = solve_tiny(precedence_spec(lag=1))
    assert result.objective == approx(780.0)
    assert spend(result, "A", 2025) == approx(100.0)
    assert spend(result, "A", 2026) == approx(0.0)
    assert spend(result, "B", 2025) == approx(0.0)
    assert spend(result, "B", 2026) == approx(2.0 * spend(result, "A", 2025))
    assert spend(result, "B", 2026) == approx(200.0)


def test_precedence_lag_beyond_horizon_blocks_after(solve_tiny: SolveTiny) -> None:
    """Lag 2 on a two-year horizon: no A is ever spent 2 years before a horizon year, so
    B ≤ 0 throughout. Only A = 100 is funded: objective = 1.6 × 100 = 160."""
    _, _, result = solve_tiny(precedence_spec(lag=2))
    assert result.objective == approx(160.0)
    assert spend(result, "B") == approx(0.0)
    assert spend(result, "A") == approx(100.0)


# --------------------------------------------------------------------------------------------
# Family 9: indivisible — semi-continuous instruments
# --------------------------------------------------------------------------------------------


def semicontinuous_spec(**a_changes: Any) -> dict[str, Any]:
    """Total envelope 200 €m; B (3.1/€m) capped at 150; semi-continuous A (1.6/€m)."""
    spec = base()
    spec["settings"]["total_max_meur"] = 200
    spec["Instruments"] = [
        instrument("A", **a_changes),
        flat("B", out=3.0, max_total_meur=150),
    ]
    return spec


def test_semicontinuous_floor_binding(solve_tiny: SolveTiny) -> None:
    """Binding, A min_if_funded 80. The LP would take B = 150 and A = 50 (545) but A may not
    be funded below 80. Options: A = 0, B = 150 → 3.1 × 150 = 465; A = 80, B = 120 →
    1.6 × 80 + 3.1 × 120 = 128 + 372 = 500. So A sits exactly on its floor, 80; objective
    500; the model is a MILP with funded[A] = 1."""
    _, _, result = solve_tiny(semicontinuous_spec(min_if_funded_meur=80))
    assert result.is_mip
    assert result.duals_conditional
    assert result.objective == approx(500.0)
    assert spend(result, "A") == approx(80.0)
    assert spend(result, "B") == approx(120.0)
    assert result.value("funded", "A") == approx(1.0)


def test_semicontinuous_unfunded_spends_nothing(solve_tiny: SolveTiny) -> None:
    """A min_if_funded 120: A = 120, B = 80 gives 192 + 248 = 440 < 465 (A = 0, B = 150).
    So funded[A] = 0 and semicontinuous_max holds A's total at 0 × 1000 = 0; objective 465."""
    _, _, result = solve_tiny(semicontinuous_spec(min_if_funded_meur=120))
    assert result.is_mip
    assert result.objective == approx(465.0)
    assert result.value("funded", "A") == approx(0.0)
    assert spend(result, "A") == approx(0.0)
    assert spend(result, "B") == approx(150.0)


def test_semicontinuous_floor_is_larger_of_min_if_funded_and_min_total(
    solve_tiny: SolveTiny,
) -> None:
    """A min_if_funded 80, min_total 100: the floor if funded is max(80, 100) = 100.
    A = 100, B = 100 → 160 + 310 = 470 > 465 (A = 0), so A = 100 exactly; objective 470."""
    spec = semicontinuous_spec(min_if_funded_meur=80, min_total_meur=100)
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(470.0)
    assert spend(result, "A") == approx(100.0)
    assert spend(result, "B") == approx(100.0)


def test_semicontinuous_ceiling_binding(solve_tiny: SolveTiny) -> None:
    """Binding: base with A min_if_funded 80, max_total 500 (instrument_max_total is
    skipped for a semi-continuous instrument; semicontinuous_max carries the ceiling).
    Private money is free, so A is funded up to exactly 500: objective 1.6 × 500 = 800."""
    spec = base()
    spec["Instruments"] = [instrument("A", min_if_funded_meur=80, max_total_meur=500)]
    _, _, result = solve_tiny(spec)
    assert result.is_mip
    assert result.objective == approx(800.0)
    assert spend(result, "A") == approx(500.0)
    assert result.value("funded", "A") == approx(1.0)


def test_semicontinuous_infeasible_when_project_forces_funding(solve_tiny: SolveTiny) -> None:
    """A mandatory project costing 10 €m a year on A forces A funded, hence A ≥ 300
    (min_if_funded), above the 200 €m envelope: infeasible."""
    spec = semicontinuous_spec(min_if_funded_meur=300)
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "p",
            "mandatory": "yes",
            "cost_meur": 10,
            "source": SRC,
        },
    ]
    _, _, result = solve_tiny(spec)
    assert result.is_mip
    assert result.status is SolveStatus.INFEASIBLE
    assert result.objective is None


# --------------------------------------------------------------------------------------------
# Family 9: indivisible — projects
# --------------------------------------------------------------------------------------------


def project(
    id_: str, cost: Any, output: float, jobs: float = 0.0, **changes: Any
) -> dict[str, Any]:
    """A project on the worthless instrument A."""
    row = {
        "id": id_,
        "instrument": "A",
        "name": f"project {id_}",
        "output_meur": output,
        "jobs": jobs,
        "cost_meur": cost,
        "source": SRC,
    }
    row.update(changes)
    return row


P1 = {2025: 30, 2026: 10}  # 40 €m, output 100, 50 jobs → worth 105


def project_spec(*projects: dict[str, Any], a_max: float = 1000) -> dict[str, Any]:
    """Envelope 100 €m; A gives nothing by itself (only its projects do); B is worth 1.6/€m,
    so every €m a project costs gives up 1.6 of B."""
    spec = base()
    spec["settings"]["total_max_meur"] = 100
    spec["Instruments"] = [flat("A", out=0.0, jobs=0.0, max_total_meur=a_max), instrument("B")]
    spec["Projects"] = list(projects)
    return spec


def test_project_built_when_worth_its_cost(solve_tiny: SolveTiny) -> None:
    """P1 costs 30 (2025) + 10 (2026) = 40 and yields output 100 + 0.1 × 50 jobs = 105 >
    1.6 × 40 = 64 of B given up. Built: objective 105 + 1.6 × 60 = 201; A spends exactly the
    project's costs (30, 10), B the remaining 60; output 100, jobs 50 + 60 = 110."""
    _, _, result = solve_tiny(project_spec(project("P1", P1, 100, 50)))
    assert result.is_mip
    assert result.objective == approx(201.0)
    assert result.value("build", "P1") == approx(1.0)
    assert spend(result, "A", 2025) == approx(30.0)
    assert spend(result, "A", 2026) == approx(10.0)
    assert spend(result, "B") == approx(60.0)
    assert result.figures["output"] == approx(100.0 + 1.5 * 60)
    assert result.figures["jobs"] == approx(110.0)


def test_project_not_built_when_not_worth_it(solve_tiny: SolveTiny) -> None:
    """P2 costs 20 + 20 = 40 for output 50 < 64: not built; B takes the whole envelope:
    objective 1.6 × 100 = 160, A spends nothing."""
    _, _, result = solve_tiny(project_spec(project("P2", 20, 50)))
    assert result.is_mip
    assert result.objective == approx(160.0)
    assert result.value("build", "P2") == approx(0.0)
    assert spend(result, "A") == approx(0.0)


def test_project_mandatory_binding(solve_tiny: SolveTiny) -> None:
    """Binding: the same P2 made mandatory is built although it loses value: objective
    50 + 1.6 × 60 = 146; A's spending sits exactly on the project's yearly cost (20, 20)."""
    _, _, result = solve_tiny(project_spec(project("P2", 20, 50, mandatory="yes")))
    assert result.objective == approx(146.0)
    assert result.value("build", "P2") == approx(1.0)
    assert spend(result, "A", 2025) == approx(20.0)
    assert spend(result, "A", 2026) == approx(20.0)


def test_project_requires_binding(solve_tiny: SolveTiny) -> None:
    """Binding: P1 (worth 105, cost 40) requires P2 (worth 50, cost 40). Options: none →
    160; P2 alone → 50 + 96 = 146; both → 155 + 1.6 × 20 = 187; P1 alone (201) is ruled
    out. So both are built: build[P1] = build[P2] = 1, objective 187; A spends 30 + 20 = 50
    in 2025 and 10 + 20 = 30 in 2026."""
    spec = project_spec(project("P1", P1, 100, 50, requires="P2"), project("P2", 20, 50))
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(187.0)
    assert result.value("build", "P1") == approx(1.0)
    assert result.value("build", "P2") == approx(1.0)
    assert spend(result, "A", 2025) == approx(50.0)
    assert spend(result, "A", 2026) == approx(30.0)


def test_project_excludes_binding(solve_tiny: SolveTiny) -> None:
    """Binding: P3 (cost 10 + 10, output 100) excludes P1. Both would give
    205 + 1.6 × 40 = 269; P1 alone 105 + 96 = 201; P3 alone 100 + 1.6 × 80 = 228. So only
    P3 is built (build[P1] + build[P3] = 1 exactly), objective 228."""
    spec = project_spec(project("P1", P1, 100, 50), project("P3", 10, 100, excludes="P1"))
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(228.0)
    assert result.value("build", "P1") == approx(0.0)
    assert result.value("build", "P3") == approx(1.0)
    assert spend(result, "B") == approx(80.0)


def test_project_mandatory_above_instrument_max_is_infeasible(solve_tiny: SolveTiny) -> None:
    """A mandatory project costing 20 + 20 = 40 on an instrument whose max_total is 30:
    infeasible."""
    spec = project_spec(project("P2", 20, 50, mandatory="yes"), a_max=30)
    _, _, result = solve_tiny(spec)
    assert result.is_mip
    assert result.status is SolveStatus.INFEASIBLE


def test_a_mandatory_project_gives_way_only_after_any_euros_it_stands_for(
    tmp_path: Path,
) -> None:
    """In the infeasibility diagnosis one unit of giving way on a mandatory project (the
    whole project) is priced at €1,000m × (1 + its cost): P2 costs 20 + 20 = 40, so 41,000,
    far above the €40m of euro limits it could stand for, which therefore bend first."""
    data = load(project_spec(project("P2", 20, 50, mandatory="yes")), tmp_path)
    rules = {r.name: r for r in core_rules()}
    price = rules["project_mandatory"].bend_cost
    assert price is not None
    assert price(data, ("P2",)) == approx(41_000.0)


def test_project_mandatory_requires_excluded_is_infeasible(solve_tiny: SolveTiny) -> None:
    """P1 is mandatory and requires P2, but P2 excludes P1: build[P1] = 1 ≤ build[P2] and
    build[P1] + build[P2] ≤ 1 cannot both hold: infeasible."""
    spec = project_spec(
        project("P1", P1, 100, 50, mandatory="yes", requires="P2"),
        project("P2", 20, 50, excludes="P1"),
    )
    _, _, result = solve_tiny(spec)
    assert result.is_mip
    assert result.status is SolveStatus.INFEASIBLE


# --------------------------------------------------------------------------------------------
# Family 10: maintenance
# --------------------------------------------------------------------------------------------


def maintenance_spec(rate: float) -> dict[str, Any]:
    """Discount rate 0.25 (2026 impacts × 0.8), so spending early is worth more: 1.6 per €m
    in 2025, 1.28 in 2026. A keeps its 1000 €m ceiling and gets a maintenance rate."""
    spec = base()
    spec["settings"]["discount_rate"] = 0.25
    spec["Instruments"] = [instrument("A", maintenance_rate=rate)]
    return spec


def test_maintenance_splits_spending(solve_tiny: SolveTiny) -> None:
    """Without maintenance all 1000 would go in 2025 (objective 1600). With rate 0.25,
    A26 ≥ 0.25 × A25 and A25 + A26 ≤ 1000, so A25 = 800, A26 = 200. Objective =
    1.6 × 800 + 1.28 × 200 = 1280 + 256 = 1536; output = 1.5 × (800 + 0.8 × 200) = 1440."""
    _, _, result = solve_tiny(maintenance_spec(0.25))
    assert not result.is_mip
    assert result.objective == approx(1536.0)
    assert spend(result, "A", 2025) == approx(800.0)
    assert spend(result, "A", 2026) == approx(200.0)
    assert result.figures["output"] == approx(1440.0)


def test_maintenance_binding(solve_tiny: SolveTiny) -> None:
    """Binding, rate 0.5: A26 = 0.5 × A25 exactly with A25 + A26 = 1000, so A25 = 2000/3,
    A26 = 1000/3; objective = 1.6 × 2000/3 + 1.28 × 1000/3 = 4480/3 ≈ 1493.33."""
    _, _, result = solve_tiny(maintenance_spec(0.5))
    assert result.objective == approx(4480.0 / 3)
    assert spend(result, "A", 2026) == approx(0.5 * spend(result, "A", 2025))
    assert spend(result, "A", 2025) == approx(2000.0 / 3)


def test_maintenance_counts_all_earlier_spending(solve_tiny: SolveTiny) -> None:
    """Three years (2025-2027), rate 0.25, discount 0.25 (value per €m 1.6, 1.28, 1.024):
    later years are kept at their minimum, A26 = 0.25 × A25 and A27 = 0.25 × (A25 + A26)
    (cumulative, not just last year's) = 0.3125 × A25; A25 × 1.5625 = 1000 gives A25 = 640,
    A26 = 160, A27 = 200. Objective = 1.6 × (640 + 0.8 × 160 + 0.64 × 200) = 1.6 × 896
    = 1433.6."""
    spec = maintenance_spec(0.25)
    spec["settings"]["last_year"] = 2027
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(1433.6)
    assert spend(result, "A", 2025) == approx(640.0)
    assert spend(result, "A", 2026) == approx(160.0)
    assert spend(result, "A", 2027) == approx(200.0)


def test_maintenance_no_limit_without_rate(solve_tiny: SolveTiny) -> None:
    """Control: rate 0 puts all 1000 €m in 2025 (the better-discounted year): objective
    1.6 × 1000 = 1600, nothing in 2026."""
    _, _, result = solve_tiny(maintenance_spec(0.0))
    assert result.objective == approx(1600.0)
    assert spend(result, "A", 2026) == approx(0.0)


# --------------------------------------------------------------------------------------------
# Family 11: diminishing returns (curves)
# --------------------------------------------------------------------------------------------


def curve(instrument_id: str, *segments: tuple[float, float]) -> list[dict[str, Any]]:
    """Curve rows from (upper_cum_meur, output_factor) pairs."""
    return [
        {
            "instrument": instrument_id,
            "segment": n,
            "upper_cum_meur": upper,
            "output_factor": factor,
            "source": SRC,
        }
        for n, (upper, factor) in enumerate(segments, start=1)
    ]


@pytest.mark.parametrize("weight", [1.0, 2.0])
def test_curve_reduces_output_beyond_first_segment(solve_tiny: SolveTiny, weight: float) -> None:
    """A's curve: factor 1 up to 300, 0.5 up to 600, tail keeps 0.5. Every €m still earns
    its job (0.1), so A = 1000. Output = 1.5 × (1000 − 0.5 × 300 − 0.5 × 400) = 1.5 × 650
    = 975 (jobs unaffected: 1000). Objective = weight_output × 975 + 0.1 × 1000, i.e. 1075
    at weight 1 and 2050 at weight 2. The first segment is full: g[A,1] = 300, and
    g[A,2] + g[A,3] = 700."""
    spec = base()
    spec["settings"]["weight_output"] = weight
    spec["Curves"] = curve("A", (300, 1.0), (600, 0.5))
    _, _, result = solve_tiny(spec)
    assert not result.is_mip
    assert result.objective == approx(weight * 975.0 + 100.0)
    assert result.figures["output"] == approx(975.0)
    assert result.figures["jobs"] == approx(1000.0)
    assert fill(result, "A", 1) == approx(300.0)
    fills = fill(result, "A", 2) + fill(result, "A", 3)
    assert fills == approx(700.0)


def test_curve_binding_stops_at_breakpoint(solve_tiny: SolveTiny) -> None:
    """Binding: envelope 500, B worth 1.0 + 0.1 = 1.1 per €m. A is worth 1.6 in its first
    segment (to 300) but 0.75 + 0.1 = 0.85 beyond, below B. So A = 300 exactly at the
    breakpoint (g[A,1] = its width 300, g[A,2] = 0), B = 200. Objective = 480 + 220 = 700;
    output = 450 + 200 = 650."""
    spec = base()
    spec["settings"]["total_max_meur"] = 500
    spec["Instruments"] = [instrument("A"), flat("B", out=1.0)]
    spec["Curves"] = curve("A", (300, 1.0), (600, 0.5))
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(700.0)
    assert spend(result, "A") == approx(300.0)
    assert spend(result, "B") == approx(200.0)
    assert fill(result, "A", 1) == approx(300.0)
    assert fill(result, "A", 2) == approx(0.0)
    assert result.figures["output"] == approx(650.0)


def test_curve_output_is_discounted_like_other_impacts(solve_tiny: SolveTiny) -> None:
    """The objective discounts every impact by (1 + r)^−(year + lag − first_year).
    Discount 0.25, A with lag 1, no jobs, min_total = max_total = 1000; curve: factor 1 up
    to 100, then 0. Only the 100 €m of the first segment produce output; spent in 2025 they
    are discounted by 0.8 (in 2026 by 0.64), so they go in 2025 and output = 0.8 × 1.5 × 100
    = 120 (objective 120). The other 900 €m produce nothing, whenever they are spent (an
    earlier formulation subtracted their loss undiscounted and gave −150)."""
    spec = base()
    spec["settings"]["discount_rate"] = 0.25
    spec["Instruments"] = [flat("A", jobs=0.0, min_total_meur=1000, impact_lag_years=1)]
    spec["Curves"] = curve("A", (100, 1.0), (200, 0.0))
    _, _, result = solve_tiny(spec)
    assert spend(result, "A", 2025) + spend(result, "A", 2026) == approx(1000.0)
    assert result.value("segment_fill", "A", 1, 2025) == approx(100.0)
    assert result.figures["output"] >= 0.0
    assert result.figures["output"] == approx(120.0)
    assert result.objective == approx(120.0)


# --------------------------------------------------------------------------------------------
# Family 12: enabling conditions (switches)
# --------------------------------------------------------------------------------------------


def switch(id_: str, mode: str, cost: float, instruments: str = "A") -> dict[str, Any]:
    """A switch capping private spending on ``instruments`` at 100 €m a year while off."""
    return {
        "id": id_,
        "name": f"reform {id_}",
        "instruments": instruments,
        "mode": mode,
        "private_cap_off_meur": 100,
        "cost_meur": cost,
        "source": SRC,
    }


def switch_spec(*switches: dict[str, Any], **a_changes: Any) -> dict[str, Any]:
    """Base with switches on A."""
    spec = base()
    spec["Instruments"] = [instrument("A", **a_changes)]
    spec["Switches"] = list(switches)
    return spec


def test_switch_off_caps_private_spending(solve_tiny: SolveTiny) -> None:
    """Mode off: private ≤ 100 a year → 200. The rest comes from shifting L (50 a year,
    net 1.6 − 1.05 = 0.55 per €m, still worth it): gov 100. A = 300; output 450, jobs 300,
    forgone output 100, forgone jobs 50. Objective = 450 − 100 + 0.1 × (300 − 50) = 375.
    The switch is fixed, so the model stays an LP and costs nothing."""
    _, _, result = solve_tiny(switch_spec(switch("W", "off", 50)))
    assert not result.is_mip
    assert result.objective == approx(375.0)
    assert spend(result, "A") == approx(300.0)
    assert result.figures["forgone_output"] == approx(100.0)
    assert result.figures["switch_cost"] == approx(0.0)


def test_switch_off_binding(solve_tiny: SolveTiny) -> None:
    """Binding: in mode off, private spending on A sits exactly on the 100 €m cap in each
    year (more private money would be worth 1.6 per €m)."""
    _, _, result = solve_tiny(switch_spec(switch("W", "off", 50)))
    assert private(result, 2025) == approx(100.0)
    assert private(result, 2026) == approx(100.0)


def test_switch_on_lifts_cap_and_costs(solve_tiny: SolveTiny) -> None:
    """Mode on: the cap becomes 100 + M = 100 + 1000 (A's max_total), so private pays for
    all 1000 €m as in base (1600), less the switch's cost 50: objective 1550; still an LP
    (the binary is fixed)."""
    _, _, result = solve_tiny(switch_spec(switch("W", "on", 50)))
    assert not result.is_mip
    assert result.objective == approx(1550.0)
    assert spend(result, "A") == approx(1000.0)
    assert result.figures["switch_cost"] == approx(50.0)


@pytest.mark.parametrize(
    ("cost", "on", "objective"),
    [(50.0, 1.0, 1550.0), (1200.0, 1.0, 400.0), (1300.0, 0.0, 375.0)],
)
def test_switch_optimise_compares_cost_with_gain(
    solve_tiny: SolveTiny, cost: float, on: float, objective: float
) -> None:
    """Mode optimise (a MILP): on gives 1600 − cost, off gives 375, so the switch goes on
    exactly when cost < 1225: cost 50 → on, 1550; cost 1200 → on, 400; cost 1300 → off,
    375."""
    _, _, result = solve_tiny(switch_spec(switch("W", "optimise", cost)))
    assert result.is_mip
    assert result.objective == approx(objective)
    assert result.value("switch_on", "W") == approx(on)


def test_switch_shared_cap_over_two_instruments(solve_tiny: SolveTiny) -> None:
    """Binding: one switch (off) on "A;B" caps their joint private spending at 100 a year.
    A and B are alike (1.6/€m), so the optimum is as with one: private 100 + 100, gov shifts
    100; objective 375; private spending sits on the joint cap each year."""
    spec = switch_spec(switch("W", "off", 50, instruments="A;B"))
    spec["Instruments"].append(instrument("B"))
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(375.0)
    assert private(result, 2025) == approx(100.0)
    assert private(result, 2026) == approx(100.0)
    assert spend(result, "A") + spend(result, "B") == approx(300.0)


def test_switch_forced_on_by_floor(solve_tiny: SolveTiny) -> None:
    """A min_total 400 cannot be met while off (at most 200 private + 100 shifted = 300),
    so the optimiser switches on even at cost 2000: objective 1600 − 2000 = −400."""
    _, _, result = solve_tiny(switch_spec(switch("W", "optimise", 2000), min_total_meur=400))
    assert result.is_mip
    assert result.objective == approx(-400.0)
    assert result.value("switch_on", "W") == approx(1.0)


@pytest.mark.parametrize(("mode", "objective", "dual"), [("off", 375.0, 1.6), ("on", 1550.0, 0.0)])
def test_switch_fixed_mode_solves_with_duals(
    solve_tiny: SolveTiny, mode: str, objective: float, dual: float
) -> None:
    """A switch fixed on or off leaves an LP (is_mip is False), so solve_model must return
    its optimum with ordinary (not conditional) duals. Off: objective 375 and each year's
    private cap is worth 1.6 per €m (one more private €m on A); on: 1550, cap slack (0)."""
    _, _, result = solve_tiny(switch_spec(switch("W", mode, 50)))
    assert result.status is SolveStatus.OPTIMAL
    assert not result.is_mip
    assert result.objective == approx(objective)
    assert not result.duals_conditional
    for year in (2025, 2026):
        assert abs(result.duals["switch_private_cap"][("W", year)]) == approx(dual)


def test_switch_held_off_with_floor_is_infeasible(solve_tiny: SolveTiny) -> None:
    """A min_total 400 with a second switch on A held off: that switch's cap still limits
    private money to 100 a year, so A ≤ 300 < 400 whatever W does: infeasible (MILP)."""
    spec = switch_spec(switch("W", "optimise", 0), switch("V", "off", 0), min_total_meur=400)
    _, _, result = solve_tiny(spec)
    assert result.is_mip
    assert result.status is SolveStatus.INFEASIBLE


# --------------------------------------------------------------------------------------------
# Family 13: skills bottleneck
# --------------------------------------------------------------------------------------------


def skills_spec(
    per_reskilling: float | None = 4.0, reskilling: str = "yes", **r_changes: Any
) -> dict[str, Any]:
    """Domain S with R (reskilling flag ``reskilling``, no output or jobs of its own); A in D
    as in base. Each €m spent on R lets ``per_reskilling`` jobs outside S be credited."""
    spec = base()
    if per_reskilling is not None:
        spec["settings"]["jobs_per_reskilling_meur"] = per_reskilling
    spec["Domains"].append({"id": "S", "name": "domain S", "source": SRC})
    spec["Eligibility"] += [
        {"funder": f, "domain": "S", "allowed": "yes", "source": SRC} for f in ("gov", "priv")
    ]
    spec["Instruments"].append(
        flat("R", domain="S", out=0.0, jobs=0.0, reskilling=reskilling, **r_changes)
    )
    return spec


def test_skills_trade_off_in_envelope(solve_tiny: SolveTiny) -> None:
    """Envelope 1000, €1m per job, 4 jobs per €m of reskilling. Maximise 1.5a + J with
    J ≤ a (potential), J ≤ 4r (bottleneck), a + r ≤ 1000. At a = 1000, r = 0: 1500. Both
    limits tight: a = 4r → r = 200, a = 800, J = 800: 1200 + 800 = 2000, the optimum (duals
    0.5, 0.5 and 2 on the envelope prove it). Jobs credited 800 = 4 × 200 = A's jobs."""
    spec = skills_spec()
    spec["settings"].update({"total_max_meur": 1000, "meur_per_job": 1.0})
    _, _, result = solve_tiny(spec)
    assert not result.is_mip
    assert result.objective == approx(2000.0)
    assert spend(result, "A") == approx(800.0)
    assert spend(result, "R") == approx(200.0)
    assert result.value("jobs_other") == approx(800.0)
    assert result.figures["jobs"] == approx(800.0)


def test_skills_bottleneck_binding(solve_tiny: SolveTiny) -> None:
    """Binding: R capped at 100, no envelope. A = 1000 would create 1000 jobs but only
    4 × 100 = 400 are credited (exactly the bottleneck): objective 1500 + 0.1 × 400 = 1540."""
    _, _, result = solve_tiny(skills_spec(max_total_meur=100))
    assert result.objective == approx(1540.0)
    assert spend(result, "A") == approx(1000.0)
    assert spend(result, "R") == approx(100.0)
    assert result.value("jobs_other") == approx(4.0 * spend(result, "R"))
    assert result.figures["jobs"] == approx(400.0)


def test_skills_potential_binding(solve_tiny: SolveTiny) -> None:
    """Binding on the other limit: A capped at 100 creates 100 jobs; R (up to 1000) could
    unlock 4000, so the credited jobs sit exactly on A's potential, 100 (R ≥ 25 needed).
    Objective 150 + 0.1 × 100 = 160."""
    spec = skills_spec()
    spec["Instruments"][0] = instrument("A", max_total_meur=100)
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(160.0)
    assert result.value("jobs_other") == approx(100.0)
    assert spend(result, "R") >= 25.0 - 1e-6


@pytest.mark.parametrize(
    ("per_reskilling", "reskilling", "objective", "jobs"),
    [
        (None, "yes", 1600.0, 1000.0),  # no bottleneck: every job is credited
        (4.0, "yes", 1540.0, 400.0),  # 4 × R = 400 of A's jobs credited
        (4.0, "no", 1500.0, 0.0),  # no reskilling instrument: no effort, no jobs credited
    ],
)
def test_skills_setting_and_flag(
    solve_tiny: SolveTiny,
    per_reskilling: float | None,
    reskilling: str,
    objective: float,
    jobs: float,
) -> None:
    """R capped at 100. Without jobs_per_reskilling_meur all 1000 jobs count (1600).
    With 4 and R flagged reskilling, 400 count (1540). With R not flagged there is no
    reskilling domain: every instrument is 'other' and the effort is 0, so no job is
    credited (1500)."""
    spec = skills_spec(per_reskilling, reskilling, max_total_meur=100)
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(objective)
    assert result.figures["jobs"] == approx(jobs)


def test_skills_jobs_in_reskilling_domain_fully_credited(solve_tiny: SolveTiny) -> None:
    """B in S (not itself reskilling, 1 job per €m, no output, ≤ 100) is in a reskilling
    domain, so its 100 jobs count in full even with no reskilling effort (R ≤ 0); A's jobs
    need effort and get none. Objective 1500 + 0.1 × 100 = 1510; jobs 100."""
    spec = skills_spec(max_total_meur=0)
    spec["Instruments"].append(flat("B", domain="S", out=0.0, max_total_meur=100))
    _, _, result = solve_tiny(spec)
    assert result.objective == approx(1510.0)
    assert result.figures["jobs"] == approx(100.0)
    assert result.value("jobs_other") == approx(0.0)


def test_skills_project_jobs_outside_reskilling_domains_need_effort(
    solve_tiny: SolveTiny,
) -> None:
    """Jobs outside the reskilling domains are credited only up to the bottleneck. P1 on A
    (domain D) brings 100 jobs for 10 €m a year; R in S is reskilling but capped at 0, so
    nothing outside S may be credited. A = 1000 (P1's cost inside it) gives output 1500 and
    0 credited jobs: objective 1500, jobs 0. The model credits P1's 100 jobs: 1510."""
    spec = skills_spec(per_reskilling=2.0, max_total_meur=0)
    spec["Projects"] = [
        {"id": "P1", "instrument": "A", "name": "p", "jobs": 100, "cost_meur": 10, "source": SRC},
    ]
    _, _, result = solve_tiny(spec)
    assert result.figures["jobs"] == approx(0.0)
    assert result.objective == approx(1500.0)
