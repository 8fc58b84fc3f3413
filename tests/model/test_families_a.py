"""Hand-derived optima and binding tests for constraint families 1-7 on tiny instances.

Families: public_balance, budget_neutrality, shifts, savings_recycling, shares, bounds,
envelopes. Every instance is ``tiny.base()`` changed as little as its family needs; each test's
docstring derives the optimum by hand.

Shared arithmetic (no discounting, horizon 2025-2026 unless a test says otherwise):
- a €m spent on instrument A is worth 1.5 output + 0.1 €m/job × 1 job = 1.6;
- a €m shifted out of line L forgoes 1.0 output + 0.1 × 0.5 jobs = 1.05;
- so a shifted €m spent on A nets 1.6 − 1.05 = 0.55, and new, EU or recycled money (which
  forgoes nothing) nets the full 1.6;
- L lets gov shift at most 0.5 × 100 = 50 €m a year;
- private money is free and unlimited (up to A's max_total 1000), so public money matters only
  when a public-share floor or a private-leverage cap ties private money to it.
A "binding" test sets a limit, checks the solution sits exactly on it and, where the marginal
value is clear, that the limit's dual has the hand-derived magnitude (signs follow the
solver's convention, so magnitudes are compared).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pactopt.solver.solution import Solution, SolveStatus, entries
from tests.model.tiny import YEARS, base, instrument

pytestmark = pytest.mark.solve

SolveTiny = Callable[[dict[str, Any]], tuple[Any, Any, Solution]]
SRC = "ASSUMED: test"


# ---------------------------------------------------------------------------------------------
# helpers


def close(value: float) -> Any:
    """pytest.approx with the tolerances of this module."""
    return pytest.approx(value, rel=1e-6, abs=1e-6)


def dual(result: Solution, rule: str, *index: Any) -> float:
    """Magnitude of the dual of constraint ``rule[index]`` (no index: a scalar rule)."""
    return abs(dict(entries(result.duals[rule]))[tuple(index)])


def total(result: Solution, name: str, *index: Any) -> float:
    """A year-indexed variable summed over the two years (year is the last index)."""
    return sum(result.value(name, *index, y) for y in YEARS)


def spend(result: Solution, instrument_id: str, year: int) -> float:
    """spend[i,y]: the instrument's funding from every funder in a year."""
    funders = ("gov", "region", "eu", "priv")
    return sum(result.value("funding", instrument_id, f, year) for f in funders)


def output_per_eur(value: float) -> dict[str, float]:
    """Instrument columns setting low = central = high output per €."""
    return {f"output_per_eur_{k}": value for k in ("low", "central", "high")}


def gov_only(**changes: Any) -> dict[str, Any]:
    """base() with A fully public (public_share_min = 1), so only gov's money reaches it."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=1.0, **changes)]
    return spec


def one_instrument(**changes: Any) -> dict[str, Any]:
    """base() with instrument A's columns changed."""
    spec = base()
    spec["Instruments"] = [instrument("A", **changes)]
    return spec


def with_eu(spec: dict[str, Any], cap_total_meur: float) -> dict[str, Any]:
    """``spec`` plus an EU funder allowed in domain D with a horizon cap on its money."""
    spec["Funders"].append(
        {
            "id": "eu",
            "name": "EU",
            "kind": "EU",
            "new_money_cap_total_meur": cap_total_meur,
            "source": SRC,
        }
    )
    spec["Eligibility"].append({"funder": "eu", "domain": "D", "allowed": "yes", "source": SRC})
    return spec


def not_neutral(spec: dict[str, Any], **gov: Any) -> dict[str, Any]:
    """``spec`` with budget_neutral = no and the given new-money caps on gov."""
    spec["settings"]["budget_neutral"] = "no"
    spec["Funders"][0].update(gov)
    return spec


def second_public_funder() -> dict[str, Any]:
    """gov_only(), plus a second public funder `region` owning line R (baseline 20 a year,
    fully shiftable to D, forgoing 0.2 output and no jobs per €)."""
    spec = gov_only()
    spec["Funders"].append({"id": "region", "name": "region", "kind": "public", "source": SRC})
    spec["Eligibility"].append({"funder": "region", "domain": "D", "allowed": "yes", "source": SRC})
    spec["BudgetLines"].append(
        {
            "id": "R",
            "owner": "region",
            "name": "line R",
            "max_shift_share": 1.0,
            "to_domains": "D",
            "output_forgone_per_eur": 0.2,
            "jobs_forgone_per_meur": 0.0,
            "baseline_meur": 20,
            "source": SRC,
        }
    )
    return spec


def solved(result: Solution) -> Solution:
    """Assert the solve reached an optimum and return the result."""
    assert result.status is SolveStatus.OPTIMAL
    return result


# ---------------------------------------------------------------------------------------------
# family 1: public_balance (public_balance, eu_balance)


