"""The demand-side figures the package ships (``pactopt/data/io_be_2015_v1.csv``), read with
the standard library alone, and an instrument's CPA products (``61:0.6;41-43:0.4``) blended
from them.

The CSV is written by ``tools/io_multipliers.py`` from the FPB file; its ``#`` lines say the
source, the source's SHA-256, the formula and unit of every column, the attribution and the
terms of reuse. Every figure is gross, demand-side and at 2015 prices: what one € of final
demand for the product sets off in Belgium through its supply chain, not the long-run
productivity gain a digital investment is made for."""

from __future__ import annotations

import csv
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources

SHIPPED = "io_be_2015_v1.csv"
LABEL = "gross, demand-side, 2015 prices (FPB input-output table 2015)"
SHARE_TOLERANCE = 0.001


@dataclass(frozen=True)
class IOFigure:
    """The effects of one € (jobs: one €m) of final demand for one product (or a blend)."""

    output_per_eur: float
    value_added_per_eur: float
    imports_per_eur: float
    net_taxes_per_eur: float
    jobs_direct_per_meur: float
    jobs_indirect_per_meur: float

    @property
    def jobs_per_meur(self) -> float:
        """Direct and indirect jobs together."""
        return self.jobs_direct_per_meur + self.jobs_indirect_per_meur


FIGURE_COLUMNS = tuple(f.name for f in fields(IOFigure))
# every column of the CSV with its unit and formula (the CSV's header repeats them)
COLUMNS: dict[str, tuple[str, str]] = {
    "cpa_product": ("code", "CPA 2.1 product group as the FPB codes it (P64)"),
    "name_en": ("text", "short English name (pactopt's translation)"),
    "name_nl": ("text", "the FPB's description (sheet class_pro)"),
    "output_meur": ("€m, 2015", "x_j: output at basic prices (tbl_10, row P.1)"),
    "employment_persons": ("persons, 2019", "NBB.stat employment of the NACE A64 industry"),
    "output_per_eur": ("€ per €", "sum_i L_ij, L = (I - A)^-1, A = Z diag(x)^-1, Z domestic"),
    "value_added_per_eur": ("€ per €", "(v L)_j, v = gross value added (B.1g) / x"),
    "imports_per_eur": ("€ per €", "(m L)_j, m = imported intermediate inputs / x"),
    "net_taxes_per_eur": ("€ per €", "(t L)_j, t = VAT + other product taxes - subsidies / x"),
    "jobs_direct_per_meur": ("jobs per €m", "e_j, e = employment 2019 / output 2015"),
    "jobs_indirect_per_meur": ("jobs per €m", "(e L)_j - e_j"),
    "jobs_per_meur": ("jobs per €m", "(e L)_j"),
}


@dataclass(frozen=True)
class Product:
    """One row of the shipped CSV."""

    code: str
    name_en: str
    name_nl: str
    output_meur: float
    employment_persons: float
    figure: IOFigure


@dataclass(frozen=True)
class ShippedTable:
    """The shipped CSV: its products in the FPB's order and its ``# key: value`` lines."""

    products: dict[str, Product]
    meta: dict[str, str]


def parse_table(text: str) -> ShippedTable:
    """The products and the metadata of a CSV in the shipped format."""
    meta: dict[str, str] = {}
    body = []
    for line in text.splitlines():
        if line.startswith("#"):
            key, _, value = line.lstrip("# ").partition(":")
            if value:
                meta[key.strip()] = value.strip()
        elif line.strip():
            body.append(line)
    products = {}
    for row in csv.DictReader(body):
        figure = IOFigure(**{c: float(row[c]) for c in FIGURE_COLUMNS})
        products[row["cpa_product"]] = Product(
            code=row["cpa_product"],
            name_en=row["name_en"],
            name_nl=row["name_nl"],
            output_meur=float(row["output_meur"]),
            employment_persons=float(row["employment_persons"]),
            figure=figure,
        )
    return ShippedTable(products, meta)


@cache
def shipped() -> ShippedTable:
    """The CSV the package ships (read once)."""
    text = resources.files("pactopt.data").joinpath(SHIPPED).read_text(encoding="utf-8")
    return parse_table(text)


def parse_cpa_products(
    text: str, known: frozenset[str] | None = None
) -> tuple[tuple[str, float], ...]:
    """``61:0.6;41-43:0.4`` → ((61, 0.6), (41-43, 0.4)); one code alone has share 1.
    ``ValueError`` whose message is the rule broken (a code the table does not have, a share
    outside (0, 1], shares missing or not adding up to 1)."""
    codes = known if known is not None else frozenset(shipped().products)
    parts = [p.strip() for p in text.split(";") if p.strip()]
    if not parts:
        raise ValueError("cpa_products: give CPA codes separated by ';', e.g. 61:0.6;41-43:0.4")
    out: list[tuple[str, float]] = []
    for part in parts:
        code, colon, share_text = (s.strip() for s in part.partition(":"))
        if code not in codes:
            raise ValueError(
                f"cpa_products: '{code}' is not a product of the FPB table (codes as "
                f"01, 41-43, 61, 62-63, 85; see pactopt/data/{SHIPPED})"
            )
        if not colon:
            if len(parts) > 1:
                raise ValueError(f"cpa_products: '{code}' needs a share, e.g. {code}:0.5")
            return ((code, 1.0),)
        try:
            share = float(share_text)
        except ValueError:
            raise ValueError(
                f"cpa_products: share '{share_text}' of {code} is not a number"
            ) from None
        if not 0 < share <= 1:
            raise ValueError(
                f"cpa_products: share {share:g} of {code} must be above 0 and at most 1"
            )
        out.append((code, share))
    if len({c for c, _ in out}) < len(out):
        raise ValueError("cpa_products: a code appears twice")
    total = sum(s for _, s in out)
    if abs(total - 1) > SHARE_TOLERANCE:
        raise ValueError(f"cpa_products: the shares add up to {total:g}, not 1")
    return tuple(out)


def blend(shares: tuple[tuple[str, float], ...], table: ShippedTable | None = None) -> IOFigure:
    """The figures of a euro split over products by ``shares``: the weighted sum, exact
    because the Leontief model is linear in final demand."""
    products = (table or shipped()).products
    return IOFigure(
        **{
            c: sum(share * getattr(products[code].figure, c) for code, share in shares)
            for c in FIGURE_COLUMNS
        }
    )
