"""Derive the demand-side figures pactopt ships from the FPB's 2015 input-output table.

    python tools/io_multipliers.py vR64_nl_20191213.xlsx employment_NACE64_2019.csv

reads the FPB file (download it from plan.be, database data-63, "Input-Output Tables 2015"),
refuses it when its SHA-256, its layout or its balances changed (every problem named), prints
the balance check and the figures of the products the reference workbook maps its instruments
to, and writes src/pactopt/data/io_be_2015_v1.csv (``--out`` elsewhere, ``--check`` to compare
with the shipped file instead of writing). The employment file is NBB.stat's A64 employment
(2019), as kept in github.com/twallema/pyIEEM. Exit 2 on a refused file, 1 when --check differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pactopt.errors import InputError
from pactopt.iotable.derive import Sources, render_csv
from pactopt.iotable.figures import SHIPPED
from pactopt.iotable.fpb import product_names, read_employment, read_fpb_table
from pactopt.iotable.leontief import demand_side

SHIPPED_PATH = Path(__file__).resolve().parents[1] / "src" / "pactopt" / "data" / SHIPPED
SHOWN = ("26", "41-43", "61", "62-63", "71", "72", "80-82", "84", "85")


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, derive, print, write; the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", type=Path, help="vR64_nl_20191213.xlsx")
    parser.add_argument("employment", type=Path, help="employment_NACE64_2019.csv")
    parser.add_argument("--out", type=Path, default=SHIPPED_PATH)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        table = read_fpb_table(args.table)
        employment_sha256, jobs = read_employment(args.employment, table.products)
    except InputError as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 2
    demand = demand_side(
        table.products,
        table.flows_meur,
        table.output_meur,
        table.value_added_meur,
        table.imports_meur,
        table.net_taxes_meur,
        jobs,
    )
    print(f"source sha256 {table.sha256} (as expected)")
    print(
        f"balance: {len(table.products)} products; rows (intermediate + final use = total use "
        f"= output) within {table.row_gap_meur:.4f} €m, columns (inputs + imports + taxes + "
        f"value added = output) within {table.column_gap_meur:.1e} €m"
    )
    identity = abs(
        demand.value_added_per_eur + demand.imports_per_eur + demand.net_taxes_per_eur - 1
    )
    print(f"value added + imports + taxes per € of final demand = 1 within {identity.max():.1e}")
    print("product  output/€  VA/€   imports/€  jobs/€m (direct + indirect)")
    for code in SHOWN:
        k = table.products.index(code)
        print(
            f"{code:7s}  {demand.output_per_eur[k]:7.3f}  {demand.value_added_per_eur[k]:5.3f}"
            f"  {demand.imports_per_eur[k]:8.3f}   {demand.jobs_per_meur[k]:5.2f} "
            f"({demand.jobs_direct_per_meur[k]:.2f} + {demand.jobs_indirect_per_meur[k]:.2f})"
        )
    sources = Sources(table.sha256, employment_sha256, product_names(args.table, table.products))
    text = render_csv(table, demand, jobs, sources)
    if args.check:
        same = args.out.read_text(encoding="utf-8") == text
        print(f"{args.out}: {'identical' if same else 'DIFFERS'}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
