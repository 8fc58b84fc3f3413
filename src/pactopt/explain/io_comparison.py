"""The workbook's impact coefficients beside the Belgian input-output table (issue 29).

For every instrument that names its CPA products, the workbook's central output per € and
jobs per €m are set beside what one € of final demand for those products makes in Belgium
according to the FPB's 2015 input-output table (``iotable.figures``): gross output, value
added, imports and jobs. Those figures are gross, demand-side and at 2015 prices: the effect
of spending the euro, through the supply chain, before displacement; not the long-run
productivity gain a digital investment is made for. What the workbook counts beyond the value
added of the demand effect is therefore what the plan assumes that gain to be.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pandas as pd

from pactopt.analysis.impacts import evaluate_plan, total
from pactopt.iotable.figures import LABEL, IOFigure, blend, shipped
from pactopt.schema.data import PactData
from pactopt.schema.rows import InstrumentRow
from pactopt.words import eur_text, meur_text, share_text

COLUMNS = [
    "instrument",
    "name",
    "domain",
    "cpa_products",
    "output_per_eur",
    "io_output_per_eur",
    "io_value_added_per_eur",
    "io_imports_per_eur",
    "beyond_demand_per_eur",
    "jobs_per_meur",
    "io_jobs_per_meur",
    "io_jobs_direct_per_meur",
    "io_sentence",
]
HEADING = f"The workbook beside the input-output table: {LABEL}"


def _products_words(shares: tuple[tuple[str, float], ...]) -> str:
    names = shipped().products
    if len(shares) == 1:
        code = shares[0][0]
        return f"{names[code].name_en} (CPA {code})"
    return ", ".join(f"{share:.0%} {names[code].name_en} (CPA {code})" for code, share in shares)


def instrument_jobs_per_meur(row: InstrumentRow) -> float:
    """The workbook's central jobs per €m, direct and indirect together."""
    return row.jobs_direct_per_meur_central + row.jobs_indirect_per_meur_central


def io_sentence(row: InstrumentRow, figure: IOFigure) -> str:
    """One sentence: what the workbook counts, what demand alone makes, what the difference is."""
    output, value_added = row.output_per_eur_central, figure.value_added_per_eur
    demand = (
        f"one € of demand for {_products_words(row.cpa_shares)} generates "
        f"{eur_text(value_added)} of value added in Belgium ({eur_text(figure.output_per_eur)} "
        f"of gross output, {figure.jobs_per_meur:.1f} jobs per €m; FPB 2015 table, gross, "
        "demand-side, 2015 prices)"
    )
    if output > value_added + 0.005:
        rest = (
            f"the rest, {eur_text(output - value_added)} per €, is the long-run productivity "
            "gain the plan relies on"
        )
    else:
        rest = "the demand effect alone accounts for what the workbook counts"
    return (
        f"The workbook counts {eur_text(output)} of output per € on {row.name}; {demand}; "
        f"{rest}. Its {instrument_jobs_per_meur(row):.2f} jobs per €m are net of displacement, "
        "the table's are gross."
    )


def io_comparison_table(data: PactData) -> pd.DataFrame:
    """One row per instrument with CPA products: the workbook's figures, the table's, and
    the sentence (an empty table when no instrument names its products)."""
    rows: list[dict[str, Any]] = []
    for row in data.instruments:
        if not row.cpa_shares:
            continue
        figure = blend(row.cpa_shares)
        rows.append(
            {
                "instrument": row.id,
                "name": row.name,
                "domain": row.domain,
                "cpa_products": row.cpa_products,
                "output_per_eur": row.output_per_eur_central,
                "io_output_per_eur": figure.output_per_eur,
                "io_value_added_per_eur": figure.value_added_per_eur,
                "io_imports_per_eur": figure.imports_per_eur,
                "beyond_demand_per_eur": row.output_per_eur_central - figure.value_added_per_eur,
                "jobs_per_meur": instrument_jobs_per_meur(row),
                "io_jobs_per_meur": figure.jobs_per_meur,
                "io_jobs_direct_per_meur": figure.jobs_direct_per_meur,
                "io_sentence": io_sentence(row, figure),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def io_domain_table(data: PactData) -> pd.DataFrame:
    """By domain, weighted by the reference plan's amounts: the workbook's output per € and
    jobs per €m beside the table's value added, gross output and jobs."""
    table = io_comparison_table(data)
    if table.empty:
        return table
    weight = {i.id: i.reference_plan_meur for i in data.instruments}
    table["weight"] = table["instrument"].map(weight)
    figures = [c for c in COLUMNS if c.endswith(("_per_eur", "_per_meur"))]
    weighted = table[figures].mul(table["weight"], axis=0)
    out = weighted.groupby(table["domain"], sort=False).sum()
    out = out.div(table.groupby("domain", sort=False)["weight"].sum(), axis=0)
    return out.reset_index()


def productivity_sentence(data: PactData, amounts_meur: dict[str, float] | None = None) -> str:
    """With Settings output_low_from_io: how much of the output a plan counts (default: the
    reference plan) rests on the productivity gain beyond the demand effect, that is on the
    gap between the workbook's central output per € and the table's value added ('' when the
    setting is off or no instrument has CPA products)."""
    if not data.settings.output_low_from_io or not any(r.cpa_shares for r in data.instruments):
        return ""
    demand_only = tuple(
        r.model_copy(update={"output_per_eur_central": r.output_per_eur_low}) if r.cpa_shares else r
        for r in data.instruments
    )
    assumed = total(evaluate_plan(data, amounts_meur)).output_meur
    demand = total(evaluate_plan(replace(data, instruments=demand_only), amounts_meur)).output_meur
    if assumed <= 0:
        return ""
    gap = assumed - demand
    plan = "the reference plan" if amounts_meur is None else "the plan"
    return (
        "Output per € runs from the input-output table's value added (low; gross, "
        "demand-side, 2015 prices) to the workbook's assumption (central), as Settings "
        f"output_low_from_io asks: of the {meur_text(assumed)} of output {plan} counts, "
        f"{meur_text(gap)} ({share_text(gap / assumed)}) rests on the productivity gain beyond "
        "the demand effect; the sensitivity of each group now spans that gap."
    )
