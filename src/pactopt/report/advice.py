"""Where the next euro would do most: the Summary's last sentence, in the levers the workbook
allows (in budget-neutral mode a line's shift cap, never new money)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pactopt.model.registry import row_name, value_text
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution, entries


def _best(duals: pd.Series | None) -> tuple[tuple[Any, ...], float] | None:
    """The entry with the largest dual, when one adds value."""
    if duals is None or not len(duals):
        return None
    index, value = max(entries(duals), key=lambda kv: kv[1])
    return (index, value) if value > 1e-6 else None


def next_euro_sentence(data: PactData, result: Solution) -> str:
    """Where the next €m would do most, in the levers the workbook allows: in budget-neutral
    mode a higher shift cap (its value is net of what the line would have produced), with new
    money allowed also one more €m of a funder's money."""
    conditional = " with the projects and switches as chosen" if result.is_mip else ""
    shift = _best(result.duals.get("shift_limit"))
    money = None if data.settings.budget_neutral else _best(result.duals.get("public_balance"))
    parts = []
    if shift is not None:
        (line, year), value = shift
        rule = result.rule("shift_limit")
        cells = f" ({', '.join(rule.cells_of(data, (line, year)))})" if rule else ""
        parts.append(
            f"the most valuable lever is the shift cap of {row_name(data, 'budget_lines', line)} "
            f"in {year}{cells}: one more €m shifted adds {value_text(value, result.mode)}"
            f"{conditional}, "
            "net of what the line would have produced"
        )
    if money is not None:
        (funder, year), value = money
        parts.append(
            f"one more €m of {row_name(data, 'funders', funder)} money would do most in {year}, "
            f"adding {value_text(value, result.mode)}{conditional}"
        )
    if not parts:
        if data.settings.budget_neutral:
            return f"No higher shift cap would add value{conditional}."
        return f"Neither more money nor a higher shift cap would add value{conditional}."
    text = "; ".join(parts)
    if data.settings.budget_neutral:
        return f"The workbook allows no new money, so {text}."
    return text[0].upper() + text[1:] + "."
