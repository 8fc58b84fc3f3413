"""Each set and variable of the model is declared once, with what it means: every set a rule
or a variable names is declared, every variable has a unit, and ``pactopt constraints``
lists them all."""

from __future__ import annotations

import json

import pytest

from pactopt.model.families import ordered_rules
from pactopt.model.sets import INDEX_NAMES, SETS
from pactopt.model.variables import VARIABLE_INDEX_NAMES, VARIABLES, VarDecl
from tests.cli_runner import invoke

pytestmark = pytest.mark.fast


def test_every_set_and_variable_is_declared_once() -> None:
    names = [d.name for d in SETS] + [v.name for v in VARIABLES]
    assert len(names) == len(set(names))


def test_every_set_a_rule_or_variable_names_is_declared() -> None:
    declared = {d.name for d in SETS}
    named = {s for r in ordered_rules() for s in r.index} | {s for v in VARIABLES for s in v.index}
    assert named - declared == set()


@pytest.mark.parametrize("variable", VARIABLES, ids=lambda v: v.name)
def test_every_variable_has_a_unit_and_a_meaning(variable: VarDecl) -> None:
    assert variable.unit and variable.doc


def test_index_names_come_from_the_declarations() -> None:
    """Plural set names, singular index names, read from the one table."""
    assert INDEX_NAMES["spend_index"] == ("instrument", "funder")
    assert VARIABLE_INDEX_NAMES["funding"] == ("instrument", "funder", "year")
    assert all(d.name.endswith(("s", "index")) for d in SETS)


def test_constraints_lists_sets_variables_and_rules() -> None:
    ran = invoke("constraints", "--json")
    assert ran.code == 0, ran.stderr
    items = {item["name"]: item for item in json.loads(ran.stdout)["items"]}
    assert items["variable/funding"]["kind"] == "nonnegative, €m"
    assert "index: year" in items["set/years"]["description"]
    assert sum(n.startswith("set/") for n in items) == len(SETS)
    assert sum(n.startswith("variable/") for n in items) == len(VARIABLES)
    assert "bounds/capacity" in items
    # a scalar variable is listed as one, with the condition it exists under
    described = items["variable/cvar_threshold"]["description"]
    assert described.endswith("(scalar; in robust mode: Settings objective_mode = robust)")
    assert "(index: spend_index × years)" in items["variable/funding"]["description"]
