"""The shipped CSV of demand-side figures, derived from the FPB table and the NBB employment
file: what ``tools/io_multipliers.py`` writes (the format ``figures.parse_table`` reads)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from pactopt.iotable.figures import COLUMNS, FIGURE_COLUMNS, LABEL
from pactopt.iotable.fpb import FPB_FILE, SHEET, TOLERANCE_MEUR, FpbTable
from pactopt.iotable.leontief import DemandSide, Vector

VERSION = 1
EMPLOYMENT_FILE = "employment_NACE64_2019.csv"
# where a reviewer finds both files (commit 7429472f, "economic data", 2023-07-06)
MIRROR = "github.com/twallema/pyIEEM, data/raw/eco/national_accounts/BE/ (commit 7429472f)"
ATTRIBUTION = (
    "Source: Federal Planning Bureau (FPB), Input-output tables 2015 (ESA 2010), Table 10, "
    "file vR64_nl_20191213.xlsx, https://www.plan.be/databases/data-63-en-input_output_tables_2015"
    "; employment: National Bank of Belgium, NBB.stat, employment by A64 industry, 2019"
)
TERMS = (
    "NOT VERIFIED: the FPB's terms of reuse could not be read from this machine (no network). "
    "Only derived figures are shipped, not the table, and the source is cited as above; check "
    "the terms on plan.be before republishing"
)
NAMES_EN: dict[str, str] = {
    "01": "agriculture", "02": "forestry", "03": "fishing", "05-09": "mining",
    "10-12": "food, drink, tobacco", "13-15": "textiles, clothing", "16": "wood",
    "17": "paper", "18": "printing", "19": "coke, refined petroleum", "20": "chemicals",
    "21": "pharmaceuticals", "22": "rubber, plastics", "23": "non-metallic minerals",
    "24": "basic metals", "25": "metal products", "26": "computers, electronics",
    "27": "electrical equipment", "28": "machinery", "29": "motor vehicles",
    "30": "other transport equipment", "31-32": "furniture, other manufacturing",
    "33": "repair, installation of machinery", "35": "electricity, gas", "36": "water",
    "37-39": "sewerage, waste", "41-43": "construction", "45": "motor trade",
    "46": "wholesale", "47": "retail", "49": "land transport", "50": "water transport",
    "51": "air transport", "52": "warehousing", "53": "postal services",
    "55-56": "accommodation, food service", "58": "publishing", "59-60": "film, broadcasting",
    "61": "telecommunications", "62-63": "IT and information services", "64": "finance",
    "65": "insurance", "66": "auxiliary financial services", "68_": "real estate (market)",
    "68a": "imputed rent", "69-70": "legal, accounting, consultancy",
    "71": "architecture, engineering", "72": "scientific research and development",
    "73": "advertising", "74-75": "other professional services", "77": "rental, leasing",
    "78": "employment services", "79": "travel agencies", "80-82": "security, office support",
    "84": "public administration, defence", "85": "education", "86": "health",
    "87-88": "residential care, social work", "90-92": "arts, entertainment", "93": "sport",
    "94": "membership organisations", "95": "repair of computers, household goods",
    "96": "other personal services", "97": "households as employers",
}  # fmt: skip


@dataclass(frozen=True)
class Sources:
    """The two input files' hashes and the FPB's product names."""

    table_sha256: str
    employment_sha256: str
    names_nl: dict[str, str]


def render_csv(table: FpbTable, demand: DemandSide, jobs: Vector, sources: Sources) -> str:
    """The shipped CSV: ``#`` lines of provenance, then one row per product."""
    meta = {
        "pactopt input-output figures, version": str(VERSION),
        "figures": LABEL,
        "source": f"{FPB_FILE}, sheet {SHEET} (symmetrische input-outputtabel van de "
        "binnenlandse productie, product x product, € million, 2015)",
        "source_sha256": table.sha256,
        "employment": f"{EMPLOYMENT_FILE} (NBB.stat, domestic concept, A64, 2019, persons)",
        "employment_sha256": sources.employment_sha256,
        "obtained from": MIRROR,
        "balance": f"rows within {table.row_gap_meur:.4f} €m, columns within "
        f"{table.column_gap_meur:.1e} €m (tolerance {TOLERANCE_MEUR:g} €m)",
        "jobs": "industry employment taken for the product of the same code (an "
        "approximation: industries also make secondary products); 68_ gets L68, 68a none, "
        "97 gets T97-98; 2019 persons over 2015 output, not deflated",
        "attribution": ATTRIBUTION,
        "terms of reuse": TERMS,
        "written by": "tools/io_multipliers.py",
    }
    out = io.StringIO()
    for key, value in meta.items():
        out.write(f"# {key}: {value}\n")
    for name, (unit, formula) in COLUMNS.items():
        out.write(f"# column {name}: {unit}; {formula}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for k, code in enumerate(table.products):
        writer.writerow(
            [
                code,
                NAMES_EN[code],
                sources.names_nl.get(code, ""),
                f"{table.output_meur[k]:.1f}",
                f"{jobs[k]:.0f}",
                *(f"{getattr(demand, c)[k]:.4f}" for c in (*FIGURE_COLUMNS, "jobs_per_meur")),
            ]
        )
    return out.getvalue()