def test_public_balance_spends_only_shifted_money(solve_tiny: SolveTiny) -> None:
    """gov-only A, budget neutral. gov's only money is what it shifts from L, ≤ 50/yr; each
    shifted €m nets 0.55 > 0, so gov shifts and spends 50 each year. Output 1.5 × 100 = 150,
    forgone output 100; jobs 100, forgone jobs 50. Objective = 50 + 0.1 × 50 = 55
    (= 0.55 × 100)."""
    _, _, result = solve_tiny(gov_only())
    result = solved(result)
    assert result.objective == close(55.0)
    for y in YEARS:
        assert result.value("funding", "A", "gov", y) == close(50.0)
        assert result.value("shift", "L", "A", y) == close(50.0)
    assert result.figures["output"] == close(150.0)
    assert result.figures["forgone_output"] == close(100.0)
    assert result.figures["jobs"] == close(100.0)
    assert result.figures["forgone_jobs"] == close(50.0)


def test_public_balance_each_public_funder_has_its_own_books(solve_tiny: SolveTiny) -> None:
    """gov-only A (public share 1), plus a second public funder `region` owning line R
    (baseline 20, fully shiftable to D, forgoing 0.2 output and no jobs per €). A region €m
    nets 1.6 − 0.2 = 1.4 > 0, so region shifts and spends its 20/yr, gov its 50/yr; each
    funder spends exactly its own shifts. Spend 140: 1.6 × 140 = 224, minus forgone
    1.05 × 100 = 105 and 0.2 × 40 = 8. Objective = 224 − 105 − 8 = 111."""
    _, _, result = solve_tiny(second_public_funder())
    result = solved(result)
    assert result.objective == close(111.0)
    for y in YEARS:
        assert result.value("funding", "A", "region", y) == close(20.0)
        assert result.value("shift", "R", "A", y) == close(20.0)
        assert result.value("funding", "A", "gov", y) == close(50.0)
        assert result.value("shift", "L", "A", y) == close(50.0)
    assert result.figures["forgone_output"] == close(108.0)


def test_eu_balance_eu_spends_only_its_new_money(solve_tiny: SolveTiny) -> None:
    """gov-only A (public share 1; EU money counts as public) plus an EU funder capped at 40
    over the horizon. Budget neutrality binds gov only; EU money forgoes nothing, so it is
    worth 1.6/€m and EU spends its full 40 (year split free). gov shifts 50/yr as before.
    Objective = 0.55 × 100 + 1.6 × 40 = 55 + 64 = 119."""
    _, _, result = solve_tiny(with_eu(gov_only(), 40))
    result = solved(result)
    assert result.objective == close(119.0)
    assert total(result, "funding", "A", "eu") == close(40.0)
    assert total(result, "new_money", "eu") == close(40.0)
    for y in YEARS:
        assert result.value("funding", "A", "gov", y) == close(50.0)
    assert result.figures["output"] == close(1.5 * 140)


def test_public_balance_binding(solve_tiny: SolveTiny) -> None:
    """The balance is an equality: in the gov-only instance, each year gov's spending equals
    its shifts plus new money exactly (50 = 50 + 0). A free extra €m to gov in a year would be
    spent on A for +1.6, so each year's balance has a dual of magnitude 1.6."""
    _, _, result = solve_tiny(gov_only())
    result = solved(result)
    for y in YEARS:
        spent = result.value("funding", "A", "gov", y)
        income = result.value("shift", "L", "A", y) + result.value("new_money", "gov", y)
        assert spent == close(income)
        assert spent == close(50.0)
        assert dual(result, "public_balance", "gov", y) == close(1.6)


def test_eu_balance_binding(solve_tiny: SolveTiny) -> None:
    """EU capped at 40 on gov-only A: each year EU funding equals EU new money exactly, summing
    to 40. A free extra EU €m in either year is spent on A (no capacity limit) for +1.6, so
    both years' eu_balance duals have magnitude 1.6."""
    _, _, result = solve_tiny(with_eu(gov_only(), 40))
    result = solved(result)
    for y in YEARS:
        assert result.value("funding", "A", "eu", y) == close(result.value("new_money", "eu", y))
        assert dual(result, "eu_balance", "eu", y) == close(1.6)
    assert total(result, "new_money", "eu") == close(40.0)


# ---------------------------------------------------------------------------------------------
# family 2: budget_neutrality (new_money_total, new_money_year, budget_neutral)


def test_new_money_total_caps_new_money(solve_tiny: SolveTiny) -> None:
    """gov-only A, budget_neutral = no, gov's new money capped at 30 over the horizon. New
    money nets 1.6/€m, shifted money 0.55: both positive, so gov uses all 30 new (year split
    free) and shifts 50/yr. Spend 130. Objective = 0.55 × 100 + 1.6 × 30 = 55 + 48 = 103."""
    _, _, result = solve_tiny(not_neutral(gov_only(), new_money_cap_total_meur=30))
    result = solved(result)
    assert result.objective == close(103.0)
    assert total(result, "new_money", "gov") == close(30.0)
    assert total(result, "shift", "L", "A") == close(100.0)
    assert total(result, "funding", "A", "gov") == close(130.0)
    assert result.figures["net_output"] == close(1.5 * 130 - 100)


def test_new_money_total_binding(solve_tiny: SolveTiny) -> None:
    """Cap set to 12.5: gov's new money sums to exactly 12.5; objective = 55 + 1.6 × 12.5 = 75.
    One more €m of cap is spent on A for +1.6: the cap's dual has magnitude 1.6."""
    _, _, result = solve_tiny(not_neutral(gov_only(), new_money_cap_total_meur=12.5))
    result = solved(result)
    assert result.objective == close(75.0)
    assert total(result, "new_money", "gov") == close(12.5)
    assert dual(result, "new_money_total", "gov") == close(1.6)


