"""Example workbooks kept as readable YAML in the package (``pactopt/data``).

The YAML holds a ``settings`` mapping (name -> value and source) and one list of row mappings
per sheet. Two conveniences keep it short and readable: a year-block field may be a single
number (the same every year), and ``impacts: <name>`` appends the shared provenance text of the
impact coefficients (``_impact_sources``) to the row's ``source``, as ``cpa_reason`` appends the
reason for an instrument's ``cpa_products`` (what the input-output comparison reads). Keys
starting with ``_`` are for YAML anchors only.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from pactopt.iotable.figures import LABEL, blend, parse_cpa_products, shipped

EXAMPLES = {
    "digital-pact": "digital_pact_2019_2030.yaml",
    # the reference pact's mid-term review: its years to 2025 locked to (illustrative) actuals
    "digital-pact-midterm": "digital_pact_midterm_2025.yaml",
}
# the blank template's horizon, to be replaced by the planner's
DEFAULT_YEARS = tuple(range(2025, 2031))


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
    reason = out.pop("cpa_reason", None)
    if reason:
        out["source"] = f"{out['source']}; CPA products {reason}"
    return out


# what a scenario row ``{scenario: NAME, io_table: "yes", source: ...}`` becomes: for every
# instrument with CPA products, its impact coefficients (low = central = high: the table gives
# one figure) set to the input-output table's, gross output counted as value added (the GDP
# measure the workbook's output per € is calibrated on, 001 L564-570)
IO_COLUMNS = {
    "output_per_eur": "value_added_per_eur",
    "jobs_direct_per_meur": "jobs_direct_per_meur",
    "jobs_indirect_per_meur": "jobs_indirect_per_meur",
}


def expand_io_scenarios(
    scenarios: list[dict[str, Any]], instruments: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each ``io_table`` row replaced by the overrides it stands for, each with its source."""
    out: list[dict[str, Any]] = []
    sha = shipped().meta["source_sha256"][:12]
    for row in scenarios:
        if not row.get("io_table"):
            out.append(row)
            continue
        for instrument in instruments:
            if not instrument.get("cpa_products"):
                continue
            figure = blend(parse_cpa_products(instrument["cpa_products"]))
            for column, io_name in IO_COLUMNS.items():
                value = f"{getattr(figure, io_name):.4f}"
                source = (
                    f"{row['source']}: {io_name} of CPA {instrument['cpa_products']}, FPB "
                    f"input-output table 2015 (sha256 {sha}…, pactopt/data/io_be_2015_v1.csv); "
                    f"{LABEL}"
                )
                for level in ("low", "central", "high"):
                    out.append(
                        {
                            "scenario": row["scenario"],
                            "sheet": "Instruments",
                            "row_id": instrument["id"],
                            "column": f"{column}_{level}",
                            "value": value,
                            "source": source,
                        }
                    )
    return out


def load_example(name: str) -> ExampleData:
    """The named example (see ``EXAMPLES``) as plain Python data."""

    if name not in EXAMPLES:
        raise KeyError(f"unknown example '{name}'; known: {', '.join(sorted(EXAMPLES))}")
    return _load_file(EXAMPLES[name])


def _load_file(file: str) -> ExampleData:
    """The example in ``file``; one that names a ``base`` file is that example with its own
    settings and sheets laid over it (a sheet it gives replaces the base's)."""
    import yaml

    text = resources.files("pactopt.data").joinpath(file).read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    impact_sources = raw.get("_impact_sources", {})
    settings = {k: (v["value"], v["source"]) for k, v in raw.get("settings", {}).items()}
    sheets = {
        sheet: [_expand_row(r, impact_sources) for r in rows]
        for sheet, rows in raw.items()
        if sheet not in ("settings", "base") and not sheet.startswith("_")
    }
    if "Scenarios" in sheets:
        sheets["Scenarios"] = expand_io_scenarios(
            sheets["Scenarios"], sheets.get("Instruments", [])
        )
    if "base" in raw:
        base = _load_file(raw["base"])
        settings = {**base.settings, **settings}
        sheets = {**base.sheets, **sheets}
    return ExampleData(settings=settings, sheets=sheets)


def with_horizon(example: ExampleData, first_year: int, last_year: int) -> ExampleData:
    """The example moved to another horizon: its Settings name the new years, and every
    year-by-year value is kept where the old and new horizons overlap (new years are left
    blank for the planner; a single value typed for every year still applies to all)."""
    if last_year < first_year:
        raise ValueError(f"the last year {last_year} is before the first year {first_year}")
    years = range(first_year, last_year + 1)
    note = f"set for the horizon {first_year}-{last_year}"
    settings = dict(example.settings)
    settings["first_year"] = (first_year, note)
    settings["last_year"] = (last_year, note)

    def moved(row: dict[str, Any]) -> dict[str, Any]:
        return {
            key: {y: value.get(y) for y in years} if _is_year_block(value) else value
            for key, value in row.items()
        }

    sheets = {name: [moved(r) for r in rows] for name, rows in example.sheets.items()}
    return ExampleData(settings=settings, sheets=sheets)


def _is_year_block(value: object) -> bool:
    return isinstance(value, dict) and bool(value) and all(isinstance(k, int) for k in value)
