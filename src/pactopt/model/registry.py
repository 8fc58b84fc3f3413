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

import importlib.util
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pactopt.errors import ExtensionError
from pactopt.model.sets import index_names
from pactopt.schema.data import PactData

Rule = Callable[..., Any]
Where = Callable[..., bool]
Phrase = Callable[[PactData, tuple[Any, ...]], str]
Key = int | str | Callable[[PactData, tuple[Any, ...]], str]


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
            key = self.key(data, index)
        elif isinstance(self.key, int):
            key = str(index[self.key])
        else:
            key = self.key
        out = []
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


def project_words(name: str) -> str:
    """'project X' for a project named X, or the name alone when it already says 'project'
    (so 'project 1' never reads 'project project 1')."""
    return name if name.lower().startswith("project") else f"project {name}"


# in lexicographic mode the reported plan, its duals and its decisions' values are those of
# the second stage: most net jobs with net output held at its best
LEXICOGRAPHIC_UNIT = "net jobs (discounted, with net output held at its best)"


def value_text(value: float, mode: str, *, digits: int = 2) -> str:
    """An amount of the objective in a sentence: '€1.25m of value' (a true minus sign, never
    '−€0.00m'); in lexicographic mode, whose duals are of its jobs stage, '2.67 net jobs
    (discounted, with net output held at its best)'."""
    if mode == "lexicographic":
        return f"{amount_text(value, euros=False, digits=digits)} {LEXICOGRAPHIC_UNIT}"
    return f"{amount_text(value, digits=digits)} of value"


def amount_text(value: float, *, euros: bool = True, digits: int = 2) -> str:
    """'€1.25m', '−€0.40m' (a true minus sign, never a signed zero); '2.67' without euros."""
    text = f"{abs(value):,.{digits}f}"
    sign = "−" if value < 0 and float(text.replace(",", "")) != 0 else ""
    return f"{sign}€{text}m" if euros else f"{sign}{text}"


def meur_text(value: float, *, signed: bool = False) -> str:
    """An amount for a sentence: '€1,234m', '€12.5m' below €100m and '€0.17m' below €10m
    when not whole (so that parts add up to the total they are said to make), a true minus
    sign for a negative amount ('−€135m'), never '−€0m'; ``signed`` adds '+' to positive
    amounts."""
    size = abs(value)
    fraction = abs(value - round(value)) if math.isfinite(value) else 0.0
    digits = 2 if 0 < size < 10 and fraction > 5e-3 else 1 if size < 100 and fraction > 0.05 else 0
    magnitude = f"€{abs(value):,.{digits}f}m"
    if float(f"{abs(value):.{digits}f}") == 0:
        return "€0m"
    if value < 0:
        return f"−{magnitude}"
    return f"+{magnitude}" if signed else magnitude


def share_text(share: float) -> str:
    """A share for a sentence: '17%', '1.5%' (one decimal when a whole percent is not
    exact)."""
    percent = share * 100
    return f"{percent:.0f}%" if abs(percent - round(percent)) < 1e-6 else f"{percent:.1f}%"


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

    @property
    def doc(self) -> str:
        """The rule's docstring: its meaning and math."""
        return " ".join((self.rule.__doc__ or "").split())

    @property
    def index_names(self) -> tuple[str, ...]:
        """One name per position of the rule's index (``instrument``, ``year``, …)."""
        return tuple(n for s in self.index for n in index_names(s))

    def cells_of(self, data: PactData, index: tuple[Any, ...]) -> list[str]:
        """Workbook cells of the constraint at ``index`` (empty without an origin)."""
        return self.cells.cells(data, index) if self.cells else []

    def describe(self, data: PactData, index: tuple[Any, ...]) -> str:
        """What it means that the constraint at ``index`` binds."""
        if self.phrase is not None:
            return self.phrase(data, index)
        return self.name.replace("_", " ")

    def describe_limit(self, data: PactData, index: tuple[Any, ...]) -> str:
        """The limit itself, as a diagnosis names it ('the ceiling of Fibre')."""
        if self.limit is not None:
            return self.limit(data, index)
        return f"the rule {self.name}"

    def __reduce__(self) -> tuple[Callable[[str, str | None], ConstraintRule], tuple[Any, ...]]:
        """Pickled (a Solution sent back by a worker process) as its name and, for an
        extension's rule, its file: its phrases are lambdas, which do not pickle, and the
        receiving process holds the same declaration (its own core registry, the extension
        it loaded from that file, or loads it there and then)."""
        if RULES.get(self.name) is self:
            return rule_named, (self.name, None)
        path = _source(self)
        if _LOADED.get((path, self.name)) is self:
            return rule_named, (self.name, path)
        raise TypeError(f"rule {self.name} is neither a core rule nor an extension file's")


