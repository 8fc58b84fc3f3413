"""Property test: any valid random workbook solves, and the independent checker confirms
every rule in the solution. Instances are drawn small (a few instruments, two or three years)
and always feasible (no floors, no mandatory projects), so every draw must reach an optimum."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pactopt.explain.binding import binding_table
from pactopt.explain.marginal import marginal_table
from pactopt.model.build import create_model
from pactopt.solver.solution import SolveStatus
from pactopt.solver.solve import solve_model
from tests.checker import violations
from tests.model.tiny import instrument, load

pytestmark = pytest.mark.slow

money = st.floats(min_value=0, max_value=500, allow_nan=False).map(lambda v: round(v, 2))
share = st.floats(min_value=0, max_value=1, allow_nan=False).map(lambda v: round(v, 3))
coefficient = st.floats(min_value=0, max_value=3, allow_nan=False).map(lambda v: round(v, 3))


@st.composite
def workbooks(draw: st.DrawFn) -> dict[str, Any]:
    """A random, valid, feasible tiny workbook spec."""
    last_year = draw(st.sampled_from([2025, 2026, 2027]))
    domains = ["D", "E"][: draw(st.integers(1, 2))]
    n_instruments = draw(st.integers(1, 4))
    rows = []
    for k in range(n_instruments):
        low, high = sorted((draw(share), draw(share)))
        out = draw(coefficient)
        rows.append(
            instrument(
                f"I{k}",
                domain=draw(st.sampled_from(domains)),
                max_total_meur=draw(money) + 11,
                public_share_min=low,
                public_share_max=high,
                private_leverage_max=draw(st.one_of(st.none(), coefficient)),
                max_per_year_meur=draw(st.one_of(st.none(), money)),
                ramp_up_meur=draw(st.one_of(st.none(), money)),
                maintenance_rate=draw(st.sampled_from([0.0, 0.05, 0.1])),
                output_per_eur_low=out,
                output_per_eur_central=out,
                output_per_eur_high=out,
                savings_government_per_eur=draw(coefficient),
                min_if_funded_meur=draw(st.one_of(st.none(), st.just(10.0))),
                reskilling=draw(st.sampled_from(["yes", "no"])),
            )
        )
    funders = [
        {
            "id": "gov",
            "name": "g",
            "kind": "public",
            "source": "ASSUMED: test",
            "new_money_cap_total_meur": draw(st.one_of(st.none(), money)),
        },
        {
            "id": "eu",
            "name": "e",
            "kind": "EU",
            "source": "ASSUMED: test",
            "new_money_cap_total_meur": draw(money),
        },
        {"id": "priv", "name": "p", "kind": "private", "source": "ASSUMED: test"},
    ]
    eligibility = [
        {
            "funder": f["id"],
            "domain": d,
            "source": "ASSUMED: test",
            "allowed": draw(st.sampled_from(["yes", "yes", "no"])),
        }
        for f in funders
        for d in domains
    ]
    lines = [
        {
            "id": f"L{k}",
            "owner": "gov",
            "name": "line",
            "max_shift_share": draw(share),
            "to_domains": ";".join(
                draw(st.lists(st.sampled_from(domains), min_size=1, unique=True))
            ),
            "output_forgone_per_eur": draw(coefficient),
            "jobs_forgone_per_meur": 0.5,
            "baseline_meur": draw(money),
            "source": "ASSUMED: test",
        }
        for k in range(draw(st.integers(0, 2)))
    ]
    spec: dict[str, Any] = {
        "settings": {
            "first_year": 2025,
            "last_year": last_year,
            "objective_mode": "weighted",
            "meur_per_job": 0.1,
            "budget_neutral": draw(st.sampled_from(["yes", "no"])),
            "mip_gap": 0.0,
            "savings_recycling_share": draw(st.sampled_from([0.0, 0.5])),
            "jobs_per_reskilling_meur": draw(st.one_of(st.none(), coefficient)),
        },
        "Domains": [{"id": d, "name": d, "source": "ASSUMED: test"} for d in domains],
        "Instruments": rows,
        "Funders": funders,
        "Eligibility": eligibility,
        "BudgetLines": lines,
    }
    if n_instruments > 1 and draw(st.booleans()):
        spec["Links"] = [
            {
                "before": "I0",
                "after": "I1",
                "ratio": draw(coefficient),
                "lag_years": draw(st.integers(0, 1)),
                "source": "ASSUMED: test",
            }
        ]
    if draw(st.booleans()):
        spec["Projects"] = [
            {
                "id": "P",
                "instrument": "I0",
                "name": "p",
                "output_meur": 5,
                "cost_meur": draw(money),
                "source": "ASSUMED: test",
            }
        ]
    if draw(st.booleans()):
        spec["Switches"] = [
            {
                "id": "W",
                "name": "w",
                "instruments": "I0",
                "mode": draw(st.sampled_from(["on", "off", "optimise"])),
                "private_cap_off_meur": draw(money),
                "cost_meur": draw(money),
                "source": "ASSUMED: test",
            }
        ]
    return spec


@settings(max_examples=20, deadline=None)
@given(workbooks())
def test_random_valid_workbook_solves_and_passes_the_checker(spec: dict[str, Any]) -> None:
    """Read → build → solve → the checker finds no violated rule."""
    with tempfile.TemporaryDirectory() as folder:
        data = load(spec, Path(folder))
    result = solve_model(create_model(data), data.settings, want_duals=False)
    assert result.status is SolveStatus.OPTIMAL
    assert violations(data, result) == []


@settings(max_examples=12, deadline=None)
@given(workbooks(), st.integers(0, 2))
def test_any_locked_past_keeps_its_actuals_and_the_rules_of_the_years_left(
    spec: dict[str, Any], spent_years: int
) -> None:
    """The mid-term review on any valid random workbook: its past locked to the first
    ``spent_years`` years of its own optimum (a past that some plan completes), the re-plan
    keeps every locked cell at its actual to 1e-9, the checker (which skips the past's
    facts) finds no rule broken, the re-plan is no better than the optimum from the first
    year, and with as_of_year the year before the first nothing changes."""
    with tempfile.TemporaryDirectory() as folder:
        data = load(spec, Path(folder))
        free = solve_model(create_model(data), data.settings, want_duals=False)
        assert free.status is SolveStatus.OPTIMAL
        as_of = min(data.years[0] - 1 + spent_years, data.years[-1])
        spent: dict[tuple[str, str], dict[int, float]] = {}
        for (i, f, y), v in free.value_map("funding").items():
            if y <= as_of:
                spent.setdefault((i, f), {})[y] = v
        locked_spec = {**spec, "settings": {**spec["settings"], "as_of_year": as_of}}
        locked_spec["Actuals"] = [
            {"instrument": i, "funder": f, "spent_meur": by_year, "source": "ASSUMED: test"}
            for (i, f), by_year in spent.items()
        ]
        locked_data = load(locked_spec, Path(folder), "locked.xlsx")
    result = solve_model(create_model(locked_data), locked_data.settings, want_duals=False)
    assert result.status is SolveStatus.OPTIMAL
    assert violations(locked_data, result) == []
    assert result.objective is not None and free.objective is not None
    assert result.objective <= free.objective + 1e-6 * max(1.0, abs(free.objective))
    if spent_years == 0:
        assert result.objective == pytest.approx(free.objective, rel=1e-12, abs=1e-9)


# what a printed amount may never look like: a hyphen for a minus, a signed zero, an empty range
BAD_TEXT = ("€-", "-€", "−€0m", "€-0", "up to €0m", "up to €0.00m", "e-1", "e-0")


@settings(max_examples=15, deadline=None, derandomize=True)
@given(workbooks())
def test_random_valid_workbook_explanations_hold_together(spec: dict[str, Any]) -> None:
    """On any valid random workbook: each Marginal money split sums (at the Settings
    weights) to the dual it explains; every validity range contains the limit's current
    value; no printed explanation shows a hyphen minus, a signed zero, an empty range or a
    number in scientific notation."""
    with tempfile.TemporaryDirectory() as folder:
        data = load(spec, Path(folder))
    result = solve_model(create_model(data), data.settings)
    assert result.status is SolveStatus.OPTIMAL
    s = data.settings
    for (funder, year), dual in result.duals.get("public_balance", {}).items():
        effect = result.money_effect(funder, year)
        if effect is None:
            # a split is left out only where the next €m is worth less than the dual (the
            # range leaves no room) or the funder can spend no more
            _, high = result.interval("public_balance", (funder, year))
            assert high <= 1e-9 or high != high, (funder, year, high)
            continue
        output, jobs, savings = effect
        value = s.weight_output * output + s.meur_per_job * jobs + s.weight_savings * savings
        assert value == pytest.approx(dual, rel=1e-6, abs=1e-6), (funder, year)
    # the rows the Marginal and Binding sheets state a range for: money rows and every limit
    # with a non-zero dual (a slack row's ranging is not a validity range and is not shown)
    for name, frame in result.ranges.items():
        current, duals = result.rhs.get(name), result.duals.get(name)
        if current is None or duals is None:
            continue
        for index, row in frame.iterrows():
            key = index if isinstance(index, tuple) else (index,)
            if name != "public_balance" and abs(float(duals.get(key, 0.0))) <= 1e-6:
                continue
            value = float(current[key])
            assert row["low"] - 1e-6 <= value <= row["high"] + 1e-6, (name, key)
    texts = [
        *marginal_table(data, result)["meaning"].astype(str),
        *binding_table(data, result)["sentence"].astype(str),
    ]
    for text in texts:
        assert not any(bad in text for bad in BAD_TEXT), text
