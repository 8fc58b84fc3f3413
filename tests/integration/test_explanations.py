"""Explanations: marginal values match finite differences, sentences carry the right cells
and euros, unfunded instruments get the output per € they would need."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyomo.environ as pyo
import pytest

from pactopt.explain.binding import binding_table
from pactopt.explain.marginal import marginal_table
from pactopt.model.build import create_model
from pactopt.pipeline import SolveOptions, run_solve
from pactopt.report.workbook import binding_rows
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from pactopt.solver.solution import Solution
from pactopt.solver.solve import solve_model
from tests.conftest import REFERENCE_XLSX
from tests.model.conftest import Solved
from tests.model.tiny import base, instrument, load

pytestmark = pytest.mark.solve


@pytest.fixture(scope="module")
def reference() -> tuple[PactData, Solution]:
    data = load_pact(REFERENCE_XLSX)
    return data, solve_model(create_model(data), data.settings)


def _objective_with_extra_money(data: PactData, funder: str, year: int) -> float:
    """Re-solve with 1 €m more public money for ``funder`` in ``year``."""
    m = create_model(data)
    con = m.pyomo.public_balance[funder, year]
    con.set_value((pyo.value(con.lower) + 1, con.body, pyo.value(con.upper) + 1))
    result = solve_model(m, data.settings, want_duals=False)
    assert result.objective is not None
    return result.objective


@pytest.mark.parametrize("year", range(2019, 2031))
def test_public_money_dual_matches_finite_difference(
    reference: tuple[PactData, Solution], year: int
) -> None:
    """For every year, the reported value of one more €m of federal money equals the change
    of the optimum when the model is re-solved with that €m, within 1%."""
    data, result = reference
    assert result.objective is not None
    dual = result.duals["public_balance"][("federal", year)]
    difference = _objective_with_extra_money(data, "federal", year) - result.objective
    assert dual > 0
    assert difference == pytest.approx(dual, rel=0.01)
    low, high = result.interval("public_balance", ("federal", year))
    assert low <= 0 < 1 <= high  # +1 €m lies within the validity range


def test_shift_cap_sentence_names_cells_and_euros(
    reference: tuple[PactData, Solution],
) -> None:
    """The binding shift cap of the federal ICT line in 2019 reads with its two cells (share
    D7, baseline H7), the share, the baseline, the cap in euros and its marginal value."""
    data, result = reference
    table = binding_table(data, result).set_index("constraint")
    row = table.loc["shift_limit[BL_FED_ICT,2019]"]
    dual = result.duals["shift_limit"][("BL_FED_ICT", 2019)]
    assert row["cells"] == "BudgetLines!D7, BudgetLines!H7"
    sentence = row["sentence"]
    for part in (
        "2019:",
        "Federal ICT and operating budgets",
        "17%",
        "€1,000m",
        "€170m",
        "BudgetLines!D7",
        "would add €2.97m of value",
    ):
        assert part in sentence, (part, sentence)
    # the regression value the README quotes (a change of data or formulation shows here)
    assert dual == pytest.approx(2.97, abs=0.005)


def test_marginal_sheet_has_every_public_funder_year(
    reference: tuple[PactData, Solution],
) -> None:
    """One public-money row per public funder and year, each with its validity range, and
    MILP values labelled as conditional on the integer decisions."""
    data, result = reference
    table = marginal_table(data, result)
    money = table[table["what"].str.startswith("One more €m of")]
    assert len(money) == 2 * 12
    for row in money.itertuples():
        funder = next(f.id for f in data.funders if f.name in row.what)
        year = int(row.what.rsplit(" ", 1)[1])
        low, high = result.interval("public_balance", (funder, year))
        assert (row.valid_from_meur, row.valid_to_meur) == (low, high)
        assert low <= 0 <= high and high > 0
    assert money["meaning"].str.contains("conditional on the project").all()


def test_unfunded_instrument_states_the_output_it_would_need(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """A (1.5 output, 1 job per €m) and B (1.0 output, 1 job) share a 1,000 €m ceiling: all
    goes to A and B stays unfunded. B's €m is worth 1.0 + 0.1 against A's 1.6, so B would be
    funded only if its output per € exceeded 1.0 + 0.5 = 1.50."""
    spec = base()
    spec["settings"]["total_max_meur"] = 1000
    spec["Instruments"] = [
        instrument("A"),
        instrument(
            "B", output_per_eur_low=1.0, output_per_eur_central=1.0, output_per_eur_high=1.0
        ),
    ]
    data, _, result = solve_tiny(spec)
    rows = marginal_table(data, result)
    unfunded = rows[rows["what"] == "Unfunded: instrument B"]
    assert len(unfunded) == 1
    assert "exceeded 1.50 (now 1.00)" in unfunded["meaning"].iloc[0]


def _late_b_against_a(a_ceiling_meur: float) -> dict[str, Any]:
    """A (1.5 output, 1 job per €m) and B (1.0 output, 1 job, impacts a year late) under a
    €1,000m pact total, discounted at 10% a year."""
    spec = base()
    spec["settings"].update({"total_max_meur": 1000, "discount_rate": 0.1})
    spec["Instruments"] = [
        instrument("A", max_total_meur=a_ceiling_meur),
        instrument(
            "B",
            output_per_eur_low=1.0,
            output_per_eur_central=1.0,
            output_per_eur_high=1.0,
            impact_lag_years=1,
        ),
    ]
    return spec


def test_unfunded_threshold_counts_discounting_and_the_impact_lag(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """As above with a 10% discount rate and B's impacts a year late. A's €m in 2025 is worth
    1.6 (all 1,000 go there, which prices the ceiling at 1.6); B's in 2025 is worth
    (1.0 + 0.1) / 1.1 = 1.0, a gap of 0.6 that 1/1.1 of extra output per € must close:
    0.6 × 1.1 = 0.66, so B would be funded above 1.66 (in 2026 it would need 1.84). A, funded,
    is not listed, although its 2026 columns are at zero."""
    # only the total binds: its price is unique
    data, _, result = solve_tiny(_late_b_against_a(a_ceiling_meur=2000))
    rows = marginal_table(data, result)
    unfunded = rows[rows["what"].str.startswith("Unfunded")]
    assert list(unfunded["what"]) == ["Unfunded: instrument B"]
    assert (
        unfunded["meaning"].iloc[0]
        == "would be funded if its output per € exceeded 1.66 (now 1.00)"
    )
    assert unfunded["value_per_meur"].iloc[0] == pytest.approx(-0.66)


def test_unfunded_threshold_holds_at_a_degenerate_optimum(tmp_path: Path) -> None:
    """As above, but A's own ceiling is the pact's €1,000m total: both bind, the duals are
    not unique and B's reduced cost understates its gap (it read 1.11). Forcing €1m into B
    in 2025 (its best year) loses 1.6 − (1.0 + 0.1) / 1.1 = 0.6 of value; its extra output
    arrives a year late, worth 1/1.1 per €: 1.0 + 0.6 × 1.1 = 1.66, as without the tie."""
    spec = _late_b_against_a(a_ceiling_meur=1000)
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    rows = outcome.tables.marginal.set_index("what")
    b = rows.loc["Unfunded: instrument B"]
    assert b["meaning"] == "would be funded if its output per € exceeded 1.66 (now 1.00)"
    assert b["value_per_meur"] == pytest.approx(-0.6)


def test_the_value_lost_by_an_unfunded_instrument_is_per_euro_it_spends(tmp_path: Path) -> None:
    """As the first case, but B spends at least €50m if funded at all: forced in, it spends
    50 and loses 50 × (1.6 − 1.1) = 25, i.e. 0.5 per €m, and the threshold is unchanged at
    1.0 + 25 / 50 = 1.50."""
    spec = base()
    spec["settings"]["total_max_meur"] = 1000
    spec["Instruments"] = [
        instrument("A"),
        instrument(
            "B",
            output_per_eur_low=1.0,
            output_per_eur_central=1.0,
            output_per_eur_high=1.0,
            min_if_funded_meur=50,
        ),
    ]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    b = outcome.tables.marginal.set_index("what").loc["Unfunded: instrument B"]
    assert b["meaning"] == "would be funded if its output per € exceeded 1.50 (now 1.00)"
    assert b["value_per_meur"] == pytest.approx(-0.5)


def test_public_money_value_splits_into_output_jobs_and_savings(
    reference: tuple[PactData, Solution],
) -> None:
    """Each year's value of one more €m of public money is exactly the weighted sum of the
    extra net output, net jobs and savings it buys (Settings weights)."""
    data, result = reference
    s = data.settings
    for (funder, year), dual in result.duals["public_balance"].items():
        output, jobs, savings = result.money_effect(funder, year)  # type: ignore[misc]
        value = s.weight_output * output + s.meur_per_job * jobs + s.weight_savings * savings
        assert value == pytest.approx(dual, rel=1e-6, abs=1e-6), (funder, year)


def test_binding_sheet_lists_the_most_valuable_and_counts_the_rest(
    reference: tuple[PactData, Solution],
) -> None:
    """Capped at 3 rows, the sheet's table keeps the three largest values in order and a last
    row counting the others; under the cap the table is unchanged."""
    data, result = reference
    table = binding_table(data, result)
    assert len(table) > 3
    shown = binding_rows(table, 3)
    assert len(shown) == 4
    assert list(shown["constraint"][:3]) == list(table["constraint"][:3])
    assert shown["value_per_meur"][:3].abs().is_monotonic_decreasing
    assert shown["sentence"].iloc[3] == (
        f"{len(table) - 3:,} more binding constraints, each worth no more than those above, "
        "are not listed."
    )
    assert binding_rows(table, len(table)) is table


def test_money_split_stays_within_the_validity_range(
    solve_tiny: Callable[[dict[str, Any]], Solved],
) -> None:
    """base(): A is all public and its €100.3m ceiling is 0.3 above the €100m that line L
    lets the government shift. One more €m in 2025 buys A only 0.3 more (1.5 output and one
    job per €m, worth 1.6); past that, the money replaces shifted money instead. The split is
    taken on a step inside the 0.3 of room, so it matches the dual: 1.5 output and 1 job per
    €m, 1.5 + 0.1 × 1 = 1.6, and the range says €0.30m, not €0m."""
    spec = base()
    spec["Instruments"] = [instrument("A", public_share_min=1.0, max_total_meur=100.3)]
    data, _, result = solve_tiny(spec)
    assert result.duals["public_balance"][("gov", 2025)] == pytest.approx(1.6)
    output, jobs, savings = result.money_effect("gov", 2025)  # type: ignore[misc]
    assert (output, jobs, savings) == pytest.approx((1.5, 1.0, 0.0))
    low, high = result.interval("public_balance", ("gov", 2025))
    assert low <= 0 and high == pytest.approx(0.3)
    table = marginal_table(data, result)
    row = table[table["what"] == "One more €m of government money in 2025"].iloc[0]
    assert row["meaning"].endswith("for up to €0.30m more")


def test_lexicographic_values_are_said_in_jobs_not_euros(reference_path: Path) -> None:
    """In lexicographic mode the plan and its duals are those of the jobs stage (net output
    held at its best): every value sentence says net jobs, none says '€… of value'."""
    import dataclasses

    from pactopt.pipeline import SolveOptions, run_solve
    from pactopt.schema.parse import load_pact

    data = load_pact(reference_path)
    lexicographic = data.settings.model_copy(update={"objective_mode": "lexicographic"})
    outcome = run_solve(
        dataclasses.replace(data, settings=lexicographic),
        reference_path,
        SolveOptions(alternatives=False, moves=False),  # a curve of two-stage MILPs: 50 s
    )
    tables = outcome.tables
    assert tables is not None
    unit = "net jobs (discounted, with net output held at its best)"
    texts = [*tables.binding["sentence"], *tables.marginal["meaning"], tables.next_euro]
    assert all("of value" not in t for t in texts)
    assert unit in tables.binding["sentence"].iloc[0] and unit in tables.next_euro
    assert all(unit in m for m in tables.marginal["meaning"] if m.startswith("adds"))


def test_what_binds_says_how_many_more_limits_of_the_kind_bind(tmp_path: Path) -> None:
    """A limit named in the Summary for one year is not the only one: the sentence counts the
    other binding rows of its rule, as many as the Binding sheet lists (the reference plan's
    federal ICT shift cap binds in 47 line-years, not in 2019 alone)."""
    from pactopt.report.paragraph import headline_parts

    outcome = run_solve(
        load_pact(REFERENCE_XLSX), REFERENCE_XLSX, SolveOptions(alternatives=False, moves=False)
    )
    assert outcome.tables is not None
    binding = outcome.tables.binding
    shifts = binding[(binding["rule"] == "shift_limit") & (binding["value_per_meur"] != 0)]
    (why,) = [p for p in headline_parts(outcome.tables) if p.startswith("What binds")]
    assert f"€2.97m of value; {len(shifts) - 1} more of this kind bind too (Binding sheet)" in why
    # the pact's total is one row: nothing more is said of it
    assert "(Settings!B12); one more €m here would add €0.37m of value. " in why
