"""A scenario's shift sentence in every language (explain/scenario_shift.py): the money that
moves between instruments and the domains whose totals change, from two Allocation tables."""

from __future__ import annotations

import pandas as pd
import pytest

from pactopt.explain.scenario_shift import scenario_shift_sentence, spoken_shift

pytestmark = pytest.mark.fast

BASE = pd.DataFrame({"instrument": ["A", "B"], "domain": ["D", "E"], "total": [300.0, 200.0]})
VARIANT = pd.DataFrame({"instrument": ["A", "B"], "domain": ["D", "E"], "total": [200.0, 300.0]})
NAMES = {"A": "instrument A", "B": "instrument B"}


def test_the_shift_is_said_in_english_and_in_each_other_language() -> None:
    assert scenario_shift_sentence("s", BASE, VARIANT, NAMES) == (
        "Against the base, scenario s moves €100m between instruments: towards instrument B "
        "(+€100m); away from instrument A (−€100m); domain totals: D −€100m, E +€100m."
    )
    spoken = spoken_shift("s", BASE, VARIANT, NAMES)
    assert set(spoken) == {"nl", "fr"}
    assert "€\u00a0100\u00a0mln" in spoken["nl"] and "instrument B" in spoken["nl"]
    assert "100\u00a0M€" in spoken["fr"] and "instrument A" in spoken["fr"]
