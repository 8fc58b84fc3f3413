"""How one cell's value is read for its column: the documented text-number rules."""

from __future__ import annotations

import pytest

from pactopt.schema.cells import convert
from pactopt.schema.columns import UNIT_MEUR, UNIT_SHARE, ColumnSpec

pytestmark = pytest.mark.fast

MEUR = ColumnSpec("min_total_meur", "number", UNIT_MEUR, "", True, ge=0)
SHARE = ColumnSpec("public_share_min", "number", UNIT_SHARE, "", True, ge=0, le=1)
YEARS = ColumnSpec("impact_lag_years", "integer", "years", "", False, ge=0)
YESNO = ColumnSpec("mandatory", "yesno", "yes/no", "", False, choices=("yes", "no"))
KIND = ColumnSpec("kind", "enum", "text", "", True, choices=("public", "private", "EU"))
LIST = ColumnSpec("to_domains", "list", "id", "", True)


@pytest.mark.parametrize(
    ("spec", "raw", "value", "warned"),
    [
        (MEUR, 12, 12.0, False),
        (MEUR, 12.5, 12.5, False),
        (MEUR, "12.5", 12.5, True),
        (MEUR, " 7 ", 7.0, True),
        (MEUR, "1,5", 1.5, True),
        (SHARE, "30%", 0.3, True),
        (SHARE, "12,5%", 0.125, True),
        (YEARS, 2.0, 2, False),
        (YESNO, "Yes", True, False),
        (YESNO, "nee", False, False),
        (YESNO, True, True, False),
        (KIND, "eu", "EU", False),
        (LIST, "HC; ECO,INF", ("HC", "ECO", "INF"), False),
    ],
)
def test_accepted(spec: ColumnSpec, raw: object, value: object, warned: bool) -> None:
    """Values that are read, with a warning exactly when text stood for a number."""
    result = convert(raw, spec)
    assert result.error is None
    assert result.value == value
    assert (result.warning is not None) == warned


@pytest.mark.parametrize(
    ("spec", "raw", "keyword"),
    [
        (MEUR, "abc", "text in a numeric column"),
        (MEUR, "1,500", "ambiguous"),
        (MEUR, "1.234,5", "ambiguous"),
        (MEUR, "30%", "percentage is not allowed"),
        (MEUR, True, "TRUE/FALSE"),
        (YEARS, 1.5, "whole number"),
        (YESNO, "maybe", "yes or no"),
        (KIND, "public-private", "one of: public, private, EU"),
        (LIST, " ; ", "at least one id"),
    ],
)
def test_refused(spec: ColumnSpec, raw: object, keyword: str) -> None:
    """Values that are refused, with a rule that says why."""
    result = convert(raw, spec)
    assert result.error is not None and keyword in result.error
