"""Family 8, precedence links (e.g. retrain teachers before other education spending)."""

from __future__ import annotations

from typing import Any

from pactopt.i18n.said import Said, said
from pactopt.model import sets
from pactopt.model.block import PyomoBlock
from pactopt.model.registry import MarginalKind, Origin, constraint, row_name
from pactopt.schema.data import PactData


def _phrase(data: PactData, index: tuple[Any, ...]) -> Said:
    link = data.row("links", index[0])
    before = row_name(data, "instruments", link.before)
    after = row_name(data, "instruments", link.after)
    return said(
        "spending on {after} is held back by {before} (precedence)", after=after, before=before
    )


def _row_key(data: PactData, index: tuple[Any, ...]) -> str:
    link = data.row("links", index[0])
    return f"{link.before}:{link.after}"


@constraint(
    "precedence",
    tags={"past_fact"},
    index=(sets.LINKS, sets.YEARS),
    sheet="Links",
    unit="€m",
    cells=Origin("Links", _row_key, ("ratio", "lag_years")),
    phrase=_phrase,
    marginal=MarginalKind.NONE,
    limit=lambda d, ix: said("the precedence between linked instruments"),
)
def precedence(m: PyomoBlock, link: str, year: int) -> Any:
    """Cumulative spending on `after` is at most `ratio` times the cumulative spending on
    `before`, counted `lag_years` earlier:
    Σ_{t≤y} spend[after,t] ≤ ratio × Σ_{t≤y−lag} spend[before,t]  (€m)."""
    row = m.ctx.links[link]
    after = sum(m.spend[row.after, t] for t in m.years if t <= year)
    before = sum(m.spend[row.before, t] for t in m.years if t <= year - row.lag_years)
    return after <= row.ratio * before
