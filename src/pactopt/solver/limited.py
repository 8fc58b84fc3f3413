"""The best plan when only ``k`` groups of targets may differ from them (the value captured
with k moves), for k = 0, 1, 2, …: each point a real solve, proven optimal.

The exact method is an outer approximation (Benders decomposition over the moves): a small
master MILP on its own HiGHS instance chooses which groups move (a yes/no per group) and how
far, its value bounded by cuts; the model itself is only ever solved as an LP on the
persistent instance, with the groups that do not move held at their targets (the "support
LP"). Each support LP adds a cut, the value it reached plus its duals times the moves, which
no plan exceeds (LP duality: the duals stay feasible whatever the targets). For the groups it
lets move, those duals are zero, so a support the master proposes again is already bounded by
its own value: the loop ends, with the master's bound proving the point within
``CUTS_TOLERANCE``. Cuts hold for every k, so each point starts from the cuts of the ones
before. On the reference case the eleven points take about 20 support LPs and 25 master
solves (``benchmarks/bench_least_change.py``), where one MILP per point, each with the whole
model, took seven times as long and was only proven within 1% of the gain.

Where the reported value is not the first stage's (lexicographic mode) or a yes/no decision
of the model is not pinned, the support LP's duals do not bound the reported value, and each
point is one MILP on the persistent instance instead (``_limited_milp``).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from pactopt.model.built import BuiltModel
from pactopt.solver.deviations import Deviations
from pactopt.solver.highs import INF, DirectHighs, new_highs
from pactopt.solver.solution import Limited, SolveStatus
from pactopt.solver.solve import read_solution, run_solver, run_stages, stage_expression

Target = tuple[Any, float]  # (a linear expression of the model, its target in €m)

MOVED_MEUR = 0.005  # a group whose deviations sum below this has not moved (€m)
# each point is proven within this share of the best value with every group free
CUTS_TOLERANCE = 1e-7


def solve_limited(
    built: BuiltModel,
    direct: DirectHighs,
    groups: Sequence[Sequence[Target]],
    big_meur: Sequence[tuple[float, float]],
    ks: Sequence[int],
    *,
    integer_levels: dict[int, float] | None = None,
    enough: float | None = None,
    gap_share: float = 0.0,
) -> list[Limited]:
    """For each k of ``ks``: the best plan (the objective mode's stages) in which at most k
    groups differ from their targets, group g moving at most ``big_meur[g]`` (up, down) in
    the sum of its pairs. Stops at the first k with no plan, and after the first whose
    reported value reaches ``enough``. ``integer_levels`` pins yes/no decisions (the
    optimum's). Found by outer approximation (exact); where that does not apply, one MILP per
    point, each stopping once proven within ``gap_share`` of the gap between the first point's
    value and ``enough``. Neither the model nor the instance is left changed."""
    pairs = [pair for group in groups for pair in group]
    members, start = [], 0
    for group in groups:
        members.append(list(range(start, start + len(group))))
        start += len(group)
    with direct.pinned_integers(integer_levels or {}), direct.deviations(pairs) as dev:
        curve = Curve(built, direct, dev, members, big_meur)
        if direct.holds_lp and built.mode.reported_stage == 0:
            return _limited_by_cuts(curve, ks, enough)
        return limited_milp(curve, ks, enough, gap_share)


@dataclass(frozen=True)
class Curve:
    """What every point of a curve is solved on: the model, its instance with the deviation
    columns of the targets added (``dev``), the pairs of each group (``members``) and the
    groups' move bounds."""

    built: BuiltModel
    direct: DirectHighs
    dev: Deviations
    members: Sequence[Sequence[int]]
    big_meur: Sequence[tuple[float, float]]

    def free_only(self, moving: tuple[int, ...]) -> None:
        """Hold every group at its targets but the groups ``moving``, which move freely."""
        free = np.zeros(len(self.dev.up), dtype=bool)
        for g in moving:
            free[self.members[g]] = True
        upper = np.where(np.concatenate([free, free]), INF, 0.0)
        self.direct.set_column_bounds(self.dev.both(), np.zeros(len(upper)), upper)

    def moved(self, x: np.ndarray) -> tuple[int, ...]:
        """The groups whose deviations at ``x`` sum to more than ``MOVED_MEUR``."""
        both = self.dev.both
        return tuple(
            g for g, rows in enumerate(self.members) if float(np.sum(x[both(rows)])) > MOVED_MEUR
        )

    def point(self, k: int, status: SolveStatus, began: float) -> Limited:
        """The instance's plan as the point with at most k moves."""
        x = self.direct.all_column_values()
        seconds = time.perf_counter() - began
        mode = f"{k} moves"
        plan = read_solution(
            self.built, self.direct, status, mode, want_duals=False, seconds=seconds
        )
        return Limited(k, plan, self.moved(x))


class _Master:
    """The outer approximation's master, on its own HiGHS instance: maximise θ over a yes/no
    ``z_g`` per group and each pair's move up ``u_p`` and down ``d_p`` (≥ 0), with the sums of
    a group's ups and downs within its bounds times ``z_g``, Σ z ≤ k, and one cut θ ≤ v + y·(u
    − d) per support LP (its value ``v`` and the duals ``y`` of the pairs' rows)."""

    def __init__(
        self,
        members: Sequence[Sequence[int]],
        big_meur: Sequence[tuple[float, float]],
        threads: int,
    ) -> None:
        n_pairs, n_groups = sum(len(g) for g in members), len(members)
        self.highs = new_highs()
        self.highs.setOptionValue("threads", threads)  # HiGHS's one pool per process
        # its solutions come from the support LPs (each a start): HiGHS's own searches for
        # solutions only slow the proof of its bound (about a third of the master's time)
        for heuristic in ("rins", "rens", "feasibility_jump", "root_reduced_cost"):
            self.highs.setOptionValue(f"mip_heuristic_run_{heuristic}", False)
        n = 1 + 2 * n_pairs + n_groups  # θ, the ups, the downs, the yes/no columns
        self.switches = np.arange(1 + 2 * n_pairs, n, dtype=np.int32)
        lower = np.concatenate([[-INF], np.zeros(n - 1)])
        upper = np.concatenate([[INF], np.full(2 * n_pairs, INF), np.ones(n_groups)])
        self.highs.addVars(n, lower, upper)
        self.highs.changeColCost(0, 1.0)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        kind = np.full(n_groups, highspy.HighsVarType.kInteger)
        self.highs.changeColsIntegrality(n_groups, self.switches, kind)
        for g, pairs in enumerate(members):
            for side, bound in ((1, big_meur[g][0]), (1 + n_pairs, big_meur[g][1])):
                cols = [side + p for p in pairs] + [int(self.switches[g])]
                coefs = [1.0] * len(pairs) + [-float(bound)]
                self._row(cols, coefs, 0.0)
        self.limit_row = self.highs.getNumRow()
        self._row(self.switches.tolist(), [1.0] * n_groups, 0.0)

    def _row(self, cols: Sequence[int], coefs: Sequence[float], upper: float) -> None:
        index = np.asarray(cols, dtype=np.int32)
        self.highs.addRow(-INF, upper, len(index), index, np.asarray(coefs, dtype=float))

    def cut(self, value: float, duals: np.ndarray) -> None:
        """θ ≤ value + duals·(u − d)."""
        coefs = np.concatenate([[1.0], -duals, duals])  # θ, then the ups, then the downs
        self._row(list(range(len(coefs))), coefs.tolist(), value)

    def solve(
        self, k: int, gap: float, start: tuple[float, np.ndarray, tuple[int, ...]]
    ) -> tuple[float, tuple[int, ...]]:
        """The master's bound (no plan with at most k moves is worth more) and the groups its
        best solution moves, starting from ``start`` (a support LP's value, its moves up and
        down, its moving groups)."""
        self.highs.changeRowBounds(self.limit_row, -INF, float(k))
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("mip_abs_gap", gap)
        value, moves, moving = start
        switches = np.zeros(len(self.switches))
        switches[list(moving)] = 1.0
        solution = highspy.HighsSolution()
        solution.col_value = [value, *moves.tolist(), *switches.tolist()]
        solution.value_valid = True
        self.highs.setSolution(solution)
        self.highs.run()
        bound = float(self.highs.getInfo().mip_dual_bound)
        x = np.asarray(self.highs.getSolution().col_value, dtype=float)
        return bound, tuple(int(g) for g in np.flatnonzero(x[self.switches] > 0.5))


class _Supports:
    """The support LPs solved so far (value, and the moves up then down they found), the
    master their cuts bound, and the proof of each point."""

    def __init__(self, curve: Curve) -> None:
        self.curve = curve
        self.master = _Master(curve.members, curve.big_meur, curve.direct.threads())
        self.values: dict[tuple[int, ...], float] = {}
        self.moves: dict[tuple[int, ...], np.ndarray] = {}

    def solve(self, moving: tuple[int, ...]) -> float:
        """The support LP (the first stage's value with only ``moving`` groups free); adds its
        cut to the master and returns its value (−∞ without a plan, and no cut)."""
        direct, dev = self.curve.direct, self.curve.dev
        self.curve.free_only(moving)
        if not run_solver(direct).has_solution:
            self.values[moving] = -INF
            return -INF
        self.values[moving] = direct.objective_value()
        self.moves[moving] = direct.all_column_values()[dev.both()]
        self.master.cut(self.values[moving], direct.row_duals(dev.rows))
        return self.values[moving]

    def proven(self, incumbent: tuple[int, ...], k: int, tolerance: float) -> tuple[int, ...]:
        """The support of the best plan with at most k moves (the previous point's to start
        with), proven by master and support LPs in turn until the master's bound is within
        ``tolerance`` of the best support found."""
        values = self.values
        while True:
            start = (values[incumbent], self.moves[incumbent], incumbent)
            bound, moving = self.master.solve(k, tolerance / 4, start)
            seen = moving in values
            value = values[moving] if seen else self.solve(moving)
            if value > values[incumbent]:
                incumbent = moving
            # a support proposed again is bounded by its own cut: nothing better remains
            if seen or bound - values[incumbent] <= tolerance:
                return incumbent


def _limited_by_cuts(curve: Curve, ks: Sequence[int], enough: float | None) -> list[Limited]:
    """The curve by outer approximation (the module's docstring)."""
    built, direct = curve.built, curve.direct
    first = built.mode.stages[0].maximise
    supports = _Supports(curve)
    out: list[Limited] = []
    with direct.objective(stage_expression(built, first)):
        everything = supports.solve(tuple(range(len(curve.members))))
        if everything == -INF or supports.solve(()) == -INF:
            return out
        tolerance = CUTS_TOLERANCE * max(1.0, abs(everything))
        best_support: tuple[int, ...] = ()
        for k in ks:
            began = time.perf_counter()
            best_support = supports.proven(best_support, k, tolerance)
            curve.free_only(best_support)
            with run_stages(built, direct, built.mode.stages) as status:
                if not status.has_solution:
                    break
                point = curve.point(k, status, began)
            out.append(point)
            value = point.solution.objective
            if enough is not None and value is not None and value >= enough:
                break
    return out


def limited_milp(
    curve: Curve, ks: Sequence[int], enough: float | None, gap_share: float
) -> list[Limited]:
    """The curve as one MILP per point on the persistent instance (a yes/no column per group;
    the plan with k − 1 moves starts the one with k)."""
    built, direct = curve.built, curve.direct
    out: list[Limited] = []
    switched = direct.switched_groups(curve.dev, curve.members, curve.big_meur)
    with direct.mip_gap_meur(None), switched as (_, row):
        start_from: np.ndarray | None = None
        for k in ks:
            began = time.perf_counter()
            direct.set_row_bounds(row, -INF, float(k))
            if start_from is not None:  # the plan with k − 1 moves is one with k moves
                direct.start_from(start_from)
            with run_stages(built, direct, built.mode.stages) as status:
                if not status.has_solution:
                    break
                start_from = direct.all_column_values()
                point = curve.point(k, status, began)
            out.append(point)
            value = point.solution.objective
            if enough is not None and value is not None:
                if value >= enough:
                    break
                if len(out) == 1 and gap_share > 0:
                    direct.set_mip_gap_meur(gap_share * (enough - value))
    return out