def test_new_money_year_caps_each_year(solve_tiny: SolveTiny) -> None:
    """gov-only A, budget_neutral = no, yearly new-money caps 10 (2025) and 20 (2026). New
    money (1.6) and shifts (0.55) are both worth using: gov spends 50 + 10 = 60 in 2025 and
    50 + 20 = 70 in 2026. Objective = 0.55 × 100 + 1.6 × 30 = 103."""
    spec = not_neutral(gov_only(), new_money_cap_meur={2025: 10, 2026: 20})
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(103.0)
    assert result.value("new_money", "gov", 2025) == close(10.0)
    assert result.value("new_money", "gov", 2026) == close(20.0)
    assert result.value("funding", "A", "gov", 2025) == close(60.0)
    assert result.value("funding", "A", "gov", 2026) == close(70.0)


def test_new_money_year_blank_year_is_uncapped(solve_tiny: SolveTiny) -> None:
    """gov-only A with capacity 200/yr, budget_neutral = no, yearly caps 10 (2025) and blank
    (2026, no cap). 2025: new money 10 and shifts 50 (capacity slack), spend 60, worth
    1.6 × 60 − 1.05 × 50 = 43.5. 2026: capacity 200 is filled with new money (1.6/€m beats a
    shifted €m's 0.55 when capacity binds), no shift: 1.6 × 200 = 320. Objective = 363.5."""
    spec = not_neutral(gov_only(max_per_year_meur=200), new_money_cap_meur={2025: 10, 2026: None})
    _, model, result = solve_tiny(spec)
    result = solved(result)
    assert list(model.pyomo.capped_year_index) == [("gov", 2025)]
    assert result.objective == close(363.5)
    assert result.value("new_money", "gov", 2025) == close(10.0)
    assert result.value("shift", "L", "A", 2025) == close(50.0)
    assert result.value("new_money", "gov", 2026) == close(200.0)
    assert result.value("shift", "L", "A", 2026) == close(0.0)


def test_new_money_year_binding(solve_tiny: SolveTiny) -> None:
    """With caps 10 / 20 each year's new money sits exactly on its cap; one more €m of cap in a
    year is spent on A for +1.6, so both duals have magnitude 1.6."""
    spec = not_neutral(gov_only(), new_money_cap_meur={2025: 10, 2026: 20})
    _, _, result = solve_tiny(spec)
    result = solved(result)
    for y, cap in ((2025, 10.0), (2026, 20.0)):
        assert result.value("new_money", "gov", y) == close(cap)
        assert dual(result, "new_money_year", "gov", y) == close(1.6)


def _private_capped(**caps: Any) -> dict[str, Any]:
    """The base instance, its private funder priv capped (Funders caps: all private money
    is new money)."""
    spec = base()
    spec["Funders"] = [{**f, **caps} if f["id"] == "priv" else f for f in spec["Funders"]]
    return spec


def test_private_money_total_caps_a_private_funder(solve_tiny: SolveTiny) -> None:
    """Uncapped, priv fills A to its €1,000m ceiling alone (its money forgoes nothing, so a
    shifted € would only displace it). Capped at 30 over the horizon: A spends priv's 30 and
    gov's shifted 100 (each shifted € nets 1.6 − 1.05 = 0.55) = 130.
    Objective = 1.6 × 130 − 1.05 × 100 = 103; one more €m of the cap adds 1.6."""
    _, _, free = solve_tiny(base())
    assert total(solved(free), "funding", "A", "priv") == close(1000.0)
    _, _, result = solve_tiny(_private_capped(new_money_cap_total_meur=30))
    result = solved(result)
    assert total(result, "funding", "A", "priv") == close(30.0)
    assert result.objective == close(103.0)
    assert dual(result, "private_money_total", "priv") == close(1.6)


def test_private_money_year_caps_each_year(solve_tiny: SolveTiny) -> None:
    """priv capped at 10 in 2025 and 20 in 2026: it spends exactly that; objective
    1.6 × (100 + 30) − 105 = 103; each yearly cap's dual is 1.6."""
    _, _, result = solve_tiny(_private_capped(new_money_cap_meur={2025: 10, 2026: 20}))
    result = solved(result)
    assert result.value("funding", "A", "priv", 2025) == close(10.0)
    assert result.value("funding", "A", "priv", 2026) == close(20.0)
    assert result.objective == close(103.0)
    for y in (2025, 2026):
        assert dual(result, "private_money_year", "priv", y) == close(1.6)


def test_budget_neutral_forbids_new_money(solve_tiny: SolveTiny) -> None:
    """Same instance as the 103 case (gov cap 30 over the horizon) but budget_neutral = yes:
    the cap no longer matters, gov adds no new money and spends only its shifts, 50/yr, so
    its digital spending equals the money moved out of L. Objective = 0.55 × 100 = 55."""
    spec = gov_only()
    spec["Funders"][0]["new_money_cap_total_meur"] = 30
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(55.0)
    assert total(result, "new_money", "gov") == close(0.0)
    assert total(result, "funding", "A", "gov") == close(total(result, "shift", "L", "A"))
    assert total(result, "funding", "A", "gov") == close(100.0)


