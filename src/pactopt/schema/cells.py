"""Turn one raw cell into the Python value its column expects, or say exactly why not.

Text that looks like a number is a common slip in workbooks typed by hand or pasted from
other tools. The rules, documented in the README sheet:

- ``"12.5"`` typed as text is read as 12.5, with a warning.
- ``"30%"`` typed as text is read as 0.30, with a warning, but only in share columns.
- ``"1,5"`` (decimal comma) is read as 1.5, with a warning; ``"1,500"`` and ``"8.000"``
  (three digits after one separator, as thousands are grouped: 8.000 is 8000 in Belgium)
  and ``"1.234,5"`` are refused as ambiguous, with the value shown.
- Anything else in a numeric cell is an error.

Ids are read as people see them: NFC-normalised (a composed and a decomposed "é" are one
letter), and an id holding a character that cannot be seen (a control character, a newline,
DEL, a right-to-left override, a zero-width joiner: Unicode's categories Cc, Cf, Zl, Zp, and
the unassigned, private and surrogate code points) is an error naming the code point.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from pactopt.schema.columns import UNIT_ID, UNIT_SHARE, ColumnSpec

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_THOUSANDS_DOT = re.compile(r"^[+-]?[1-9]\d{0,2}(\.\d{3})+$")
_PERCENT = re.compile(r"^([+-]?(\d+\.?\d*|\.\d+)|[+-]?\d+,\d+)\s*%$")
_ASCII_UNSEEN = re.compile(r"[\x00-\x1f\x7f]")
_UNSEEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cn", "Co", "Cs"})
_YES = {"yes", "y", "true", "1", "ja", "oui"}
_NO = {"no", "n", "false", "0", "nee", "non"}


@dataclass(frozen=True)
class Converted:
    """A cell's value as its column expects it; ``error`` or ``warning`` say what went wrong."""

    value: object = None
    error: str | None = None
    warning: str | None = None


def _number_from_text(text: str, spec: ColumnSpec) -> Converted:
    if _THOUSANDS_DOT.match(text):
        whole = text.replace(".", "")
        return Converted(
            error=f"ambiguous: '{text}' may be {float(text):.15g} or {whole} ('.' as a thousands "
            "separator); type the number as a number"
        )
    if _NUMBER.match(text):
        if not math.isfinite(float(text)):
            return Converted(error="number is too large")
        return Converted(float(text), warning=f"number stored as text; read as {float(text):.15g}")
    percent = _PERCENT.match(text)
    if percent:
        if spec.unit != UNIT_SHARE:
            return Converted(error=f"a percentage is not allowed in a column in {spec.unit}")
        number = float(percent.group(1).replace(",", "."))
        return Converted(
            number / 100, warning=f"percentage typed as text; read as {number / 100:g}"
        )
    if _DECIMAL_COMMA.match(text):
        decimals = text.split(",")[1]
        if len(decimals) == 3:
            whole = text.replace(",", "")
            return Converted(
                error=f"ambiguous: '{text}' may be {text.replace(',', '.')} (decimal comma) "
                f"or {whole} (',' as a thousands separator); type the number as a number"
            )
        number = float(text.replace(",", "."))
        if not math.isfinite(number):
            return Converted(error="number is too large")
        return Converted(number, warning=f"decimal comma in text; read as {number:g}")
    if "," in text and "." in text:
        return Converted(error="ambiguous mix of '.' and ',' in a number typed as text")
    return Converted(error=f"text in a numeric column ({spec.unit}); type a number")


def to_number(value: object, spec: ColumnSpec) -> Converted:
    """A float from a numeric cell or from text that unambiguously holds a number."""
    if isinstance(value, bool):
        return Converted(error="TRUE/FALSE in a numeric column; type a number")
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # a whole number of more than 308 digits
            return Converted(error=f"number is too large ({len(str(abs(value)))} digits)")
        if not math.isfinite(number):
            return Converted(error="number is not finite")
        return Converted(number)
    if isinstance(value, str):
        return _number_from_text(value.strip(), spec)
    return Converted(error=f"a {type(value).__name__} in a numeric column; type a number")


def to_integer(value: object, spec: ColumnSpec) -> Converted:
    """An int from a whole-number cell."""
    number = to_number(value, spec)
    if number.error or not isinstance(number.value, float):
        return number
    if not number.value.is_integer():
        return Converted(error="must be a whole number")
    return Converted(int(number.value), warning=number.warning)


def to_yes_no(value: object) -> Converted:
    """True/False from yes/no (also TRUE/FALSE, 1/0, ja/nee, oui/non)."""
    if isinstance(value, bool):
        return Converted(value)
    text = str(value).strip().lower()
    if isinstance(value, float) and value.is_integer():  # 1.0 reads as 1 (an int is exact)
        text = str(int(value))
    if text in _YES:
        return Converted(True)
    if text in _NO:
        return Converted(False)
    return Converted(error="must be yes or no")


def to_text(value: object) -> Converted:
    """Text from any cell; whole numbers lose their '.0' (an id typed as 12 reads as '12')."""
    if isinstance(value, float) and value.is_integer():
        return Converted(str(int(value)))
    if isinstance(value, str):
        return Converted(value.strip())
    return Converted(str(value))


def unseen(text: str) -> str | None:
    """The first character of ``text`` that cannot be seen, or None."""
    if text.isascii():
        found = _ASCII_UNSEEN.search(text)
        return found.group() if found else None
    return next((c for c in text if unicodedata.category(c) in _UNSEEN), None)


def code_point(char: str) -> str:
    """'U+202E (RIGHT-TO-LEFT OVERRIDE)', or 'U+0007' for a character without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" ({name})" if name else "")


def to_id(value: object) -> Converted:
    """An id: text, NFC-normalised, with no character that cannot be seen."""
    text = to_text(value).value
    assert isinstance(text, str)
    text = unicodedata.normalize("NFC", text)
    hidden = unseen(text)
    if hidden is not None:
        return Converted(
            error=f"id holds {code_point(hidden)}, a character that cannot be seen "
            "(a control, bidi or zero-width character); retype the id"
        )
    return Converted(text)


def to_list(value: object, ids: bool = False) -> Converted:
    """A tuple of ids from text separated by ';' or ','."""
    text = to_text(value).value
    assert isinstance(text, str)
    items = tuple(p.strip() for p in re.split(r"[;,]", text) if p.strip())
    if not items:
        return Converted(error="must list at least one id, separated by ';'")
    if ids:
        read = [to_id(item) for item in items]
        wrong = next((r for r in read if r.error), None)
        if wrong is not None:
            return wrong
        items = tuple(str(r.value) for r in read)
    return Converted(items)


def convert(value: object, spec: ColumnSpec) -> Converted:
    """The value of a non-empty cell for ``spec``'s column."""
    if spec.kind == "number":
        return to_number(value, spec)
    if spec.kind == "integer":
        return to_integer(value, spec)
    if spec.kind == "yesno":
        return to_yes_no(value)
    if spec.kind == "list":
        return to_list(value, ids=spec.unit == UNIT_ID)
    text = to_id(value) if spec.unit == UNIT_ID else to_text(value)
    if text.error:
        return text
    if spec.kind == "enum":
        matches = [c for c in spec.choices if c.lower() == str(text.value).lower()]
        if not matches:
            return Converted(error=f"must be one of: {', '.join(spec.choices)}")
        return Converted(matches[0])
    return text
