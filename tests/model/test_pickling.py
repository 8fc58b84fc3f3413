"""A Solution crosses a process boundary (a pool's or a Dask worker's result): its
read-only maps come back read-only, and its rules come back as the very declarations the
receiving process holds, core or extension, although their phrases are lambdas."""

from __future__ import annotations

import pickle
from pathlib import Path
from types import MappingProxyType

import pytest

from pactopt.model import registry
from pactopt.model.build import create_model
from pactopt.model.registry import RULES, ConstraintRule, load_extension
from pactopt.solver.solve import solve_model
from tests.model.test_extension import CAP_B
from tests.model.tiny import load, output_or_jobs


@pytest.mark.solve
def test_a_solution_pickles_with_its_maps_and_rules(tmp_path: Path) -> None:
    """Values, figures and duals equal and read-only after the round trip; each core rule
    is the registry's own object, the extension's rule the one this process loaded."""
    path = tmp_path / "cap_b.py"
    path.write_text(CAP_B, encoding="utf-8")
    rules = load_extension(path)
    data = load(output_or_jobs(), tmp_path)
    result = solve_model(create_model(data, rules), data.settings)
    back = pickle.loads(pickle.dumps(result))
    assert back.objective == result.objective and back.status is result.status
    assert isinstance(back.values, MappingProxyType) and isinstance(back.rules, MappingProxyType)
    assert back.values["funding"].equals(result.values["funding"])
    assert dict(back.figures) == dict(result.figures)
    assert back.duals["cap_b"].equals(result.duals["cap_b"])
    assert all(back.rules[name] is rule for name, rule in result.rules.items())
    assert back.rules["cap_b"] is rules[0]
    assert all(RULES[n] is r for n, r in back.rules.items() if n != "cap_b")


@pytest.mark.fast
def test_an_extension_rule_is_loaded_where_its_file_was_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that never loaded the extension (a Dask client given a worker's result)
    loads it from its file; a rule that is neither core nor a file's does not pickle."""
    path = tmp_path / "cap_b.py"
    path.write_text(CAP_B, encoding="utf-8")
    rule = load_extension(path)[0]
    sent = pickle.dumps(rule)
    monkeypatch.setattr(registry, "_LOADED", {})
    arrived = pickle.loads(sent)
    assert arrived is not rule and arrived.name == "cap_b" and arrived.doc == rule.doc
    stray = ConstraintRule("stray", "tests", (), "Settings", "€m", rule.rule)
    with pytest.raises(TypeError, match="neither a core rule nor an extension"):
        pickle.dumps(stray)
