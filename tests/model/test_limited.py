"""The k-moves curve by outer approximation (``solver/limited.py``) against what it must equal:
a curve worked out on paper where moves only pay in pairs, every subset of moves solved one by
one on a generated pact that is not the reference case, and one exact MILP per point on the
shipped workbook."""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pactopt.analysis.moves_solve import instrument_groups
from pactopt.analysis.reference import check_reference
from pactopt.model.build import create_model
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver import limited
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Limited
from pactopt.solver.solve import integer_levels, open_solver, run_stages, solve_model
from tests.conftest import REFERENCE_XLSX
from tests.model.generated import generated_pact
from tests.model.tiny import base, instrument, load


def _curve_inputs(
    data: PactData,
) -> tuple[BuiltModel, DirectHighs, list[list[tuple[Any, float]]], list[tuple[float, float]], Any]:
    """The model, its solved instance, one group per instrument (its total against the
    financeable reference plan's), the groups' move bounds and the optimum's yes/no levels."""
    built = create_model(data)
    direct = open_solver(built, data.settings)
    optimum = solve_model(built, data.settings, direct=direct)
    reference = check_reference(built, direct, data)
    groups, big = instrument_groups(built, data, reference.solution)
    return built, direct, groups, big, integer_levels(direct, optimum)


def _values(points: list[Limited]) -> list[float]:
    return [p.solution.objective or 0.0 for p in points]


# Three instruments sharing a pact ceiling of €300m (Settings total_max_meur), all private, so
# a €m is worth output per € + 0.1 (tests/model/tiny.py): A 3.1 (at most €200m), B 2.1 (at most
# €300m), C 1.1. The reference plan puts all €300m on C: 330.
#   k = 1: no single move pays: more to A or B breaks the ceiling, less to C only loses: 330.
#   k = 2: C → A €200m: 200 × 3.1 + 100 × 1.1 = 730 (C → B €300m gives only 630).
#   k = 3: A 200, B 100, C 0: 620 + 210 = 830, the best plan.
# A curve that takes one move at a time (greedily) would stop at k = 1.
PAIRS = {"A": (3.0, 200), "B": (2.0, 300), "C": (1.0, 300)}


def _pairs(tmp_path: Path) -> PactData:
    spec = base()
    spec["BudgetLines"] = []
    spec["settings"].update({"total_max_meur": 300})
    spec["Instruments"] = [
        instrument(
            name,
            reference_plan_meur=300 if name == "C" else 0,
            max_total_meur=largest,
            output_per_eur_low=output,
            output_per_eur_central=output,
            output_per_eur_high=output,
        )
        for name, (output, largest) in PAIRS.items()
    ]
    return load(spec, tmp_path)


@pytest.mark.solve
def test_moves_that_pay_only_in_pairs_give_the_curve_worked_out_on_paper(tmp_path: Path) -> None:
    built, direct, groups, big, levels = _curve_inputs(_pairs(tmp_path))
    points = limited.solve_limited(built, direct, groups, big, range(4), integer_levels=levels)
    assert _values(points) == pytest.approx([330.0, 330.0, 730.0, 830.0])
    assert [p.moved for p in points] == [(), (), (0, 2), (0, 1, 2)]
    # and the instance is left as it was: the plain optimum again
    with run_stages(built, direct, built.mode.stages):
        assert direct.objective_value() == pytest.approx(830.0)


@pytest.mark.solve
@pytest.mark.parametrize(("enough", "count"), [(730.0, 3), (729.0, 3), (731.0, 4), (830.0, 4)])
def test_the_curve_stops_at_the_first_point_worth_enough(
    tmp_path: Path, enough: float, count: int
) -> None:
    built, direct, groups, big, levels = _curve_inputs(_pairs(tmp_path))
    points = limited.solve_limited(
        built, direct, groups, big, range(4), integer_levels=levels, enough=enough
    )
    assert len(points) == count


@pytest.mark.solve
def test_without_any_plan_the_curve_is_empty(tmp_path: Path) -> None:
    """Domain D must get €2,000m but its one instrument takes at most €100m: no plan, so no
    point (an empty list, which the Moves table reads as no curve)."""
    spec = base()
    spec["Domains"][0]["min_total_meur"] = 2000
    spec["Instruments"] = [instrument("A", max_total_meur=100)]
    data = load(spec, tmp_path)
    built = create_model(data)
    direct = open_solver(built, data.settings)
    groups = [[(built.pyomo.total_spend["A"], 50.0)]]
    assert limited.solve_limited(built, direct, groups, [(50.0, 50.0)], range(3)) == []


@pytest.mark.solve
def test_one_milp_per_point_gives_the_same_curve(tmp_path: Path) -> None:
    """The method used where the cuts do not apply (lexicographic mode) agrees with them."""
    built, direct, groups, big, levels = _curve_inputs(_pairs(tmp_path))
    pairs = [pair for group in groups for pair in group]
    with direct.pinned_integers(levels), direct.deviations(pairs) as dev:
        members = [[g] for g in range(len(groups))]
        curve = limited.Curve(built, direct, dev, members, big)
        points = limited.limited_milp(curve, range(4), None, 0.0)
    assert _values(points) == pytest.approx([330.0, 330.0, 730.0, 830.0])


