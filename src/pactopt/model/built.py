"""What the build hands on: the Pyomo model and what the build decided about it, typed and
frozen, instead of attributes hung on the Pyomo model.

The rules are written against the Pyomo block (``fn(m, *index)``, reading the data from
``m.ctx``, as models/README.md tells a modeller), so the block keeps ``ctx`` for them and
for the model's own expression builders (``terms.py``, ``robust.py``). Everything else the
build decides (the rules built, the objective mode and its stages, the past's breaches, the
figures the money effects read) is here, typed, and every stage after the model reads it
from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pactopt.model.block import PyomoBlock
from pactopt.model.context import ModelContext
from pactopt.model.facts import PastBreach
from pactopt.model.objective import ObjectiveMode
from pactopt.model.registry import ConstraintRule


@dataclass(frozen=True)
class BuiltModel:
    """One built model.

    ``pyomo``: the Pyomo model (components only); ``ctx``: the data keyed for the rules;
    ``rules``: the rules built, by name, in build order (a rule with no row in this data is
    left out); ``mode``: the objective mode with its solve stages; ``past_breaches``: the
    locked years' rows the actuals break (a mid-term review), reported and not imposed;
    ``money_effect_figures``: the figures whose change per €m of a money row the solution
    reads (Marginal's effect columns)."""

    pyomo: PyomoBlock  # sets, variables, expressions, constraints, objective
    ctx: ModelContext
    rules: Mapping[str, ConstraintRule]
    mode: ObjectiveMode
    past_breaches: tuple[PastBreach, ...]
    money_effect_figures: tuple[str, ...]

    @property
    def built_rules(self) -> tuple[str, ...]:
        """The names of the rules built, in build order."""
        return tuple(self.rules)

    def component(self, name: str) -> Any:
        """The Pyomo component named ``name`` (a variable, expression or constraint)."""
        return getattr(self.pyomo, name)
