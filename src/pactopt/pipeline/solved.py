"""What ``solve``'s steps hand on: the model built and solved once (``Solved``), what the
steps after the solve found (``Analyses``) and the finished run (``Outcome``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pactopt.analysis.moves import Moves
from pactopt.analysis.plans import (
    Bridge,
    EntryThreshold,
    LeastChange,
    ProjectDecision,
    Range,
    ReferenceCheck,
)
from pactopt.analysis.review import Review
from pactopt.analysis.stakes import Stakes
from pactopt.model.built import BuiltModel
from pactopt.model.facts import PastBreach
from pactopt.model.registry import ConstraintRule
from pactopt.report.robustness import RobustnessTables
from pactopt.report.run_info import RunInfo
from pactopt.report.tables import ResultTables
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution


@dataclass(frozen=True)
class Outcome:
    """A finished run: the data, the solve, its tables (when solved) and its manifest."""

    data: PactData
    result: Solution
    tables: ResultTables | None
    run: RunInfo
    diagnosis: pd.DataFrame | None = None
    warnings: tuple[str, ...] = ()
    # robust mode: the central and robust plans on fresh draws (the Robustness sheet)
    robustness: RobustnessTables | None = None
    # mid-term review: the yearly rules the actual spending of a locked year broke
    past_breaches: tuple[PastBreach, ...] = ()


@dataclass(frozen=True)
class Solved:
    """The model built and solved once: the later steps re-solve on the same instance."""

    data: PactData
    model: BuiltModel
    direct: DirectHighs
    result: Solution
    run: RunInfo
    extensions: tuple[ConstraintRule, ...]
    relaxed: bool
    # the plain optimum, when ``settle`` reports a least-change plan instead, and how the two
    # differ
    optimum: Solution | None = None
    least: LeastChange | None = None
    least_skipped: bool = False  # left out for the model's size: the Summary says how to ask


@dataclass(frozen=True)
class Analyses:
    """What the steps after the solve found out about the plan it chose."""

    reference: ReferenceCheck | None
    steps: Bridge | None
    ranges: list[Range] | None
    decisions: list[ProjectDecision]
    thresholds: dict[str, EntryThreshold] | None
    robustness: RobustnessTables | None
    # mid-term review: the re-plan against the reference plan's remainder and the optimum
    # from the first year (None when no year is locked)
    review: Review | None = None
    # the value captured with k moves from the reference plan (None: not asked, too large,
    # or no reference plan)
    moves: Moves | None = None
    moves_skipped: bool = False  # left out for the model's size: the Summary says how to ask
    # the binding limits' values at stake, re-solved (None: not for a model of this size)
    stakes: Stakes | None = None
