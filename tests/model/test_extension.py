"""A modeller's extension adds a family without touching src/, and it binds."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.explain.binding import binding_table
from pactopt.explain.marginal import marginal_table
from pactopt.model.build import create_model
from pactopt.model.registry import RULES, RegistryError, load_extension
from pactopt.schema.parse import load_pact
from pactopt.schema.scenarios import load_scenario
from pactopt.solver.solution import SolveStatus
from pactopt.solver.solve import solve_model
from tests.checker import violations
from tests.conftest import REFERENCE_XLSX, REPO
from tests.model.tiny import load, output_or_jobs

EXAMPLE = REPO / "models" / "federal_tax_expenditures.py"


def _non_federal_hc6(result: object) -> float:
    values = result.values["funding"]  # type: ignore[attr-defined]
    return sum(v for (i, f, _), v in values.items() if i == "HC6" and f == "regional")


# A tax expenditure needs federal money in human capital; no federal budget line reaches that
# domain, so the example is solved where federal new money is allowed.
SCENARIO = "new_money_capped"


@pytest.mark.solve
def test_extension_is_infeasible_without_federal_money_for_human_capital() -> None:
    """In budget-neutral mode no federal line can be shifted to human capital, so HC6's
    100% public share cannot be met by federal money alone: the extension makes the base
    infeasible (a finding the example's docstring states)."""
    data = load_pact(REFERENCE_XLSX)
    assert not any(
        line.owner == "federal" and "HC" in line.to_domains for line in data.budget_lines
    )
    result = solve_model(create_model(data, load_extension(EXAMPLE)), data.settings)
    assert result.status is SolveStatus.INFEASIBLE


@pytest.mark.solve
def test_extension_family_is_built_and_holds() -> None:
    """With the example extension no regional money pays for HC6; the core registry is
    unchanged and the independent checker still passes."""
    rules = load_extension(EXAMPLE)
    assert [r.name for r in rules] == ["federal_tax_expenditures"]
    assert "federal_tax_expenditures" not in RULES
    data = load_scenario(REFERENCE_XLSX, SCENARIO)
    m = create_model(data, rules)
    assert "federal_tax_expenditures" in m.built_rules
    result = solve_model(m, data.settings)
    assert result.status is SolveStatus.OPTIMAL
    assert violations(data, result) == []
    assert _non_federal_hc6(result) == pytest.approx(0.0, abs=1e-6)


@pytest.mark.solve
def test_extension_changes_the_plan() -> None:
    """Without it the regions pay part of HC6; with it they pay nothing, so the extension
    binds (a no-op extension would leave the regional share in place)."""
    data = load_scenario(REFERENCE_XLSX, SCENARIO)
    free = solve_model(create_model(data), data.settings)
    assert _non_federal_hc6(free) > 1.0
    bound = solve_model(create_model(data, load_extension(EXAMPLE)), data.settings)
    assert bound.objective is not None and free.objective is not None
    assert bound.objective <= free.objective + 1e-6
    assert _non_federal_hc6(bound) == pytest.approx(0.0, abs=1e-6)
    assert "federal_tax_expenditures" in bound.duals


CAP_B = '''
from pactopt.model import sets
from pactopt.model.registry import Origin, constraint, row_name


@constraint(
    "cap_b",
    index=(sets.INSTRUMENTS,),
    where=lambda ctx, i: i == "B",
    sheet="Instruments",
    unit="€m",
    cells=Origin("Instruments", 0, ("max_total_meur",)),
    phrase=lambda data, ix: f"{row_name(data, 'instruments', ix[0])} is held to €300m",
)
def cap_b(m, instrument):
    """B takes at most 300 €m: Σ_y spend[B,y] ≤ 300  (€m)."""
    return m.total_spend[instrument] <= 300
'''


@pytest.mark.solve
def test_an_extension_is_explained_like_a_core_family(tmp_path: Path) -> None:
    """One decorated function, no other file touched: it gets its Binding sentence with its
    cells and its Marginal row. On output_or_jobs (all private, ≤ €1,000m, no discounting)
    A is worth 1.5 + 0.1 × 1 = 1.6 per €m and B 1.0 + 0.1 × 10 = 2.0: the optimum puts 1,000
    on B (2,000); capping B at 300 gives 300 × 2.0 + 700 × 1.6 = 1,720, and the cap's dual
    is 2.0 − 1.6 = 0.4."""
    path = tmp_path / "cap_b.py"
    path.write_text(CAP_B, encoding="utf-8")
    rules = load_extension(path)
    data = load(output_or_jobs(), tmp_path)
    result = solve_model(create_model(data, rules), data.settings)
    assert result.objective == pytest.approx(1720.0)
    cell = data.cell("Instruments", "B", "max_total_meur")
    assert cell.startswith("Instruments!")
    binding = binding_table(data, result).set_index("rule")
    assert binding.loc["cap_b", "value_per_meur"] == pytest.approx(0.4)
    assert binding.loc["cap_b", "cells"] == cell
    assert binding.loc["cap_b", "sentence"] == (
        f"Instrument B is held to €300m ({cell}); one more €m here would add €0.40m of value."
    )
    marginal = marginal_table(data, result)
    row = marginal[marginal["what"].str.contains("held to")].iloc[0]
    assert row["what"] == f"Limit: instrument B is held to €300m ({cell})"
    assert row["value_per_meur"] == pytest.approx(0.4)


A_FLOOR = '''
from pactopt.model import sets
from pactopt.model.registry import constraint


@constraint(
    "a_floor",
    index=sets.SCALAR,
    where=lambda ctx: "A" in ctx.instruments,
    sheet="Instruments",
    unit="€m",
    phrase=lambda data, ix: "A takes at least €100m",
)
def a_floor(m):
    """A takes at least 100 €m over the horizon: Σ_y spend[A,y] ≥ 100  (€m)."""
    return m.total_spend["A"] >= 100
'''


@pytest.mark.solve
def test_an_extension_may_declare_a_scalar_rule(tmp_path: Path) -> None:
    """A rule of one row (``index=sets.SCALAR``, ``where(ctx)``) is one scalar row named
    without an index. On output_or_jobs (€1,000m in all; A 1.6 per €m, B 2.0) the floor
    moves €100m from B to A: 100 × 1.6 + 900 × 2.0 = 1,960, and the floor costs 0.4 per €m."""
    path = tmp_path / "a_floor.py"
    path.write_text(A_FLOOR, encoding="utf-8")
    rules = load_extension(path)
    assert [r.scalar for r in rules] == [True]
    data = load(output_or_jobs(), tmp_path)
    built = create_model(data, rules)
    assert not built.pyomo.a_floor.is_indexed()
    result = solve_model(built, data.settings)
    assert result.objective == pytest.approx(1960.0)
    binding = binding_table(data, result).set_index("rule")
    assert binding.loc["a_floor", "constraint"] == "a_floor"
    assert binding.loc["a_floor", "sentence"] == (
        "A takes at least €100m; one more €m here would cost €0.40m of value."
    )


@pytest.mark.fast
def test_bad_extensions_are_refused(tmp_path: Path) -> None:
    """A missing file, a non-.py file, a file with no rule and a clashing name are refused."""
    with pytest.raises(RegistryError, match=r"existing \.py"):
        load_extension(tmp_path / "missing.py")
    empty = tmp_path / "empty.py"
    empty.write_text("x = 1\n")
    with pytest.raises(RegistryError, match="registers no constraint"):
        load_extension(empty)
    clash = tmp_path / "clash.py"
    clash.write_text(
        "from pactopt.model.registry import constraint\n"
        "@constraint('public_balance', index=('years',), sheet='Funders', unit='€m')\n"
        "def f(m, y):\n    return m.new_money['federal', y] >= 0\n"
    )
    with pytest.raises(RegistryError, match="has the name of the core rule"):
        load_extension(clash)


def _typo_extension(folder: Path) -> Path:
    """An extension whose rule, on its line 7, misspells a field of m.ctx."""
    typo = folder / "typo.py"
    typo.write_text(
        "from pactopt.model import sets\n"
        "from pactopt.model.registry import constraint\n"
        "\n"
        '@constraint("typo_rule", index=(sets.YEARS,), sheet="Settings", unit="€m")\n'
        "def typo_rule(m, year):\n"
        '    """A typo in m.ctx."""\n'
        '    return m.ctx.instrumnets["HC1"] <= 0\n'
    )
    return typo


@pytest.mark.fast
def test_an_extension_that_fails_says_its_file_and_line(tmp_path: Path) -> None:
    """A syntax error names its line at load; a typo in a rule names the rule's line at
    build, with the error and no Pyomo traceback."""
    broken = tmp_path / "broken.py"
    broken.write_text("from pactopt.model.registry import constraint\nx = 1 +\n")
    with pytest.raises(RegistryError, match=rf"^{broken}, line 2: SyntaxError while loading"):
        load_extension(broken)
    typo = _typo_extension(tmp_path)
    rules = load_extension(typo)
    with pytest.raises(RegistryError) as caught:
        create_model(load_pact(REFERENCE_XLSX), rules)
    assert str(caught.value) == (
        f"{typo}, line 7: AttributeError while building rule 'typo_rule': "
        "'ModelContext' object has no attribute 'instrumnets'"
    )


@pytest.mark.fast
def test_a_typo_in_an_extension_exits_2_on_every_command_that_builds(tmp_path: Path) -> None:
    """The same typo through the command line: exit 2 (bad input, not a bug), the file and
    line in the message, for solve and frontier alike, and as a JSON error object."""
    from tests.cli_runner import invoke

    typo = _typo_extension(tmp_path)
    where = f"--extension: {typo}, line 7: AttributeError while building rule 'typo_rule'"
    for command in ("solve", "frontier"):
        ran = invoke(
            command, REFERENCE_XLSX, "-o", tmp_path / f"{command}.xlsx", "--extension", typo
        )
        assert ran.code == 2, ran.stderr
        assert where in ran.stderr and "bug in pactopt" not in ran.stderr
        assert not (tmp_path / f"{command}.xlsx").exists()
    ran = invoke("solve", REFERENCE_XLSX, "-o", tmp_path / "j.xlsx", "--extension", typo, "--json")
    import json

    error = json.loads(ran.stdout)["error"]
    assert ran.code == 2 and error["kind"] == "input" and error["message"].startswith(where)


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.slow
def test_uncertainty_builds_its_models_with_the_extension(tmp_path: Path, workers: str) -> None:
    """The example extension leaves no federal money for human capital, so the base workbook
    has no solution with it: every draw, in this process or in a pool's workers (which load
    the file from its path), is infeasible, and the sweep exits 3. Without it, it solves."""
    from tests.cli_runner import invoke

    args = ("uncertainty", REFERENCE_XLSX, "--draws", "2", "--workers", workers)
    ran = invoke(*args, "-o", tmp_path / "with.xlsx", "--extension", EXAMPLE)
    assert ran.code == 3 and "No draw of 2 has a solution" in ran.stderr
    assert invoke(*args, "-o", tmp_path / "without.xlsx").code == 0


@pytest.mark.solve
def test_evaluate_judges_the_reference_plan_by_the_extension_too() -> None:
    """With the example extension (tax expenditures paid by the federal government only),
    the reference plan breaks the extension's own rule as well as H20's least share: its
    cell is named among the breaches; without it, only Instruments!H20 is."""
    import json

    from tests.cli_runner import invoke

    plain = json.loads(invoke("evaluate", REFERENCE_XLSX, "--json").stdout)
    assert {c for b in plain["breaches"] for c in b["cells"]} == {"Instruments!H20"}
    ran = invoke("evaluate", REFERENCE_XLSX, "--json", "--extension", EXAMPLE)
    extended = json.loads(ran.stdout)
    assert ran.code == 0 and extended["feasible"] is False
    assert "federal_tax_expenditures" in {b["rule"] for b in extended["breaches"]}
