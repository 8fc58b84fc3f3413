"""The robust objective on a tiny instance whose optimum is derived by hand.

Two instruments share a €100m envelope (private money, no jobs, no discounting): A returns
exactly 1.5 € per €, B is uncertain (0.5 / 1.6 / 2.5, triangular) with a floor of €40m.
The value of a plan in draw s is 1.5 x_A + o_s x_B = 150 + (o_s − 1.5) x_B (x_A = 100 − x_B:
every euro returns something), linear in x_B, so the optimum is at a corner:

- central plan (o = 1.6 > 1.5): x_B = 100, x_A = 0, value 160;
- robust plan, w = 0.5, α = 0.2, N = 10: the objective is
  150 + x_B [0.5 (ō − 1.5) + 0.5 (c − 1.5)], with ō the mean of the ten draws of o_B and c
  the mean of the two lowest (the CVaR of o_B at 20%); with the seed's draws the bracket is
  negative (checked below), so x_B sits at its floor of 40 and x_A = 60: central value
  1.5 × 60 + 1.6 × 40 = 154, CVaR = 150 + 40 (c − 1.5) exactly, mean 150 + 40 (ō − 1.5).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from pactopt.analysis.robust import compare_plans, cvar
from pactopt.model.build import create_model
from pactopt.model.robust import robust_draws
from pactopt.solver.solve import model_size, open_solver, solve_model
from tests.model.conftest import Solved
from tests.model.tiny import base, instrument

pytestmark = pytest.mark.solve

NO_JOBS = {
    f"jobs_{kind}_per_meur_{level}": 0.0
    for kind in ("direct", "indirect")
    for level in ("low", "central", "high")
}


def spec(mode: str) -> dict[str, Any]:
    s = base()
    s["settings"].update(
        {
            "objective_mode": mode,
            "total_max_meur": 100,
            "robust_draws": 10,
            "robust_cvar_alpha": 0.2,
            "robust_cvar_weight": 0.5,
            "robust_seed": 3,
            "robust_evaluation_draws": 8,
            "robust_evaluation_seed": 4,
        }
    )
    s["Instruments"] = [
        instrument("A", **NO_JOBS),
        instrument(
            "B",
            min_total_meur=40,
            output_per_eur_low=0.5,
            output_per_eur_central=1.6,
            output_per_eur_high=2.5,
            **NO_JOBS,
        ),
    ]
    return s


def totals(result: Any) -> dict[str, float]:
    out = {"A": 0.0, "B": 0.0}
    for (i, _, _), value in result.value_map("funding").items():
        out[i] += value
    return out


def test_the_robust_plan_moves_to_the_certain_instrument_at_its_exact_cvar(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    _, _, central = solve_tiny(spec("weighted"))
    assert totals(central) == pytest.approx({"A": 0.0, "B": 100.0})
    assert central.objective == pytest.approx(160.0)

    data, _, robust = solve_tiny(spec("robust"))
    draws = robust_draws(data)
    assert draws is not None and draws.output_per_eur.shape == (10, 2)
    o_b = draws.output_per_eur[:, 1]
    assert np.all(draws.output_per_eur[:, 0] == 1.5)  # A is certain
    mean, worst = float(o_b.mean()), float(np.sort(o_b)[:2].mean())
    assert 0.5 * (mean - 1.5) + 0.5 * (worst - 1.5) < 0  # the bracket: B goes to its floor
    assert totals(robust) == pytest.approx({"A": 60.0, "B": 40.0})
    assert robust.figures["central_value"] == pytest.approx(154.0)
    assert robust.figures["cvar"] == pytest.approx(150 + 40 * (worst - 1.5), abs=1e-6)
    assert robust.figures["draw_mean"] == pytest.approx(150 + 40 * (mean - 1.5), abs=1e-6)
    expected = 0.5 * (150 + 40 * (mean - 1.5)) + 0.5 * (150 + 40 * (worst - 1.5))
    assert robust.objective == pytest.approx(expected, abs=1e-6)
    # the evaluation of a plan under draws (used out of sample) agrees with the LP
    assert cvar(150 + 40 * (o_b - 1.5), 0.2) == pytest.approx(robust.figures["cvar"])


def test_the_robust_model_adds_n_rows_and_n_plus_one_columns(
    solve_tiny: Callable[[dict[str, Any]], Solved], tmp_path: Any
) -> None:
    data_w, model_w, _ = solve_tiny(spec("weighted"))
    data_r, model_r, _ = solve_tiny(spec("robust"))
    vw, cw, _ = model_size(open_solver(model_w, data_w.settings))
    vr, cr, _ = model_size(open_solver(model_r, data_r.settings))
    assert (vr - vw, cr - cw) == (11, 10)


def test_both_plans_out_of_sample(solve_tiny: Callable[[dict[str, Any]], Solved]) -> None:
    data, _, _ = solve_tiny(spec("robust"))
    m = create_model(data)
    direct = open_solver(m, data.settings)
    robust = solve_model(m, data.settings, want_duals=False, direct=direct)
    comparison = compare_plans(m, direct, data, robust)
    assert comparison is not None
    assert comparison.central_value == pytest.approx({"central": 160.0, "robust": 154.0})
    assert comparison.totals["robust"] == pytest.approx({"A": 60.0, "B": 40.0})
    o_b = comparison.draws.output_per_eur[:, 1]
    assert comparison.figures["robust"]["value"] == pytest.approx(150 + 40 * (o_b - 1.5))
    assert comparison.figures["central"]["value"] == pytest.approx(100 * o_b)
    # the best plan for a draw is all in B when o_B > 1.5, else B at its floor
    best = np.where(o_b > 1.5, 100 * o_b, 150 + 40 * (o_b - 1.5))
    assert comparison.best_value == pytest.approx(best)
    regret = best - (150 + 40 * (o_b - 1.5))
    assert comparison.regret("robust") == pytest.approx(regret, abs=1e-6)


def test_the_results_workbook_has_a_robustness_sheet_and_a_summary_sentence(
    tmp_path: Any,
) -> None:
    from openpyxl import load_workbook

    from pactopt.pipeline import run_solve, write_outcome
    from pactopt.schema.parse import load_pact
    from tests.model.tiny import render

    path = render(spec("robust"), tmp_path / "robust.xlsx")
    outcome = run_solve(load_pact(path), path)
    assert outcome.robustness is not None
    target = tmp_path / "out.xlsx"
    write_outcome(outcome, target, path)
    wb = load_workbook(target)
    assert "Robustness" in wb.sheetnames
    summary = " ".join(str(c.value) for row in wb["Summary"].iter_rows() for c in row if c.value)
    # 160 − 154 at the central estimates, derived in the module docstring
    assert "Robustness costs €6m of value at the central estimates (154 instead of 160)" in summary
    moves = outcome.robustness.instruments.set_index("instrument")["change_meur"]
    assert moves.to_dict() == pytest.approx({"A": 60.0, "B": -60.0})
    assert outcome.robustness.domains["change_meur"].tolist() == pytest.approx([0.0])