def test_budget_neutral_binding(solve_tiny: SolveTiny) -> None:
    """Budget-neutral gov-only A: new money sits on its limit 0 each year; a €m of new money
    would be spent on A for +1.6, so each year's budget_neutral dual has magnitude 1.6. With
    budget_neutral = no the rule builds no constraint at all."""
    _, model, result = solve_tiny(gov_only())
    result = solved(result)
    assert len(model.pyomo.budget_neutral) == len(YEARS)
    for y in YEARS:
        assert result.value("new_money", "gov", y) == close(0.0)
        assert dual(result, "budget_neutral", "gov", y) == close(1.6)
    _, free_model, _ = solve_tiny(not_neutral(gov_only(), new_money_cap_total_meur=30))
    assert not hasattr(free_model, "budget_neutral")  # no rows: the rule is skipped


# ---------------------------------------------------------------------------------------------
# family 3: shifts (shift_limit, shift_destination)


def test_shift_limit_follows_yearly_baseline(solve_tiny: SolveTiny) -> None:
    """gov-only A, L's baseline 100 in 2025 and 40 in 2026, shiftable share 0.5: gov can shift
    50 then 20, and uses all of it (0.55/€m > 0). Spend 70. Objective = 0.55 × 70 = 38.5."""
    spec = gov_only()
    spec["BudgetLines"][0]["baseline_meur"] = {2025: 100, 2026: 40}
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(38.5)
    assert result.value("shift", "L", "A", 2025) == close(50.0)
    assert result.value("shift", "L", "A", 2026) == close(20.0)
    assert result.value("funding", "A", "gov", 2026) == close(20.0)


def test_a_year_without_baseline_allows_no_shift(solve_tiny: SolveTiny) -> None:
    """gov-only A, L's baseline 100 in 2025 and 0 in 2026: half of nothing is nothing, so gov
    shifts 50 in 2025 and none in 2026. Objective = 0.55 × 50 = 27.5."""
    spec = gov_only()
    spec["BudgetLines"][0]["baseline_meur"] = {2025: 100, 2026: 0}
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(27.5)
    assert result.value("shift", "L", "A", 2025) == close(50.0)
    assert result.value("shift", "L", "A", 2026) == close(0.0)


def test_shift_limit_binding(solve_tiny: SolveTiny) -> None:
    """gov-only A with max_shift_share 0.3: shifts sit exactly on 0.3 × 100 = 30 each year,
    objective = 0.55 × 60 = 33, and one more shiftable €m nets 0.55: dual magnitude 0.55."""
    spec = gov_only()
    spec["BudgetLines"][0]["max_shift_share"] = 0.3
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(33.0)
    for y in YEARS:
        assert result.value("shift", "L", "A", y) == close(30.0)
        assert dual(result, "shift_limit", "L", y) == close(0.55)


def two_domains(to_domains: str) -> dict[str, Any]:
    """gov-only A in D and a better gov-only B in E (3.0 output per €: 3.1/€m); gov may pay
    for both domains, but L may only go to ``to_domains``."""
    spec = base()
    spec["Domains"].append({"id": "E", "name": "domain E", "source": SRC})
    spec["Instruments"] = [
        instrument("A", public_share_min=1.0),
        instrument("B", domain="E", public_share_min=1.0, **output_per_eur(3.0)),
    ]
    spec["Eligibility"].append({"funder": "gov", "domain": "E", "allowed": "yes", "source": SRC})
    spec["BudgetLines"][0]["to_domains"] = to_domains
    return spec


def test_shift_destination_keeps_money_in_the_lines_domains(solve_tiny: SolveTiny) -> None:
    """B (3.1/€m) beats A (1.6/€m), but L may only go to D: gov's money all comes from L, so it
    all lands on A, 50/yr, and B gets nothing. Objective = 0.55 × 100 = 55. With L allowed to
    D;E the same money goes to B instead: (3.1 − 1.05) × 100 = 205."""
    _, _, result = solve_tiny(two_domains("D"))
    result = solved(result)
    assert result.objective == close(55.0)
    assert total(result, "funding", "A", "gov") == close(100.0)
    assert total(result, "funding", "B", "gov") == close(0.0)

    _, _, wider = solve_tiny(two_domains("D;E"))
    wider = solved(wider)
    assert wider.objective == close(205.0)
    assert total(wider, "funding", "B", "gov") == close(100.0)
    assert total(wider, "shift", "L", "B") == close(100.0)
    assert total(wider, "funding", "A", "gov") == close(0.0)


def test_shift_destination_binding(solve_tiny: SolveTiny) -> None:
    """L only to D: each year the money shifted into A equals gov's funding of A exactly (50).
    Letting one shifted €m escape A's destination would move it to B: +3.1 − 1.6 = +1.5, so
    the dual has magnitude 1.5."""
    _, _, result = solve_tiny(two_domains("D"))
    result = solved(result)
    for y in YEARS:
        assert result.value("shift", "L", "A", y) == close(result.value("funding", "A", "gov", y))
        assert result.value("shift", "L", "A", y) == close(50.0)
        assert dual(result, "shift_destination", "gov", "A", y) == close(1.5)


