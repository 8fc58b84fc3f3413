"""Readable, stable text of a family's constraints (for golden files and for modellers).

Each constraint is written as ``name[index]: lower <= Σ coef var <= upper`` with its terms
sorted by variable name and coefficients in ``%.6g``: the same model always gives the same
text, whatever the Pyomo version or writer."""

from __future__ import annotations

from typing import Any

import pyomo.core as pyo
from pyomo.repn import generate_standard_repn

from pactopt.model.built import BuiltModel
from pactopt.model.registry import ConstraintRule


def _number(value: float) -> str:
    return f"{value:.6g}"


def constraint_text(con: Any) -> str:
    """One constraint as canonical text."""
    repn = generate_standard_repn(con.body)
    terms = sorted(
        (v.name, c)
        for v, c in zip(repn.linear_vars, repn.linear_coefs, strict=True)
        if abs(c) > 1e-12
    )
    body = " ".join(f"{'+' if c >= 0 else '-'} {_number(abs(c))} {name}" for name, c in terms)
    offset = repn.constant or 0.0
    lower = None if con.lower is None else pyo.value(con.lower) - offset
    upper = None if con.upper is None else pyo.value(con.upper) - offset
    if lower is not None and upper is not None and abs(lower - upper) < 1e-12:
        return f"{con.name}: {body or '0'} = {_number(lower)}"
    left = "" if lower is None else f"{_number(lower)} <= "
    right = "" if upper is None else f" <= {_number(upper)}"
    return f"{con.name}: {left}{body or '0'}{right}"


def family_text(built: BuiltModel, rules: list[ConstraintRule]) -> str:
    """Every constraint of ``rules`` in ``built``, one per line, rules in the order given."""
    lines = []
    for rule in rules:
        component = getattr(built.pyomo, rule.name, None)
        if component is None:
            lines.append(f"# {rule.name}: skipped (no data)")
            continue
        lines.append(f"# {rule.name}: {rule.doc}")
        lines += [constraint_text(con) for con in component.values()]
    return "\n".join(lines) + "\n"
