"""How wide a table's columns are and how many lines their wrapped text takes: the width rule
(characters to Excel's width unit), a column's layout from its values and header, and the
page budget a wide table's text columns are narrowed to (``fit_page``, ``balanced``), all from
the lengths of the pandas columns, never from the written cells. ``layout.py`` writes with
them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from pactopt.report.headers import Column, Kind, column

INDENT_WIDTH = 1.0  # the width an indent of 1 takes (about a character)
TEXT_KINDS = (Kind.TEXT, Kind.SENTENCE)

# the width rule (in Excel's width unit, about one digit of the default font): text needs
# CHAR_WIDTH per character plus PADDING, bold text BOLD_WIDTH. Measured on LibreOffice's
# PDFs, Arial 10 text takes about 0.8 of a unit per character (capitals about 0.95), so the
# rule is conservative; the test that prints the workbooks checks every cell against it
CHAR_WIDTH = 1.0
BOLD_WIDTH = 1.1
PADDING = 2.0
TEXT_CAP = 50.0  # a longer name or id wraps
SENTENCE_CAP = 70.0  # a sentence column wraps at this width
HEADER_CAP = 14.0  # a longer header wraps (at word ends) over two or three lines
MIN_WIDTH = 6.0
# a wrapped line is counted at HEIGHT_CHAR per character: what LibreOffice fits on average,
# with the room lost by breaking at word ends (rows too short would hide their last line)
HEIGHT_CHAR = 0.85
# a table wider than this (about one landscape A4 page at 70%) has its text columns narrowed and
# wrapped, down to NARROWEST, so that it prints at a readable scale
PAGE_WIDTH = 200.0
NARROWEST = 40.0
LINE_PT = 13.0  # one line of 10 pt text


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def needed_width(chars: int, *, bold: bool = False) -> float:
    """Width that shows ``chars`` characters on one line."""
    return chars * (BOLD_WIDTH if bold else CHAR_WIDTH) + PADDING


def _number_chars(values: pd.Series, kind: Kind) -> int:
    """Characters the widest number of a column shows, with a minus sign where one is."""
    if not len(values):
        return 1
    with np.errstate(all="ignore"):
        signed = values.to_numpy(dtype=float, na_value=np.nan)
    numbers = np.abs(signed)
    if np.isnan(numbers).all():
        return 1
    biggest = float(np.nanmax(numbers))
    if not math.isfinite(biggest):
        return 4
    sign = int(bool(np.nanmin(signed) < 0))  # the minus sign
    if kind is Kind.SHARE:
        return len(f"{biggest:.0%}") + sign
    if kind is Kind.CHANGE:
        return len(f"{biggest:.1%}") + sign
    if kind is Kind.RATE:
        return len(f"{biggest:,.2f}") + sign
    if kind in (Kind.COUNT, Kind.YEAR):
        return len(f"{biggest:.0f}") + sign
    return len(f"{biggest:,.0f}") + sign


def text_lengths(values: pd.Series) -> pd.Series:
    """The length of each text of a column (NaN for numbers and blanks), vectorised for a
    column of strings."""
    if pd.api.types.is_string_dtype(values) and values.dtype != object:
        return values.str.len()
    return values.map(lambda v: len(v) if isinstance(v, str) else float("nan"))


def _text_chars(values: pd.Series) -> tuple[int, float]:
    lengths = text_lengths(values).dropna()
    if not len(lengths):
        return 0, 0.0
    return int(lengths.max()), float(lengths.mean())


@dataclass(frozen=True)
class Layout:
    """How one column is written: its format, its width and whether its text wraps."""

    column: Column
    width: float
    wrap: bool
    mean_chars: float = 0.0  # the mean length of its texts
    content: float = 0.0  # the width its longest text or number needs on one line


def column_layout(name: object, values: pd.Series, header_cap: float = HEADER_CAP) -> Layout:
    """The layout of one column from its content: as wide as its longest text or number
    (capped), wrapped when a sentence or a name is longer than the cap."""
    spec = column(name)
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        text, mean = _text_chars(values)
        numbers = (
            0
            if values.dtype != object
            else _number_chars(values[values.map(_is_number)], spec.kind)
        )
    else:
        text, mean, numbers = 0, 0.0, _number_chars(values, spec.kind)
    content = needed_width(max(text, numbers))
    cap = SENTENCE_CAP if spec.kind is Kind.SENTENCE else TEXT_CAP
    wrap = spec.kind is Kind.SENTENCE or content > cap
    words = max((len(w) for w in spec.header.split()), default=1)
    whole = min(needed_width(len(spec.header), bold=True), header_cap)
    head = max(needed_width(words, bold=True), whole)
    return Layout(spec, max(MIN_WIDTH, min(max(content, head), cap)), wrap, mean, content)


def fit_page(
    layouts: list[Layout],
    budget: float = PAGE_WIDTH,
    narrowest: float = NARROWEST,
    floors: Sequence[float] = (),
) -> list[Layout]:
    """Narrow (and wrap) the widest text columns so that the table fits ``budget``, down to
    ``narrowest`` (or a column's floor): those with shorter texts first (they gain fewest
    lines); numbers keep their width."""
    excess = sum(lay.width for lay in layouts) - budget
    least = [max(narrowest, f) for f in floors] + [narrowest] * (len(layouts) - len(floors))
    room = {
        k: lay.width - least[k]
        for k, lay in enumerate(layouts)
        if lay.column.kind in TEXT_KINDS and lay.width > least[k]
    }
    if excess <= 0 or not room:
        return layouts
    cuts = dict.fromkeys(room, 0.0)
    for k in sorted(room, key=lambda k: layouts[k].mean_chars):
        cuts[k] = min(room[k], excess)
        excess -= cuts[k]
    return [
        replace(lay, width=lay.width - cuts[k], wrap=True) if cuts.get(k) else lay
        for k, lay in enumerate(layouts)
    ]


def fill_page(layouts: list[Layout], budget: float) -> list[Layout]:
    """Widen the wrapped text columns into the room a table leaves of ``budget`` (up to what
    their longest text needs on one line), so that its rows take fewer lines on paper: the
    column whose text needs most room first."""
    spare = budget - sum(lay.width for lay in layouts)
    out = list(layouts)
    wrapped = [k for k, lay in enumerate(layouts) if lay.wrap and lay.column.kind in TEXT_KINDS]
    for k in sorted(wrapped, key=lambda k: layouts[k].mean_chars, reverse=True):
        lay = out[k]
        extra = min(max(spare, 0.0), max(lay.content - lay.width, 0.0))
        if extra > 0:
            width = lay.width + extra
            out[k] = Layout(lay.column, width, lay.content > width, lay.mean_chars, lay.content)
            spare -= extra
    return out


@dataclass(frozen=True)
class Fit:
    """How a table is fitted to the printed page: the width ``budget`` of its printed
    columns (:func:`print_budget`), the narrowest a text column may wrap to, the widest a
    header is before it wraps, how many leading columns do not print (ids left of a
    print area, see :func:`print_scaled`) and how many columns do (all by default; the
    text of those after them is not wrapped, so that it makes no printed row taller: their
    text runs on to the right over empty cells, on the screen)."""

    budget: float
    narrowest: float = 24.0
    header_cap: float = 10.0
    skip: int = 0
    printed: int | None = None


def fitted(layouts: list[Layout], fit: Fit | None, floors: Sequence[float] = ()) -> list[Layout]:
    """``layouts`` narrowed or widened so that the printed columns fill ``fit.budget``
    (:func:`fit_page` with its default page width without ``fit``), none narrower than its
    floor (the width another table on the sheet gave the column)."""
    if fit is None:
        return fit_page(layouts)
    floors = list(floors) + [0.0] * (len(layouts) - len(floors))
    layouts = [
        replace(lay, width=max(lay.width, f)) for lay, f in zip(layouts, floors, strict=True)
    ]
    end = len(layouts) if fit.printed is None else fit.printed
    head, printed, tail = layouts[: fit.skip], layouts[fit.skip : end], layouts[end:]
    printed = fit_page(printed, fit.budget, fit.narrowest, floors[fit.skip : end])
    # unwrapped: the last text as narrow as its header's longest word (it runs on over the
    # empty cells to its right), another as wide as its longest text; a number as it was
    tail = [
        lay
        if lay.column.kind not in TEXT_KINDS
        else replace(lay, width=max(floor, word_width(lay.column.header)), wrap=False)
        if k == len(tail) - 1
        else replace(lay, width=max(floor, lay.content, word_width(lay.column.header)), wrap=False)
        for k, (lay, floor) in enumerate(zip(tail, floors[end:], strict=True))
    ]
    return head + fill_page(printed, fit.budget) + tail


# a table longer than this is not balanced (its widths stay as fitted)
BALANCE_ROWS = 2000
BALANCE_STEP = 2.0


def balanced(
    layouts: list[Layout], frame: pd.DataFrame, fit: Fit, floors: Sequence[float]
) -> list[Layout]:
    """The printed width of the wrapped text columns shared out again, a step at a time from
    one to another, while that makes the table shorter (its rows' heights as
    :func:`_row_heights` sets them); no column narrower than its floor, its longest word or
    ``fit.narrowest``, nor wider than its longest text needs."""
    end = len(layouts) if fit.printed is None else fit.printed
    texts = [
        k for k in range(fit.skip, end) if layouts[k].wrap and layouts[k].column.kind in TEXT_KINDS
    ]
    if len(texts) < 2 or not len(frame) or len(frame) > BALANCE_ROWS:
        return layouts  # (an empty table has no rows to balance: its words' longest is NaN)
    lengths = {k: text_lengths(frame.iloc[:, k]).fillna(0).to_numpy() for k in texts}
    words = {
        k: frame.iloc[:, k].map(
            lambda v: max((len(w) for w in v.split()), default=0) if isinstance(v, str) else 0
        )
        for k in texts
    }
    least = {
        k: max(
            fit.narrowest, needed_width(int(words[k].max())), floors[k] if k < len(floors) else 0
        )
        for k in texts
    }

    def height(widths: dict[int, float]) -> float:
        lines = np.ones(len(frame))
        for k in texts:
            lines = np.maximum(lines, np.ceil(lengths[k] / per_line(widths[k])))
        return float(np.where(lines > 1, LINE_PT * lines + 2, LINE_PT).sum())

    widths = {k: layouts[k].width for k in texts}
    best = height(widths)
    moved = True
    while moved:
        moved = False
        for i in texts:
            for j in texts:
                if i == j or widths[i] - BALANCE_STEP < least[i]:
                    continue
                if widths[j] + BALANCE_STEP > max(layouts[j].content, widths[j]):
                    continue
                trial = {**widths, i: widths[i] - BALANCE_STEP, j: widths[j] + BALANCE_STEP}
                tried = height(trial)
                if tried < best - 1e-9:
                    widths, best, moved = trial, tried, True
    return [replace(lay, width=widths[k]) if k in widths else lay for k, lay in enumerate(layouts)]


def word_width(header: str) -> float:
    """The width of a header's longest word, bold (a header wraps at word ends)."""
    return max(MIN_WIDTH, needed_width(max((len(w) for w in header.split()), default=1), bold=True))


def lines_needed(chars: int, width: float, *, bold: bool = False) -> int:
    """Lines that ``chars`` characters take when wrapped in a column of ``width`` (words
    do not break, so a line holds a little less than the width rule allows)."""
    return max(1, math.ceil(chars / per_line(width, bold=bold)))


def word_lines(text: str, chars: int) -> int:
    """Lines ``text`` takes wrapped at word ends, at most ``chars`` characters a line (a word
    longer than a line on a line of its own)."""
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > chars:
            lines, used = lines + 1, len(word)
        else:
            used = used + 1 + len(word) if used else len(word)
    return lines


def per_line(width: float, *, bold: bool = False) -> int:
    """Characters a wrapped line of a column of ``width`` holds."""
    return max(1, int((width - PADDING) / (HEIGHT_CHAR * (BOLD_WIDTH / CHAR_WIDTH if bold else 1))))
