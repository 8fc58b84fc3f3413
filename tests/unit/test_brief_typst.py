"""The brief's Typst source (brief/pdf.py): a number never stands alone at a line's end or
start — it is boxed with the characters it touches, and the text stays as written."""

from __future__ import annotations

import pytest

from pactopt.brief.doc import Num
from pactopt.brief.pdf import _content


@pytest.mark.fast
def test_a_number_is_boxed_with_the_characters_it_touches() -> None:
    parts = ("makes €", Num("0.95", 0.95, "x"), " of value; ", Num("83", 83.0, "y"), " %, or ")
    assert _content(parts) == '[#"makes "#box("€0.95")#" of value; "#box("83")#" %, or "]'
    # French: a no-break space is no space to Typst's breaking, but Python's isspace sees it
    said = ("soit ", Num("1,31", 1.31, "z"), "\u00a0%.")
    assert _content(said) == '[#"soit "#box("1,31")#"\u00a0%."]'
    # two numbers joined by a dash share one box
    span = ("from ", Num("1", 1.0, "a"), "–", Num("2", 2.0, "b"), ".")
    assert _content(span) == '[#"from "#box("1–")#box("2.")]'