@pytest.mark.solve
def test_in_lexicographic_mode_each_point_is_one_milp_of_the_two_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reported value is the jobs stage's, which the support LP's duals do not bound: each
    point is a MILP of both stages. Net output as the first stage picks the moves of the
    worked curve (300, 300, 700, 800 €m), and every plan keeps €300m, so 300 net jobs (1 job
    a €m, nothing forgone)."""
    data = _pairs(tmp_path)
    settings = data.settings.model_copy(update={"objective_mode": "lexicographic"})
    data = dataclasses.replace(data, settings=settings)
    built, direct, groups, big, levels = _curve_inputs(data)
    used: list[str] = []
    milp = limited.limited_milp

    def recorded(*args: Any) -> list[Limited]:
        used.append("milp")
        return milp(*args)

    monkeypatch.setattr(limited, "limited_milp", recorded)
    points = limited.solve_limited(built, direct, groups, big, range(4), integer_levels=levels)
    assert used == ["milp"]
    # a value already worth enough ends the curve there, in this method too
    first = limited.solve_limited(
        built, direct, groups, big, range(4), integer_levels=levels, enough=300.0
    )
    assert len(first) == 1
    assert _values(points) == pytest.approx([300.0] * 4)
    # net output is held within the Settings' tolerance of its optimum (0.1%) by the jobs stage
    tolerance = settings.lexicographic_output_tolerance
    assert [p.solution.figures["net_output"] for p in points] == pytest.approx(
        [300.0, 300.0, 700.0, 800.0], rel=tolerance * 1.001
    )
    assert [p.moved for p in points] == [(), (), (0, 2), (0, 1, 2)]


@pytest.mark.solve
def test_every_point_is_the_best_of_all_its_subsets_of_moves() -> None:
    """On a pact that is not the reference case, point k is the best of the plans in which
    only the instruments of some set of at most k may leave the reference totals, each such
    plan solved on its own (2^8 LPs, no cut and no yes/no column)."""
    data = generated_pact()
    built, direct, groups, big, levels = _curve_inputs(data)
    n = len(groups)
    points = limited.solve_limited(built, direct, groups, big, range(n + 1), integer_levels=levels)
    best_of_size: dict[int, float] = defaultdict(lambda: float("-inf"))
    with direct.pinned_integers(levels):
        for size in range(n + 1):
            for moving in itertools.combinations(range(n), size):
                held = [(groups[g][0][0], groups[g][0][1], groups[g][0][1]) for g in range(n)]
                kept = [row for g, row in enumerate(held) if g not in moving]
                with direct.extra_rows(kept), run_stages(built, direct, built.mode.stages):
                    value = direct.objective_value()
                best_of_size[size] = max(best_of_size[size], value)
    expected = [max(best_of_size[s] for s in range(k + 1)) for k in range(len(points))]
    assert _values(points) == pytest.approx(expected, rel=1e-6)
    # the curve is not flat: some move is worth something, and it ends at the best plan
    assert expected[-1] > expected[0]
    assert len(points) <= n + 1
    for point in points:
        assert len(point.moved) <= point.k


# the shipped workbook's curve, k = 0 … 10, as one exact MILP per point found it (HiGHS, gap 0,
# 8.8 s; re-derived by the slow test below)
SHIPPED = [
    43396.00, 44747.29, 45958.56, 47133.23, 47583.34, 47698.49,
    47850.09, 47900.13, 47906.98, 47945.27, 47964.18,
]  # fmt: skip


@pytest.mark.solve
def test_on_the_shipped_workbook_each_point_is_the_exact_best_with_its_moves() -> None:
    built, direct, groups, big, levels = _curve_inputs(load_pact(REFERENCE_XLSX))
    points = limited.solve_limited(built, direct, groups, big, range(11), integer_levels=levels)
    assert _values(points) == pytest.approx(SHIPPED, abs=0.01)
    assert [len(p.moved) for p in points] == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]


@pytest.mark.slow  # one exact MILP per point: about 9 s
def test_one_exact_milp_per_point_finds_the_shipped_curve() -> None:
    built, direct, groups, big, levels = _curve_inputs(load_pact(REFERENCE_XLSX))
    pairs = [pair for group in groups for pair in group]
    with direct.pinned_integers(levels), direct.deviations(pairs) as dev:
        direct.highs.setOptionValue("mip_rel_gap", 0.0)
        members = [[g] for g in range(len(groups))]
        curve = limited.Curve(built, direct, dev, members, big)
        exact = limited.limited_milp(curve, range(11), None, 0.0)
    assert _values(exact) == pytest.approx(SHIPPED, abs=0.01)


@pytest.mark.solve
def test_the_master_bounds_the_value_by_its_cuts() -> None:
    """Two groups that may move €5m each way, one cut θ ≤ 10 + 2 (u₀ − d₀) − (u₁ − d₁): with
    one move the master's best is group 0 up (20), with two, group 1 down too (25)."""
    master = limited._Master([[0], [1]], [(5.0, 5.0), (5.0, 5.0)], 0)
    master.cut(10.0, np.array([2.0, -1.0]))
    nothing = (10.0, np.zeros(4), ())
    assert master.solve(0, 1e-9, nothing) == (pytest.approx(10.0), ())
    assert master.solve(1, 1e-9, nothing) == (pytest.approx(20.0), (0,))
    assert master.solve(2, 1e-9, nothing) == (pytest.approx(25.0), (0, 1))
