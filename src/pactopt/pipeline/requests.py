"""One frozen request per command, holding its defaults once: the command line and the
Python API build the same requests, so that the same call gives the same numbers.

A request says *how* to run (options, seeds, engines); the plan to run it on (``PactData``)
and the loaded extension rules travel beside it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# the reference plan's check and the bridge are two more solves of the model: on by default
# up to this size (a national plan has ~2e3 variables, a regional one ~1e5)
COMPARISON_MAX_VARIABLES = 200_000
# near-optimal ranges take two re-solves per instrument, domain and year: on by default up
# to this size, on request (alternatives=True) above it. Measured (bench_alternatives.py):
# +2.0 s on the reference pact (then 1,707 variables), +0.8 s at 1,872, +48 s at 11,052
ALTERNATIVES_MAX_VARIABLES = 5_000
# the k-moves curve is up to eleven points, each a master MILP with a yes/no per instrument and
# LPs of the model: on by default up to this size, on request (moves=True) above it. Measured
# (bench_least_change.py): 0.45 s on the reference pact, 3.0 s at 12,180 variables (2.9× the
# first solve), 18.8 s at 35,532 (3.1×); it needs the nearest financeable reference plan,
# which is computed by default up to LEAST_CHANGE_MAX_VARIABLES as well
MOVES_MAX_VARIABLES = 20_000
# the nearest financeable reference plan and the least-change plan: on by default up to this
# size, on request above it. Measured (bench_least_change.py): the least change 0.2× the first
# solve at 35,532 variables and 0.5× at 106,524; the nearest plan, where the announced totals
# break rules (the breach table's elastic solves), 4.4× and 9.6×
LEAST_CHANGE_MAX_VARIABLES = 20_000


class RunError(Exception):
    """A run that cannot go on for a reason the user can act on (an argument out of range,
    no point of a frontier solvable): exit 2, or 3 when ``infeasible``. ``flag`` names the
    option the message is about, when there is one."""

    def __init__(self, message: str, *, infeasible: bool = False, flag: str | None = None):
        super().__init__(message)
        self.infeasible = infeasible
        self.flag = flag


@dataclass(frozen=True)
class Spread:
    """Where a sweep runs: this process (``workers`` 1), a pool of ``workers`` processes, or
    the Dask cluster at ``scheduler`` (its address, or ``"local"``)."""

    workers: int = 1
    scheduler: str | None = None


@dataclass(frozen=True)
class SolveOptions:
    """How ``solve`` runs, for the base and every scenario alike.

    ``alternatives`` None computes the near-optimal ranges up to
    ``alternatives_max_variables``; ``diagnose`` False skips the infeasibility diagnosis (a
    scenario left out of a comparison needs none); ``relax_integers`` solves the LP
    relaxation of a MILP; ``robust`` solves in robust mode; ``spread`` is where the ranges
    run."""

    alternatives: bool | None = None
    relax_integers: bool = False
    robust: bool = False
    diagnose: bool = True
    spread: Spread = Spread()
    comparison_max_variables: int = COMPARISON_MAX_VARIABLES
    alternatives_max_variables: int = ALTERNATIVES_MAX_VARIABLES
    # the k-moves curve: None computes it up to ``moves_max_variables``
    moves: bool | None = None
    moves_max_variables: int = MOVES_MAX_VARIABLES
    # the nearest financeable reference plan and the least-change plan (Settings
    # least_change): None applies them up to ``least_change_max_variables``
    least_change: bool | None = None
    least_change_max_variables: int = LEAST_CHANGE_MAX_VARIABLES
    # the language of the Summary sheet and the terminal summary (nl, fr, en); None: the
    # workbook's Settings language
    lang: str | None = None


@dataclass(frozen=True)
class FrontierRequest:
    """``frontier``: ``points`` Pareto-optimal plans, from most output to most jobs."""

    points: int = 7
    spread: Spread = Spread()

    def check(self) -> None:
        """Refuse a request no frontier can answer."""
        if not 2 <= self.points <= 200:
            raise RunError(f"--points must be from 2 to 200, not {self.points}", flag="--points")


@dataclass(frozen=True)
class UncertaintyRequest:
    """``uncertainty``: ``draws`` seeded draws (None: the workbook's Settings
    uncertainty_draws); an instrument counts as funded in a draw above ``threshold`` of the
    way from its least to its most funding."""

    draws: int | None = None
    seed: int = 0
    threshold: float = 0.5
    spread: Spread = Spread()

    def check(self) -> None:
        """Refuse a request no sweep can answer."""
        if self.draws is not None and self.draws < 1:
            raise RunError(f"--draws must be at least 1, not {self.draws}", flag="--draws")
        if not 0 <= self.threshold <= 1:
            raise RunError(
                f"--threshold must be from 0 to 1, not {self.threshold}", flag="--threshold"
            )


@dataclass(frozen=True)
class SensitivityRequest:
    """``sensitivity``: Sobol (``samples`` a power of two) or Morris (``samples``
    trajectories); ``per_instrument`` draws every instrument on its own instead of one group
    per shared estimate."""

    method: Literal["sobol", "morris"] = "sobol"
    samples: int = 32
    seed: int = 0
    per_instrument: bool = False
    spread: Spread = Spread()

    def check(self) -> None:
        """Refuse a request SALib cannot sample."""
        if self.method not in ("sobol", "morris"):
            raise RunError(f"--method must be sobol or morris, not {self.method}", flag="--method")
        if self.samples < 1:
            raise RunError(f"--samples must be at least 1, not {self.samples}", flag="--samples")
        if self.method == "sobol" and self.samples & (self.samples - 1):
            raise RunError(
                f"--samples must be a power of two for Sobol, not {self.samples}",
                flag="--samples",
            )
