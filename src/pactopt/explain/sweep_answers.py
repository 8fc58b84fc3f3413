"""The answers the frontier and uncertainty workbooks lead with, on the headline basis (net,
undiscounted): the whole output-jobs trade-off in one sentence, and how sure net output and
net jobs are over the draws, with the threshold of 'funded' defined in words. The
discounted figures the model optimises are stated apart, under their own names."""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import pandas as pd

from pactopt.words import change_text, count_text, meur_text, share_text

# the frontier table's columns (report.tables.frontier_table)
OUTPUT, JOBS = "net_output_meur", "net_jobs"
OUTPUT_CHANGE, JOBS_CHANGE = "net_output_change", "net_jobs_change"
OUTPUT_DISCOUNTED, JOBS_DISCOUNTED = "net_output_discounted", "net_jobs_discounted"


def with_changes(table: pd.DataFrame) -> pd.DataFrame:
    """The frontier table with each point's change from point 1 (the most output) in net
    output and net jobs (as fractions; the sheet's format prints none as '−0.0%')."""
    first = table.iloc[0]

    def change(column: str) -> pd.Series:
        return pd.Series(table[column] / float(first[column]) - 1)

    return table.assign(**{OUTPUT_CHANGE: change(OUTPUT), JOBS_CHANGE: change(JOBS)})


def _point(row: Mapping[Hashable, object], column: str, money: bool) -> str:
    value = float(str(row[column]))
    text = meur_text(value) if money else count_text(value)
    return f"{text} at point {int(str(row['point']))}"


def frontier_sentences(table: pd.DataFrame) -> list[str]:
    """The whole trade-off (from ``with_changes``): the largest loss of net output and the
    largest gain of net jobs along the frontier against point 1, with the points' figures;
    then the same ends on the discounted figures the frontier is traced on."""
    points = table.to_dict("records")
    first, last = points[0], points[-1]
    lowest = min(points, key=lambda p: float(p[OUTPUT_CHANGE]))
    highest = max(points, key=lambda p: float(p[JOBS_CHANGE]))
    loss = float(lowest[OUTPUT_CHANGE])
    gain = float(highest[JOBS_CHANGE])
    output = (
        f"at most {change_text(loss, most=3)} net output ({_point(first, OUTPUT, True)}, "
        f"{_point(lowest, OUTPUT, True)})"
        if loss < 0
        else f"no loss of net output ({_point(first, OUTPUT, True)} is the least)"
    )
    answer = (
        f"The whole trade-off on the headline basis: {output} for at most "
        f"{change_text(gain, most=3)} net jobs ({_point(first, JOBS, False)}, "
        f"{_point(highest, JOBS, False)}), over {len(points)} plans from the most output "
        "to the most jobs."
    )
    discounted = (
        "The frontier is traced on the discounted figures the model optimises: Net output, "
        f"discounted (€m) goes from {float(first[OUTPUT_DISCOUNTED]):,.0f} to "
        f"{float(last[OUTPUT_DISCOUNTED]):,.0f} and Net jobs, discounted from "
        f"{float(first[JOBS_DISCOUNTED]):,.0f} to {float(last[JOBS_DISCOUNTED]):,.0f}, over "
        "the same points."
    )
    return [answer, discounted]


def uncertainty_sentences(
    percentiles: pd.DataFrame, robustness: pd.DataFrame, threshold: float, draws: int
) -> list[str]:
    """How sure: the 5th-95th percentile range of net output and net jobs (the percentile
    table's first two rows) and their medians; how many instruments are a robust core or
    fragile; what 'funded above the threshold' means."""
    rows = {str(r["figure"]): r for r in percentiles.to_dict("records")}
    output = {k: float(v) for k, v in rows["Net output (€m)"].items() if k != "figure"}
    jobs = {k: float(v) for k, v in rows["Net jobs"].items() if k != "figure"}
    verdicts = robustness["verdict"].str.split(":").str[0]
    core = int((verdicts == "robust core").sum())
    fragile = int((verdicts == "fragile").sum())
    sure = (
        f"How sure: in 90% of {draws} draws of the impact coefficients, net output lies "
        f"between {meur_text(output['p5'])} and {meur_text(output['p95'])} (median "
        f"{meur_text(output['p50'])}) and net jobs between {count_text(jobs['p5'])} and "
        f"{count_text(jobs['p95'])} (median {count_text(jobs['p50'])}). Each draw is "
        "re-optimised: these are the best plans for each draw, not one plan under the draws."
    )
    funded = (
        f"Of {len(robustness)} instruments, {core} are a robust core and {fragile} fragile. "
        "An instrument counts as funded above its threshold in a draw when its total is "
        f"above its floor plus {share_text(threshold)} of the way to its ceiling "
        "(Instruments min_total_meur and max_total_meur; the column 'Funded above (€m)'): a robust "
        "core is above it in at least 90% of draws, fragile in more than 10% and less than "
        "90%, 'rarely above' in at most 10% (at its floor or funded, but not above it)."
    )
    return [sure, funded]
