"""The headline figures of a plan on one basis, the like-for-like comparison with the
reference plan and the bridge between them.

Every figure here is undiscounted, as the source states its own, and computed the same way
for every plan: output follows each instrument's curve, built projects add theirs, jobs are
credited after the skills bottleneck. Net figures come first: net output is the gross output
less what the shifted budget lines would have produced, net jobs likewise. The reference plan
is compared as financed within the workbook's own rules (``analysis/reference.py``), never as
given with a guessed public share.
"""

from __future__ import annotations

import pandas as pd

from pactopt.analysis.impacts import (
    PlanFigures,
    plan_figures,
    plan_impacts,
)
from pactopt.analysis.plans import Bridge, ReferenceCheck
from pactopt.i18n import N_
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution

# the figures' names: keys of the Summary table, translated where they are shown
NET_OUTPUT = N_("Net output (€m)")
NET_JOBS = N_("Net jobs")
SPENDING = N_("Total spending (€m)")
PUBLIC = N_("Public money, national and EU (€m)")
EU = N_("  of which EU programmes (€m)")
PRIVATE = N_("Private money (€m)")
SAVINGS = N_("Savings (€m)")
GROSS_OUTPUT = N_("Gross output, before what the shifted lines produced (€m)")
GROSS_JOBS = N_("Gross jobs, before the jobs of the shifted lines")
FORGONE_OUTPUT = N_("Output forgone on shifted lines (€m)")
FORGONE_JOBS = N_("Jobs forgone on shifted lines")


def _rows(plan: PlanFigures) -> dict[str, float]:
    return {
        NET_OUTPUT: plan.net_output_meur,
        NET_JOBS: plan.net_jobs,
        SPENDING: plan.spend_meur,
        PUBLIC: plan.national_meur + plan.eu_meur,
        EU: plan.eu_meur,
        PRIVATE: plan.private_meur,
        SAVINGS: plan.savings_meur,
        GROSS_OUTPUT: plan.output_meur,
        GROSS_JOBS: plan.jobs,
        FORGONE_OUTPUT: plan.forgone_output_meur,
        FORGONE_JOBS: plan.forgone_jobs,
    }


def states_reference_plan(data: PactData) -> bool:
    """Does the workbook state a reference plan (a reference amount on any instrument)?"""
    return any(i.reference_plan_meur for i in data.instruments)


def summary_table(
    data: PactData, optimised: Solution, reference: ReferenceCheck | None
) -> pd.DataFrame:
    """Headline figures, net first, optimised against the reference plan financed within the
    same rules. When the reference plan cannot be financed, only what it states itself is
    shown for it (spending, savings and gross impacts); its net figures and its money by kind
    are left blank rather than guessed; a workbook that states no reference plan (no
    reference amounts) has its column blank."""
    mine = _rows(plan_figures(data, optimised))
    if not states_reference_plan(data):
        theirs: dict[str, float | None] = dict.fromkeys(mine)
    elif reference is not None and reference.comparable:
        theirs = dict(_rows(plan_figures(data, reference.solution)))
    else:
        given, jobs = plan_impacts(data, None, None)
        theirs = dict.fromkeys(mine)
        theirs |= {
            SPENDING: given.spend_meur,
            SAVINGS: given.savings_meur,
            GROSS_OUTPUT: given.output_meur,
            GROSS_JOBS: jobs,
        }
    # "of which EU programmes" only where an EU programme funds something, or could
    shown = [k for k in mine if k != EU or any(f.kind == "EU" for f in data.funders)]
    table = pd.DataFrame(
        [(label, mine[label], theirs[label]) for label in shown],
        columns=["figure", "optimised", "reference"],
    )
    table["difference"] = table["optimised"] - table["reference"]
    return table


BRIDGE_COLUMNS = ["step", "net_output_meur", "net_jobs", "public_meur"]
BRIDGE_STEPS = (
    N_("Reference plan, financed within the rules"),
    N_("Gain from reallocation at the reference plan's yearly spending"),
    N_("Gain from spending more, or in other years, within the envelope"),
    N_("Optimised plan"),
)


def bridge_table(data: PactData, bridge: Bridge | None) -> pd.DataFrame:
    """The bridge from the reference plan to the optimised one, in net output, net jobs and
    public money (national and EU): the two gains add up exactly to the difference."""
    if bridge is None:
        return pd.DataFrame(columns=BRIDGE_COLUMNS)
    plans = [plan_figures(data, s) for s in (bridge.reference, bridge.same_spending)]
    plans.append(plan_figures(data, bridge.optimised))

    def point(p: PlanFigures) -> tuple[float, float, float]:
        return (p.net_output_meur, p.net_jobs, p.national_meur + p.eu_meur)

    start, middle, end = (point(p) for p in plans)
    rows = [
        (BRIDGE_STEPS[0], *start),
        (BRIDGE_STEPS[1], *(b - a for a, b in zip(start, middle, strict=True))),
        (BRIDGE_STEPS[2], *(b - a for a, b in zip(middle, end, strict=True))),
        (BRIDGE_STEPS[3], *end),
    ]
    return pd.DataFrame(rows, columns=BRIDGE_COLUMNS)
