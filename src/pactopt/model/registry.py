"""The constraint registry: one declaration per rule.

A rule is a module-level function decorated with ``@constraint``; the decorator carries
everything about it — its sparse index (the sets, and a ``where=`` predicate evaluated once
per index tuple when the model is built, instead of skipping inside the rule), its unit, its
math (the docstring), the workbook cells its numbers come from, the phrase the Binding sheet
uses when it binds, how a diagnosis names it, its role, and where it appears on the Marginal
sheet. Every table that explains a rule is derived from here, so a modeller's extension is
explained like a core family. A modeller adds a family in a file of their own (see
``models/``)::

    from pactopt.model import sets
    from pactopt.model.registry import Origin, constraint

    @constraint(
        "regional_share_hc",
        index=(sets.YEARS,),
        sheet="Funders",
        unit="€m",
        cells=Origin("Settings", "weight_output", ("value",)),
        phrase=lambda data, index: "regions pay their share of human-capital money",
    )
    def regional_share_hc(m, year):
        '''Regions pay at least 40% of public HC money: Σ_i x[i,regional,y] ≥ 0.4 Σ_i pub[i,y].'''
        ...

and passes the file with ``--extension PATH``. Files are only loaded from paths given on the
command line or in Python: a workbook can never name code to run.

This module imports neither Pyomo nor HiGHS: explanations read the registry too.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pactopt.errors import ExtensionError
from pactopt.i18n import Lang
from pactopt.i18n.said import Said, worded
from pactopt.model.guard import extension_code, extension_failure
from pactopt.model.sets import index_names
from pactopt.schema.data import PactData

Rule = Callable[..., Any]
Where = Callable[..., bool]
# a phrase is said once, in the reader's language: a catalogue message with its values
# (``said("{instrument} is at its ceiling", instrument=…)``), or, from an extension, a plain
# string shown as it is in every language
Phrase = Callable[[PactData, tuple[Any, ...]], str | Said]
# a function may name several rows (the projects of an instrument)
Key = int | str | Callable[[PactData, tuple[Any, ...]], str | Sequence[str]]


class Role(Enum):
    """What a rule is, for explanations and diagnoses."""

    LIMIT = "limit a planner can change"
    IDENTITY = "money identity"  # money in = money out: true of every plan
    BOOKKEEPING = "bookkeeping"  # a definition linking variables, no policy content
    # the pact's own legal rule (budget neutrality): a switch in Settings, not a number a
    # planner trades off, so it is neither bent by a diagnosis nor ranked as a limit
    LEGAL = "legal rule of the pact"


class MarginalKind(Enum):
    """Where a rule's dual appears on the Marginal sheet."""

    NONE = "none"
    MONEY = "money"  # one more €m of a funder's money in a year
    SHIFT = "shift"  # one more €m shifted from a budget line in a year
    LIMIT = "limit"  # the value of moving a limit by €1m


@dataclass(frozen=True)
class Origin:
    """Sheet, row key and columns of a rule's data. The key is an index position of the
    constraint, a fixed row key (a setting's name), or a function of (data, index);
    ``"{1}"`` in a column stands for the second index value (a year column, for instance)."""

    sheet: str
    key: Key
    columns: tuple[str, ...]

    def cells(self, data: PactData, index: tuple[Any, ...]) -> list[str]:
        """``Sheet!A1`` for each column, for the constraint at ``index``."""
        if callable(self.key):
            found = self.key(data, index)
            keys = [found] if isinstance(found, str) else list(found)
        elif isinstance(self.key, int):
            keys = [str(index[self.key])]
        else:
            keys = [self.key]
        out = []
        for key in keys:
            for column in self.columns:
                name = column.format(*index) if "{" in column else column
                out.append(data.cell(self.sheet, key, name))
        return out


def setting_cell(name: str) -> Origin:
    """The value cell of a setting."""
    return Origin("Settings", name, ("value",))


def row_name(data: PactData, rows: str, key: Any) -> str:
    """The readable name of row ``key`` of ``data.<rows>`` (its id when it has no name)."""
    row = data.row(rows, str(key))
    return str(key) if row is None else str(getattr(row, "name", key))


