"""Named cross-sheet checks, run after every sheet's rows have passed their row model.

Each check is a module-level function registered with ``@check("name")``; it receives the
settings (None when they could not be read) and the parsed tables, and returns problems that
name the exact cell. ``pactopt validate --list-checks`` lists them with their docstrings, in
the order they are registered: the ids' (``ids.py``), the rules between rows (``rules.py``),
then who may pay for what (``funders.py``).
"""

from __future__ import annotations

from pactopt.schema.checks import funders, ids, rules
from pactopt.schema.checks.registry import CHECKS, CheckFn, Tables, check, run_checks

__all__ = ["CHECKS", "CheckFn", "Tables", "check", "funders", "ids", "rules", "run_checks"]
