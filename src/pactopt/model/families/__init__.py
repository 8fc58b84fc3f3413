"""The constraint families of SPEC.md, one module each, built in ``FAMILY_ORDER``.

Importing this package registers every core rule; ``core_rules``, ``ordered_rules`` and
``families`` list them (here, not in the registry, which knows no family)."""

from pactopt.model.families import (  # noqa: F401  (imported to register their rules)
    bounds,
    budget_neutrality,
    curves,
    envelopes,
    indivisible,
    maintenance,
    precedence,
    public_balance,
    robust,
    savings_recycling,
    shares,
    shifts,
    skills,
    switches,
)
from pactopt.model.registry import RULES, ConstraintRule

FAMILY_ORDER = (
    "public_balance",
    "budget_neutrality",
    "shifts",
    "savings_recycling",
    "shares",
    "bounds",
    "envelopes",
    "precedence",
    "indivisible",
    "maintenance",
    "curves",
    "switches",
    "skills",
    "robust",
)


def core_rules() -> list[ConstraintRule]:
    """Every core rule, family by family in build order."""
    order = {family: k for k, family in enumerate(FAMILY_ORDER)}
    return sorted(RULES.values(), key=lambda r: order[r.family])


def ordered_rules(
    extensions: tuple[ConstraintRule, ...] | list[ConstraintRule] = (),
) -> list[ConstraintRule]:
    """Core rules in family order, then extension rules in the order they were given."""
    return core_rules() + list(extensions)


def families() -> dict[str, list[ConstraintRule]]:
    """Core rules grouped by family, in build order."""
    grouped: dict[str, list[ConstraintRule]] = {}
    for rule in core_rules():
        grouped.setdefault(rule.family, []).append(rule)
    return grouped