# ---------------------------------------------------------------------------------------------
# family 4: savings_recycling


def recycling(share: float, spread: int, **changes: Any) -> dict[str, Any]:
    """gov-only A with government savings, and the recycling settings."""
    spec = gov_only(**changes)
    spec["settings"].update(savings_recycling_share=share, savings_spread_years=spread)
    return spec


def test_savings_recycling_funds_the_next_year(solve_tiny: SolveTiny) -> None:
    """gov-only A saving government 1.0 per €, spread over 2 years, lag 0 (so from one year
    later); half may be recycled. A is worth 1.6 + 0.5 × 1.0 = 2.1/€m. 2025: nothing realised
    yet (r = 0), gov spends its 50 shift. 2026: r ≤ 0.5 × (1.0 / 2) × 50 = 12.5, spent on
    top of the 50 shift: 62.5. Spend 112.5. Objective = 2.1 × 112.5 − 1.05 × 100 = 131.25."""
    _, _, result = solve_tiny(recycling(0.5, 2, savings_government_per_eur=1.0))
    result = solved(result)
    assert result.objective == close(131.25)
    assert result.value("recycled", "gov", 2025) == close(0.0)
    assert result.value("recycled", "gov", 2026) == close(12.5)
    assert result.value("funding", "A", "gov", 2026) == close(62.5)
    assert result.figures["savings"] == close(112.5)


def test_savings_recycling_window_is_the_spread(solve_tiny: SolveTiny) -> None:
    """Horizon 2025-2027, savings 0.4 per €, spread 1 year, share 1: year y may recycle only
    0.4 × spend of year y − 1. A is worth 1.6 + 0.5 × 0.4 = 1.8/€m. Spend: 2025 = 50;
    2026 = 50 + 0.4 × 50 = 70; 2027 = 50 + 0.4 × 70 = 78 (not 50 + 0.4 × 120). Spend 198.
    Objective = 1.8 × 198 − 1.05 × 150 = 356.4 − 157.5 = 198.9."""
    spec = recycling(1.0, 1, savings_government_per_eur=0.4)
    spec["settings"]["last_year"] = 2027
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(198.9)
    assert result.value("recycled", "gov", 2026) == close(20.0)
    assert result.value("recycled", "gov", 2027) == close(28.0)
    assert result.value("funding", "A", "gov", 2027) == close(78.0)


def test_savings_recycling_waits_for_the_lag(solve_tiny: SolveTiny) -> None:
    """As the 131.25 case but with impact lag 2: savings start 2 years after spending, past the
    2026 horizon, so nothing is recycled. Savings still count in the objective (no
    discounting): 2.1 × 100 − 1.05 × 100 = 105."""
    spec = recycling(0.5, 2, savings_government_per_eur=1.0, impact_lag_years=2)
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(105.0)
    assert total(result, "recycled", "gov") == close(0.0)
    assert total(result, "funding", "A", "gov") == close(100.0)


def test_savings_recycling_binding(solve_tiny: SolveTiny) -> None:
    """In the 131.25 case recycled money sits on its limit: r[2026] = 0.5 × 0.5 × x[2025] =
    12.5 and r[2025] = 0. One more recycled €m in 2026 is spent on A for +2.1: dual 2.1."""
    _, _, result = solve_tiny(recycling(0.5, 2, savings_government_per_eur=1.0))
    result = solved(result)
    limit = 0.25 * result.value("funding", "A", "gov", 2025)
    assert result.value("recycled", "gov", 2026) == close(limit)
    assert limit == close(12.5)
    assert dual(result, "savings_recycling", "gov", 2026) == close(2.1)
    assert dual(result, "savings_recycling", "gov", 2025) > 1e-6


# ---------------------------------------------------------------------------------------------
# family 5: shares (private_leverage, public_share_min, public_share_max)


def test_public_share_min_ties_private_money_to_public(solve_tiny: SolveTiny) -> None:
    """A with public share ≥ 0.4: gov ≥ 0.4 × spend. gov has only its shift ≤ 50/yr, so spend
    ≤ 50 / 0.4 = 125/yr (priv 75). Each shifted €m carries 2.5 €m of spending: 4.0 − 1.05 > 0,
    so all is used. Spend 250. Objective = 1.6 × 250 − 1.05 × 100 = 400 − 105 = 295."""
    _, _, result = solve_tiny(one_instrument(public_share_min=0.4))
    result = solved(result)
    assert result.objective == close(295.0)
    for y in YEARS:
        assert result.value("funding", "A", "gov", y) == close(50.0)
        assert result.value("funding", "A", "priv", y) == close(75.0)


def test_public_share_min_binding(solve_tiny: SolveTiny) -> None:
    """Public share floor 0.4: gov's funding is exactly 0.4 × spend each year. Relaxing the
    floor by one €m (0.6 pub − 0.4 priv ≥ −1) admits 2.5 more private €m: +4.0, so the dual
    has magnitude 4.0."""
    _, _, result = solve_tiny(one_instrument(public_share_min=0.4))
    result = solved(result)
    for y in YEARS:
        public = result.value("funding", "A", "gov", y)
        assert public == close(0.4 * spend(result, "A", y))
        assert dual(result, "public_share_min", "A", y) == close(4.0)


