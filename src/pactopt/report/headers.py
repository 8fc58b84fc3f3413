"""How the columns of the output workbooks are shown: the header in words with its unit and the
number format that follows from what the column means.

The tables themselves (and the JSON and CSV exports) keep machine names such as
``optimised_meur``; only the workbook writer turns them into headers, through :func:`column`,
and the reader of results workbooks (``results_read.py``) finds its columns the same way. A
name without an entry below gets a header from its words and a format from its suffix
(``_meur`` €m, ``_per_meur`` a rate, ``jobs`` whole jobs, ``share`` %).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

MINUS = "\u2212"  # a true minus sign, not the hyphen


class Kind(Enum):
    """What the numbers of a column are, which decides how they are shown."""

    MEUR = "€m"  # whole €m with thousands separators
    JOBS = "jobs"  # whole jobs
    SHARE = "share"  # a share or a probability, as %
    CHANGE = "change"  # a small relative change, as % with one decimal
    RATE = "rate"  # per-€ values and marginal values: two decimals
    COUNT = "count"  # a rank, a point, a draw: a plain integer
    YEAR = "year"  # 2027, without a thousands separator
    TEXT = "text"  # names, ids, cells: one line
    SENTENCE = "sentence"  # sentences: wrapped in a capped column


# a value that rounds to 0 prints as 0, never '−0' (−0.3 fell in the negative section): the
# sections are conditions on the value as printed
NUMBER_FORMATS = {
    Kind.MEUR: f'[>=0.5]#,##0;[<=-0.5]"{MINUS}"#,##0;0',
    Kind.JOBS: f'[>=0.5]#,##0;[<=-0.5]"{MINUS}"#,##0;0',
    Kind.SHARE: f'[>=0.005]0%;[<=-0.005]"{MINUS}"0%;0%',
    Kind.CHANGE: f'[>=0.0005]0.0%;[<=-0.0005]"{MINUS}"0.0%;0.0%',
    Kind.RATE: f'[>=0.005]#,##0.00;[<=-0.005]"{MINUS}"#,##0.00;0.00',
    Kind.COUNT: "0",
    Kind.YEAR: "0",
}


@dataclass(frozen=True)
class Column:
    """The header and the kind of one output column."""

    header: str
    kind: Kind

    @property
    def number_format(self) -> str:
        """The Excel number format of its numbers (General for text)."""
        return NUMBER_FORMATS.get(self.kind, "General")


def _c(header: str, kind: Kind) -> Column:
    return Column(header, kind)


M, J, S, R, N, T, W = (
    Kind.MEUR,
    Kind.JOBS,
    Kind.SHARE,
    Kind.RATE,
    Kind.COUNT,
    Kind.TEXT,
    Kind.SENTENCE,
)

# machine name → column, declared once for every output workbook
COLUMNS: dict[str, Column] = {
    # ids and names
    "instrument": _c("Instrument", T),
    "domain": _c("Domain", T),
    "name": _c("Name", T),
    "funder": _c("Funder", T),
    "project": _c("Project", T),
    "kind": _c("Kind", T),
    "id": _c("Id", T),
    "year": _c("Year", Kind.YEAR),
    "total": _c("Total (€m)", M),
    "row": _c("Line → domain, and the proof", T),
    "figure": _c("Figure", T),
    "unit": _c("Unit", T),
    "basis": _c("Basis", T),
    "step": _c("Step", W),
    "cells": _c("Cells", W),
    "source": _c("Source", W),
    "source_line": _c("Source (on this figure)", T),
    "rule": _c("Rule", T),
    "constraint": _c("Constraint", T),
    # plan figures against the reference plan (€m and jobs rows alike are whole numbers)
    "optimised": _c("Optimised", M),
    "reference": _c("Reference plan", M),
    "difference": _c("Difference", M),
    "optimised_meur": _c("Optimised (€m)", M),
    "reference_meur": _c("Reference plan (€m)", M),
    "min_total_meur": _c("Floor (€m)", M),
    "max_total_meur": _c("Ceiling (€m)", M),
    "public_meur": _c("Public, national and EU (€m)", M),
    "eu_meur": _c("of which EU (€m)", M),
    "private_meur": _c("Private (€m)", M),
    "national_meur": _c("of which national (€m)", M),
    "net_output_meur": _c("Net output (€m)", M),
    "net_jobs": _c("Net jobs", J),
    "output_meur": _c("Output (€m)", M),
    "jobs": _c("Jobs", J),
    "savings_meur": _c("Savings (€m)", M),
    "cost_meur": _c("Cost (€m)", M),
    "short_meur": _c("Short by (€m)", R),  # two decimals, as its sentences say it (12.5)
    # the answer as a few moves (the Moves sheet)
    "moves_taken": _c("Moves taken (k)", N),
    "change_meur": _c("Change at that k (€m)", M),
    "change_in_plan_meur": _c("Change in the plan shown (€m)", M),
    "value_added_meur": _c("Value added (€m)", M),
    "net_output_added_meur": _c("Net output added (€m)", M),
    "net_jobs_added": _c("Net jobs added", J),
    "captured_share": _c("Share of the gain captured", S),
    "money": _c("Where the money comes from (€m)", W),
    "value_meur": _c("Value (€m)", M),
    "moved": _c("Moves added (+) or given up (−) from the point before", W),
    # the mid-term review
    "area": _c("Domain or pact", T),
    "floor_meur": _c("Floor (€m)", M),
    "ceiling_meur": _c("Ceiling (€m)", M),
    "pace_to_date_meur": _c("Reference plan's pace to date (€m)", M),
    "spent_to_date_meur": _c("Spent to date (€m)", M),
    "replan_adds_meur": _c("The re-plan adds (€m)", M),
    "total_meur": _c("Total (€m)", M),
    "spent_to_date_buys": _c("The money spent to date buys", M),
    "replan_adds": _c("The re-plan adds", M),
    "target": _c("The pact's target", M),
    "by_meur": _c("Broken by (€m)", R),
    # global sensitivity (pactopt sensitivity): indices are shares (Sobol) or slopes (Morris)
    "response": _c("Response", T),
    "group": _c("Estimate", T),
    "estimate": _c("Estimate", T),
    "instruments": _c("Instruments", W),
    "S1": _c("First-order index", R),
    "S1_conf": _c("First-order ± (95%)", R),
    "ST": _c("Total index", R),
    "ST_conf": _c("Total ± (95%)", R),
    "mu_star": _c("Morris μ*", R),
    "mu_star_conf": _c("Morris μ* ± (95%)", R),
    "net_output_ST": _c("Net output: total index", R),
    "net_jobs_ST": _c("Net jobs: total index", R),
    "net_output_mu_star": _c("Net output: Morris μ*", R),
    "net_jobs_mu_star": _c("Net jobs: Morris μ*", R),
    "lowest_meur": _c("Lowest (€m)", M),
    "highest_meur": _c("Highest (€m)", M),
    "value_of_decision_meur": _c("Value of the decision (€m)", M),
    "value_at_stake_meur": _c("Value at stake (€m)", M),
    "built": _c("Built", T),
    "mandatory": _c("Mandatory", T),
    "verdict": _c("Verdict", T),
    # marginal values and binding rules (€m of value per €m of the limit)
    "value_per_meur": _c("Value of one more €m (€m)", R),
    "valid_from": _c("Valid from", R),
    "valid_to": _c("Valid to", R),
    "valid_from_meur": _c("Valid from (€m)", R),
    "valid_to_meur": _c("Valid to (€m)", R),
    "limit_now_meur": _c("Limit now (€m)", R),
    "change_down_meur": _c("Holds for a change down to (€m)", R),
    "change_up_meur": _c("Holds for a change up to (€m)", R),
    "blocked_by": _c("Kept out by (cells)", T),
    "output_meur_per_meur": _c("Net output per €m (€m)", R),
    "jobs_per_meur": _c("Net jobs per €m", R),
    "savings_meur_per_meur": _c("Savings per €m (€m)", R),
    # the workbook's coefficients beside the input-output table (gross, demand-side, 2015)
    "cpa_products": _c("CPA products (FPB table)", T),
    "output_per_eur": _c("Workbook: output per €", R),
    "io_output_per_eur": _c("Table: gross output per €", R),
    "io_value_added_per_eur": _c("Table: value added per €", R),
    "io_imports_per_eur": _c("Table: imports per €", R),
    "beyond_demand_per_eur": _c("Workbook beyond the table's value added (€ per €)", R),
    "io_jobs_per_meur": _c("Table: gross jobs per €m", R),
    "io_jobs_direct_per_meur": _c("Table: of which direct", R),
    "io_sentence": _c("In words", W),
    "what": _c("What", W),
    "meaning": _c("Meaning", W),
    "sentence": _c("What binds, in words", W),
    "explanation": _c("Explanation", W),
    "how": _c("How it matters", W),
    "rank": _c("Rank", N),
    "rows": _c("Binding rows", N),
    "limit": _c("Limit a planner can change", W),
    "when": _c("Years it binds", T),
    "value_per_meur_each_year": _c("Value of one more €m a year (€m)", R),
    # frontier
    "point": _c("Point", N),
    "jobs_floor": _c("Jobs asked for (discounted)", J),
    "net_output_discounted": _c("Net output, discounted (€m)", M),
    "net_jobs_discounted": _c("Net jobs, discounted", J),
    "net_output_change": _c("Net output vs point 1 (%)", Kind.CHANGE),
    "net_jobs_change": _c("Net jobs vs point 1 (%)", Kind.CHANGE),
    # uncertainty
    "draw": _c("Draw", N),
    "net_output": _c("Net output (€m)", M),
    "output": _c("Output (€m)", M),
    "savings": _c("Savings (€m)", M),
    # the robust plan against the central one (the Robustness sheet)
    "plan": _c("Plan", T),
    "cvar": _c("Mean of the worst tail (CVaR)", M),
    "central_plan_meur": _c("Central plan (€m)", M),
    "robust_plan_meur": _c("Robust plan (€m)", M),
    "robust_minus_central_meur": _c("Robust minus central (€m)", M),
    # a scenario's changes against the base (the Scenarios sheet)
    "scenario": _c("Scenario", T),
    "net_output_vs_base_meur": _c("Net output vs base (€m)", M),
    "net_jobs_vs_base": _c("Net jobs vs base", J),
    "public_vs_base_meur": _c("Public money vs base (€m)", M),
    "private_vs_base_meur": _c("Private money vs base (€m)", M),
    # a draw's figures: the headline basis, then the objective's (discounted) terms
    "output_discounted": _c("Gross output, discounted (€m)", M),
    "jobs_discounted": _c("Gross jobs, discounted", J),
    "savings_discounted": _c("Savings, discounted (€m)", M),
    "p5": _c("5th percentile", M),
    "p25": _c("25th percentile", M),
    "p50": _c("Median", M),
    "p75": _c("75th percentile", M),
    "p95": _c("95th percentile", M),
    "mean": _c("Mean", M),
    "threshold_meur": _c("Funded above (€m)", M),
    "share_of_draws_above": _c("Share of draws funded above", S),
    # the bridge chart's helper columns
    "bridge_base": _c("Base (€m)", M),
    "gain_meur": _c("Gain (€m)", M),
    "loss_meur": _c("Loss (€m)", M),
}

# machine names that appear as row labels (the Uncertainty figures) shown in words
ROW_LABELS = {
    "net_output_meur": "Net output (€m)",
    "net_jobs_undiscounted": "Net jobs",
    # the Uncertainty figures are the objective's: discounted (pactopt.glossary)
    "net_output": "Net output, discounted (€m)",
    "net_jobs": "Net jobs, discounted",
    "output": "Gross output, discounted (€m)",
    "jobs": "Gross jobs, discounted",
    "savings": "Savings, discounted (€m)",
}


def column(name: object) -> Column:
    """The header and kind of the column ``name``: declared above, else derived from it (a
    year column holds €m, a ``*_meur`` column €m, and so on)."""
    if isinstance(name, int):
        return Column(str(name), Kind.MEUR)  # a year column of an allocation or ledger
    text = str(name)
    if text in COLUMNS:
        return COLUMNS[text]
    if text.endswith(("_per_meur", "_per_eur")):
        return Column(_words(text), Kind.RATE)
    if text.endswith("_meur"):
        return Column(f"{_words(text.removesuffix('_meur'))} (€m)", Kind.MEUR)
    if "jobs" in text:
        return Column(_words(text), Kind.JOBS)
    if text.startswith("share"):
        return Column(_words(text), Kind.SHARE)
    return Column(text, Kind.MEUR)  # a domain id or a scenario name, as it is: €m


def header(name: object) -> str:
    """The header shown in a workbook for the machine name ``name``."""
    return column(name).header


def _words(name: str) -> str:
    """'net_output' → 'Net output'; an id such as 'HC' stays as it is."""
    if name.isupper() or "_" not in name:
        return name
    text = name.replace("_", " ")
    return text[0].upper() + text[1:]
