"""The frontier's terminal table headed in words (issue 26): its columns were machine names
(``net_output_discounted``) cut mid-word at 80 columns. The headers come from
``report/headers.py``, as the Frontier sheet's do, and wrap between words only."""

from __future__ import annotations

import pandas as pd
import pytest
from rich.console import Console

from pactopt.cli.printing import frame_table
from pactopt.report.headers import header

pytestmark = pytest.mark.fast

FRONTIER = [
    "point",
    "net_output_discounted",
    "net_jobs_discounted",
    "output_meur",
    "jobs",
    "public_meur",
    "private_meur",
]


def test_the_frontier_table_is_headed_in_whole_words_at_80_columns() -> None:
    frame = pd.DataFrame(
        [[1, 39845.2, 34659.0, 49862.0, 44518.0, 7053.0, 29947.0]], columns=FRONTIER
    )
    console = Console(width=80, record=True, color_system=None)
    console.print(frame_table(frame, "Output-jobs frontier of x.xlsx", header))
    text = console.export_text()
    lines = text.splitlines()
    assert max(map(len, lines)) <= 80, text
    words = {w for line in lines for w in line.split()}
    for name in FRONTIER:
        assert name not in words
        # every word of the header printed whole (none cut across two lines)
        assert set(header(name).split()) <= words, (name, text)
    assert "39,845" in text and "29,947" in text
