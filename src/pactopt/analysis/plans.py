"""The results of comparing plans, as plain data (no solver library): what report/ reads."""

from __future__ import annotations

from dataclasses import dataclass

from pactopt.solver.solution import Conflict, Solution


@dataclass(frozen=True)
class ReferenceCheck:
    """The reference plan financed within the rules, or the rules it breaks."""

    solution: Solution
    breaches: tuple[Conflict, ...] = ()

    @property
    def feasible(self) -> bool:
        """True when the plan can be financed within every rule."""
        return self.solution.status.has_solution


@dataclass(frozen=True)
class Bridge:
    """The three steps from the reference plan to the optimised one."""

    reference: Solution
    same_spending: Solution
    optimised: Solution
