"""What every part of the brief shares: the run it is about, the Summary figures it names,
and the ``Writer`` that makes each number a ``Num`` read from its source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pactopt.brief.doc import Num
from pactopt.brief.trace import Sources
from pactopt.i18n import Lang

NET_OUTPUT, NET_JOBS = "Net output (€m)", "Net jobs"
PUBLIC, PRIVATE = "Public money, national and EU (€m)", "Private money (€m)"
FORGONE = "Output forgone on shifted lines (€m)"
TOTAL = "Total spending (€m)"


@dataclass(frozen=True)
class Run:
    """What the footnote says about the run."""

    workbook: str
    sha256: str
    version: str
    made: dt.date
    # the Monte Carlo part: drawn for this brief with ``seed``, or read from an uncertainty
    # workbook (its file name)
    seed: int = 0
    uncertainty_file: str = ""


def summary_src(figure: str, column: str) -> str:
    return f"summary|figure={figure}|{column}"


class Writer:
    """Makes the numbers of one brief in one language."""

    def __init__(self, lang: Lang, sources: Sources) -> None:
        self.lang, self.sources = lang, sources

    def money(self, src: str, *, sign: bool = False) -> Num:
        value = self.sources.value(src)
        return Num(self.lang.money(value, sign=sign), value, src)

    def count(self, src: str, *, sign: bool = False, digits: int = 0) -> Num:
        value = self.sources.value(src)
        text = self.lang.signed(value, digits) if sign else self.lang.number(value, digits)
        return Num(text, value, src)

    def share(self, src: str) -> Num:
        value = self.sources.value(src)
        return Num(self.lang.share(value), value, src)


def short(name: str) -> str:
    """An instrument's name without its parenthesised detail."""
    return re.sub(r"\s*\(.*$", "", name).strip() or name
