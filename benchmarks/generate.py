"""Generate valid, scaled pact data sets: instruments × regions × years × funders, with budget
lines per region, leverage limits and diminishing-returns curves.

Each region has its own copy of the five pact domains (``HC_R3`` …), and a region's budget
lines may be shifted only to two of its own domains, as a municipality's or region's own
budget funds its own instruments: the number of variables then grows linearly with the number
of instruments, as it would in a regional or municipal plan.

The data is built directly as validated ``PactData`` (the same frozen rows the reader
returns), so sizes up to millions of variables do not need a workbook; ``--xlsx`` writes the
small ones as workbooks too.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pactopt.schema.data import PactData
from pactopt.schema.rows import (
    BudgetLineRow,
    CurveRow,
    DomainRow,
    EligibilityRow,
    FunderRow,
    InstrumentRow,
)
from pactopt.schema.settings import Settings

DOMAINS = ("HC", "ECO", "INF", "EGOV", "TRUST")
SOURCE = "ASSUMED: generated benchmark data"


def scaled_pact(
    instruments_per_region: int, regions: int, years: int = 12, lp_method: str = "choose"
) -> PactData:
    """A feasible pact with ``instruments_per_region × regions`` instruments."""
    first = 2025
    settings = Settings(
        first_year=first,
        last_year=first + years - 1,
        budget_neutral=True,
        mip_gap=1e-4,
        solver_time_limit_s=3600,
        lp_method=lp_method,
    )
    year_list = range(first, first + years)

    def domain(base: str, region: int) -> str:
        return f"{base}_R{region}"

    domains = tuple(
        DomainRow(id=domain(d, r), name=f"{d} in region {r}", source=SOURCE)
        for r in range(regions)
        for d in DOMAINS
    )
    instruments = []
    curves = []
    for r in range(regions):
        for k in range(instruments_per_region):
            iid = f"I{k}_R{r}"
            out = 1.0 + (k * 7 + r * 3) % 10 / 20
            instruments.append(
                InstrumentRow(
                    id=iid,
                    domain=domain(DOMAINS[k % len(DOMAINS)], r),
                    name=iid,
                    min_total_meur=0,
                    max_total_meur=100 + k % 50,
                    max_per_year_meur=30,
                    public_share_min=0.1 * (k % 4),
                    public_share_max=0.3 + 0.1 * (k % 5),
                    private_leverage_max=3.0,
                    output_per_eur_low=out * 0.8,
                    output_per_eur_central=out,
                    output_per_eur_high=out * 1.2,
                    jobs_direct_per_meur_low=0.4,
                    jobs_direct_per_meur_central=0.5,
                    jobs_direct_per_meur_high=0.6,
                    jobs_indirect_per_meur_low=0.5,
                    jobs_indirect_per_meur_central=0.6,
                    jobs_indirect_per_meur_high=0.7,
                    source=SOURCE,
                )
            )
            if k % 10 == 0:
                curves += [
                    CurveRow(
                        instrument=iid,
                        segment=1,
                        upper_cum_meur=50,
                        output_factor=1.0,
                        source=SOURCE,
                    ),
                    CurveRow(
                        instrument=iid,
                        segment=2,
                        upper_cum_meur=100,
                        output_factor=0.6,
                        source=SOURCE,
                    ),
                ]
    funders = (
        FunderRow(id="federal", name="federal", kind="public", source=SOURCE),
        FunderRow(id="regional", name="regional", kind="public", source=SOURCE),
        FunderRow(id="eu", name="eu", kind="EU", new_money_cap_total_meur=1000.0, source=SOURCE),
        FunderRow(id="private", name="private", kind="private", source=SOURCE),
    )
    eligibility = tuple(
        EligibilityRow(funder=f.id, domain=d.id, allowed=True, source=SOURCE)
        for f in funders
        for d in domains
    )
    lines = tuple(
        BudgetLineRow(
            id=f"L{r}_{owner}",
            owner=owner,
            name=f"line {r}",
            max_shift_share=0.1,
            to_domains=(domain(DOMAINS[r % 5], r), domain(DOMAINS[(r + 1) % 5], r)),
            output_forgone_per_eur=0.9,
            jobs_forgone_per_meur=0.8,
            baseline_meur={y: 50.0 * instruments_per_region for y in year_list},
            source=SOURCE,
        )
        for r in range(regions)
        for owner in ("federal", "regional")
    )
    return PactData(
        settings=settings,
        domains=domains,
        instruments=tuple(instruments),
        curves=tuple(curves),
        funders=funders,
        eligibility=eligibility,
        budget_lines=lines,
        projects=(),
        links=(),
        switches=(),
        scenarios=(),
    )


def write_workbook(data: PactData, path: Path) -> None:
    """Write ``data`` as an input workbook (the template, filled in)."""
    from pactopt.template.examples import ExampleData
    from pactopt.template.generate import build_template
    from pactopt.xlsx.write import save_atomically

    sheets = {
        "Domains": [r.model_dump() for r in data.domains],
        "Instruments": [r.model_dump() for r in data.instruments],
        "Curves": [r.model_dump() for r in data.curves],
        "Funders": [r.model_dump() for r in data.funders],
        "Eligibility": [r.model_dump() for r in data.eligibility],
        "BudgetLines": [r.model_dump() for r in data.budget_lines],
    }
    settings = {k: (v, SOURCE) for k, v in data.settings.model_dump().items() if v is not None}
    save_atomically(build_template(ExampleData(settings=settings, sheets=sheets)), path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instruments", type=int, default=20)
    parser.add_argument("--regions", type=int, default=5)
    parser.add_argument("--xlsx", type=Path, help="also write it as an input workbook")
    args = parser.parse_args()
    data = scaled_pact(args.instruments, args.regions)
    print(f"{len(data.instruments)} instruments, {len(data.budget_lines)} budget lines")
    if args.xlsx:
        write_workbook(data, args.xlsx)
        print(f"written to {args.xlsx}")


if __name__ == "__main__":
    main()
