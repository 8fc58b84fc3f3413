"""Read the FPB's 2015 input-output table (the December 2019 file) and refuse it loudly when it
is not the file the shipped figures were derived from.

The Federal Planning Bureau publishes ``vR64_nl_20191213.xlsx`` (database page data-63 on
plan.be); its sheet ``tbl_10`` is Table 10, "symmetrische input-outputtabel van de
binnenlandse productie (product x product)", 64 CPA 2.1 product groups, € million, 2015. The
reader checks, and reports every breach at once as one ``InputError`` naming the cell:

- the file's SHA-256 (a new release must be looked at, then its hash recorded);
- the layout: the sheet, the 64 product codes along row 1 and down column A, the eight
  final-demand columns, the rows of imports, product taxes, value added and output;
- the balances: for every product, intermediate plus final use equals the table's total use
  and its output (row), and intermediate inputs plus imports, product taxes and gross value
  added equal its output (column), within ``TOLERANCE_MEUR``.

Employment (``read_employment``) comes from NBB.stat by NACE A64 *industry* (2019, persons);
it is taken for the product of the same code, which the product × product table does not
strictly allow (an industry makes secondary products too): an approximation, said so.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl.utils import get_column_letter

from pactopt.errors import InputError, Problem
from pactopt.iotable.leontief import Matrix, Vector
from pactopt.xlsx.raw import RawSheet
from pactopt.xlsx.read import read_workbook

FPB_FILE = "vR64_nl_20191213.xlsx"
FPB_SHA256 = "ea4ca900d3000548eb63bd842750bd50ff0f07163e9f93935a4580360a9b6f68"
SHEET = "tbl_10"
# CPA 2.1 P64 as the FPB codes it: real estate split into 68_ (market) and 68a (imputed rent
# of owner-occupiers), households as employers (97) without 98
FPB_PRODUCTS: tuple[str, ...] = (
    "01", "02", "03", "05-09", "10-12", "13-15", "16", "17", "18", "19", "20", "21", "22",
    "23", "24", "25", "26", "27", "28", "29", "30", "31-32", "33", "35", "36", "37-39",
    "41-43", "45", "46", "47", "49", "50", "51", "52", "53", "55-56", "58", "59-60", "61",
    "62-63", "64", "65", "66", "68_", "68a", "69-70", "71", "72", "73", "74-75", "77", "78",
    "79", "80-82", "84", "85", "86", "87-88", "90-92", "93", "94", "95", "96", "97",
)  # fmt: skip
FINAL_DEMAND = (
    "P.31/S14", "P.31/S15", "P3./S13", "P.51", "P.52+P.53", "P.6/S21i", "P.6/S21x", "P.6/S22",
)  # fmt: skip
# the rows under the products, found by their code (column A) or their label (column B)
IMPORTS_LABEL = "Intermediair/finaal verbruik (invoer)"
VAT_CODE = "D.211"
TAXES_CODE = "D.21*-D.31"
VALUE_ADDED_CODE = "B.1g"
OUTPUT_CODE = "P.1"
# the table carries full floats; its total use and its output differ by up to €0.012m, and
# the FPB prints its tables to €0.1m: a gap above half of that is a change, not rounding
TOLERANCE_MEUR = 0.05
HEADER_ROW, FIRST_ROW, FIRST_COL = 1, 3, 3


@dataclass(frozen=True)
class FpbTable:
    """The domestic product × product table, € million at basic prices, 2015."""

    sha256: str
    products: tuple[str, ...]
    flows_meur: Matrix
    final_demand_meur: Vector
    output_meur: Vector
    value_added_meur: Vector
    imports_meur: Vector
    net_taxes_meur: Vector
    row_gap_meur: float
    column_gap_meur: float


def _text(sheet: RawSheet, row: int, col: int) -> str | None:
    cell = sheet.get(row, col)
    return None if cell is None or cell.value is None else str(cell.value).strip()


def _where(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


class _Reader:
    """Collects the problems of one sheet while its numbers are read."""

    def __init__(self, sheet: RawSheet) -> None:
        self.sheet = sheet
        self.problems: list[Problem] = []

    def expect(self, row: int, col: int, wanted: str, what: str) -> None:
        found = _text(self.sheet, row, col)
        if found != wanted:
            rule = f"expected {what} '{wanted}': the layout of the FPB table has changed"
            self.problems.append(Problem(SHEET, _where(row, col), found, rule))

    def number(self, row: int, col: int) -> float:
        cell = self.sheet.get(row, col)
        value = None if cell is None else cell.value
        if value is None:
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            rule = "expected a number (€ million) or an empty cell"
            self.problems.append(Problem(SHEET, _where(row, col), value, rule))
            return 0.0
        return float(value)

    def find_row(self, col: int, label: str, after: int) -> int:
        for row in self.sheet.rows_from(after):
            if _text(self.sheet, row, col) == label:
                return row
        where = f"column {get_column_letter(col)}"
        rule = f"no row labelled '{label}' in {where}: the layout of the FPB table has changed"
        self.problems.append(Problem(SHEET, None, label, rule))
        return 0


def _sheet_of(path: Path, expected_sha256: str) -> tuple[str, RawSheet | None, list[Problem]]:
    raw = read_workbook(path)
    problems = []
    if raw.sha256 != expected_sha256:
        rule = (
            f"SHA-256 {raw.sha256} is not the expected {expected_sha256} ({FPB_FILE}): the "
            "FPB file has changed; check the new release, then record its hash"
        )
        problems.append(Problem(None, None, path.name, rule))
    sheet = raw.sheets.get(SHEET)
    if sheet is None:
        rule = f"no sheet '{SHEET}' (Table 10, domestic product × product table)"
        problems.append(Problem(SHEET, None, sorted(raw.sheets), rule))
    return raw.sha256, sheet, problems


def read_fpb_table(
    path: Path,
    expected_sha256: str = FPB_SHA256,
    products: tuple[str, ...] = FPB_PRODUCTS,
    tolerance_meur: float = TOLERANCE_MEUR,
) -> FpbTable:
    """The domestic table of the FPB file at ``path``; ``InputError`` listing every change of
    hash, layout or balance (``products``: the codes expected, in order)."""
    sha256, sheet, problems = _sheet_of(path, expected_sha256)
    if sheet is None:
        raise InputError(problems)
    read = _Reader(sheet)
    n = len(products)
    for k, code in enumerate(products):
        read.expect(HEADER_ROW, FIRST_COL + k, code, "product code")
        read.expect(FIRST_ROW + k, 1, code, "product code")
    demand_cols = [FIRST_COL + n + 1 + k for k in range(len(FINAL_DEMAND))]
    for col, code in zip(demand_cols, FINAL_DEMAND, strict=True):
        read.expect(HEADER_ROW, col, code, "final-demand code")
    total_col = demand_cols[-1] + 1
    last = FIRST_ROW + n
    imports_row = read.find_row(2, IMPORTS_LABEL, last)
    labelled = [read.find_row(1, c, last) for c in (VAT_CODE, TAXES_CODE, VALUE_ADDED_CODE)]
    output_row = read.find_row(1, OUTPUT_CODE, last)
    if read.problems or problems:
        raise InputError(problems + read.problems)

    rows, cols = range(FIRST_ROW, last), range(FIRST_COL, FIRST_COL + n)
    flows = np.array([[read.number(r, c) for c in cols] for r in rows])
    final = np.array([sum(read.number(r, c) for c in demand_cols) for r in rows])
    total_use = np.array([read.number(r, total_col) for r in rows])

    def line(row: int) -> Vector:
        return np.array([read.number(row, c) for c in cols])

    output, imports = line(output_row), line(imports_row)
    vat, taxes, value_added = (line(r) for r in labelled)
    column_sum = flows.sum(axis=0) + imports + vat + taxes + value_added
    gaps = {
        "intermediate and final use against total use": (flows.sum(axis=1) + final, total_use),
        "total use against output (row P.1)": (total_use, output),
        "inputs, imports, taxes and value added against output": (column_sum, output),
    }
    for what, (left, right) in gaps.items():
        for gap in np.flatnonzero(np.abs(left - right) > tolerance_meur):
            k = int(gap)
            rule = (
                f"product {products[k]} does not balance: {what} differ by "
                f"{left[k] - right[k]:+.3f} €m (tolerance {tolerance_meur:g})"
            )
            col = FIRST_COL + k
            read.problems.append(Problem(SHEET, _where(output_row, col), float(right[k]), rule))
    if read.problems or problems:
        raise InputError(problems + read.problems)
    return FpbTable(
        sha256=sha256,
        products=products,
        flows_meur=flows,
        final_demand_meur=final,
        output_meur=output,
        value_added_meur=value_added,
        imports_meur=imports,
        net_taxes_meur=vat + taxes,
        row_gap_meur=float(
            max(
                np.abs(flows.sum(axis=1) + final - total_use).max(),
                np.abs(total_use - output).max(),
            )
        ),
        column_gap_meur=float(np.abs(column_sum - output).max()),
    )


def employment_code(product: str) -> str | None:
    """The NACE A64 industry whose employment stands for ``product``: the same digits (68_ is
    real estate's L68; 68a, the rent owner-occupiers impute to themselves, employs nobody)."""
    return {"68_": "68", "68a": None, "97": "97-98"}.get(product, product)


def read_employment(path: Path, products: tuple[str, ...] = FPB_PRODUCTS) -> tuple[str, Vector]:
    """(the file's SHA-256, persons employed per product) from NBB.stat's A64 employment file
    (columns ``sector,total_employed``; a sector is a NACE letter and digits, e.g. J62-63)."""
    import hashlib

    data = path.read_bytes()
    rows = list(csv.DictReader(data.decode("utf-8").splitlines()))
    by_code: dict[str, float] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        sector, count = (row.get("sector") or "").strip(), row.get("total_employed")
        try:
            by_code[sector[1:]] = float(count or "")
        except ValueError:
            rule = "expected a number of persons in column total_employed"
            problems.append(Problem(path.name, f"line {line}", count, rule))
    wanted = {c for c in map(employment_code, products) if c is not None}
    for code in sorted(wanted - set(by_code)):
        rule = "no employment for this industry: the employment file has changed"
        problems.append(Problem(path.name, None, code, rule))
    for code in sorted(set(by_code) - wanted):
        rule = "an industry no product of the table matches: the employment file has changed"
        problems.append(Problem(path.name, None, code, rule))
    if problems:
        raise InputError(problems)
    jobs = [by_code.get(employment_code(p) or "", 0.0) for p in products]
    return hashlib.sha256(data).hexdigest(), np.array(jobs)


def product_names(path: Path, products: tuple[str, ...] = FPB_PRODUCTS) -> dict[str, str]:
    """The FPB's Dutch description of each product (sheet ``class_pro``; '' when absent)."""
    sheet = read_workbook(path).sheets.get("class_pro")
    names: dict[str, str] = {}
    for row in sheet.rows_from(1) if sheet else []:
        code = _text(sheet, row, 1) if sheet else None
        if code in products and code not in names and sheet is not None:
            names[code] = _text(sheet, row, 2) or ""
    return {p: names.get(p, "") for p in products}
