"""Infeasible workbooks, each with a known cause, are explained in exactly the expected cells
and euros: by a named pre-check before solving, or by HiGHS's irreducible set and an elastic
relaxation after it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl import Workbook

from pactopt.pipeline import Outcome, SolveOptions, run_solve
from pactopt.schema.parse import load_pact
from pactopt.solver.solution import SolveStatus

Change = Callable[[Workbook], None]


def _set(sheet: str, cells: dict[str, object]) -> Change:
    def change(wb: Workbook) -> None:
        for cell, value in cells.items():
            wb[sheet][cell] = value

    return change


def _solve(edited: Callable[[Change], Path], change: Change) -> Outcome:
    path = edited(change)
    outcome = run_solve(load_pact(path), path)
    assert outcome.result.status is SolveStatus.INFEASIBLE
    assert outcome.diagnosis is not None
    return outcome


def _instrument_cells(column: str, rows: range) -> list[str]:
    return [f"Instruments!{column}{r}" for r in rows]


CASES = [
    pytest.param(
        _set("Domains", {"C7": 5000, "D7": 9000}),
        "domain_floor_above_instruments",
        ["Domains!C7", *_instrument_cells("E", range(21, 25))],
        30.0,
        id="trust_floor_above_its_instruments",
    ),
    pytest.param(
        _set("Domains", {"C3": None, "D3": 5000}),
        "instrument_floors_above_domain_ceiling",
        ["Domains!D3", *_instrument_cells("D", range(3, 10))],
        6520.0 - 5000.0,
        id="hc_ceiling_below_its_instrument_floors",
    ),
    pytest.param(
        _set("Settings", {"B11": 60000, "B12": 70000}),
        "total_envelope_out_of_reach",
        ["Settings!B11", *_instrument_cells("E", range(3, 25))],
        60000.0 - 41180.0,
        id="total_floor_above_every_ceiling",
    ),
    pytest.param(
        _set("Settings", {"B11": None, "B12": 20000}),
        "total_envelope_out_of_reach",
        ["Settings!B12"],
        31000.0 - 20000.0,
        id="total_ceiling_below_domain_floors",
    ),
    pytest.param(
        _set("Instruments", {"F3": 100}),
        "floor_above_yearly_capacity",
        ["Instruments!D3", "Instruments!F3"],
        2800.0 - 1200.0,
        id="reskilling_floor_above_yearly_capacity",
    ),
    pytest.param(
        lambda wb: (_set("Projects", {"F4": "yes"})(wb), _set("Instruments", {"E22": 50})(wb)),
        "mandatory_projects_above_instrument",
        ["Instruments!E22", "Projects!F4"],
        7.0,
        id="mandatory_cyber_centre_above_its_instrument",
    ),
    pytest.param(
        _set("Eligibility", {"C6": "no", "C11": "no", "C21": "no"}),
        "instrument_without_payer",
        ["Instruments!D17"],
        500.0,
        id="nobody_may_pay_for_e_government",
    ),
    pytest.param(
        _set("BudgetLines", {f"D{r}": 0.01 for r in range(3, 9)}),
        "public_floors_above_public_money",
        [f"BudgetLines!D{r}" for r in range(3, 9)],
        None,
        id="budget_lines_cannot_fund_the_public_floors",
    ),
    pytest.param(
        _set("Instruments", {"H3": 0.1, "I3": 0.2}),
        "shares_cannot_hold",
        ["Instruments!I3", "Instruments!J3"],
        2800 * (0.25 - 0.2),
        id="share_ceiling_below_what_leverage_needs",
    ),
]


@pytest.mark.parametrize(("change", "check", "cells", "short_meur"), CASES)
@pytest.mark.solve
def test_precheck_names_the_cells_and_euros(
    edited: Callable[[Change], Path],
    change: Change,
    check: str,
    cells: list[str],
    short_meur: float | None,
) -> None:
    """The first finding of the expected pre-check lists exactly the expected cells and the
    euros missing; the elastic relaxation agrees that the model cannot hold as given."""
    outcome = _solve(edited, change)
    diagnosis = outcome.diagnosis
    assert diagnosis is not None
    found = diagnosis[(diagnosis["step"] == "pre-check") & (diagnosis["rule"] == check)]
    assert len(found) >= 1, diagnosis
    assert found["cells"].iloc[0].split(", ") == cells
    if short_meur is not None:
        assert found["short_meur"].iloc[0] == pytest.approx(short_meur)
        assert (
            f"short by €{short_meur:,.0f}m" in found["explanation"].iloc[0]
            or f"over by €{short_meur:,.0f}m" in found["explanation"].iloc[0]
        )
    assert (diagnosis["step"] == "euros missing (relaxation)").any()


@pytest.mark.solve
def test_an_infeasible_run_builds_and_compiles_the_model_once(
    edited: Callable[[Change], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The solve, the irreducible set and the elastic relaxation share one model and one
    HiGHS instance (scoped changes), where they used to build the model three times."""
    import pactopt.pipeline.solve as pipeline
    from pactopt.solver.highs import DirectHighs

    counts = {"built": 0, "compiled": 0}
    build, compile_ = pipeline.create_model, DirectHighs.__init__

    def counted_build(*args: Any, **kwargs: Any) -> Any:
        counts["built"] += 1
        return build(*args, **kwargs)

    def counted_compile(self: DirectHighs, *args: Any, **kwargs: Any) -> None:
        counts["compiled"] += 1
        compile_(self, *args, **kwargs)

    monkeypatch.setattr(pipeline, "create_model", counted_build)
    monkeypatch.setattr(DirectHighs, "__init__", counted_compile)
    outcome = _solve(edited, _set("BudgetLines", {"D7": 0.05}))
    assert outcome.diagnosis is not None
    assert (outcome.diagnosis["step"] == "conflicting rules (IIS)").any()
    assert (outcome.diagnosis["step"] == "euros missing (relaxation)").any()
    assert counts == {"built": 1, "compiled": 1}


