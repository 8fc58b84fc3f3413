"""A limit's value at stake is found by re-solving with its workbook value moved 10% each
way (issue 26), not by a dual extrapolated past its range: a share floor, whose right-hand
side is 0, gets its real stake; a ceiling's stake at −10% is what a re-solve gives, not the
dual times 10% of it. Checked on a tiny instance derived by hand and on the reference case
against independent solves of the workbook with the value changed."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest

from pactopt.analysis.stakes import LimitStake
from pactopt.analysis.stakes_solve import limit_stakes
from pactopt.explain.assumptions import assumptions_sentence, assumptions_table
from pactopt.explain.stake_words import NOT_RESOLVED, stake_text
from pactopt.explain.stakes import limit_candidates
from pactopt.model.build import create_model
from pactopt.pipeline import Outcome, SolveOptions, run_solve
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver.solve import open_solver, solve_model
from tests.conftest import REFERENCE_XLSX
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.solve

QUICK = SolveOptions(alternatives=False, moves=False)


def _best(data: PactData) -> float:
    """The best value of ``data``, solved on its own (no analysis, no least change)."""
    objective = solve_model(create_model(data), data.settings, want_duals=False).objective
    assert objective is not None
    return objective


def _with_instrument(data: PactData, id_: str, **changes: float) -> PactData:
    rows = [i.model_copy(update=changes) if i.id == id_ else i for i in data.instruments]
    return dataclasses.replace(data, instruments=rows)


def _with_domain(data: PactData, id_: str, **changes: float) -> PactData:
    rows = [d.model_copy(update=changes) if d.id == id_ else d for d in data.domains]
    return dataclasses.replace(data, domains=rows)


def _share_floor(tmp_path: Path) -> PactData:
    """base() with A at a least public share of 0.5: line L gives €50m a year (2 years), so
    A takes 100 / 0.5 = €200m, half of it private. Value per €m of A: 1.5 + 0.1 × 1 = 1.6;
    per €m shifted from L: 1.0 + 0.1 × 0.5 = 1.05. A second instrument B, with no share
    floor, is paid by private money alone up to its ceiling (€1,000m), whatever A's floor."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=0.5), instrument("B")]
    return load(spec, tmp_path)


def test_a_share_floor_gets_its_stake_by_re_solve(tmp_path: Path) -> None:
    """At a floor of 0.45 A can take 100 / 0.45 = 222.2: +1.6 × 22.22 = +35.56; at 0.55,
    100 / 0.55 = 181.8: 1.6 × (181.82 − 200) = −29.09. The dual times 10% of the right-hand
    side (0) said €0m."""
    data = _share_floor(tmp_path)
    outcome = run_solve(data, tmp_path / "tiny.xlsx", QUICK)
    assert outcome.tables is not None
    table = outcome.tables.assumptions
    row = table[table["what"].str.contains("least public share")].iloc[0]
    assert row["value_at_stake_meur"] == pytest.approx(1.6 * (100 / 0.45 - 200))
    assert "at 45%, +€35.6m of value; at 55%, −€29.1m of value" in row["how"]
    planner = outcome.tables.binding_split
    assert planner is not None
    # B's ceiling, €1,000m ± 10% at 1.6 per €m: ±160, ranked first; L's shift cap at 45%:
    # 90 shifted, A takes 180: 1.6 × −20 + 1.05 × 10 = −21.5 (at 55%, +21.5)
    stakes = list(planner.planner["value_at_stake_meur"])
    assert stakes == pytest.approx([160.0, 1.6 * (100 / 0.45 - 200), 21.5])
    floor = planner.planner.iloc[1]
    assert "at 45%, +€35.6m of value; at 55%, −€29.1m of value" in floor["sentence"]
    # the marginal value stays the dual, stated as one more €m
    assert "letting its public money fall €1m short" in floor["sentence"]


def test_limits_past_the_cap_are_said_not_to_be_re_solved(tmp_path: Path) -> None:
    """With room for one limit of the three (A's floor: the largest marginal value, 6.4),
    the other two are listed without a stake and the sentence says how many were left out."""
    data = _share_floor(tmp_path)
    m = create_model(data)
    direct = open_solver(m, data.settings)
    solution = solve_model(m, data.settings, direct=direct)
    candidates = limit_candidates(data, solution)
    assert len(candidates) == 3  # A's floor, B's ceiling, L's shift cap
    stakes = limit_stakes(m, direct, solution, candidates, most=1)
    assert stakes.left_out == 2 and len(stakes.found) == 1
    table = assumptions_table(data, solution, stakes)
    assert table["value_at_stake_meur"].isna().sum() == 2
    assert (table["how"] == NOT_RESOLVED).sum() == 2
    said = assumptions_sentence(table, 0.0, "weighted", stakes)
    assert "Of the 3 binding limits ranked, the 2 with the smallest" in said


@pytest.fixture(scope="module")
def reference() -> Outcome:
    return run_solve(load_pact(REFERENCE_XLSX), REFERENCE_XLSX, QUICK)


