"""Plans far from the reference case read right: small amounts, fractional shares, negative
changes, round-off, and a plan that spends nothing says why."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.pipeline import SolveOptions, run_solve
from pactopt.words import meur_text, share_text
from tests.model.tiny import base, instrument, load


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234.4, "€1,234m"),
        (70.0, "€70m"),
        (0.17, "€0.17m"),
        (-135.2, "−€135m"),
        (-0.0001, "€0m"),
        (5e-13, "€0m"),
        (3.0, "€3m"),
        (12.5, "€12.5m"),  # three of them and €7.50m make €45m: '€12m' did not add up
        (12.04, "€12m"),
        (99.96, "€100m"),
        (112.5, "€112m"),
    ],
)
@pytest.mark.fast
def test_amounts_in_sentences(value: float, text: str) -> None:
    assert meur_text(value) == text


@pytest.mark.fast
def test_shares_in_sentences() -> None:
    assert (share_text(0.17), share_text(0.015), share_text(1.0)) == ("17%", "1.5%", "100%")


@pytest.mark.solve
def test_a_fractional_shift_share_reads_exactly(tmp_path: Path) -> None:
    """Line L at 1.5% of €1,000m a year: the binding sentence says 1.5% and €15m."""
    spec = base()
    spec["BudgetLines"][0].update({"max_shift_share": 0.015, "baseline_meur": 1000})
    spec["Instruments"] = [instrument("A", public_share_min=0.5)]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.tables is not None
    sentences = " ".join(outcome.tables.binding["sentence"])
    assert "at its cap of 1.5% of €1,000m (€15m)" in sentences


@pytest.mark.solve
def test_a_plan_that_spends_nothing_says_why(tmp_path: Path) -> None:
    """Budget-neutral, no budget lines, no private funder: nothing can be paid, and the run
    says so instead of writing an empty plan in silence."""
    spec = base()
    spec["BudgetLines"] = []
    spec["Funders"] = [f for f in spec["Funders"] if f["kind"] != "private"]
    spec["Eligibility"] = [e for e in spec["Eligibility"] if e["funder"] != "priv"]
    outcome = run_solve(
        load(spec, tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert outcome.result.status.has_solution
    warning = next(w for w in outcome.warnings if w.startswith("The optimised plan spends"))
    assert "the BudgetLines sheet has none" in warning
    assert "no private funder is listed" in warning


@pytest.mark.solve
def test_budgets_typed_in_the_funders_year_columns_are_not_lost_in_silence(
    tmp_path: Path,
) -> None:
    """The issue's case: €50m a year typed for the government in Funders' year columns, no
    budget lines, budget-neutral, no private funder. Those amounts are caps on new money,
    which budget-neutral mode forbids: the run warns with their cells, and that the plan
    spends nothing."""
    spec = base()
    spec["BudgetLines"] = []
    spec["Funders"] = [f for f in spec["Funders"] if f["kind"] != "private"]
    spec["Funders"][0]["new_money_cap_meur"] = {2025: 50, 2026: 50}
    spec["Eligibility"] = [e for e in spec["Eligibility"] if e["funder"] != "priv"]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "in.xlsx", SolveOptions(alternatives=False))
    cells = f"{data.cell('Funders', 'gov', '2025')}, {data.cell('Funders', 'gov', '2026')}"
    switch = data.cell("Settings", "budget_neutral", "value")
    assert (
        f"government: new money is typed in {cells}, but budget_neutral = yes ({switch}) "
        "forbids new money, so these amounts are ignored; public money can only be shifted "
        "from the BudgetLines sheet (set budget_neutral to no to use them as caps on new "
        "money)"
    ) in outcome.warnings
    assert any(w.startswith("The optimised plan spends nothing") for w in outcome.warnings)


@pytest.mark.solve
def test_a_plan_without_an_eu_programme_has_no_eu_row(tmp_path: Path) -> None:
    """The tiny plan's funders are a government and the private sector: the Summary does not
    show "of which EU programmes" as a row of zeros; a plan with an EU funder does."""

    plain = run_solve(
        load(base(), tmp_path), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert plain.tables is not None
    assert not plain.tables.summary["figure"].str.contains("EU programmes").any()
    spec = base()
    spec["Funders"].append({"id": "eu", "name": "EU", "kind": "EU", "source": "ASSUMED: test"})
    with_eu = run_solve(
        load(spec, tmp_path, "eu.xlsx"), tmp_path / "in.xlsx", SolveOptions(alternatives=False)
    )
    assert with_eu.tables is not None
    assert with_eu.tables.summary["figure"].str.contains("EU programmes").sum() == 1