@dataclass(frozen=True)
class ConstraintRule:
    """One registered constraint rule and everything that explains it."""

    name: str
    family: str
    index: tuple[str, ...]
    sheet: str
    unit: str
    rule: Rule
    where: Where | None = None
    cells: Origin | None = None
    phrase: Phrase | None = None
    limit: Phrase | None = None
    role: Role = Role.LIMIT
    bends: bool = True
    marginal: MarginalKind = MarginalKind.LIMIT
    summary_rank: int | None = None
    # what one unit of giving way costs in the infeasibility diagnosis (default 1 per unit of
    # the right-hand side, i.e. per €m); a yes/no rule prices it above any euros it could
    # stand for, so that euro limits give way first
    bend_cost: Callable[[PactData, tuple[Any, ...]], float] | None = None
    # what explanations find the rule by (never by its name): 'yearly_capacity' (an
    # instrument's most per year, for the Summary's timing sentence), 'private_reliance'
    # (a binding one means the plan counts on private money), see TAGS
    tags: frozenset[str] = frozenset()
    # which way the limit a sentence names moves with the row's right-hand side: +1 when one
    # more €m of it is one more on the right-hand side (a cap), −1 when it is one less (a
    # floor written as ``cost·build − spend ≤ 0``: more cost is less room), so a sentence's
    # value is ``direction × dual``
    direction: int = 1
    # what one more on the row's right-hand side is, in words, when the limit is not in €m
    # (a share, a leverage): 'letting its public money fall €1m short of its least share'
    more: Phrase | None = None

    @property
    def doc(self) -> str:
        """The rule's docstring: its meaning and math."""
        return " ".join((self.rule.__doc__ or "").split())

    @property
    def index_names(self) -> tuple[str, ...]:
        """One name per position of the rule's index (``instrument``, ``year``, …)."""
        return tuple(n for s in self.index for n in index_names(s))

    @property
    def scalar(self) -> bool:
        """True for a rule of one row (no index set: ``sets.SCALAR``); its index is ``()``
        and its ``where`` predicate, called with the context alone, says whether it is
        built."""
        return not self.index

    def cells_of(self, data: PactData, index: tuple[Any, ...]) -> list[str]:
        """Workbook cells of the constraint at ``index`` (empty without an origin)."""
        if not self.cells:
            return []
        with self._guarded("finding the cells of"):
            return self.cells.cells(data, index)

    def describe(self, data: PactData, index: tuple[Any, ...], lang: Lang | None = None) -> str:
        """What it means that the constraint at ``index`` binds, in ``lang`` (English by
        default; an extension's plain-string phrase as it is)."""
        if self.phrase is not None:
            with self._guarded("phrasing"):
                return worded(self.phrase(data, index), lang)
        return self.name.replace("_", " ")

    def describe_limit(
        self, data: PactData, index: tuple[Any, ...], lang: Lang | None = None
    ) -> str:
        """The limit itself, as a diagnosis names it ('the ceiling of Fibre'), in ``lang``."""
        if self.limit is not None:
            with self._guarded("naming the limit of"):
                return worded(self.limit(data, index), lang)
        return (lang or Lang("en")).t("the rule {name}", name=self.name)

    def describe_more(
        self, data: PactData, index: tuple[Any, ...], lang: Lang | None = None
    ) -> str | None:
        """One more on the row's right-hand side in words, when the limit is not in €m
        ('letting its public money fall €1m short of the least share'), in ``lang``."""
        if self.more is None:
            return None
        with self._guarded("phrasing"):
            return worded(self.more(data, index), lang)

    def _guarded(self, doing: str) -> AbstractContextManager[None]:
        """An extension's code (its phrases and cell keys run when a result is explained)
        is contained as at load; a core rule's runs as it is."""
        if not self.rule.__module__.startswith(EXTENSION_PREFIX):
            return nullcontext()
        return extension_code(self.rule.__code__.co_filename, f"{doing} rule '{self.name}'")

    def __reduce__(self) -> tuple[Callable[[str, str], ConstraintRule], tuple[str, str]]:
        """Pickled (a Solution sent back by a worker process) as its name and, for an
        extension's rule, its file: its phrases are lambdas, which do not pickle, and the
        receiving process holds the same declaration (its own core registry, the extension
        it loaded from that file, or loads it there and then)."""
        if RULES.get(self.name) is self:
            return core_rule, (self.rule.__module__, self.name)
        path = _source(self)
        if _LOADED.get((path, self.name)) is self:
            return rule_named, (self.name, path)
        raise TypeError(f"rule {self.name} is neither a core rule nor an extension file's")


# what a rule's tags may say (an explanation selects rules by these, never by name)
# 'past_fact': in a year locked by the mid-term review, the rule's row holds nothing but the
# money actually spent, so it is checked against the actuals, not imposed (model/lock.py)
# 'new_money_cap': a cap on a funder's new money (index funder[, year]); 'no_new_money': a
# rule that holds a funder's new money at 0 in a year (budget neutrality), so a cap of the
# first kind on the same funder and years cannot move alone and is not valued
TAGS = ("yearly_capacity", "private_reliance", "past_fact", "new_money_cap", "no_new_money")


def rules_with(
    rules: Iterable[ConstraintRule], *, kind: MarginalKind | None = None, tag: str | None = None
) -> list[ConstraintRule]:
    """The rules of ``rules`` with Marginal kind ``kind`` and tag ``tag`` (each if given)."""
    if tag is not None and tag not in TAGS:
        raise ValueError(f"unknown tag {tag!r}; known: {TAGS}")
    return [
        r for r in rules if (kind is None or r.marginal is kind) and (tag is None or tag in r.tags)
    ]


