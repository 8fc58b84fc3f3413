"""Example workbooks kept as readable YAML in the package (``pactopt/data``).

The YAML holds a ``settings`` mapping (name -> value and source) and one list of row mappings
per sheet. Two conveniences keep it short and readable: a year-block field may be a single
number (the same every year), and ``impacts: <name>`` appends the shared provenance text of the
impact coefficients (``_impact_sources``) to the row's ``source``. Keys starting with ``_`` are
for YAML anchors only.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

EXAMPLES = {"digital-pact": "digital_pact_2019_2030.yaml"}


@dataclass(frozen=True)
class ExampleData:
    """An example's settings (name -> (value, source)) and rows per sheet."""

    settings: dict[str, tuple[object, str]]
    sheets: dict[str, list[dict[str, Any]]]


def _expand_row(row: dict[str, Any], impact_sources: dict[str, str]) -> dict[str, Any]:
    out = dict(row)
    names = out.pop("impacts", [])
    for name in [names] if isinstance(names, str) else names:
        text = impact_sources[name]
        out["source"] = out["source"] + ("" if text.startswith(";") else "; ") + text
    return out


def load_example(name: str) -> ExampleData:
    """The named example (see ``EXAMPLES``) as plain Python data."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example '{name}'; known: {', '.join(sorted(EXAMPLES))}")
    text = resources.files("pactopt.data").joinpath(EXAMPLES[name]).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    impact_sources = raw.get("_impact_sources", {})
    settings = {k: (v["value"], v["source"]) for k, v in raw["settings"].items()}
    sheets = {
        sheet: [_expand_row(r, impact_sources) for r in rows]
        for sheet, rows in raw.items()
        if sheet != "settings" and not sheet.startswith("_")
    }
    return ExampleData(settings=settings, sheets=sheets)
