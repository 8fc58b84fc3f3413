"""The input-output layer (issue 29): the Leontief arithmetic on a 3 × 3 table derived by hand,
the shipped CSV's consistency and provenance, the FPB reader's refusals on a small synthetic
file, and the rules of an instrument's ``cpa_products``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from pactopt.errors import InputError
from pactopt.iotable.figures import COLUMNS, FIGURE_COLUMNS, blend, parse_cpa_products, shipped
from pactopt.iotable.fpb import (
    FINAL_DEMAND,
    FPB_PRODUCTS,
    FPB_SHA256,
    IMPORTS_LABEL,
    read_fpb_table,
)
from pactopt.iotable.leontief import demand_side

pytestmark = pytest.mark.fast

# The hand-made table. A = [[0, 1/4, 0], [0, 0, 1/2], [0, 0, 0]] is nilpotent, so
# L = I + A + A² = [[1, 1/4, 1/8], [0, 1, 1/2], [0, 0, 1]]: column sums 1, 5/4, 13/8.
# x = (100, 300, 400): Z12 = 1/4 × 300 = 75, Z23 = 1/2 × 400 = 200; final demand 25, 100, 400.
# Columns: 0 + VA 60 + imports 40 = 100; 75 + 150 + 75 = 300; 200 + 100 + 80 + taxes 20 = 400.
# v = (.6, .5, .25): vL = (.6, .6/4 + .5, .6/8 + .5/2 + .25) = (.6, .65, .575)
# m = (.4, .25, .2): mL = (.4, .1 + .25, .05 + .125 + .2) = (.4, .35, .375); t L = (0, 0, .05)
# jobs (500, 600, 800): e = (5, 2, 2), eL = (5, 1.25 + 2, .625 + 1 + 2) = (5, 3.25, 3.625)
PRODUCTS = ("01", "02", "03")
FLOWS = [[0.0, 75.0, 0.0], [0.0, 0.0, 200.0], [0.0, 0.0, 0.0]]
FINAL = [25.0, 100.0, 400.0]
OUTPUT = [100.0, 300.0, 400.0]
VALUE_ADDED = [60.0, 150.0, 100.0]
IMPORTS = [40.0, 75.0, 80.0]
TAXES = [0.0, 0.0, 20.0]
JOBS = [500.0, 600.0, 800.0]


def test_leontief_multipliers_of_a_3x3_table_derived_by_hand() -> None:
    d = demand_side(
        PRODUCTS,
        np.array(FLOWS),
        np.array(OUTPUT),
        np.array(VALUE_ADDED),
        np.array(IMPORTS),
        np.array(TAXES),
        np.array(JOBS),
    )
    exact = 1e-12  # every number above is a binary fraction: only the inversion rounds
    assert d.leontief == pytest.approx(
        np.array([[1, 0.25, 0.125], [0, 1, 0.5], [0, 0, 1]]), abs=exact
    )
    assert d.output_per_eur == pytest.approx([1.0, 1.25, 1.625], abs=exact)
    assert d.value_added_per_eur == pytest.approx([0.6, 0.65, 0.575], abs=exact)
    assert d.imports_per_eur == pytest.approx([0.4, 0.35, 0.375], abs=exact)
    assert d.net_taxes_per_eur == pytest.approx([0.0, 0.0, 0.05], abs=exact)
    assert d.jobs_direct_per_meur == pytest.approx([5.0, 2.0, 2.0], abs=exact)
    assert d.jobs_indirect_per_meur == pytest.approx([0.0, 1.25, 1.625], abs=exact)
    assert d.jobs_per_meur == pytest.approx([5.0, 3.25, 3.625], abs=exact)
    # every € of final demand ends as value added, imports or taxes
    total = d.value_added_per_eur + d.imports_per_eur + d.net_taxes_per_eur
    assert total == pytest.approx([1.0, 1.0, 1.0], abs=exact)


def test_the_shipped_csv_has_every_product_its_units_and_its_sources() -> None:
    table = shipped()
    assert tuple(table.products) == FPB_PRODUCTS
    assert table.meta["source_sha256"] == FPB_SHA256
    assert len(table.meta["employment_sha256"]) == 64
    assert "Federal Planning Bureau" in table.meta["attribution"]
    assert "terms of reuse" in table.meta
    assert "gross, demand-side, 2015 prices" in table.meta["figures"]
    for name in COLUMNS:  # every column has its unit and its formula in the header
        assert f"column {name}" in table.meta, name
    for product in table.products.values():
        f = product.figure
        assert f.output_per_eur >= 1  # a euro of demand makes at least itself
        assert f.value_added_per_eur + f.imports_per_eur + f.net_taxes_per_eur == pytest.approx(
            1, abs=3e-4
        )
        assert f.jobs_per_meur == pytest.approx(f.jobs_direct_per_meur + f.jobs_indirect_per_meur)
    # the figures the issue quotes from the table
    figures = {c: table.products[c].figure for c in ("61", "62-63", "41-43", "85")}
    assert figures["61"].output_per_eur == pytest.approx(1.40, abs=0.005)
    assert figures["62-63"].output_per_eur == pytest.approx(1.59, abs=0.005)
    assert figures["41-43"].output_per_eur == pytest.approx(2.13, abs=0.005)
    assert figures["85"].output_per_eur == pytest.approx(1.14, abs=0.005)


def test_a_blend_is_the_weighted_sum_of_its_products() -> None:
    table = shipped()
    mixed = blend((("61", 0.6), ("41-43", 0.4)))
    for column in FIGURE_COLUMNS:
        a = getattr(table.products["61"].figure, column)
        b = getattr(table.products["41-43"].figure, column)
        assert getattr(mixed, column) == pytest.approx(0.6 * a + 0.4 * b)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("99", "'99' is not a product of the FPB table"),
        ("61;85", "'61' needs a share"),
        ("61:0.6;85:0.6", "add up to 1.2, not 1"),
        ("61:x", "share 'x' of 61 is not a number"),
        ("61:0;85:1", "must be above 0"),
        ("61:0.5;61:0.5", "appears twice"),
        (" ; ", "give CPA codes"),
    ],
)
def test_cpa_products_refuses(text: str, rule: str) -> None:
    with pytest.raises(ValueError, match=rule.replace("(", r"\(").replace(")", r"\)")):
        parse_cpa_products(text)


def test_cpa_products_reads_codes_and_shares() -> None:
    assert parse_cpa_products("85") == (("85", 1.0),)
    assert parse_cpa_products(" 61:0.6; 41-43:0.4 ") == (("61", 0.6), ("41-43", 0.4))


def _synthetic(
    path: Path, header: tuple[str, ...] = PRODUCTS, flows: list[list[float]] = FLOWS
) -> str:
    """A 3-product file in the FPB's tbl_10 layout; its SHA-256."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "tbl_10"
    n = len(PRODUCTS)
    for k, code in enumerate(header):
        ws.cell(1, 3 + k, code)
    ws.cell(2, 3 + n, "Totaal")
    for k, code in enumerate(FINAL_DEMAND):
        ws.cell(1, 4 + n + k, code)
    total_col = 4 + n + len(FINAL_DEMAND)
    ws.cell(2, total_col, "Totaal gebruik basisprijzen")
    for i, code in enumerate(PRODUCTS):
        ws.cell(3 + i, 1, code)
        for j in range(n):
            ws.cell(3 + i, 3 + j, flows[i][j])
        ws.cell(3 + i, 4 + n, FINAL[i])  # households' consumption
        ws.cell(3 + i, total_col, OUTPUT[i])
    rows = [
        (
            None,
            "Intermediair/finaal verbruik (binnenlandse output)",
            [sum(c) for c in zip(*flows, strict=True)],
        ),
        (None, IMPORTS_LABEL, IMPORTS),
        ("D.211", "Btw", [0.0] * n),
        ("D.21*-D.31", "Productgebonden belastingen", TAXES),
        ("B.1g", "Toegevoegde waarde (bruto)", VALUE_ADDED),
        ("P.1", "Output (basisprijzen)", OUTPUT),
    ]
    for r, (code, label, values) in enumerate(rows, start=3 + n):
        ws.cell(r, 1, code)
        ws.cell(r, 2, label)
        for j, value in enumerate(values):
            ws.cell(r, 3 + j, value)
    wb.save(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_reader_takes_a_table_in_the_fpb_layout(tmp_path: Path) -> None:
    path = tmp_path / "io.xlsx"
    sha = _synthetic(path)
    table = read_fpb_table(path, expected_sha256=sha, products=PRODUCTS)
    assert table.sha256 == sha
    assert table.flows_meur.tolist() == FLOWS
    assert table.output_meur.tolist() == OUTPUT
    assert table.final_demand_meur.tolist() == FINAL
    assert table.row_gap_meur == table.column_gap_meur == 0


def test_the_reader_refuses_a_renamed_column(tmp_path: Path) -> None:
    path = tmp_path / "io.xlsx"
    sha = _synthetic(path, header=("01", "2", "03"))
    with pytest.raises(InputError) as caught:
        read_fpb_table(path, expected_sha256=sha, products=PRODUCTS)
    (problem,) = caught.value.errors
    assert (problem.where, problem.value) == ("tbl_10!D1", "2")
    assert "expected product code '02'" in problem.rule


def test_the_reader_refuses_a_changed_hash(tmp_path: Path) -> None:
    path = tmp_path / "io.xlsx"
    sha = _synthetic(path)
    with pytest.raises(InputError) as caught:
        read_fpb_table(path, expected_sha256=FPB_SHA256, products=PRODUCTS)
    (problem,) = caught.value.errors
    assert sha in problem.rule and FPB_SHA256 in problem.rule
    assert "the FPB file has changed" in problem.rule


def test_the_reader_refuses_a_table_that_does_not_balance(tmp_path: Path) -> None:
    path = tmp_path / "io.xlsx"
    flows = [row[:] for row in FLOWS]
    flows[0][1] += 1.0  # product 01 now supplies €1m more than it makes; 02 uses €1m more
    sha = _synthetic(path, flows=flows)
    with pytest.raises(InputError) as caught:
        read_fpb_table(path, expected_sha256=sha, products=PRODUCTS)
    rules = [(p.where, p.rule) for p in caught.value.errors]
    assert any(w == "tbl_10!C11" and "product 01 does not balance" in r for w, r in rules), rules
    assert any(w == "tbl_10!D11" and "product 02 does not balance" in r for w, r in rules), rules
