"""Tiny canonical instances, kept as Python data. ``load`` lays a spec out as the template
writer would, as a ``RawWorkbook`` in memory, and validates it with the reader's own
``parse_workbook``: the same checks, without the 0.4 s a case took to write and unzip a file.
``render`` writes the real xlsx, through the template writer planners use, for the tests
that need the file; tests/integration/test_tiny_round_trip.py checks that both give the same
cells and the same data.

``base()`` is the smallest sensible pact: two years (2025-2026), one domain D, one instrument
A in it, a public funder `gov` and a private funder `priv` both allowed in D, and one budget
line L of `gov` (baseline 100 €m a year, half of it shiftable to D). Impacts: A gives 1.5 € of
output per €, 1 job per €m, no savings; L forgoes 1 € of output and 0.5 jobs per € shifted.
Settings: budget-neutral, weights output 1, €0.1m per job, savings 0.5, no discounting, and a
least-change tolerance of 0 (of equally good plans the closest to the reference plan is shown,
but no value is given up for it, so hand-derived optima stay exact).
Tests copy it and change what their family needs.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

from pactopt.schema.columns import UNIT_MEUR, UNIT_TEXT, column_specs
from pactopt.schema.data import PactData
from pactopt.schema.parse import parse_workbook
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    REQUIRED_MARK,
    SETTINGS,
    SETTINGS_COLUMNS,
    TABLE_SHEETS,
    UNITS_PREFIX,
    UNITS_ROW,
    SheetSpec,
    template_columns,
)
from pactopt.template.examples import ExampleData
from pactopt.template.generate import build_template
from pactopt.xlsx.raw import RawCell, RawSheet, RawWorkbook
from pactopt.xlsx.write import save_atomically

YEARS = (2025, 2026)


def instrument(id_: str, domain: str = "D", **changes: Any) -> dict[str, Any]:
    """An instrument row: 0-1000 €m, public share 0-1, 1.5 € output per €, 1 job per €m."""
    row: dict[str, Any] = {
        "id": id_,
        "domain": domain,
        "name": f"instrument {id_}",
        "min_total_meur": 0,
        "max_total_meur": 1000,
        "public_share_min": 0.0,
        "public_share_max": 1.0,
        "output_per_eur_low": 1.5,
        "output_per_eur_central": 1.5,
        "output_per_eur_high": 1.5,
        "jobs_direct_per_meur_low": 1.0,
        "jobs_direct_per_meur_central": 1.0,
        "jobs_direct_per_meur_high": 1.0,
        "jobs_indirect_per_meur_low": 0.0,
        "jobs_indirect_per_meur_central": 0.0,
        "jobs_indirect_per_meur_high": 0.0,
        "source": "ASSUMED: test",
    }
    row.update(changes)
    return row


def base() -> dict[str, Any]:
    """The base tiny instance as plain data (sheet name -> rows; 'settings' -> values)."""
    return {
        "settings": {
            "first_year": YEARS[0],
            "last_year": YEARS[-1],
            "objective_mode": "weighted",
            "weight_output": 1.0,
            "meur_per_job": 0.1,
            "weight_savings": 0.5,
            "budget_neutral": "yes",
            "discount_rate": 0.0,
            "mip_gap": 0.0,
            # hand-derived optima stay exact: least change only breaks exact ties here
            "least_change_tolerance": 0.0,
        },
        "Domains": [{"id": "D", "name": "domain D", "source": "ASSUMED: test"}],
        "Instruments": [instrument("A")],
        "Funders": [
            {"id": "gov", "name": "government", "kind": "public", "source": "ASSUMED: test"},
            {"id": "priv", "name": "private sector", "kind": "private", "source": "ASSUMED: test"},
        ],
        "Eligibility": [
            {"funder": "gov", "domain": "D", "allowed": "yes", "source": "ASSUMED: test"},
            {"funder": "priv", "domain": "D", "allowed": "yes", "source": "ASSUMED: test"},
        ],
        "BudgetLines": [
            {
                "id": "L",
                "owner": "gov",
                "name": "line L",
                "max_shift_share": 0.5,
                "to_domains": "D",
                "output_forgone_per_eur": 1.0,
                "jobs_forgone_per_meur": 0.5,
                "baseline_meur": 100,
                "source": "ASSUMED: test",
            },
        ],
    }


def render(spec: dict[str, Any], path: Path) -> Path:
    """Write ``spec`` as an input workbook at ``path``."""
    spec = copy.deepcopy(spec)
    settings = {k: (v, "ASSUMED: test") for k, v in spec.pop("settings").items()}
    save_atomically(build_template(ExampleData(settings=settings, sheets=spec)), path)
    return path


def _cell(value: object) -> RawCell | None:
    """A cell as the template writes it and the reader reads it back (None when empty)."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif isinstance(value, list | tuple):
        value = ";".join(str(v) for v in value)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return RawCell(value)


