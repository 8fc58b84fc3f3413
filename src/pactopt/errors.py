"""Problems found in an input workbook, and the one exception that carries them.

Every problem names the sheet, the cell (A1 notation), the value found and the rule it breaks,
so a planner can go straight to the cell. Problems are collected for the whole workbook and
raised once (``InputError``); warnings travel alongside and never stop a run.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

# The first problems of each kind (sheet, severity and rule, with the values in the rule left
# out) are listed in full, the rest only counted: 10,000 junk rows pasted under a table break
# 160,000 rules, and a person reads the first row's sixteen and the count, not 160,000 lines.
LISTED_PER_KIND = 16


class Severity(StrEnum):
    """How serious a problem is: errors stop the run, warnings are reported and read on."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located to a sheet and (where there is one) a cell."""

    sheet: str | None
    cell: str | None
    value: object
    rule: str
    severity: Severity = Severity.ERROR
    # more than 0: this entry stands for that many problems of one kind that are not listed
    more: int = 0

    @property
    def count(self) -> int:
        """How many problems this entry stands for: 1, or ``more`` for a count of the
        unlisted ones."""
        return self.more or 1

    @property
    def where(self) -> str:
        """``Sheet!A1``, ``Sheet`` or ``workbook``, for messages."""
        if self.sheet is None:
            return "workbook"
        if self.cell is None:
            return self.sheet
        return f"{self.sheet}!{self.cell}"

    def __str__(self) -> str:
        shown = "" if self.value is None else f" (value {self.value!r})"
        return f"{self.severity.value}: {self.where}{shown}: {self.rule}"


_MORE = " more of the same kind ("
_VALUES = re.compile(r"'[^']*'|\"[^\"]*\"|\d+(?:[.,]\d+)*")


def kind_of(rule: str) -> str:
    """A rule without the values it quotes or counts: 'unknown Domains id 'X'' and
    'unknown Domains id 'Y'' are one kind."""
    return _VALUES.sub("#", rule)


class ProblemLog:
    """Problems as they are found, with a bound on what is kept: the first
    ``LISTED_PER_KIND`` of each kind (sheet, severity, rule without its values) in full, the
    rest counted. ``problems()`` lists them with one entry per kind that says how many more
    there are ("… and 159,984 more of the same kind"), after the last one listed."""

    def __init__(self, problems: Iterable[Problem] = (), per_kind: int = LISTED_PER_KIND) -> None:
        self.per_kind = per_kind
        self._listed: list[Problem] = []
        self._seen: dict[tuple[str | None, Severity, str], int] = {}
        self._kinds: dict[str, str] = {}  # rule -> kind, for the rules met first
        self.extend(problems)

    def _kind(self, rule: str) -> str:
        kind = self._kinds.get(rule)
        if kind is None:
            kind = kind_of(rule)
            if len(self._kinds) < 10_000:
                self._kinds[rule] = kind
        return kind

    def add(
        self,
        sheet: str | None,
        cell: str | None,
        value: object,
        rule: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record one problem; past the bound of its kind it is only counted (no object is
        made: the cost of a million is a million dictionary updates)."""
        key = (sheet, severity, self._kinds.get(rule) or self._kind(rule))
        seen = self._seen.get(key, 0) + 1
        self._seen[key] = seen
        if seen <= self.per_kind:
            self._listed.append(Problem(sheet, cell, value, rule, severity))

    def _count(self, severity: Severity) -> int:
        return sum(n for (_, s, _), n in self._seen.items() if s is severity)

    @property
    def errors(self) -> int:
        """How many errors were recorded, listed or counted."""
        return self._count(Severity.ERROR)

    @property
    def warnings(self) -> int:
        """How many warnings were recorded, listed or counted."""
        return self._count(Severity.WARNING)

    def append(self, problem: Problem) -> None:
        """Record one problem (a count entry adds its count)."""
        if problem.more:  # a count entry of an earlier log: its kind is its example's
            example = problem.rule.split(_MORE, 1)[-1].removesuffix(")")
            key = (problem.sheet, problem.severity, self._kind(example))
            self._seen[key] = max(self._seen.get(key, 0), self.per_kind) + problem.more
            return
        self.add(problem.sheet, problem.cell, problem.value, problem.rule, problem.severity)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    @property
    def has_errors(self) -> bool:
        return any(s is Severity.ERROR for _, s, _ in self._seen)

    def __len__(self) -> int:
        return self.errors + self.warnings

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems())

    def problems(self) -> list[Problem]:
        """The listed problems, each kind's count entry after its last listed one."""
        last: dict[tuple[str | None, Severity, str], int] = {}
        for index, p in enumerate(self._listed):
            last[(p.sheet, p.severity, self._kind(p.rule))] = index
        out: list[Problem] = []
        for index, p in enumerate(self._listed):
            out.append(p)
            key = (p.sheet, p.severity, self._kind(p.rule))
            more = self._seen[key] - self.per_kind
            if last[key] == index and more > 0:
                rule = f"… and {more:,}{_MORE}{p.rule})"
                out.append(Problem(p.sheet, None, None, rule, p.severity, more))
        return out


def bounded(problems: Iterable[Problem], per_kind: int = LISTED_PER_KIND) -> list[Problem]:
    """``problems`` with the first ``per_kind`` of each kind listed and the rest counted."""
    return ProblemLog(problems, per_kind).problems()


class InputError(Exception):
    """The workbook cannot be used; ``problems`` lists every error and warning found (the
    first of each kind, and how many more: ``ProblemLog``)."""

    def __init__(self, problems: Iterable[Problem], *, opened: bool = True) -> None:
        self.problems = bounded(problems)
        # False when the workbook was not read whole (a sheet past the bound on rows): no
        # annotated copy of it is made
        self.opened = opened
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        lines = "\n".join(f"  - {p}" for p in errors)
        super().__init__(f"{self.error_count:,} problem(s) in the input:\n{lines}")

    @property
    def error_count(self) -> int:
        """How many errors were found, listed or counted."""
        return sum(p.count for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warning_count(self) -> int:
        """How many warnings were found, listed or counted."""
        return sum(p.count for p in self.problems if p.severity is Severity.WARNING)

    @property
    def errors(self) -> list[Problem]:
        """The blocking problems only."""
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The non-blocking problems only."""
        return [p for p in self.problems if p.severity is Severity.WARNING]


class ExtensionError(Exception):
    """A modeller's extension cannot be loaded or built (or a rule name is registered twice):
    the message names the file and line. Bad input, not a bug: exit code 2."""


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal (Ctrl-C's SIGINT, or SIGTERM from ``timeout``, CI or
    systemd), raised by the command line's handler: every ``except KeyboardInterrupt``
    (a sweep stopping its workers) treats both alike."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = int(signum)