def test_private_leverage_caps_private_money(solve_tiny: SolveTiny) -> None:
    """A with private leverage ≤ 2: priv ≤ 2 × gov ≤ 100/yr, spend ≤ 150/yr. A shifted €m
    carries 3 €m: 4.8 − 1.05 > 0. Spend 300. Objective = 1.6 × 300 − 105 = 375."""
    _, _, result = solve_tiny(one_instrument(private_leverage_max=2))
    result = solved(result)
    assert result.objective == close(375.0)
    for y in YEARS:
        assert result.value("funding", "A", "gov", y) == close(50.0)
        assert result.value("funding", "A", "priv", y) == close(100.0)


def test_private_leverage_counts_eu_money_as_public(solve_tiny: SolveTiny) -> None:
    """Leverage 2 plus EU money capped at 30: public = gov 100 + EU 30 = 130 over the horizon,
    so priv may reach 260 and spend 390 (< max_total 1000). Objective = 1.6 × 390 − 105 =
    624 − 105 = 519."""
    _, _, result = solve_tiny(with_eu(one_instrument(private_leverage_max=2), 30))
    result = solved(result)
    assert result.objective == close(519.0)
    assert total(result, "funding", "A", "eu") == close(30.0)
    assert total(result, "funding", "A", "priv") == close(260.0)


def test_private_leverage_binding(solve_tiny: SolveTiny) -> None:
    """Leverage 2: each year priv is exactly 2 × public (100 = 2 × 50). One more €m of
    allowed private money adds 1.6: dual magnitude 1.6."""
    _, _, result = solve_tiny(one_instrument(private_leverage_max=2))
    result = solved(result)
    for y in YEARS:
        public = result.value("funding", "A", "gov", y)
        assert result.value("funding", "A", "priv", y) == close(2 * public)
        assert dual(result, "private_leverage", "A", y) == close(1.6)


def share_max_with_scarce_private_money() -> dict[str, Any]:
    """A with public share ≤ 0.6 and an enabling switch W that caps private money on A at
    20/yr while off; switching on costs 10 000, far above anything it could unlock (at most
    1.6 × 1000), so it stays off (this makes the instance a MILP)."""
    spec = one_instrument(public_share_max=0.6)
    spec["Switches"] = [
        {
            "id": "W",
            "name": "reform",
            "instruments": "A",
            "mode": "optimise",
            "private_cap_off_meur": 20,
            "cost_meur": 10_000,
            "source": SRC,
        }
    ]
    return spec


def test_public_share_max_limits_public_money(solve_tiny: SolveTiny) -> None:
    """Private money is scarce (≤ 20/yr, switch off) and gov ≤ 0.6 × spend ⇔ gov ≤ 1.5 × priv
    = 30/yr, below its 50 of shiftable money. Spend 50/yr. Objective = 1.6 × 100 − 1.05 × 60
    = 160 − 63 = 97."""
    _, _, result = solve_tiny(share_max_with_scarce_private_money())
    result = solved(result)
    assert result.objective == close(97.0)
    assert result.value("switch_on", "W") == close(0.0)
    for y in YEARS:
        assert result.value("funding", "A", "priv", y) == close(20.0)
        assert result.value("funding", "A", "gov", y) == close(30.0)
        assert result.value("shift", "L", "A", y) == close(30.0)


def test_public_share_max_binding(solve_tiny: SolveTiny) -> None:
    """In the 97 case gov's funding is exactly 0.6 × spend each year. Relaxing the ceiling by
    one €m (0.4 pub ≤ 0.6 priv + 1) admits 2.5 more gov €m, each netting 0.55: the dual (of
    the LP with the switch fixed) has magnitude 2.5 × 0.55 = 1.375."""
    _, _, result = solve_tiny(share_max_with_scarce_private_money())
    result = solved(result)
    assert result.duals_conditional
    for y in YEARS:
        public = result.value("funding", "A", "gov", y)
        assert public == close(0.6 * spend(result, "A", y))
        assert dual(result, "public_share_max", "A", y) == close(1.375)


def test_public_share_max_without_private_funder(solve_tiny: SolveTiny) -> None:
    """A with public share ≤ 0.6 and priv not allowed in D: gov ≤ 0.6 × gov forces gov = 0,
    so nothing is spent and nothing shifted. Objective = 0 (vs 55 without the ceiling)."""
    spec = one_instrument(public_share_max=0.6)
    spec["Eligibility"] = [e for e in spec["Eligibility"] if e["funder"] != "priv"]
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(0.0)
    assert total(result, "funding", "A", "gov") == close(0.0)
    assert total(result, "shift", "L", "A") == close(0.0)


# ---------------------------------------------------------------------------------------------
# family 6: bounds (instrument_min_total, instrument_max_total, capacity, ramp_up)


def test_instrument_max_total_caps_spending(solve_tiny: SolveTiny) -> None:
    """base() with A's max_total 300: free private money fills A to 300 (year split free), gov
    shifts nothing (it would only displace free money). Objective = 1.6 × 300 = 480."""
    _, _, result = solve_tiny(one_instrument(max_total_meur=300))
    result = solved(result)
    assert result.objective == close(480.0)
    assert total(result, "funding", "A", "priv") == close(300.0)
    assert total(result, "shift", "L", "A") == close(0.0)


