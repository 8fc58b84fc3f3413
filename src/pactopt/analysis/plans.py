"""The results of comparing plans, as plain data (no solver library): what report/ reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pactopt.solver.solution import Conflict, Solution


@dataclass(frozen=True)
class ReferenceCheck:
    """The reference plan financed within the rules (or, when its announced totals break
    them, the nearest plan that keeps them), and the rules the announced totals break."""

    solution: Solution
    breaches: tuple[Conflict, ...] = ()
    # for a breached rule (by name) that need not give way: the rules that could instead,
    # for the same least total (``relax.least_bends``)
    instead: Mapping[str, Sequence[Conflict]] = field(default_factory=dict)
    # € moved between instrument totals to finance the announced plan within the rules
    moved_meur: float = 0.0

    @property
    def comparable(self) -> bool:
        """True when a plan within every rule is compared: the announced one or the nearest."""
        return self.solution.status.has_solution

    @property
    def feasible(self) -> bool:
        """True when the announced totals themselves can be financed within every rule."""
        return self.comparable and not self.breaches


@dataclass(frozen=True)
class Bridge:
    """The three steps from the reference plan to the optimised one."""

    reference: Solution
    same_spending: Solution
    optimised: Solution


@dataclass(frozen=True)
class LeastChange:
    """The plan reported when least change is on: of the plans within ``tolerance`` (a share)
    of the best value, the closest to the financeable reference plan. Distances are € moved,
    summed over instruments and the years the plan decides."""

    tolerance: float
    best_value: float
    plan_value: float
    moved_meur: float  # the reported plan's distance from the reference plan
    best_moved_meur: float  # the plain optimum's
    reference_meur: float  # the reference plan's spending in those years
    kept_meur: float  # of which the reported plan keeps where it is
    best_kept_meur: float  # of which the plain optimum keeps


FORCED_MEUR = 1.0
FORCED_SHARE = 0.01
NARROW_SHARE = 0.25


@dataclass(frozen=True)
class Range:
    """The lowest and highest €m a part of the plan takes while the objective stays within
    the tolerance of its optimum."""

    kind: str  # "instrument", "domain" or "year"
    key: str
    name: str
    optimised_meur: float
    low_meur: float
    high_meur: float
    # a year the mid-term review locked: what was spent, not a choice
    locked: bool = False

    @property
    def verdict(self) -> str:
        """forced, narrow or free; 'locked (spent)' for a year already spent."""
        if self.locked:
            return "locked (spent)"
        width = self.high_meur - self.low_meur
        top = max(abs(self.high_meur), abs(self.low_meur))
        if width <= max(FORCED_MEUR, FORCED_SHARE * top):
            return "forced"
        return "narrow" if width <= NARROW_SHARE * top else "free"


BUILT_TOLERANCE = 1e-6


def built_share(value: float) -> float:
    """A project's build variable as the share built: 0 or 1 in a MILP (round-off removed),
    the fraction itself in its LP relaxation."""
    share = min(max(value, 0.0), 1.0)
    return float(round(share)) if abs(share - round(share)) < BUILT_TOLERANCE else share


@dataclass(frozen=True)
class ProjectDecision:
    """A project's decision in the optimum, the objective with that decision flipped (None
    when no plan exists with it flipped) and, for a project left out, what keeps it out."""

    project: str
    built: bool
    objective: float
    objective_if_flipped: float | None
    # for a project not built: the rules that must give way to build it on top of the plan
    # (the other projects and switches held as the plan has them), in their own units
    blockers: tuple[Conflict, ...] = ()
    # for a project not built: True when it fits on top of the plan as it is, False when
    # limits must give way (``blockers``) or a yes/no rule keeps it out, None when unknown
    fits: bool | None = None
    # the share built: 0 or 1, but anything between in the LP relaxation (--relax-integers)
    share: float | None = None

    @property
    def partial(self) -> bool:
        """Built in part: only the LP relaxation of a MILP does that."""
        return self.share is not None and BUILT_TOLERANCE < self.share < 1 - BUILT_TOLERANCE

    @property
    def value_meur(self) -> float | None:
        """What the decision is worth: the objective lost by flipping it (None if forced)."""
        if self.objective_if_flipped is None:
            return None
        return self.objective - self.objective_if_flipped


@dataclass(frozen=True)
class EntryThreshold:
    """For an instrument the plan leaves unfunded: the output per € at which it would be
    funded, and the value lost per €m forced into it as things stand (found by a re-solve);
    both None when no plan within the rules can fund it at all."""

    needed_output_per_eur: float | None
    value_lost_per_meur: float | None


def yearly_spending_meur(solution: Solution) -> dict[int, float]:
    """€m spent in each year of a solution, all instruments and funders together."""
    out: dict[int, float] = defaultdict(float)
    for (_, _, year), value in solution.value_map("funding").items():
        out[int(year)] += value
    return dict(out)
