"""The brief as a small document, rendered alike to HTML and to Typst: paragraphs, a table,
a chart; every number in it a ``Num`` that carries where it comes from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pactopt.i18n import Lang


@dataclass(frozen=True)
class Num:
    """A number as printed, the value it was printed from and its source (``trace.py``)."""

    text: str
    value: float
    src: str


Inline = str | Num


@dataclass(frozen=True)
class Para:
    """A paragraph; ``kind`` is title, lead, p, item (a list item) or foot."""

    parts: tuple[Inline, ...]
    kind: str = "p"


@dataclass(frozen=True)
class Heading:
    """A section heading."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table: a header row, then rows of cells (each a sequence of parts); the columns in
    ``right`` hold numbers."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    right: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Chart:
    """An inline SVG chart and the words that say what it shows."""

    svg: str
    label: tuple[Inline, ...]


Block = Para | Heading | Table | Chart


@dataclass(frozen=True)
class Document:
    """The whole brief."""

    lang: str
    title: str
    blocks: tuple[Block, ...]


_TOKEN = re.compile(r"\x00(\d+)\x00")


def say(
    lang: Lang,
    message: str,
    plural: str | None = None,
    n: int | None = None,
    n_num: Num | None = None,
    **values: object,
) -> tuple[Inline, ...]:
    """The sentence ``message`` in ``lang`` with its placeholders filled: text values as
    text, ``Num`` values kept as numbers (so that each renderer can mark them)."""
    nums: list[Num | tuple[Inline, ...]] = []
    filled: dict[str, object] = {}
    for key, value in values.items():
        if isinstance(value, Num | tuple):
            filled[key] = f"\x00{len(nums)}\x00"
            nums.append(value)
        else:
            filled[key] = value
    if n_num is not None:  # the count itself, traced like any number
        filled["n"] = f"\x00{len(nums)}\x00"
        nums.append(n_num)
    if plural is not None and n is not None:
        text = lang.nt(message, plural, n, **filled)
    else:
        text = lang.t(message, **filled)
    return split(text, nums)


def split(text: str, nums: list[Num | tuple[Inline, ...]]) -> tuple[Inline, ...]:
    """Text with ``\\x00k\\x00`` tokens, as parts (a token for parts is spliced in)."""
    parts: list[Inline] = []
    at = 0
    for match in _TOKEN.finditer(text):
        if match.start() > at:
            parts.append(text[at : match.start()])
        item = nums[int(match.group(1))]
        parts.extend(item if isinstance(item, tuple) else (item,))
        at = match.end()
    if at < len(text):
        parts.append(text[at:])
    return tuple(parts)


def plain(parts: tuple[Inline, ...]) -> str:
    """The parts as plain text."""
    return "".join(p.text if isinstance(p, Num) else p for p in parts)


def numbers(doc: Document) -> list[Num]:
    """Every number of the document, in order."""
    found: list[Num] = []

    def visit(parts: tuple[Inline, ...]) -> None:
        found.extend(p for p in parts if isinstance(p, Num))

    for block in doc.blocks:
        if isinstance(block, Para):
            visit(block.parts)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row:
                    visit(cell)
        elif isinstance(block, Chart):
            visit(block.label)
    return found
