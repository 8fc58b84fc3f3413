"""pactopt: investment-allocation optimiser for public digital investment pacts.

The Python interface (``pactopt.api``) is exported here lazily, so that ``import pactopt``
and the command line's ``--help`` do not load Pyomo, HiGHS or pandas until they are used:

    import pactopt
    result = pactopt.solve(pactopt.read_workbook("inputs/digital_pact_2019_2030.xlsx"))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

__all__ = [
    "FrontierRequest",
    "Plan",
    "Result",
    "Scenarios",
    "SensitivityRequest",
    "SolveOptions",
    "Spread",
    "UncertaintyRequest",
    "evaluate",
    "frontier",
    "load_extensions",
    "read_workbook",
    "scenarios",
    "sensitivity",
    "solve",
    "uncertainty",
]


def __getattr__(name: str) -> Any:
    """The API's names, imported on first use (PEP 562)."""
    if name in __all__:
        return getattr(importlib.import_module("pactopt.api"), name)
    raise AttributeError(f"module 'pactopt' has no attribute {name!r}")
