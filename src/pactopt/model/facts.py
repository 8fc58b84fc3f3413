"""Facts of the past that a mid-term review reports rather than imposes (no solver library:
the explanations and reports read them)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PastBreach:
    """A yearly rule that the actual spending of a locked year broke: the rule, its index,
    and by how much (€m, in the row's own terms) its floor or ceiling was missed."""

    rule: str
    index: tuple[Any, ...]
    short_meur: float
    side: str  # "lower": the row fell below its floor; "upper": it rose above its ceiling
