"""What the rules read: the validated data, the index sets and lookups by id."""

from __future__ import annotations

from dataclasses import dataclass

from pactopt.model.accounting import Segment, curve_segments, discount_factor
from pactopt.model.sets import ModelIndex, build_index
from pactopt.schema.data import PactData
from pactopt.schema.rows import (
    BudgetLineRow,
    CurveRow,
    DomainRow,
    FunderRow,
    InstrumentRow,
    LinkRow,
    ProjectRow,
    SwitchRow,
)


@dataclass(frozen=True)
class ModelContext:
    """The data of one model, keyed for the rules (``m.ctx`` on the Pyomo model)."""

    data: PactData
    index: ModelIndex
    domains: dict[str, DomainRow]
    instruments: dict[str, InstrumentRow]
    funders: dict[str, FunderRow]
    lines: dict[str, BudgetLineRow]
    projects: dict[str, ProjectRow]
    links: dict[str, LinkRow]
    switches: dict[str, SwitchRow]
    curves: dict[tuple[str, int], CurveRow]
    segments: dict[str, dict[int, Segment]]

    @property
    def first_year(self) -> int:
        """The first year of the horizon."""
        return self.index.years[0]

    def discount(self, year: int) -> float:
        """Discount factor of an impact arising in ``year`` (1 in the first year)."""
        return discount_factor(self.data.settings.discount_rate, self.first_year, year)

    def segment(self, instrument: str, segment: int) -> Segment:
        """One segment of an instrument's curve (the last one is the open tail)."""
        return self.segments[instrument][segment]

    def segment_width_meur(self, instrument: str, segment: int) -> float | None:
        """€m a curve segment can hold; None for the open tail past the last segment."""
        return self.segment(instrument, segment).width_meur

    def segment_factor(self, instrument: str, segment: int) -> float:
        """Output factor of a curve segment; the tail keeps the last segment's factor."""
        return self.segment(instrument, segment).output_factor


def build_context(data: PactData) -> ModelContext:
    """Key the data by id for the rules."""
    rows_of: dict[str, list[CurveRow]] = {}
    for c in data.curves:
        rows_of.setdefault(c.instrument, []).append(c)
    segments = {i: {s.segment: s for s in curve_segments(rows)} for i, rows in rows_of.items()}
    return ModelContext(
        data=data,
        index=build_index(data),
        domains={d.id: d for d in data.domains},
        instruments={i.id: i for i in data.instruments},
        funders={f.id: f for f in data.funders},
        lines={b.id: b for b in data.budget_lines},
        projects={p.id: p for p in data.projects},
        links={k.id: k for k in data.links},
        switches={s.id: s for s in data.switches},
        curves={(c.instrument, c.segment): c for c in data.curves},
        segments=segments,
    )