def _sheet(
    name: str, header: list[object], units: list[object], rows: list[list[object]]
) -> RawSheet:
    """A sheet laid out as the template lays it out: header, units, then the data rows."""
    placed = [(HEADER_ROW, header), (UNITS_ROW, units)]
    placed += [(FIRST_DATA_ROW + offset, row) for offset, row in enumerate(rows)]
    cells = {
        (r, c): cell
        for r, row in placed
        for c, value in enumerate(row, start=1)
        if (cell := _cell(value)) is not None
    }
    return RawSheet(name=name, hidden=False, merged=[], cells=cells)


def _settings_sheet(values: dict[str, Any]) -> RawSheet:
    """The Settings sheet as the template writes it: every setting, the default of an
    optional one the spec leaves out."""
    header = [f"{n}{REQUIRED_MARK}" if n in ("setting", "value") else n for n in SETTINGS_COLUMNS]
    rows: list[list[object]] = []
    for spec in column_specs(Settings):
        value = values.get(spec.name)
        source = "ASSUMED: test" if spec.name in values else ""
        default = Settings.model_fields[spec.name].default
        if value is None and not spec.required and default is not None:
            value, source = default, "default"
        note = f"Required. {spec.note}" if spec.required else spec.note
        rows.append([spec.name, value, spec.unit, source, note])
    units: list[object] = [UNITS_PREFIX + UNIT_TEXT] * len(SETTINGS_COLUMNS)
    return _sheet(SETTINGS.name, list(header), units, rows)


def _table_sheet(sheet: SheetSpec, years: tuple[int, ...], rows: list[dict[str, Any]]) -> RawSheet:
    """A table sheet as the template writes it; a year block is a dict by year or one value
    for every year."""
    columns = {c.name: c for c in sheet.columns}
    order = template_columns(sheet, years)
    header: list[object] = []
    units: list[object] = []
    for name in order:
        column = columns.get(str(name))
        header.append(f"{name}{REQUIRED_MARK}" if column and column.required else name)
        units.append(UNITS_PREFIX + (column.unit if column else UNIT_MEUR))
    cells: list[list[object]] = []
    for data in rows:
        block = data.get(sheet.years.field) if sheet.years else None
        by_year = block if isinstance(block, dict) else dict.fromkeys(years, block)
        cells.append([by_year.get(n) if isinstance(n, int) else data.get(n) for n in order])
    return _sheet(sheet.name, header, units, cells)


def raw(spec: dict[str, Any], path: Path = Path("tiny.xlsx")) -> RawWorkbook:
    """The cells ``render`` would write to ``path`` (but the README sheet, which the reader
    ignores), in memory; the SHA-256 is that of the cells."""
    settings = spec["settings"]
    years = tuple(range(int(settings["first_year"]), int(settings["last_year"]) + 1))
    sheets = {SETTINGS.name: _settings_sheet(settings)}
    for sheet in TABLE_SHEETS:
        sheets[sheet.name] = _table_sheet(sheet, years, spec.get(sheet.name, []))
    cells = repr([(name, sorted(s.cells.items())) for name, s in sheets.items()])
    return RawWorkbook(path=path, sha256=hashlib.sha256(cells.encode()).hexdigest(), sheets=sheets)


def load(spec: dict[str, Any], tmp_path: Path, name: str = "tiny.xlsx") -> PactData:
    """``spec`` validated by the reader's ``parse_workbook``, from cells laid out in memory
    as ``render`` would write them to ``tmp_path / name`` (no file is written)."""
    return parse_workbook(raw(spec, tmp_path / name))