RULES: dict[str, ConstraintRule] = {}
_target: list[dict[str, ConstraintRule]] = [RULES]
# the rules of each extension file this process loaded last, by (file, rule name): a rule
# pickled in another process is found here again (``rule_named``)
_LOADED: dict[tuple[str, str], ConstraintRule] = {}


def _source(rule: ConstraintRule) -> str:
    """The file that declares ``rule``, resolved (a worker is given resolved paths)."""
    return str(Path(rule.rule.__code__.co_filename).resolve())


def rule_named(name: str, path: str | None) -> ConstraintRule:
    """The core rule ``name`` (``path`` None), or the rule ``name`` of the extension file at
    ``path`` as this process loaded it (loaded now if it has not been)."""
    if path is None:
        core_rules()  # the families register their rules when first imported
        return RULES[name]
    if (path, name) not in _LOADED:  # a Dask client that never loaded the file itself
        load_extension(Path(path))
    return _LOADED[(path, name)]


# defined with the other errors (light to import): the command line reports it as bad input
RegistryError = ExtensionError


EXTENSION_PREFIX = "pactopt_extension_"


def extension_failure(exc: BaseException, path: Path | str, doing: str) -> RegistryError:
    """The error a modeller sees when their extension fails: its file and line (the deepest
    frame in that file, or the syntax error's own line) and what went wrong, never a raw
    traceback through Pyomo."""
    line = getattr(exc, "lineno", None) if isinstance(exc, SyntaxError) else None
    tb = exc.__traceback__
    while tb is not None:
        if Path(tb.tb_frame.f_code.co_filename).resolve() == Path(path).resolve():
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f"{path}, line {line}" if line is not None else str(path)
    detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
    return RegistryError(f"{where}: {type(exc).__name__} while {doing}: {detail}")


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
) -> Callable[[Rule], Rule]:
    """Register ``fn`` as the rule of constraint ``name`` over the product of the ``index``
    sets, restricted to the tuples for which ``where(ctx, *index)`` holds.

    The family defaults to the defining module's name (one module per family). A limit bends
    in the infeasibility diagnosis and shows on the Marginal sheet unless told otherwise;
    identities and bookkeeping do neither. ``summary_rank`` orders the rules the Summary
    paragraph mentions when they bind (lowest first)."""

    def register(fn: Rule) -> Rule:
        registry = _target[-1]
        if name in registry or name in RULES:
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
    with _collecting() as collected:
        sys.modules[module_name] = module
        try:
            spec.loader.exec_module(module)
        except RegistryError:
            raise
        except Exception as exc:  # a modeller's code: say where, not how Python got there
            raise extension_failure(exc, path, "loading the extension") from None
        finally:
            sys.modules.pop(module_name, None)
    if not collected:
        raise RegistryError(f"extension {path} registers no constraint")
    for rule in collected.values():
        _LOADED[(_source(rule), rule.name)] = rule
    return list(collected.values())


def core_rules() -> list[ConstraintRule]:
    """Every core rule, family by family in the families' build order."""
    from pactopt.model.families import FAMILY_ORDER  # registers the core rules

    order = {family: k for k, family in enumerate(FAMILY_ORDER)}
    return sorted(RULES.values(), key=lambda r: order[r.family])


def ordered_rules(
    extensions: tuple[ConstraintRule, ...] | list[ConstraintRule] = (),
) -> list[ConstraintRule]:
    """Core rules in family order, then extension rules in the order they were given."""
    return core_rules() + list(extensions)


def families() -> dict[str, list[ConstraintRule]]:
    """Core rules grouped by family, in build order."""
    grouped: dict[str, list[ConstraintRule]] = {}
    for rule in core_rules():
        grouped.setdefault(rule.family, []).append(rule)
    return grouped