def _row(outcome: Outcome, cells: str) -> dict[str, object]:
    assert outcome.tables is not None and outcome.tables.binding_split is not None
    planner = outcome.tables.binding_split.planner
    return dict(planner[planner["cells"] == cells].iloc[0])


def test_reference_eg1_share_floor_stake_equals_an_independent_re_solve(
    reference: Outcome,
) -> None:
    """EG1's least public share, 0.9 → 0.81 (Instruments!H17): the workbook solved again with
    that one value changed adds what the Summary's row states (€257m by the issue's count)."""
    data = reference.data
    best = _best(data)
    low = _best(_with_instrument(data, "EG1", public_share_min=0.81)) - best
    high = _best(_with_instrument(data, "EG1", public_share_min=0.99)) - best
    assert low == pytest.approx(257.45, abs=0.05)
    row = _row(reference, "Instruments!H17")
    assert row["value_at_stake_meur"] == pytest.approx(max(abs(low), abs(high)), rel=1e-6)
    assert f"at 81%, +€{low:,.0f}m of value; at 99%, −€{-high:,.0f}m of value" in str(
        row["sentence"]
    )


def test_reference_ceiling_stake_at_minus_ten_percent_is_not_the_dual_extrapolated(
    reference: Outcome,
) -> None:
    """Digital infrastructure's ceiling, €14,000m (Domains!D5): its dual (€0.84m per €m)
    holds over a few tens of €m; times 10% of the ceiling it says −€1,182m, a re-solve at
    €12,600m −€1,605m (and +€654m at €15,400m, not +€1,182m)."""
    data = reference.data
    best = _best(data)
    low = _best(_with_domain(data, "INF", max_total_meur=12_600)) - best
    high = _best(_with_domain(data, "INF", max_total_meur=15_400)) - best
    row = _row(reference, "Domains!D5")
    dual = float(row["value_per_meur_each_year"])  # type: ignore[arg-type]
    extrapolated = dual * 0.10 * 14_000
    assert low == pytest.approx(-1604.79, abs=0.05) and high == pytest.approx(654.1, abs=0.05)
    assert abs(low) - extrapolated > 400  # the dual understates the loss by a third
    assert row["value_at_stake_meur"] == pytest.approx(-low, rel=1e-6)
    assert "at €12,600m, −€1,605m of value; at €15,400m, +€654m of value" in str(row["sentence"])
    assumptions = reference.tables.assumptions if reference.tables else None
    assert assumptions is not None
    infra = assumptions[assumptions["cells"] == "Domains!D5"].iloc[0]
    assert infra["value_at_stake_meur"] == pytest.approx(-low, rel=1e-6)
    assert "(Domains!D5; €1,605m at stake)" in reference.tables.assumptions_text  # type: ignore[union-attr]


def test_the_summary_ranks_limits_by_one_stake(reference: Outcome) -> None:
    """The Summary's top ten and its sentence on the assumed limits rank by the same re-solved
    stake: the top ten's stakes fall, and a limit named in both has the same stake."""
    assert reference.tables is not None and reference.tables.binding_split is not None
    top = reference.tables.binding_split.top()
    stakes = top["value_at_stake_meur"].tolist()
    assert stakes == sorted(stakes, reverse=True) and not any(map(math.isnan, stakes))
    limits = reference.tables.assumptions
    limits = limits[limits["kind"] == "binding limit"]
    for _, row in limits.iterrows():
        same = top[top["cells"] == row["cells"]]
        if len(same):
            assert same["value_at_stake_meur"].iloc[0] == pytest.approx(row["value_at_stake_meur"])


def test_past_the_size_bound_no_stake_is_stated_and_the_summary_says_so(
    tmp_path: Path,
) -> None:
    """Past ``comparison_max_variables`` no limit is re-solved: the limits are listed with no
    stake (not €0m), after the coefficients, and the Summary says why."""
    data = _share_floor(tmp_path)
    options = SolveOptions(alternatives=False, moves=False, comparison_max_variables=1)
    outcome = run_solve(data, tmp_path / "tiny.xlsx", options)
    assert outcome.tables is not None
    table = outcome.tables.assumptions
    limits = table[table["kind"] == "binding limit"]
    assert len(limits) == 3 and limits["value_at_stake_meur"].isna().all()
    assert (limits["how"] == NOT_RESOLVED).all()
    assert "not re-solved for a model of this size" in outcome.tables.assumptions_text
    assert outcome.tables.binding_split is not None
    assert outcome.tables.binding_split.planner["value_at_stake_meur"].isna().all()


def test_a_milp_stake_says_its_decisions_are_held() -> None:
    """A MILP's stake is re-solved with its yes/no decisions as chosen (as its marginal
    values are), and the words say so; an LP's say nothing of it."""
    stake = LimitStake("rule", ("K",), 10.0, 9.0, 11.0, -2.0, 1.5, unit="€m")
    mip = stake_text(stake, "weighted", mip=True)
    assert mip == (
        "re-solved with the limit 10% either way from €10m with the projects and switches as "
        "chosen: at €9m, −€2m of value; at €11m, +€1.50m of value"
    )
    assert "as chosen" not in stake_text(stake, "weighted")
    assert stake.stake == 2.0
