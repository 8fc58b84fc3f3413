"""What each scenario changes against the base, on the headline basis (net, undiscounted):
net output, net jobs, public and private money, one line per scenario, from the
comparison's table (figure × run, the base first). The lines and the table of differences
lead the Scenarios sheet of ``solve --all-scenarios``; the chart draws the same table."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from pactopt.schema.rows import ScenarioRow
from pactopt.words import count_text, meur_text

# the comparison's rows the answer is about, and the columns of the differences table
NET_OUTPUT = "Net output (€m)"
NET_JOBS = "Net jobs"
PUBLIC = "Public money, national and EU (€m)"
PRIVATE = "Private money (€m)"
CHANGED = {
    NET_OUTPUT: "net_output_vs_base_meur",
    NET_JOBS: "net_jobs_vs_base",
    PUBLIC: "public_vs_base_meur",
    PRIVATE: "private_vs_base_meur",
}
BASE = "base"
SHOWN_OVERRIDES = 2
SAME = 0.5  # a change below half a €m or half a job prints as none


def scenario_label(name: str) -> str:
    """A scenario's name in words: 'ai offensive' for the id ai_offensive."""
    return name.replace("_", " ")


def scenario_differences(comparison: pd.DataFrame) -> pd.DataFrame:
    """One row per scenario (the base left out): its name and the change against the base
    of net output, net jobs, public and private money (columns of ``CHANGED``)."""
    figures = comparison.set_index("figure")
    runs = [c for c in comparison.columns if c != "figure"]
    base, scenarios = runs[0], runs[1:]
    rows = []
    for name in scenarios:
        row: dict[str, object] = {"scenario": scenario_label(name)}
        for figure, column in CHANGED.items():
            value, was = figures.loc[figure, name], figures.loc[figure, base]
            row[column] = float(str(value)) - float(str(was))
        rows.append(row)
    return pd.DataFrame(rows, columns=["scenario", *CHANGED.values()])


def _jobs(value: float) -> str:
    text = count_text(value)
    return text if text.startswith("−") or text == "0" else f"+{text}"


def _money(value: float) -> str:
    return meur_text(value, signed=True)


def scenario_line(row: pd.Series, overrides: Sequence[str] = ()) -> str:
    """'Ai offensive (sets …): net output +€1,234m, net jobs −120, public money €0m and
    private money +€500m against the base.'"""
    if not overrides:
        what = ""
    elif len(overrides) <= SHOWN_OVERRIDES:
        what = f" (sets {'; '.join(overrides)})"
    else:
        what = f" (sets {len(overrides)} cells: Scenarios sheet)"
    changes = [float(row[c]) for c in CHANGED.values()]
    if all(abs(v) < SAME for v in changes):
        return (
            f"Scenario '{row['scenario']}'{what}: the plan is the base's in net output, net "
            "jobs and money (each within half a €m or half a job)."
        )
    return (
        f"Scenario '{row['scenario']}'{what}: net output "
        f"{_money(float(row[CHANGED[NET_OUTPUT]]))}, net jobs "
        f"{_jobs(float(row[CHANGED[NET_JOBS]]))}, public money "
        f"{_money(float(row[CHANGED[PUBLIC]]))} and private money "
        f"{_money(float(row[CHANGED[PRIVATE]]))} against the base."
    )


def scenario_lines(
    differences: pd.DataFrame, overrides: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """The answer of a scenario run: a line saying what is compared, then one line per
    scenario (``overrides``: what each sets, by scenario label)."""
    given = overrides or {}
    n = len(differences)
    which = f"each of {n} scenarios changes" if n > 1 else "the scenario changes"
    lead = (
        f"What {which} against the base plan in net output, net jobs, public and private "
        "money (each scenario re-optimised):"
    )
    return [
        lead,
        *(
            scenario_line(row, given.get(str(row["scenario"]), ()))
            for _, row in differences.iterrows()
        ),
    ]


def scenario_overrides(rows: Iterable[ScenarioRow]) -> dict[str, list[str]]:
    """What each scenario sets, by its name in words: 'Settings discount_rate to 0'."""
    found: dict[str, list[str]] = {}
    for row in rows:
        target = row.row_id if row.column in ("", "value") else f"{row.row_id} {row.column}"
        found.setdefault(scenario_label(row.scenario), []).append(
            f"{row.sheet} {target} to {row.value}"
        )
    return found
