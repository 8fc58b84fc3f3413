"""Where each constraint comes from in the planner's workbook.

Every core rule has an ``Origin``: the sheet, which row (an index position of the constraint,
a fixed row key such as a setting's name, or a function of the index) and which columns hold
the numbers it is built from. ``cells_of`` turns a constraint's index into ``Sheet!A1`` cells,
so explanations and diagnoses name the planner's own cells. A test checks every core rule
has one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pactopt.schema.data import PactData

Key = int | str | Callable[[tuple[Any, ...]], str]


@dataclass(frozen=True)
class Origin:
    """Sheet, row key and columns of a rule's data. ``"{1}"`` in a column stands for the
    second index value (a year column, for instance)."""

    sheet: str
    key: Key
    columns: tuple[str, ...]

    def cells(self, data: PactData, index: tuple[Any, ...]) -> list[str]:
        """``Sheet!A1`` for each column, for the constraint at ``index``."""
        if callable(self.key):
            key = self.key(index)
        elif isinstance(self.key, int):
            key = str(index[self.key])
        else:
            key = self.key
        out = []
        for column in self.columns:
            name = column.format(*index) if "{" in column else column
            out.append(data.cell(self.sheet, key, name))
        return out


def _link_key(index: tuple[Any, ...]) -> str:
    return str(index[0]).replace(">", ":")


def _segment_key(index: tuple[Any, ...]) -> str:
    return f"{index[0]}:{index[1]}"


def _setting(name: str) -> Origin:
    return Origin("Settings", name, ("value",))


ORIGINS: dict[str, Origin] = {
    "public_balance": Origin("Funders", 0, ("id",)),
    "eu_balance": Origin("Funders", 0, ("new_money_cap_total_meur",)),
    "new_money_total": Origin("Funders", 0, ("new_money_cap_total_meur",)),
    "new_money_year": Origin("Funders", 0, ("{1}",)),
    "budget_neutral": _setting("budget_neutral"),
    "shift_limit": Origin("BudgetLines", 0, ("max_shift_share", "{1}")),
    "shift_destination": Origin("Instruments", 1, ("domain",)),
    "savings_recycling": _setting("savings_recycling_share"),
    "private_leverage": Origin("Instruments", 0, ("private_leverage_max",)),
    "public_share_min": Origin("Instruments", 0, ("public_share_min",)),
    "public_share_max": Origin("Instruments", 0, ("public_share_max",)),
    "instrument_min_total": Origin("Instruments", 0, ("min_total_meur",)),
    "instrument_max_total": Origin("Instruments", 0, ("max_total_meur",)),
    "capacity": Origin("Instruments", 0, ("max_per_year_meur",)),
    "ramp_up": Origin("Instruments", 0, ("ramp_up_meur",)),
    "domain_floor": Origin("Domains", 0, ("min_total_meur",)),
    "domain_ceiling": Origin("Domains", 0, ("max_total_meur",)),
    "total_floor": _setting("total_min_meur"),
    "total_ceiling": _setting("total_max_meur"),
    "precedence": Origin("Links", _link_key, ("ratio", "lag_years")),
    "semicontinuous_min": Origin("Instruments", 0, ("min_if_funded_meur",)),
    "semicontinuous_max": Origin("Instruments", 0, ("max_total_meur",)),
    "project_cost": Origin("Instruments", 0, ("id",)),
    "project_mandatory": Origin("Projects", 0, ("mandatory",)),
    "project_requires": Origin("Projects", 0, ("requires",)),
    "project_excludes": Origin("Projects", 0, ("excludes",)),
    "maintenance": Origin("Instruments", 0, ("maintenance_rate",)),
    "curve_fill": Origin("Instruments", 0, ("id",)),
    "segment_width": Origin("Curves", _segment_key, ("upper_cum_meur",)),
    "switch_private_cap": Origin("Switches", 0, ("private_cap_off_meur", "mode")),
    "jobs_other_potential": _setting("jobs_per_reskilling_meur"),
    "skills_bottleneck": _setting("jobs_per_reskilling_meur"),
}


def cells_of(data: PactData, rule: str, index: tuple[Any, ...]) -> list[str]:
    """Workbook cells of the constraint ``rule[index]`` (empty for rules with no origin)."""
    origin = ORIGINS.get(rule)
    return origin.cells(data, index) if origin else []
