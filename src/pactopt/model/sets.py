"""Every set of the model, declared once (``SETS``: name, index names, meaning, members), and
the sparse index sets built from the data.

Set names are plural, index names singular. Sparse sets (which funder may pay for which
instrument, which line may shift to which instrument) are computed once here, in plain
Python, so that no constraint rule loops over pairs that cannot exist.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pactopt.schema.data import PactData

if TYPE_CHECKING:  # the context holds the index built here: its type is all this needs
    from pactopt.model.context import ModelContext

YEARS = "years"
DOMAINS = "domains"
INSTRUMENTS = "instruments"
FUNDERS = "funders"
PUBLIC_FUNDERS = "public_funders"
EU_FUNDERS = "eu_funders"
PRIVATE_FUNDERS = "private_funders"
NEW_MONEY_FUNDERS = "new_money_funders"
BUDGET_LINES = "budget_lines"
PROJECTS = "projects"
LINKS = "links"
SWITCHES = "switches"
SPEND_INDEX = "spend_index"  # (instrument, funder) pairs the funder may pay for
SHIFT_INDEX = "shift_index"  # (line, instrument) pairs a line may be shifted to
PUBLIC_SPEND_INDEX = "public_spend_index"  # (funder, instrument) with a public funder
SEGMENT_INDEX = "segment_index"  # (instrument, segment)
BOUNDED_SEGMENT_INDEX = "bounded_segment_index"  # segments with an end (not the open tail)
RECYCLING_FUNDERS = "recycling_funders"
SEMICONTINUOUS = "semicontinuous_instruments"
PROJECT_INSTRUMENTS = "project_instruments"
MAINTAINED = "maintained_instruments"
CURVED = "curved_instruments"
CAPPED_TOTAL_FUNDERS = "capped_total_funders"
CAPPED_YEAR_INDEX = "capped_year_index"  # (funder, year) with a yearly new-money cap
DRAWS = "draws"  # the coefficient draws of the robust objective (none in other modes)
SKILL_DRAWS = "skill_draws"  # the draws again, when the skills bottleneck is set

# the index of a scalar rule or variable (the pact's total ceiling, the CVaR threshold η): no
# set at all, so Pyomo makes a scalar component (its one row or column has index None, which
# every reader takes as the empty index ``()``); a ``Condition`` says when it is there
SCALAR: tuple[str, ...] = ()


@dataclass(frozen=True)
class SetDecl:
    """One index set of the model: its name (plural), the name of each position of its
    elements (singular), what it holds, and its members for a model's data."""

    name: str
    index_names: tuple[str, ...]
    doc: str
    members: Callable[[ModelContext], Iterable[Any]]


def _settings(ctx: ModelContext) -> Any:
    return ctx.data.settings


@dataclass(frozen=True)
class Condition:
    """When a scalar rule or variable is part of the model, declared once with its words:
    ``where=`` of a scalar rule and ``when=`` of a scalar variable (``pactopt constraints``
    prints ``doc``). Called with the model's context, it says whether it holds."""

    doc: str
    holds: Callable[[ModelContext], bool]

    def __call__(self, ctx: ModelContext) -> bool:
        return self.holds(ctx)


def _robust_draws(ctx: ModelContext) -> range:
    """The robust objective's draws: ``robust_draws`` of them in robust mode, none else."""
    s = _settings(ctx)
    return range(s.robust_draws if s.objective_mode == "robust" else 0)


def _instruments_with(ctx: ModelContext, has: Callable[[Any], bool]) -> list[str]:
    return [i for i in ctx.index.instruments if has(ctx.instruments[i])]


def _capped_years(ctx: ModelContext) -> list[tuple[str, int]]:
    ix = ctx.index
    return [
        (f, y)
        for f in ix.new_money_funders
        for y in ix.years
        if ctx.funders[f].new_money_cap_meur.get(y) is not None
    ]


def _bounded_segments(ctx: ModelContext) -> list[tuple[str, int]]:
    return [(i, s) for i, s in ctx.index.segment_index if ctx.segment_width_meur(i, s) is not None]


SKILLS_BOTTLENECK = Condition(
    "with the skills bottleneck: Settings jobs_per_reskilling_meur",
    lambda c: _settings(c).jobs_per_reskilling_meur is not None,
)
ROBUST_MODE = Condition(
    "in robust mode: Settings objective_mode = robust", lambda c: len(_robust_draws(c)) > 0
)


