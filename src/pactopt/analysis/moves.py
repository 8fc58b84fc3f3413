"""The gain in a few moves, as plain data (no solver library: what explain/ and report/ read;
``analysis/moves_solve.py`` finds them): how much of the gain over the reference plan a plan
captures when only k instruments may differ from it, for k = 0, 1, 2, … (each point a real
solve, proven optimal: a master MILP with one yes/no per instrument and LPs of the model on
the persistent instance, ``solver/limited.py``), and each instrument's move as the curve
first takes it.

A move is an instrument whose spending differs from the (financeable) reference plan in any
year the plan decides; the instruments that do not move keep the reference plan's amount in
every year. k = 0 is the reference plan at its best financing; the last point is the best plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from pactopt.solver.solution import Limited

MOVES_MAX = 10  # the curve stops after this many moves (or once it reaches the best value)
CAPTURED = 0.9  # the Summary names the fewest moves that capture at least this share
REACHED = 1e-6  # relative: a point this close to the best value has captured all of it
# where a point is one MILP of the whole model (lexicographic mode, ``solver/limited.py``), it is
# proven within this share of the gain of the best plan with its number of moves; elsewhere
# each point is proven optimal
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
