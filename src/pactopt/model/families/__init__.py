"""The constraint families of SPEC.md, one module each, built in ``FAMILY_ORDER``.

Importing this package registers every core rule."""

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
