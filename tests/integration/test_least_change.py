"""The answer as a few moves, on instances derived by hand: of equally good plans the one
closest to the reference plan is shown; a reference plan that breaks a rule is compared as the
nearest plan that keeps every rule; and the value captured with k moves.

Every instance is the tiny base (two years, 2025-2026, no discounting) with private money only,
so an instrument's €m is worth output per € + €0.1m × 1 job (Settings meur_per_job) and nothing
is forgone: 1.6 for the base's 1.5 output per €."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from pactopt.model.build import create_model
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.pipeline.solved import Outcome
from pactopt.report.paragraph import headline_paragraph
from pactopt.solver.closest import solve_closest
from pactopt.solver.solution import SolveStatus
from pactopt.solver.solve import open_solver
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.solve


def _private_only(spec: dict[str, Any]) -> dict[str, Any]:
    """No budget line: public money cannot be had, private money is unlimited."""
    spec["BudgetLines"] = []
    return spec


def _by_instrument_year(outcome: Outcome) -> dict[tuple[str, int], float]:
    out: dict[tuple[str, int], float] = defaultdict(float)
    for (i, _, y), value in outcome.result.value_map("funding").items():
        out[str(i), int(y)] += value
    return dict(out)


def _totals(outcome: Outcome) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for (i, _), value in _by_instrument_year(outcome).items():
        out[i] += value
    return dict(out)


def _twins(tmp_path: Path, *, least_change: bool = True) -> Outcome:
    """A and B alike (1.6 a €m), at most €100m together (Settings total_max_meur); the
    reference plan puts all €100m on A. Every split of the €100m is optimal (value 160)."""
    spec = _private_only(base())
    spec["settings"].update({"total_max_meur": 100, "least_change": least_change})
    spec["Instruments"] = [
        instrument("A", reference_plan_meur=100),
        instrument("B", reference_plan_meur=0),
    ]
    return run_solve(load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False))


def test_of_two_equally_good_instruments_the_reference_ones_keeps_its_amounts(
    tmp_path: Path,
) -> None:
    """The shown plan is the reference plan itself: A €50m in each year (its €100m spread
    evenly over the two years), B nothing; its value is the best, 160, and nothing moved."""
    outcome = _twins(tmp_path)
    assert outcome.result.objective == pytest.approx(160.0)
    assert outcome.result.best_objective == pytest.approx(160.0)
    spend = _by_instrument_year(outcome)
    assert spend.get(("A", 2025), 0.0) == pytest.approx(50.0, abs=1e-6)
    assert spend.get(("A", 2026), 0.0) == pytest.approx(50.0, abs=1e-6)
    assert spend.get(("B", 2025), 0.0) + spend.get(("B", 2026), 0.0) == pytest.approx(0.0, abs=1e-6)
    assert outcome.tables is not None
    assert "the plan shown is the one closest to the reference plan" in (
        outcome.tables.least_change_text
    )
    assert "€100m of the reference plan's €100m stays" in outcome.tables.least_change_text


def test_least_change_off_says_nothing_of_it(tmp_path: Path) -> None:
    outcome = _twins(tmp_path, least_change=False)
    assert outcome.result.objective == pytest.approx(160.0)
    assert outcome.tables is not None and outcome.tables.least_change_text == ""
    assert not outcome.result.best  # the plain optimum is shown


def test_a_tolerance_buys_closeness_and_costs_at_most_its_share(tmp_path: Path) -> None:
    """A is worth 1.6 a €m, B 2.1 (output 2.0 per €); together at most €100m; the reference
    plan is A 100. The best plan is all B (210). With a 1% tolerance (2.1 of value) the
    closest plan keeps A at 2.1 / (2.1 − 1.6) = €4.2m and B at €95.8m: value 207.9."""
    spec = _private_only(base())
    spec["settings"].update({"total_max_meur": 100, "least_change_tolerance": 0.01})
    spec["Instruments"] = [
        instrument("A", reference_plan_meur=100),
        instrument(
            "B",
            output_per_eur_low=2.0,
            output_per_eur_central=2.0,
            output_per_eur_high=2.0,
        ),
    ]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.result.best_objective == pytest.approx(210.0)
    assert outcome.result.objective == pytest.approx(207.9)
    totals = _totals(outcome)
    # the distance is held to 1e-7 of itself while the value is maximised: €1e-5m of play
    assert totals["A"] == pytest.approx(4.2, abs=1e-4)
    assert totals["B"] == pytest.approx(95.8, abs=1e-4)


def test_a_reference_plan_10_short_is_compared_as_the_nearest_plan_moving_10(
    tmp_path: Path,
) -> None:
    """A 160 and B 150 announced, but the pact may spend at most €300m (Settings
    total_max_meur): the announced plan breaks that by €10m, and the nearest plan within every
    rule moves exactly €10m off the two. It is compared (net figures, bridge) instead of the
    comparison being left blank."""
    spec = _private_only(base())
    spec["settings"].update({"total_max_meur": 300})
    spec["Instruments"] = [
        instrument("A", reference_plan_meur=160),
        instrument("B", reference_plan_meur=150),
    ]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    tables = outcome.tables
    assert tables is not None
    assert tables.reference_feasible is False and tables.reference_comparable is True
    assert list(tables.reference_breaches["short_meur"]) == [pytest.approx(10.0)]
    assert "moves €10m of the announced plan's totals" in tables.reference_nearest_text
    summary = tables.summary.set_index("figure")
    assert summary.loc["Total spending (€m)", "reference"] == pytest.approx(300.0)
    assert summary.loc["Net output (€m)", "reference"] == pytest.approx(450.0)
    assert not tables.bridge.empty
    paragraph = headline_paragraph(tables)
    assert "no figure is compared" not in paragraph
    assert "The nearest plan that can be financed within every rule moves €10m" in paragraph


# The five instruments of the k-moves curve: output per €, reference €m, largest total €m.
# A €m is worth output per € + 0.1; all private, no shared limit, so each instrument's move
# is worth (its value a €m) × (largest − reference) alone, and moves add up:
#   A 1.0: 1.1 × 100 = 110;  B 2.0: 2.1 × 50 = 105;  C 3.0: 3.1 × 20 = 62;
#   D 0.5: 0.6 × 300 = 180;  E 1.5: no room (largest = reference).
# Reference value 100 × (1.1 + 2.1 + 3.1 + 0.6 + 1.6) = 850; the best adds 457 (1,307).
# k = 1: D (180); k = 2: D, A (290); k = 3: D, A, B (395); k = 4: all four (457).
FIVE = {
    "A": (1.0, 100, 200),
    "B": (2.0, 100, 150),
    "C": (3.0, 100, 120),
    "D": (0.5, 100, 400),
    "E": (1.5, 100, 100),
}


def _five(tmp_path: Path) -> Outcome:
    spec = _private_only(base())
    spec["Instruments"] = [
        instrument(
            name,
            reference_plan_meur=reference,
            max_total_meur=largest,
            output_per_eur_low=output,
            output_per_eur_central=output,
            output_per_eur_high=output,
        )
        for name, (output, reference, largest) in FIVE.items()
    ]
    return run_solve(load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False))


def test_the_k_moves_curve_of_five_instruments_is_the_one_worked_out_on_paper(
    tmp_path: Path,
) -> None:
    outcome = _five(tmp_path)
    tables = outcome.tables
    assert tables is not None
    curve = tables.moves_curve
    values = list(curve["value_meur"])
    assert values == pytest.approx([850.0, 1030.0, 1140.0, 1245.0, 1307.0])
    # each point names, by the instruments' names, the move it adds (D, then A, B, C)
    added = ["", "+ instrument D", "+ instrument A", "+ instrument B", "+ instrument C"]
    assert list(curve["moved"]) == added
    assert list(curve["captured_share"]) == pytest.approx(
        [0.0, 180 / 457, 290 / 457, 395 / 457, 1.0]
    )
    moves = tables.moves
    assert list(moves["instrument"]) == ["D", "A", "B", "C"]
    assert list(moves["change_meur"]) == pytest.approx([300.0, 100.0, 50.0, 20.0])
    assert list(moves["value_added_meur"]) == pytest.approx([180.0, 110.0, 105.0, 62.0])
    # D's move adds 0.5 × 300 of output and 300 jobs, undiscounted
    assert moves["net_output_added_meur"].iloc[0] == pytest.approx(150.0)
    assert moves["net_jobs_added"].iloc[0] == pytest.approx(300.0)
    # 90% of 457 is 411.3: three moves (395) are not enough, four are
    first = headline_paragraph(tables)
    assert "4 moves capture 100% of the €457m of value" in first
    # each move with its money and what it adds: D's 0.5 output per € and 1 job per €m
    assert tables.moves_text[0].startswith(
        "4 moves capture 100% of the €457m of value the best plan adds over the announced "
        "totals; the plan with those moves alone: more to instrument D (+€300m; private "
        "sector +€300m), adding +€150m net output and +300 net jobs; more to instrument A"
    )


def test_moves_come_first_in_the_summary(tmp_path: Path) -> None:
    tables = _five(tmp_path).tables
    assert tables is not None
    paragraph = headline_paragraph(tables)
    assert paragraph.index("moves capture") < paragraph.index("On the same net basis")


def test_past_its_size_the_least_change_is_asked_for_and_said_so(tmp_path: Path) -> None:
    """With the size bound below the twins' model, the plain optimum is shown and the Summary
    says how to ask; asked for (least_change=True), the closest plan comes back."""
    spec = _private_only(base())
    spec["settings"].update({"total_max_meur": 100})
    spec["Instruments"] = [
        instrument("A", reference_plan_meur=100),
        instrument("B", reference_plan_meur=0),
    ]
    data = load(spec, tmp_path)
    small = SolveOptions(alternatives=False, least_change_max_variables=1)
    skipped = run_solve(data, tmp_path / "in.xlsx", small)
    assert skipped.tables is not None and not skipped.result.best
    assert "`pactopt solve --least-change`" in skipped.tables.least_change_text
    asked = run_solve(data, tmp_path / "in.xlsx", replace(small, least_change=True))
    assert asked.tables is not None
    assert "closest to the reference plan" in asked.tables.least_change_text
    assert _totals(asked)["A"] == pytest.approx(100.0, abs=1e-6)


def test_without_any_plan_the_closest_plan_is_none_either(tmp_path: Path) -> None:
    """Domain D must get €2,000m but its one instrument takes at most €100m: no plan, so the
    plans near the best are none, and the closest is said to be infeasible, with no values
    and no distances."""
    spec = base()
    spec["Domains"][0]["min_total_meur"] = 2000
    spec["Instruments"] = [instrument("A", max_total_meur=100)]
    data = load(spec, tmp_path)
    built = create_model(data)
    target = [[(built.pyomo.spend["A", 2025], 10.0)]]
    closest = solve_closest(
        built, open_solver(built, data.settings), data.settings, target, mode="m", tolerance=0.01
    )
    assert closest.solution.status is SolveStatus.INFEASIBLE
    assert (closest.solution.objective, closest.solution.mode) == (None, "m")
    assert not closest.solution.values and closest.distances_meur == ()