def full() -> dict[str, Any]:
    """A tiny instance in which every constraint family has data (for golden files)."""
    spec = base()
    spec["settings"].update(
        {
            "savings_recycling_share": 0.5,
            "savings_spread_years": 2,
            "jobs_per_reskilling_meur": 2.0,
            "total_min_meur": 100,
            "total_max_meur": 1500,
        }
    )
    spec["Domains"] = [
        {
            "id": "D",
            "name": "domain D",
            "min_total_meur": 100,
            "max_total_meur": 2000,
            "source": "ASSUMED: test",
        },
        {"id": "E", "name": "domain E", "source": "ASSUMED: test"},
    ]
    spec["Instruments"] = [
        instrument(
            "A",
            public_share_min=0.2,
            public_share_max=0.8,
            private_leverage_max=3,
            max_per_year_meur=600,
            ramp_up_meur=400,
            maintenance_rate=0.1,
            reskilling="yes",
        ),
        instrument("B", domain="E", min_if_funded_meur=50, savings_government_per_eur=2.0),
        instrument("C", domain="E", min_total_meur=5),
        instrument(
            "K",
            domain="E",
            max_total_meur=30,
            **{
                f"{kind}_{level}": 0
                for kind in ("output_per_eur", "jobs_direct_per_meur")
                for level in ("low", "central", "high")
            },
        ),
    ]
    spec["Curves"] = [
        {
            "instrument": "A",
            "segment": 1,
            "upper_cum_meur": 300,
            "output_factor": 1.0,
            "source": "ASSUMED: test",
        },
        {
            "instrument": "A",
            "segment": 2,
            "upper_cum_meur": 600,
            "output_factor": 0.5,
            "source": "ASSUMED: test",
        },
    ]
    spec["Funders"] = [
        {
            "id": "gov",
            "name": "government",
            "kind": "public",
            "new_money_cap_total_meur": 10,
            "new_money_cap_meur": {2025: 4, 2026: None},
            "source": "ASSUMED: test",
        },
        {
            "id": "eu",
            "name": "EU",
            "kind": "EU",
            "new_money_cap_total_meur": 20,
            "source": "ASSUMED: test",
        },
        {
            "id": "priv",
            "name": "private sector",
            "kind": "private",
            "new_money_cap_total_meur": 900,
            "new_money_cap_meur": {2025: 500, 2026: None},
            "source": "ASSUMED: test",
        },
    ]
    spec["Eligibility"] = [
        {"funder": f, "domain": d, "allowed": "yes", "source": "ASSUMED: test"}
        for f in ("gov", "eu", "priv")
        for d in ("D", "E")
    ]
    spec["BudgetLines"][0]["to_domains"] = "D;E"
    spec["Projects"] = [
        {
            "id": "P1",
            "instrument": "C",
            "name": "project 1",
            "output_meur": 5,
            "jobs": 2,
            "mandatory": "yes",
            "cost_meur": 10,
            "source": "ASSUMED: test",
        },
        {
            "id": "P2",
            "instrument": "C",
            "name": "project 2",
            "requires": "P1",
            "cost_meur": {2025: 0, 2026: 20},
            "source": "ASSUMED: test",
        },
        {
            "id": "P3",
            "instrument": "C",
            "name": "project 3",
            "excludes": "P2",
            "cost_meur": 5,
            "source": "ASSUMED: test",
        },
        {
            "id": "P4",
            "instrument": "K",
            "name": "project 4",
            "output_meur": 40,
            "cost_meur": {2025: 12, 2026: 8},
            "source": "ASSUMED: test",
        },
    ]
    spec["Links"] = [
        {"before": "A", "after": "C", "ratio": 1.0, "lag_years": 1, "source": "ASSUMED: test"},
    ]
    spec["Switches"] = [
        {
            "id": "W",
            "name": "reform",
            "instruments": "C",
            "mode": "optimise",
            "private_cap_off_meur": 5,
            "cost_meur": 1,
            "source": "ASSUMED: test",
        },
    ]
    return spec


def output_or_jobs(mode: str = "weighted") -> dict[str, Any]:
    """Two instruments sharing a 1,000 €m ceiling, all private: A gives 1.5 output and 1 job
    per €m, B 1.0 output and 10 jobs (output and jobs pull apart)."""
    spec = base()
    spec["settings"].update(
        {"objective_mode": mode, "total_max_meur": 1000, "lexicographic_output_tolerance": 0.001}
    )
    spec["Instruments"] = [
        instrument("A"),
        instrument(
            "B",
            output_per_eur_low=1.0,
            output_per_eur_central=1.0,
            output_per_eur_high=1.0,
            jobs_direct_per_meur_low=10,
            jobs_direct_per_meur_central=10,
            jobs_direct_per_meur_high=10,
        ),
    ]
    return spec


def capital_budget() -> dict[str, Any]:
    """A textbook 0/1 capital budget: a €10m instrument K with no return of its own carries
    four projects (cost, value): A (6, 10), B (5, 8), C (4, 7), D (3, 3), all in 2025. The
    best set is A + C (cost 10, value 17). Flipping A leaves B + C (15): A is worth 2; C
    leaves A + D (13): 4; building B gives B + C (15): −2; D gives A + D (13): −4."""
    spec = base()
    zero = {
        f"{kind}_{level}": 0
        for kind in ("output_per_eur", "jobs_direct_per_meur")
        for level in ("low", "central", "high")
    }
    spec["Instruments"] = [instrument("K", name="capital budget", max_total_meur=10, **zero)]
    spec["Projects"] = [
        {
            "id": p,
            "instrument": "K",
            "name": f"project {p}",
            "output_meur": value,
            "cost_meur": {2025: cost, 2026: 0},
            "source": "ASSUMED: test",
        }
        for p, (cost, value) in {"A": (6, 10), "B": (5, 8), "C": (4, 7), "D": (3, 3)}.items()
    ]
    return spec
