"""Ids and rule names stay off a planner's page (issue 26): the scenario comparison says a
rule in words, the k-moves curve names instruments."""

from __future__ import annotations

import pytest

import pactopt.model.families  # noqa: F401  (registers the core rules)
from pactopt.report.comparison import _rule_words


@pytest.mark.fast
def test_a_rule_is_said_by_its_meaning_not_its_name() -> None:
    """The scenario comparison's 'rules added / dropped' line reads the rule's meaning (the
    first clause of its declaration) where it printed '+new_money_total'; a rule this
    process does not know keeps its name."""
    assert _rule_words("new_money_total") == (
        "New money over the horizon stays within the funder's cap"
    )
    assert "_" not in _rule_words("public_balance")
    assert _rule_words("an_extension_rule") == "an_extension_rule"
