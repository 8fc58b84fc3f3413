"""Solving: objective modes, LP vs MILP, duals (conditional for a MILP)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pactopt.model.build import create_model
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import solve_model
from tests.model.conftest import Solved
from tests.model.tiny import base, instrument, load, output_or_jobs

pytestmark = pytest.mark.solve


def _with_project() -> dict[str, Any]:
    """base() with project P on A: €5m a year, €10m of output (the model is a MILP)."""
    spec = base()
    spec["Projects"] = [
        {
            "id": "P",
            "instrument": "A",
            "name": "p",
            "output_meur": 10,
            "cost_meur": 5,
            "source": "ASSUMED: test",
        }
    ]
    return spec


def test_weighted_mode_values_jobs_at_meur_per_job(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """Weighted: A is worth 1.5 + 0.1 × 1 = 1.6 per €m, B 1.0 + 0.1 × 10 = 2.0, so all 1000
    go to B: output 1,000, jobs 10,000, objective 2,000."""
    _, _, result = solve_tiny(output_or_jobs("weighted"))
    assert result.objective == pytest.approx(2000)
    assert result.figures["output"] == pytest.approx(1000)
    assert result.figures["jobs"] == pytest.approx(10_000)


def test_lexicographic_mode_puts_output_first(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """Lexicographic: output first (all on A: 1,500), then jobs while output stays ≥ 99.9% of
    1,500 = 1,498.5. Each €m moved from A to B costs 0.5 output and adds 9 jobs, so 3 €m move:
    output 1,498.5, jobs 997 + 30 = 1,027."""
    _, _, result = solve_tiny(output_or_jobs("lexicographic"))
    assert result.mode == "lexicographic"
    assert result.figures["output"] == pytest.approx(1498.5)
    assert result.figures["jobs"] == pytest.approx(1027)
    assert result.objective == pytest.approx(1027)


@pytest.mark.parametrize("method", ["simplex", "ipm"])
def test_lp_method_from_settings_reaches_the_same_optima(
    solve_tiny: Callable[[dict[str, Any]], Solved], method: str
) -> None:
    """Settings lp_method = simplex or ipm: the same hand-derived optima as above, in both
    objective modes (the lexicographic second stage re-solves from the first's basis)."""
    spec = output_or_jobs("weighted")
    spec["settings"]["lp_method"] = method
    _, _, result = solve_tiny(spec)
    assert result.objective == pytest.approx(2000)
    spec = output_or_jobs("lexicographic")
    spec["settings"]["lp_method"] = method
    _, _, result = solve_tiny(spec)
    assert result.figures["output"] == pytest.approx(1498.5)
    assert result.figures["jobs"] == pytest.approx(1027)


def test_switch_decided_in_the_workbook_keeps_an_lp_with_duals(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """A switch set 'off' is a constant, not a binary: the model stays an LP and has duals.
    Private money on A is capped at 20 a year and A's public share at 60%, so each year gov
    spends 30 (shifted) and private 20: output 150, jobs 100, forgone 60 output and 30 jobs:
    objective 150 + 10 − 60 − 3 = 97."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_max=0.6)]
    spec["Switches"] = [
        {
            "id": "W",
            "name": "reform",
            "instruments": "A",
            "mode": "off",
            "private_cap_off_meur": 20,
            "cost_meur": 0,
            "source": "ASSUMED: test",
        }
    ]
    _, _, result = solve_tiny(spec)
    assert not result.is_mip
    assert result.objective == pytest.approx(97)
    assert result.duals["switch_private_cap"][("W", 2025)] != 0
    assert not result.duals_conditional


def test_milp_duals_are_conditional_on_the_integer_decisions(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """With a project the model is a MILP; its duals come from the LP with the binaries fixed
    and are flagged as such. Private money is free, so A fills its €1,000m ceiling and the
    ceiling is worth what a €m of A adds: 1.5 output + 0.1 × 1 job = 1.6."""
    spec = _with_project()
    _, _, result = solve_tiny(spec)
    assert result.is_mip and result.duals_conditional
    assert result.value("build", "P") == pytest.approx(1)
    assert result.duals["instrument_max_total"][("A",)] == pytest.approx(1.6)


def test_solving_twice_gives_the_same_answer_and_leaves_the_model_as_built(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """The lexicographic stages, the duals and the money re-solves are scoped changes of the
    HiGHS instance: the model keeps exactly its components, and a second solve of the same
    model gives the same lexicographic answer (1,498.5 output, 1,027 jobs), not a jobs-only
    solve."""
    data, model, first = solve_tiny(output_or_jobs("lexicographic"))
    components = [c.name for c in model.pyomo.component_objects()]
    active = [c.name for c in model.pyomo.component_objects(active=True)]
    second = solve_model(model, data.settings)
    assert [c.name for c in model.pyomo.component_objects()] == components
    assert [c.name for c in model.pyomo.component_objects(active=True)] == active
    assert second.objective == pytest.approx(first.objective)
    assert second.figures["output"] == pytest.approx(1498.5)
    assert second.figures["jobs"] == pytest.approx(1027)
    assert dict(second.duals["total_ceiling"]) == pytest.approx(dict(first.duals["total_ceiling"]))


def test_extra_rows_that_make_the_model_infeasible_give_an_empty_solution(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """solve_within with a row no plan can meet (A's total ≥ 5,000 against its €1,000m
    ceiling): an infeasible Solution, bends only when a relaxation is asked for (the least
    bending then is the €4,000m of A's ceiling), and the instance solves as before after."""
    from pactopt.solver.relax import elastic_relaxation
    from pactopt.solver.solution import SolveStatus
    from pactopt.solver.solve import open_solver, solve_within

    data, model, first = solve_tiny(base())
    direct = open_solver(model, data.settings)
    rows = [(model.pyomo.total_spend["A"], 5000.0, None)]
    plain, bends = solve_within(model, direct, data.settings, rows, mode="test")
    assert plain.status is SolveStatus.INFEASIBLE and bends == []
    relaxed, bends = solve_within(
        model,
        direct,
        data.settings,
        rows,
        mode="test",
        relax=lambda: elastic_relaxation(model, direct, data),
    )
    assert relaxed.status is SolveStatus.INFEASIBLE
    assert sum(b.short or 0.0 for b in bends) == pytest.approx(4000.0)
    again = solve_model(model, data.settings, direct=direct)
    assert again.objective == pytest.approx(first.objective)


def test_integer_levels_hold_a_milps_decisions(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """With project P built, its column is pinned at 1 (what the near-optimal ranges and
    the duals of a MILP hold)."""
    from pactopt.solver.solve import integer_levels, open_solver

    spec = _with_project()
    data, model, result = solve_tiny(spec)
    direct = open_solver(model, data.settings)
    column = direct.column_of("build", ("P",))
    assert integer_levels(direct, result) == {column: 1.0}


def test_model_size_counts_free_columns_rows_and_integers(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """base(): funding of A by gov and priv in 2 years (4), shift L→A in 2 years (2), new
    money of gov in 2 years (2): 8 columns; rows: public balance (2), budget neutrality (2),
    shift limit (2), shift destination (2), A's ceiling (1) = 9; no integer."""
    from pactopt.solver.solve import model_size, open_solver

    data, model, _ = solve_tiny(base())
    assert model_size(open_solver(model, data.settings)) == (8, 9, 0)


def test_a_figure_of_the_optimum_is_the_plan_s_own_when_the_plan_is_the_optimum() -> None:
    """A least-change plan keeps the optimum's figures in ``best`` (output 6 against its own
    5); a plan that is the optimum has none there and gives its own; a figure neither has
    is 0."""
    shown = Solution(
        SolveStatus.OPTIMAL,
        9.0,
        False,
        "weighted",
        figures={"output": 5.0},
        best={"objective": 10.0, "output": 6.0},
    )
    assert shown.best_figure("output") == 6.0
    assert shown.best_objective == 10.0
    optimum = Solution(SolveStatus.OPTIMAL, 10.0, False, "weighted", figures={"output": 6.0})
    assert optimum.best_figure("output") == 6.0
    assert optimum.best_figure("jobs") == 0.0


def test_a_degenerate_money_row_worth_less_than_its_dual_gets_no_split(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """base(): the private funder may pay for all of A (1.6 per €m up to its €1000m), so the
    government shifts nothing from L and the optimum is 1.6 × 1000 = 1,600. Its balance rows
    are degenerate: HiGHS prices them at 1.05 (what L forgoes per €m shifted) with a range of
    no room, yet one more €m of its money is worth 0 (A is full). The €1m re-solve tells them
    apart: no money effect is stated and the range is not widened to that €1m."""
    _, _, result = solve_tiny(base())
    assert result.objective == pytest.approx(1600.0)
    keys = [("gov", 2025), ("gov", 2026)]
    assert [result.duals["public_balance"][k] for k in keys] == pytest.approx([1.05, 1.05])
    assert result.money_effects.empty
    assert [result.interval("public_balance", k) for k in keys] == [(0.0, 0.0)] * 2


def test_the_solve_time_is_the_time_the_solve_took(tmp_path: Path) -> None:
    """solve_seconds is counted from the call's start: more than nothing, and no more than
    the caller saw pass around the call (never a clock reading since some other start)."""
    data = load(base(), tmp_path)
    model = create_model(data)
    start = time.perf_counter()
    result = solve_model(model, data.settings)
    took = time.perf_counter() - start
    assert 0.0 < result.solve_seconds <= took