@pytest.mark.solve
def test_solver_infeasibility_is_explained_by_the_irreducible_set(
    edited: Callable[[Change], Path],
) -> None:
    """With the federal ICT line shiftable at 5% only (BudgetLines!D7), no pre-check fires:
    e-government's public floor cannot be paid. The irreducible set names the line's share
    cell and e-government's floor; the relaxation says by how many euros the line's cap must
    give way."""
    outcome = _solve(edited, _set("BudgetLines", {"D7": 0.05}))
    diagnosis = outcome.diagnosis
    assert diagnosis is not None
    assert not (diagnosis["step"] == "pre-check").any()
    iis = diagnosis[diagnosis["step"] == "conflicting rules (IIS)"]
    cells = ", ".join(iis["cells"])
    assert "BudgetLines!D7" in cells and "Domains!C6" in cells
    assert "shift_destination" not in set(iis["rule"])
    bends = diagnosis[diagnosis["step"] == "euros missing (relaxation)"]
    line = bends[bends["cells"].str.startswith("BudgetLines!D7")]
    assert line["short_meur"].sum() > 0
    assert line["explanation"].str.contains("shift cap of Federal ICT").all()


@pytest.mark.slow
def test_infeasible_cli_writes_a_diagnosis_sheet(
    reference_path: Path,
    tmp_path: Path,
) -> None:
    """`pactopt solve` on an infeasible workbook: exit 3 and a Diagnosis sheet whose first row
    names the domain floor's cell."""
    from tests.e2e.test_cli import pactopt

    wb = openpyxl.load_workbook(reference_path)
    wb["Domains"]["C7"], wb["Domains"]["D7"] = 5000, 9000
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    out = tmp_path / "diagnosis.xlsx"
    result = pactopt("solve", bad, "-o", out)
    assert result.returncode == 3 and "Traceback" not in result.stderr
    sheet = openpyxl.load_workbook(out)["Diagnosis"]
    assert "Domains!C7" in str(sheet["C2"].value)
    assert "short by €30m" in str(sheet["E2"].value)


@pytest.mark.solve
def test_domain_without_instruments_is_a_warning_only(edited: Callable[[Change], Path]) -> None:
    """A domain with no instrument is reported (naming its id cell) and the solve goes on."""
    path = edited(_set("Domains", {"A8": "SPACE", "B8": "Space", "E8": "ASSUMED: test"}))
    outcome = run_solve(load_pact(path), path)
    assert outcome.result.status is SolveStatus.OPTIMAL
    assert any("Space (Domains!A8) has no instrument" in w for w in outcome.warnings)


@pytest.mark.solve
def test_a_tie_between_limits_is_told_as_a_choice(tmp_path: Path) -> None:
    """A and B must each get €60m but their domain may take €100m: any one of A's floor,
    B's floor or the domain's ceiling giving way by €20m would do, at the same least total.
    The diagnosis says 'could', names another way, and does not pretend one must."""
    from pactopt.pipeline import run_solve
    from tests.model.tiny import base, instrument, load

    spec = base()
    spec["Instruments"] = [instrument("A", min_total_meur=60), instrument("B", min_total_meur=60)]
    spec["Domains"][0]["max_total_meur"] = 100  # type: ignore[index]
    data = load(spec, tmp_path)
    outcome = run_solve(data, tmp_path / "tiny.xlsx", SolveOptions(alternatives=False))
    assert outcome.diagnosis is not None
    bent = outcome.diagnosis[outcome.diagnosis["step"] == "euros missing (relaxation)"]
    assert len(bent) == 1 and bent["short_meur"].iloc[0] == pytest.approx(20.0)
    text = bent["explanation"].iloc[0]
    assert "could give way by €20m, or, for the same least total," in text
    assert "must" not in text and text.endswith("the rules alone do not say which should give way")
    named = {c for c in ("Instruments!D3", "Instruments!D4", "Domains!D3") if c in text}
    assert len(named) == 2  # the one the relaxation took, and one other way
