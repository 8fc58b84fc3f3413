"""Problems found in an input workbook, and the one exception that carries them.

Every problem names the sheet, the cell (A1 notation), the value found and the rule it breaks,
so a planner can go straight to the cell. Problems are collected for the whole workbook and
raised once (``InputError``); warnings travel alongside and never stop a run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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


class InputError(Exception):
    """The workbook cannot be used; ``problems`` lists every error and warning found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity is Severity.ERROR]
        lines = "\n".join(f"  - {p}" for p in errors)
        super().__init__(f"{len(errors)} problem(s) in the input:\n{lines}")

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