def test_instrument_max_total_binding(solve_tiny: SolveTiny) -> None:
    """base() (max_total 1000): A's total spending sits exactly on 1000, objective 1600, and
    one more €m of ceiling is worth 1.6: dual magnitude 1.6."""
    _, _, result = solve_tiny(base())
    result = solved(result)
    assert result.objective == close(1600.0)
    assert sum(spend(result, "A", y) for y in YEARS) == close(1000.0)
    assert dual(result, "instrument_max_total", "A") == close(1.6)


def low_value_gov_only(**changes: Any) -> dict[str, Any]:
    """gov-only A producing 0.5 output per €: worth 0.5 + 0.1 = 0.6/€m, less than the 1.05 a
    shifted €m forgoes, so A is left unfunded unless something forces it."""
    return gov_only(**output_per_eur(0.5), **changes)


def test_instrument_min_total_forces_a_losing_instrument(solve_tiny: SolveTiny) -> None:
    """Low-value gov-only A with min_total 60: every €m loses 1.05 − 0.6 = 0.45, so gov spends
    exactly the floor, 60 (≤ 50/yr shiftable, split free). Objective = −0.45 × 60 = −27."""
    _, _, result = solve_tiny(low_value_gov_only(min_total_meur=60))
    result = solved(result)
    assert result.objective == close(-27.0)
    assert total(result, "funding", "A", "gov") == close(60.0)
    assert total(result, "shift", "L", "A") == close(60.0)


def test_instrument_min_total_binding(solve_tiny: SolveTiny) -> None:
    """Low-value gov-only A with min_total 80: total spending sits exactly on 80 (objective
    −0.45 × 80 = −36); each €m of floor costs 0.45: dual magnitude 0.45."""
    _, _, result = solve_tiny(low_value_gov_only(min_total_meur=80))
    result = solved(result)
    assert result.objective == close(-36.0)
    assert total(result, "funding", "A", "gov") == close(80.0)
    assert dual(result, "instrument_min_total", "A") == close(0.45)


def test_capacity_caps_each_year(solve_tiny: SolveTiny) -> None:
    """base() with capacity 300/yr: private money fills 300 each year (600 < max_total 1000).
    Objective = 1.6 × 600 = 960."""
    _, _, result = solve_tiny(one_instrument(max_per_year_meur=300))
    result = solved(result)
    assert result.objective == close(960.0)
    for y in YEARS:
        assert spend(result, "A", y) == close(300.0)


def test_capacity_binding(solve_tiny: SolveTiny) -> None:
    """Capacity 250/yr: spending sits on 250 each year (objective 1.6 × 500 = 800); one more €m
    of capacity in a year is worth 1.6: dual magnitude 1.6 in both years."""
    _, _, result = solve_tiny(one_instrument(max_per_year_meur=250))
    result = solved(result)
    assert result.objective == close(800.0)
    for y in YEARS:
        assert spend(result, "A", y) == close(250.0)
        assert dual(result, "capacity", "A", y) == close(1.6)


def test_ramp_up_limits_growth_from_zero(solve_tiny: SolveTiny) -> None:
    """base() with ramp-up 200/yr from zero before the horizon: spend 2025 ≤ 200, spend 2026 ≤
    spend 2025 + 200 = 400; total 600 < 1000. Objective = 1.6 × 600 = 960."""
    _, _, result = solve_tiny(one_instrument(ramp_up_meur=200))
    result = solved(result)
    assert result.objective == close(960.0)
    assert spend(result, "A", 2025) == close(200.0)
    assert spend(result, "A", 2026) == close(400.0)


def test_ramp_up_binding(solve_tiny: SolveTiny) -> None:
    """Ramp-up 200: both years grow by exactly 200. One more €m of ramp in 2026 adds 1.6; in
    2025 it raises both years' spending by 1: 3.2. Dual magnitudes 3.2 (2025), 1.6 (2026)."""
    _, _, result = solve_tiny(one_instrument(ramp_up_meur=200))
    result = solved(result)
    assert spend(result, "A", 2025) == close(200.0)
    assert spend(result, "A", 2026) - spend(result, "A", 2025) == close(200.0)
    assert dual(result, "ramp_up", "A", 2025) == close(3.2)
    assert dual(result, "ramp_up", "A", 2026) == close(1.6)


# ---------------------------------------------------------------------------------------------
# family 7: envelopes (domain_floor, domain_ceiling, total_floor, total_ceiling)


def a_and_weaker_b(a_max_meur: float) -> dict[str, Any]:
    """base() with A capped at ``a_max_meur`` and a second instrument B in D producing 1.0
    output per € (worth 1.1/€m)."""
    spec = base()
    spec["Instruments"] = [
        instrument("A", max_total_meur=a_max_meur),
        instrument("B", **output_per_eur(1.0)),
    ]
    return spec


def test_domain_ceiling_caps_the_domain(solve_tiny: SolveTiny) -> None:
    """D capped at 400 with A (1.6, max 300) and B (1.1): private money fills A to 300 first,
    then B with the remaining 100. Objective = 1.6 × 300 + 1.1 × 100 = 480 + 110 = 590."""
    spec = a_and_weaker_b(300)
    spec["Domains"][0]["max_total_meur"] = 400
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(590.0)
    assert total(result, "funding", "A", "priv") == close(300.0)
    assert total(result, "funding", "B", "priv") == close(100.0)


