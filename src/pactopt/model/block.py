"""The type of a Pyomo model under construction, as the build and the rules see it.

Pyomo has no type annotations, so to a type checker its models are ``Any``; this alias says
where a function takes the Pyomo block itself (sets, variables, expressions, constraints and,
while it is built, the data in ``m.ctx``) rather than the typed ``BuiltModel`` the build
returns (``built.py``)."""

from __future__ import annotations

from typing import Any, TypeAlias

PyomoBlock: TypeAlias = Any