# every set of the model, declared once: the build loops over this table, ``pactopt
# constraints`` lists it, and INDEX_NAMES is read from it
SETS: tuple[SetDecl, ...] = (
    SetDecl(YEARS, ("year",), "years of the horizon (Settings)", lambda c: c.index.years),
    SetDecl(DOMAINS, ("domain",), "policy domains (Domains)", lambda c: c.index.domains),
    SetDecl(INSTRUMENTS, ("instrument",), "instruments", lambda c: c.index.instruments),
    SetDecl(FUNDERS, ("funder",), "funders of every kind (Funders)", lambda c: c.index.funders),
    SetDecl(PUBLIC_FUNDERS, ("funder",), "public funders", lambda c: c.index.public_funders),
    SetDecl(EU_FUNDERS, ("funder",), "EU funders", lambda c: c.index.eu_funders),
    SetDecl(PRIVATE_FUNDERS, ("funder",), "private funders", lambda c: c.index.private_funders),
    SetDecl(
        NEW_MONEY_FUNDERS,
        ("funder",),
        "funders that may bring new money: public and EU",
        lambda c: c.index.new_money_funders,
    ),
    SetDecl(
        BUDGET_LINES,
        ("budget_line",),
        "existing budget lines (BudgetLines)",
        lambda c: c.index.budget_lines,
    ),
    SetDecl(PROJECTS, ("project",), "indivisible projects (Projects)", lambda c: c.index.projects),
    SetDecl(LINKS, ("link",), "precedence links (Links)", lambda c: c.index.links),
    SetDecl(SWITCHES, ("switch",), "enabling switches (Switches)", lambda c: c.index.switches),
    SetDecl(
        SPEND_INDEX,
        ("instrument", "funder"),
        "(instrument, funder) pairs the funder may pay for (Eligibility)",
        lambda c: c.index.spend_index,
    ),
    SetDecl(
        SHIFT_INDEX,
        ("budget_line", "instrument"),
        "(line, instrument) pairs a line may be shifted to",
        lambda c: c.index.shift_index,
    ),
    SetDecl(
        PUBLIC_SPEND_INDEX,
        ("funder", "instrument"),
        "(funder, instrument) pairs with a public funder",
        lambda c: c.index.public_spend_index,
    ),
    SetDecl(
        SEGMENT_INDEX,
        ("instrument", "segment"),
        "curve segments, with the open tail past the last (Curves)",
        lambda c: c.index.segment_index,
    ),
    SetDecl(
        RECYCLING_FUNDERS,
        ("funder",),
        "public funders that may spend recycled savings (when a share is recycled)",
        lambda c: c.index.public_funders if _settings(c).savings_recycling_share > 0 else (),
    ),
    SetDecl(
        SEMICONTINUOUS,
        ("instrument",),
        "instruments with a least amount if funded",
        lambda c: _instruments_with(c, lambda r: r.min_if_funded_meur is not None),
    ),
    SetDecl(
        PROJECT_INSTRUMENTS,
        ("instrument",),
        "instruments that have projects",
        lambda c: sorted(c.index.projects_of),
    ),
    SetDecl(
        MAINTAINED,
        ("instrument",),
        "instruments with a maintenance rate",
        lambda c: _instruments_with(c, lambda r: r.maintenance_rate > 0),
    ),
    SetDecl(
        CURVED,
        ("instrument",),
        "instruments with a curve",
        lambda c: sorted({i for i, _ in c.index.segment_index}),
    ),
    SetDecl(
        BOUNDED_SEGMENT_INDEX,
        ("instrument", "segment"),
        "curve segments with an end (not the open tail)",
        _bounded_segments,
    ),
    SetDecl(
        CAPPED_TOTAL_FUNDERS,
        ("funder",),
        "funders with a new-money cap over the horizon",
        lambda c: [
            f
            for f in c.index.new_money_funders
            if c.funders[f].new_money_cap_total_meur is not None
        ],
    ),
    SetDecl(
        CAPPED_YEAR_INDEX,
        ("funder", "year"),
        "(funder, year) with a yearly new-money cap",
        _capped_years,
    ),
    SetDecl(
        DRAWS, ("draw",), "the robust objective's coefficient draws (robust mode)", _robust_draws
    ),
    SetDecl(
        SKILL_DRAWS,
        ("draw",),
        "the draws again, when the skills bottleneck is set",
        lambda c: _robust_draws(c) if SKILLS_BOTTLENECK(c) else [],
    ),
)

# the name of each position of a set's elements (index names are singular)
INDEX_NAMES: dict[str, tuple[str, ...]] = {d.name: d.index_names for d in SETS}


def index_names(set_name: str) -> tuple[str, ...]:
    """Names of the positions of ``set_name``'s elements (an unknown set: its own name)."""
    return INDEX_NAMES.get(set_name, (set_name,))


def index_tuple(key: Any) -> tuple[Any, ...]:
    """A Pyomo component's key as an index tuple: ``()`` for a scalar component's (None),
    ``(k,)`` for a one-set component's ``k``, a tuple as it is."""
    if key is None:
        return ()
    return key if isinstance(key, tuple) else (key,)