RULES: dict[str, ConstraintRule] = {}
_target: list[dict[str, ConstraintRule]] = [RULES]
# the rules of each extension file this process loaded last, by (file, rule name): a rule
# pickled in another process is found here again (``rule_named``)
_LOADED: dict[tuple[str, str], ConstraintRule] = {}


def _source(rule: ConstraintRule) -> str:
    """The file that declares ``rule``, resolved (a worker is given resolved paths)."""
    return str(Path(rule.rule.__code__.co_filename).resolve())


def core_rule(module: str, name: str) -> ConstraintRule:
    """The core rule ``name``, declared in the family module named ``module`` (imported now
    if it has not been: importing a family registers its rules), as pickle finds a function
    by its module's name."""
    importlib.import_module(module)
    return RULES[name]


def rule_named(name: str, path: str) -> ConstraintRule:
    """The rule ``name`` of the extension file at ``path`` as this process loaded it
    (loaded now if it has not been)."""
    if (path, name) not in _LOADED:  # a Dask client that never loaded the file itself
        load_extension(Path(path))
    return _LOADED[(path, name)]


# defined with the other errors (light to import): the command line reports it as bad input
RegistryError = ExtensionError
__all__ = ["extension_code", "extension_failure"]  # with the rules, for their users


EXTENSION_PREFIX = "pactopt_extension_"


def constraint(
    name: str,
    *,
    index: tuple[str, ...],
    sheet: str,
    unit: str,
    family: str | None = None,
    where: Where | None = None,
    cells: Origin | None = None,
    phrase: Phrase | None = None,
    limit: Phrase | None = None,
    role: Role = Role.LIMIT,
    bends: bool | None = None,
    marginal: MarginalKind | None = None,
    summary_rank: int | None = None,
    bend_cost: Callable[[PactData, tuple[Any, ...]], float] | None = None,
    tags: frozenset[str] | set[str] = frozenset(),
    direction: int = 1,
    more: Phrase | None = None,
) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule of constraint ``name`` over the product of the ``index``
    sets, restricted to the tuples for which ``where(ctx, *index)`` holds. With no index
    set (``sets.SCALAR``) the rule is one scalar row, ``fn(m)``, built when ``where(ctx)``
    holds (a ``sets.Condition``, say).

    The family defaults to the defining module's name (one module per family). A limit bends
    in the infeasibility diagnosis and shows on the Marginal sheet unless told otherwise;
    identities and bookkeeping do neither. ``summary_rank`` orders the rules the Summary
    paragraph mentions when they bind (lowest first). ``tags`` (from ``TAGS``) let an
    explanation find the rule by what it means, so an extension's rule can take part too."""
    unknown = set(tags) - set(TAGS)
    if unknown:
        raise RegistryError(f"constraint '{name}': unknown tag(s) {sorted(unknown)}; known: {TAGS}")

    def register(fn: Rule) -> Rule:
        registry = _target[-1]
        if name in RULES and registry is not RULES:
            core = RULES[name]
            raise RegistryError(
                f"constraint '{name}' of {fn.__code__.co_filename} has the name of the core "
                f"rule '{core.family}/{name}'; give it another name"
            )
        if name in registry:
            raise RegistryError(f"constraint '{name}' is registered twice")
        module = fn.__module__.rsplit(".", 1)[-1]
        is_limit = role is Role.LIMIT
        registry[name] = ConstraintRule(
            name=name,
            family=family or module,
            index=index,
            sheet=sheet,
            unit=unit,
            rule=fn,
            where=where,
            cells=cells,
            phrase=phrase,
            limit=limit,
            role=role,
            bends=is_limit if bends is None else bends,
            marginal=marginal or (MarginalKind.LIMIT if is_limit else MarginalKind.NONE),
            summary_rank=summary_rank,
            bend_cost=bend_cost,
            tags=frozenset(tags),
            direction=direction,
            more=more,
        )
        return fn

    return register


@contextmanager
def _collecting() -> Iterator[dict[str, ConstraintRule]]:
    collected: dict[str, ConstraintRule] = {}
    _target.append(collected)
    try:
        yield collected
    finally:
        _target.pop()


def load_extension(path: Path) -> list[ConstraintRule]:
    """Run the Python file at ``path`` and return the rules it registers (kept apart from the
    core registry, so loading an extension never changes another run)."""
    if not path.is_file() or path.suffix != ".py":
        raise RegistryError(f"extension must be an existing .py file: {path}")
    module_name = f"{EXTENSION_PREFIX}{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RegistryError(f"cannot load extension {path}")
    module = importlib.util.module_from_spec(spec)
    importlib.import_module("pactopt.model.families")  # every core name, to refuse a clash
    with _collecting() as collected:
        sys.modules[module_name] = module
        try:
            with extension_code(path, "loading the extension"):
                spec.loader.exec_module(module)
        finally:
            sys.modules.pop(module_name, None)
    if not collected:
        raise RegistryError(f"extension {path} registers no constraint")
    for rule in collected.values():
        _LOADED[(_source(rule), rule.name)] = rule
    return list(collected.values())
