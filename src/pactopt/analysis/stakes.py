"""The value at stake of a binding limit, by re-solving: the change of the reported objective
when the limit's workbook value moves by ``STAKE_SHARE`` (10%) each way, the rest of the
workbook as it is.

A limit is one workbook value and the rows it sets (a public-share floor over its years, a
domain's ceiling): the rule's rows are re-evaluated with that value moved (``model/limits.py``:
a share or a leverage is a coefficient of its rows, not their right-hand side), or, where the
value is not one number of a row (a yearly column), each row's right-hand side moves by the
same share of itself. Each change is a scoped change of the persistent HiGHS instance, started
from the last basis, and undone before the next; a MILP's yes/no decisions stay as chosen (the
LP with them pinned, as its marginal values are). A dual extrapolated over the same change
would be right only within its validity range, and says nothing of a share (its right-hand
side is 0).

Two re-solves per limit: only the ``most`` limits first in the caller's order are re-solved,
the number left out is said. The re-solves are in ``stakes_solve.py``; this module holds what
they find (read by ``explain/``, which loads no solver)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAKE_SHARE = 0.10
# limits re-solved at most (two re-solves each): the reference model ranks 57, re-solved
# in about 1 s (10 ms a re-solve, warm)
MOST_RESOLVED = 60

# (rule name, the limit's index without its year, the indexes of its rows)
Candidate = tuple[str, tuple[Any, ...], tuple[tuple[Any, ...], ...]]


@dataclass(frozen=True)
class LimitStake:
    """One limit re-solved with its workbook value ``STAKE_SHARE`` lower and higher: the
    values it took (None when its rows' right-hand sides moved instead: ``value`` is then
    their sum in €m) and the change of the objective at each (None: no plan there)."""

    rule: str
    group: tuple[Any, ...]
    value: float
    low: float
    high: float
    at_low: float | None
    at_high: float | None
    rhs_moved: bool = False
    unit: str = ""  # of the workbook value ('share 0-1', '€m', …)

    @property
    def stake(self) -> float:
        """The larger change of the two, in objective units (0 when neither has a plan)."""
        changes = [abs(c) for c in (self.at_low, self.at_high) if c is not None]
        return max(changes, default=0.0)


@dataclass(frozen=True)
class Stakes:
    """The re-solved limits, keyed by (rule, index without year), the limits with a dual
    left out by the cap, the re-solves run and the seconds they took."""

    share: float = STAKE_SHARE
    found: dict[tuple[str, tuple[Any, ...]], LimitStake] = field(default_factory=dict)
    left_out: int = 0
    ranked: int = 0  # the limits asked about, re-solved or left out
    resolves: int = 0
    seconds: float = 0.0

    def of(self, rule: str, group: tuple[Any, ...]) -> LimitStake | None:
        """The stake of one limit, None when it was not re-solved."""
        return self.found.get((rule, group))
