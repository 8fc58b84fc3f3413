"""The gain in a few moves: how much of the gain over the reference plan a plan captures when
only k instruments may differ from it, for k = 0, 1, 2, … (each point a real solve: a MILP with
one yes/no per instrument, on the persistent instance), and each instrument's move as the curve
first takes it.

A move is an instrument whose spending differs from the (financeable) reference plan in any
year the plan decides; the instruments that do not move keep the reference plan's amount in
every year. k = 0 is the reference plan at its best financing; the last point is the best plan.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from pactopt.analysis.impacts import plan_figures
from pactopt.analysis.plans import ReferenceCheck
from pactopt.schema.data import PactData
from pactopt.solver.closest import Limited, solve_limited
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution
from pactopt.solver.solve import integer_levels

MOVES_MAX = 10  # the curve stops after this many moves (or once it reaches the best value)
CAPTURED = 0.9  # the Summary names the fewest moves that capture at least this share
REACHED = 1e-6  # relative: a point this close to the best value has captured all of it
# each point of the curve is proven within this share of the gain of the best plan with its
# number of moves (a share of the gain to ±1 point; measured in benchmarks/bench_least_change)
CURVE_GAP = 0.01

# the columns of the Moves table and of the curve (report/moves_tables.py fills them)
MOVE_COLUMNS = [
    "rank",
    "instrument",
    "name",
    "domain",
    "moves_taken",
    "reference_meur",
    "change_meur",
    "change_in_plan_meur",
    "value_added_meur",
    "net_output_added_meur",
    "net_jobs_added",
    "captured_share",
    "money",
]
CURVE_COLUMNS = [
    "moves_taken",
    "value_meur",
    "captured_share",
    "net_output_meur",
    "net_jobs",
    "moved",
]


@dataclass(frozen=True)
class Move:
    """One instrument's move at the point of the curve where it first appears."""

    instrument: str
    k: int  # the fewest moves whose best plan includes this one
    reference_meur: float  # its total in the reference plan, in the years the plan decides
    moved_meur: float  # its total at that point, less the reference's
    # change of each funder's money and of each budget line's shift into it (€m)
    funders_meur: tuple[tuple[str, float], ...]
    lines_meur: tuple[tuple[str, float], ...]
    # what the point that takes it adds to the one before: value, net output (€m) and net
    # jobs, undiscounted (shared with any other move the same point takes)
    value_added_meur: float = 0.0
    net_output_added_meur: float = 0.0
    net_jobs_added: float = 0.0
    together_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Moves:
    """The curve (point k: the best plan with at most k moves) and the moves in the order the
    curve takes them."""

    reference_value: float  # k = 0: the announced totals, at their best timing and financing
    best_value: float
    profile_value: float  # the reference plan as compared: its totals spread evenly
    points: tuple[Limited, ...]
    moves: tuple[Move, ...]
    instruments: tuple[str, ...]  # group g of a point's ``moved`` is instruments[g]

    @property
    def gain(self) -> float:
        """The value the best plan adds over the reference plan."""
        return self.best_value - self.reference_value

    def captured(self, point: Limited) -> float:
        """The share of the gain a point captures (1 when there is no gain)."""
        value = point.solution.objective
        if self.gain <= REACHED * max(1.0, abs(self.best_value)) or value is None:
            return 1.0
        return (value - self.reference_value) / self.gain

    def fewest_capturing(self, share: float = CAPTURED) -> Limited | None:
        """The first point that captures at least ``share`` of the gain (None if none)."""
        return next((p for p in self.points if self.captured(p) >= share - 1e-9), None)

    def moved_at(self, point: Limited) -> list[str]:
        """The instruments that move at a point."""
        return [self.instruments[g] for g in point.moved]


def _by_instrument(plan: Solution, data: PactData, variable: str, key: int) -> dict[Any, float]:
    """€m of a variable summed over the free years, by (instrument, key position's value)."""
    free = set(data.settings.free_years)
    out: dict[Any, float] = defaultdict(float)
    for index, value in plan.value_map(variable).items():
        if int(index[-1]) in free:
            out[str(index[0 if variable == "funding" else 1]), str(index[key])] += value
    return out


def _move(data: PactData, instrument: str, k: int, point: Solution, reference: Solution) -> Move:
    def changes(variable: str, key: int) -> tuple[tuple[str, float], ...]:
        after = _by_instrument(point, data, variable, key)
        before = _by_instrument(reference, data, variable, key)
        keys = {k for (i, k) in after.keys() | before.keys() if i == instrument}
        moved = ((k, after[instrument, k] - before[instrument, k]) for k in sorted(keys))
        return tuple((k, v) for k, v in moved if abs(v) >= 0.005)

    def total(plan: Solution) -> float:
        spent = _by_instrument(plan, data, "funding", 1)
        return sum(v for (i, _), v in spent.items() if i == instrument)

    before = total(reference)
    return Move(
        instrument, k, before, total(point) - before, changes("funding", 1), changes("shift", 0)
    )


def find_moves(
    m: Any,
    direct: DirectHighs,
    data: PactData,
    reference: ReferenceCheck,
    optimum: Solution,
    most: int = MOVES_MAX,
) -> Moves | None:
    """The k-moves curve from the financeable reference plan to the best plan, k = 0 … most
    (stopping once a point reaches the best value), and the moves in the order it takes them
    (None without a financeable reference or a best value)."""
    best = optimum.best_objective
    if not reference.comparable or best is None:
        return None
    totals: dict[str, float] = defaultdict(float)
    for (i, _, _), value in reference.solution.value_map("funding").items():
        totals[str(i)] += value
    instruments = tuple(i.id for i in data.instruments)
    groups = [[(m.total_spend[i.id], totals[i.id])] for i in data.instruments]
    # a move never goes past the instrument's largest total (up) or least total (down)
    big = [
        (
            max(i.max_total_meur - totals[i.id], 0.0) + 1e-6,
            max(totals[i.id] - (i.min_total_meur or 0.0), 0.0) + 1e-6,
        )
        for i in data.instruments
    ]
    enough = best - REACHED * max(1.0, abs(best))
    points = solve_limited(
        m,
        direct,
        groups,
        big,
        range(min(most, len(instruments)) + 1),
        integer_levels=integer_levels(direct, optimum),
        enough=enough,
        gap_share=CURVE_GAP,
    )
    if not points or points[0].solution.objective is None:
        return None
    reference_value = points[0].solution.objective
    moves: list[Move] = []
    seen: set[int] = set()
    for before, point in itertools.pairwise(points):
        new = [g for g in point.moved if g not in seen]
        seen.update(new)
        after, earlier = point.solution, before.solution
        value = (after.objective or 0.0) - (earlier.objective or 0.0)
        # net figures as the Summary states them: undiscounted
        now, then = plan_figures(data, after), plan_figures(data, earlier)
        output = now.net_output_meur - then.net_output_meur
        jobs = now.net_jobs - then.net_jobs
        for g in new:
            move = _move(data, instruments[g], point.k, after, points[0].solution)
            others = tuple(instruments[h] for h in new if h != g)
            moves.append(
                dataclasses.replace(
                    move,
                    value_added_meur=value,
                    net_output_added_meur=output,
                    net_jobs_added=jobs,
                    together_with=others,
                )
            )
    profile = reference.solution.objective
    profile_value = reference_value if profile is None else profile
    return Moves(reference_value, best, profile_value, tuple(points), tuple(moves), instruments)