def test_domain_ceiling_binding(solve_tiny: SolveTiny) -> None:
    """D capped at 450: D's spending sits exactly on 450 (A 300, B 150; objective 480 + 165 =
    645). One more €m of ceiling goes to B: dual magnitude 1.1."""
    spec = a_and_weaker_b(300)
    spec["Domains"][0]["max_total_meur"] = 450
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(645.0)
    domain_total = sum(spend(result, i, y) for i in ("A", "B") for y in YEARS)
    assert domain_total == close(450.0)
    assert dual(result, "domain_ceiling", "D") == close(1.1)


def floor_on_e(floor_meur: float) -> dict[str, Any]:
    """base() plus domain E with floor ``floor_meur`` holding C (0.2 output per €: worth
    0.3/€m), open to gov only; L may go to D or E."""
    spec = base()
    spec["Domains"].append(
        {"id": "E", "name": "domain E", "min_total_meur": floor_meur, "source": SRC}
    )
    spec["Instruments"] = [instrument("A"), instrument("C", domain="E", **output_per_eur(0.2))]
    spec["Eligibility"].append({"funder": "gov", "domain": "E", "allowed": "yes", "source": SRC})
    spec["BudgetLines"][0]["to_domains"] = "D;E"
    return spec


def test_domain_floor_forces_spending_in_a_domain(solve_tiny: SolveTiny) -> None:
    """E's floor 40: only gov can pay for C, with shifted money that loses 1.05 − 0.3 = 0.75
    per €m, so it spends exactly 40 on C. priv fills A to 1000 (1600). Objective = 1600 −
    0.75 × 40 = 1570."""
    _, _, result = solve_tiny(floor_on_e(40))
    result = solved(result)
    assert result.objective == close(1570.0)
    assert total(result, "funding", "C", "gov") == close(40.0)
    assert total(result, "shift", "L", "C") == close(40.0)
    assert total(result, "funding", "A", "priv") == close(1000.0)


def test_domain_floor_binding(solve_tiny: SolveTiny) -> None:
    """E's floor 70: E's spending sits exactly on 70 (objective 1600 − 0.75 × 70 = 1547.5) and
    each €m of floor costs 0.75: dual magnitude 0.75."""
    _, _, result = solve_tiny(floor_on_e(70))
    result = solved(result)
    assert result.objective == close(1547.5)
    assert sum(spend(result, "C", y) for y in YEARS) == close(70.0)
    assert dual(result, "domain_floor", "E") == close(0.75)


def test_total_ceiling_caps_the_pact(solve_tiny: SolveTiny) -> None:
    """Pact capped at 500 with A (1.6, max 300) and B (1.1): A 300, B 200. Objective = 480 +
    220 = 700."""
    spec = a_and_weaker_b(300)
    spec["settings"]["total_max_meur"] = 500
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(700.0)
    assert total(result, "funding", "A", "priv") == close(300.0)
    assert total(result, "funding", "B", "priv") == close(200.0)


def test_total_ceiling_binding(solve_tiny: SolveTiny) -> None:
    """Pact capped at 350: total spending sits on 350 (A 300, B 50; objective 480 + 55 = 535).
    One more €m goes to B: dual magnitude 1.1."""
    spec = a_and_weaker_b(300)
    spec["settings"]["total_max_meur"] = 350
    _, _, result = solve_tiny(spec)
    result = solved(result)
    assert result.objective == close(535.0)
    assert sum(spend(result, i, y) for i in ("A", "B") for y in YEARS) == close(350.0)
    assert dual(result, "total_ceiling") == close(1.1)


def floor_on_pact(floor_meur: float) -> dict[str, Any]:
    """A (priv-funded, 1.6, max 100) and a low-value gov-only B (0.6/€m, each shifted €m loses
    0.45), pact floor ``floor_meur``."""
    spec = base()
    spec["Instruments"] = [
        instrument("A", max_total_meur=100),
        instrument("B", public_share_min=1.0, **output_per_eur(0.5)),
    ]
    spec["settings"]["total_min_meur"] = floor_meur
    return spec


def test_total_floor_forces_the_pact_size(solve_tiny: SolveTiny) -> None:
    """Pact floor 160: A takes its 100 (160), the other 60 must go to losing B. Objective =
    1.6 × 100 − 0.45 × 60 = 160 − 27 = 133."""
    _, _, result = solve_tiny(floor_on_pact(160))
    result = solved(result)
    assert result.objective == close(133.0)
    assert total(result, "funding", "A", "priv") == close(100.0)
    assert total(result, "funding", "B", "gov") == close(60.0)


def test_total_floor_binding(solve_tiny: SolveTiny) -> None:
    """Pact floor 180: total spending sits on 180 (A 100, B 80; objective 160 − 36 = 124); each
    €m of floor costs 0.45: dual magnitude 0.45."""
    _, _, result = solve_tiny(floor_on_pact(180))
    result = solved(result)
    assert result.objective == close(124.0)
    assert sum(spend(result, i, y) for i in ("A", "B") for y in YEARS) == close(180.0)
    assert dual(result, "total_floor") == close(0.45)