def index_key(index: tuple[Any, ...]) -> Any:
    """The Pyomo key of the index tuple ``index`` (``index_tuple``'s inverse): None for
    ``()``, ``k`` for ``(k,)``, else the tuple."""
    if not index:
        return None
    return index[0] if len(index) == 1 else index


@dataclass(frozen=True)
class ModelIndex:
    """Every index set of the model as plain tuples, plus lookups used by the rules."""

    years: tuple[int, ...]
    domains: tuple[str, ...]
    instruments: tuple[str, ...]
    funders: tuple[str, ...]
    public_funders: tuple[str, ...]
    eu_funders: tuple[str, ...]
    private_funders: tuple[str, ...]
    budget_lines: tuple[str, ...]
    projects: tuple[str, ...]
    links: tuple[str, ...]
    switches: tuple[str, ...]
    spend_index: tuple[tuple[str, str], ...]
    shift_index: tuple[tuple[str, str], ...]
    segment_index: tuple[tuple[str, int], ...]
    funders_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    instruments_of_funder: dict[str, tuple[str, ...]] = field(default_factory=dict)
    instruments_of_domain: dict[str, tuple[str, ...]] = field(default_factory=dict)
    shifts_of_line: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lines_of_funder: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # (funder, instrument) -> the funder's lines that may be shifted to the instrument
    lines_into: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    segments_of: dict[str, tuple[int, ...]] = field(default_factory=dict)
    projects_of: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def new_money_funders(self) -> tuple[str, ...]:
        """Funders whose money is not shifted from budget lines: public and EU."""
        return self.public_funders + self.eu_funders

    @property
    def public_spend_index(self) -> tuple[tuple[str, str], ...]:
        """(funder, instrument) pairs with a public funder."""
        public = set(self.public_funders)
        return tuple((f, i) for i, f in self.spend_index if f in public)


def _group(pairs: list[tuple[Any, Any]]) -> dict[Any, tuple[Any, ...]]:
    grouped: dict[Any, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {k: tuple(v) for k, v in grouped.items()}


def build_index(data: PactData) -> ModelIndex:
    """All index sets of the model for ``data``."""
    kinds = {f.id: f.kind for f in data.funders}
    allowed = {(e.funder, e.domain) for e in data.eligibility if e.allowed}
    domain_of = {i.id: i.domain for i in data.instruments}
    spend_index = tuple(
        (i.id, f.id) for i in data.instruments for f in data.funders if (f.id, i.domain) in allowed
    )
    # every set below is built in one pass over its own pairs: no product of two sheets
    instruments_of_domain = _group([(d, i) for i, d in domain_of.items()])
    order = {i.id: k for k, i in enumerate(data.instruments)}
    shift_index = tuple(
        (line.id, i)
        for line in data.budget_lines
        for i in sorted(
            (
                i
                for d in dict.fromkeys(line.to_domains)
                if (line.owner, d) in allowed
                for i in instruments_of_domain.get(d, ())
            ),
            key=order.__getitem__,
        )
    )
    owner = {b.id: b.owner for b in data.budget_lines}
    last: dict[str, int] = {}
    for c in data.curves:
        last[c.instrument] = max(last.get(c.instrument, c.segment), c.segment)
    segments: list[tuple[str, int]] = [(c.instrument, c.segment) for c in data.curves]
    segments += [(i, end + 1) for i, end in last.items()]  # the tail beyond the last end
    segment_index = tuple(sorted(segments))
    return ModelIndex(
        years=data.years,
        domains=tuple(d.id for d in data.domains),
        instruments=tuple(i.id for i in data.instruments),
        funders=tuple(f.id for f in data.funders),
        public_funders=tuple(f for f, k in kinds.items() if k == "public"),
        eu_funders=tuple(f for f, k in kinds.items() if k == "EU"),
        private_funders=tuple(f for f, k in kinds.items() if k == "private"),
        budget_lines=tuple(b.id for b in data.budget_lines),
        projects=tuple(p.id for p in data.projects),
        links=tuple(k.id for k in data.links),
        switches=tuple(s.id for s in data.switches),
        spend_index=spend_index,
        shift_index=shift_index,
        segment_index=segment_index,
        funders_of=_group(list(spend_index)),
        instruments_of_funder=_group([(f, i) for i, f in spend_index]),
        instruments_of_domain=instruments_of_domain,
        shifts_of_line=_group(list(shift_index)),
        lines_of_funder=_group([(b.owner, b.id) for b in data.budget_lines]),
        lines_into=_group([((owner[line], i), line) for line, i in shift_index]),
        segments_of=_group(list(segment_index)),
        projects_of=_group([(p.instrument, p.id) for p in data.projects]),
    )
