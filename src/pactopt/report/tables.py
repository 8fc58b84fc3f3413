"""Turn a solve into the tables a planner reads: allocation, domains, the reallocation ledger
(with its proof that total public spending is unchanged), impacts and headline figures, each
set against the reference plan. Plain pandas tables; writing them is ``report/``'s job."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from pactopt.analysis.impacts import (
    Impacts,
    evaluate_plan,
    forgone,
    instrument_totals,
)
from pactopt.analysis.moves import CURVE_COLUMNS, MOVE_COLUMNS
from pactopt.analysis.plans import Bridge, EntryThreshold, ProjectDecision, Range, ReferenceCheck
from pactopt.analysis.review import PAST_BREACH_COLUMNS, REVIEW_COLUMNS, REVIEW_IMPACT_COLUMNS
from pactopt.analysis.stakes import Stakes
from pactopt.explain.advice import next_euro_sentence
from pactopt.explain.alternatives import alternatives_text
from pactopt.explain.assumptions import COLUMNS as ASSUMPTIONS
from pactopt.explain.assumptions import (
    assumptions_sentence,
    assumptions_table,
    private_reliance_meur,
)
from pactopt.explain.binding import (
    BindingSplit,
    binding_table,
    split_binding,
    summary_rules,
    with_blocking_limits,
)
from pactopt.explain.diagnosis import COLUMNS as DIAGNOSIS_COLUMNS
from pactopt.explain.diagnosis import diagnosis_table
from pactopt.explain.io_comparison import COLUMNS as IO_COLUMNS
from pactopt.explain.io_comparison import io_comparison_table
from pactopt.explain.marginal import marginal_table
from pactopt.explain.moves import nearest_sentence
from pactopt.explain.projects import COLUMNS as PROJECT_COLUMNS
from pactopt.explain.projects import blocked_text, projects_table
from pactopt.explain.summary import breach_sentence, calibration_sentence, timing_sentence
from pactopt.i18n import Lang
from pactopt.report.alternatives import alternatives_table
from pactopt.report.collector import collector_paused
from pactopt.report.plan_frames import Headline, funding_frame, headline
from pactopt.report.summary import (
    BRIDGE_COLUMNS,
    GROSS_JOBS,
    GROSS_OUTPUT,
    NET_JOBS,
    NET_OUTPUT,
    bridge_table,
    states_reference_plan,
    summary_table,
)
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution


@dataclass(frozen=True)
class ResultTables:
    """Every table of the results workbook."""

    summary: pd.DataFrame
    allocation: pd.DataFrame
    domains: pd.DataFrame
    ledger: pd.DataFrame
    impacts: pd.DataFrame
    yearly: pd.DataFrame
    marginal: pd.DataFrame
    binding: pd.DataFrame
    next_euro: str
    # the rules the Summary paragraph may mention when they bind, in their declared order
    summary_rules: tuple[str, ...] = ()
    bridge: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=BRIDGE_COLUMNS))
    # the rules the reference plan breaks (empty when it can be financed within the rules)
    reference_breaches: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=DIAGNOSIS_COLUMNS)
    )
    reference_feasible: bool | None = None
    reference_breach_text: str = ""
    timing: str = ""
    alternatives: pd.DataFrame = field(default_factory=lambda: alternatives_table(()))
    alternatives_text: str = ""
    assumptions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ASSUMPTIONS))
    assumptions_text: str = ""
    # the workbook's coefficients beside the input-output table's (Assumptions sheet, below)
    io_comparison: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=IO_COLUMNS))
    calibration_text: str = ""
    projects: pd.DataFrame = field(default_factory=lambda: projects_table_empty())
    # what keeps projects out (MILP): the limits their building would have to bend, in euros
    projects_blocked_text: str = ""
    # the Scenarios sheet's scenario these results are for (None: the base workbook), and
    # what it changes in the allocation against the base (set when both were solved)
    scenario: str | None = None
    scenario_text: str = ""
    # the Binding sheet's rows (limits a planner can change) and a count of the others
    binding_split: BindingSplit | None = None
    # solved as the LP relaxation of a MILP (--relax-integers): the Summary says so first
    relaxed: bool = False
    # the years the figures are summed over, '2019-2030'
    horizon: str = "the horizon"
    # the mid-term review (Settings as_of_year): its table by area, what the money spent
    # buys against what the re-plan adds, the past's breaches of yearly rules, its sentences
    review: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=REVIEW_COLUMNS))
    review_impacts: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=REVIEW_IMPACT_COLUMNS)
    )
    past_breaches: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=PAST_BREACH_COLUMNS)
    )
    review_text: tuple[str, ...] = ()
    # the answer as a few moves (report/moves_tables.py): each move from the reference plan,
    # the value captured with k moves, and their sentences; the nearest financeable reference
    # plan when the announced one breaks the rules; how the least-change plan was chosen
    moves: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MOVE_COLUMNS))
    moves_curve: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CURVE_COLUMNS))
    moves_text: tuple[str, ...] = ()
    reference_nearest_text: str = ""
    reference_comparable: bool | None = None
    least_change_text: str = ""
    # the language the Summary sheet and the terminal speak (Settings language, solve --lang),
    # and the sentences made in the other languages (report/spoken.py: ``speaking``)
    lang: str = "en"
    spoken: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    # the sentences of ``binding`` in the tables' language by constraint, and those of the
    # Binding sheet's limits by rank (empty: English)
    binding_sentences: Mapping[str, str] = field(default_factory=dict)
    planner_sentences: Mapping[int, str] = field(default_factory=dict)


def _allocation(data: PactData, frame: pd.DataFrame) -> pd.DataFrame:
    wide = frame.pivot_table(
        index=["instrument", "funder"], columns="year", values="meur", aggfunc="sum", fill_value=0.0
    )
    wide = wide.reindex(columns=list(data.years), fill_value=0.0)
    wide["total"] = wide.sum(axis=1)
    wide = wide[wide["total"] > 1e-6].reset_index()
    names = {i.id: i.name for i in data.instruments}
    domains = {i.id: i.domain for i in data.instruments}
    wide.insert(1, "domain", wide["instrument"].map(domains))
    wide.insert(2, "name", wide["instrument"].map(names))
    return wide


def _domains(data: PactData, frame: pd.DataFrame, reference: dict[str, Impacts]) -> pd.DataFrame:
    # one grouping pass: a filter per domain would be quadratic with thousands of domains
    sums = frame.groupby(["domain", "kind"])["meur"].sum().to_dict()
    rows = []
    stated = states_reference_plan(data)
    for d in data.domains:
        by_kind = {kind: sums.get((d.id, kind), 0.0) for kind in ("public", "EU", "private")}
        rows.append(
            {
                "domain": d.id,
                "name": d.name,
                "min_total_meur": d.min_total_meur,
                "max_total_meur": d.max_total_meur,
                "optimised_meur": sum(by_kind.values()),
                # "public" means national and EU money, here as in the Summary; the detail
                # follows (the stacked chart reads national, EU and private in this order)
                "public_meur": by_kind["public"] + by_kind["EU"],
                "national_meur": by_kind["public"],
                "eu_meur": by_kind["EU"],
                "private_meur": by_kind["private"],
                "reference_meur": reference[d.id].spend_meur if stated else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def _ledger(data: PactData, result: Solution) -> pd.DataFrame:
    """Shifts line → domain × year, then the rows proving the public balance."""
    years = list(data.years)
    domain = {i.id: i.domain for i in data.instruments}
    shifts: dict[tuple[str, str], dict[int, float]] = {}
    for (line, instrument, year), v in result.value_map("shift").items():
        cell = shifts.setdefault((line, domain[instrument]), {})
        cell[year] = cell.get(year, 0.0) + v
    # a planner reads names, not ids (issue 26): 'Defence budget → Digital trust'
    line_name = {b.id: b.name for b in data.budget_lines}
    domain_name = {d.id: d.name for d in data.domains}
    rows = [
        {
            "row": f"{line_name.get(line, line)} → {domain_name.get(d, d)}",
            **{y: cells.get(y, 0.0) for y in years},
        }
        for (line, d), cells in sorted(shifts.items())
    ]
    public = {f.id for f in data.funders if f.kind == "public"}
    baseline = {y: sum(b.baseline_meur.get(y) or 0.0 for b in data.budget_lines) for y in years}
    # one pass over each variable, summing in the order of its values as a sum per year did
    zero: dict[int, float] = dict.fromkeys(years, 0)  # as sum() starts
    shifted, digital, new, recycled = (dict(zero) for _ in range(4))
    for (_, _, t), v in result.value_map("shift").items():
        if t in shifted:
            shifted[t] += v
    for (_, f, t), v in result.value_map("funding").items():
        if f in public and t in digital:
            digital[t] += v
    for (f, t), v in result.value_map("new_money").items():
        if f in public and t in new:
            new[t] += v
    for (_, t), v in result.value_map("recycled").items():
        if t in recycled:
            recycled[t] += v
    after = {y: baseline[y] - shifted[y] - recycled[y] + digital[y] for y in years}
    proof = [
        ("Baseline of the budget lines", baseline),
        ("Shifted out of the lines", shifted),
        ("Recycled government savings", recycled),
        ("Public (national) digital spending", digital),
        ("New public money", new),
        ("Total public spending after the pact", after),
        ("Change in total public spending", {y: after[y] - baseline[y] for y in years}),
    ]
    rows += [{"row": label, **values} for label, values in proof]
    table = pd.DataFrame(rows, columns=["row", *years])
    table["total"] = table[years].sum(axis=1)
    return table


def _impact_rows(
    optimised: Headline,
    reference: Headline,
    result: Solution,
    forgone_output: float,
    forgone_jobs: float,
) -> pd.DataFrame:
    f = result.figures
    o, r = optimised.impacts, reference.impacts
    rows = [
        # gross: before what the shifted lines would have produced (the Summary's names)
        (GROSS_OUTPUT, optimised.output_meur, reference.output_meur),
        ("Gross jobs, direct", o.jobs_direct, r.jobs_direct),
        ("Gross jobs, indirect", o.jobs_indirect, r.jobs_indirect),
        (f"{GROSS_JOBS}, credited after the skills bottleneck", optimised.jobs, reference.jobs),
        ("Savings, government (€m)", o.savings_government_meur, r.savings_government_meur),
        ("Savings, business (€m)", o.savings_business_meur, r.savings_business_meur),
        ("Savings, citizens (€m)", o.savings_citizens_meur, r.savings_citizens_meur),
        ("Output forgone on shifted lines (€m)", forgone_output, None),
        ("Jobs forgone on shifted lines", forgone_jobs, None),
        ("Objective term: output, discounted (€m)", f["output"], None),
        ("Objective term: jobs, discounted", f["jobs"], None),
        ("Objective term: savings, discounted (€m)", f["savings"], None),
    ]
    table = pd.DataFrame(rows, columns=["figure", "optimised", "reference"])
    table["difference"] = table["optimised"] - table["reference"]
    return table


def _with_net(impacts: pd.DataFrame, summary: pd.DataFrame) -> pd.DataFrame:
    """The Impacts table led by the Summary's net output and net jobs (the headline basis:
    gross less what the shifted lines would have produced), the same rows, names and values."""
    net = summary[summary["figure"].isin([NET_OUTPUT, NET_JOBS])]
    return pd.concat([net[impacts.columns], impacts], ignore_index=True)


def _yearly(data: PactData, frame: pd.DataFrame) -> pd.DataFrame:
    table = frame.pivot_table(
        index="year", columns="domain", values="meur", aggfunc="sum", fill_value=0.0
    )
    table = table.reindex(
        index=list(data.years), columns=[d.id for d in data.domains], fill_value=0.0
    )
    return table.reset_index()


@collector_paused()
def build_tables(
    data: PactData,
    result: Solution,
    reference: ReferenceCheck | None = None,
    bridge: Bridge | None = None,
    ranges: Sequence[Range] | None = None,
    decisions: Sequence[ProjectDecision] = (),
    thresholds: Mapping[str, EntryThreshold] | None = None,
    stakes: Stakes | None = None,
) -> ResultTables:
    """All result tables for a solved model (with the reference plan's check, the bridge and
    the limits' re-solved stakes when they were run)."""
    frame = funding_frame(data, result)
    financed = reference.solution if reference is not None and reference.comparable else None
    # the reference side of every comparison: as financed within the rules when it can be,
    # else as the workbook gives it
    reference_amounts = {i.id: i.reference_plan_meur for i in data.instruments}
    reference_head = headline(data, None if financed is None else reference_amounts, financed)
    optimised_head = headline(data, instrument_totals(data, result), result)
    domains = _domains(data, frame, evaluate_plan(data))
    lost_output, lost_jobs = forgone(data, result)
    summary = summary_table(data, result, reference)
    impacts = _with_net(
        _impact_rows(optimised_head, reference_head, result, lost_output, lost_jobs), summary
    )
    assumptions = assumptions_table(data, result, stakes)
    binding = binding_table(data, result, [(d.project, b) for d in decisions for b in d.blockers])
    return ResultTables(
        summary=summary,
        allocation=_allocation(data, frame),
        domains=domains,
        ledger=_ledger(data, result),
        impacts=impacts,
        yearly=_yearly(data, frame),
        marginal=marginal_table(data, result, thresholds),
        binding=binding,
        binding_split=with_blocking_limits(split_binding(data, result, stakes), binding),
        next_euro=next_euro_sentence(data, result),
        summary_rules=tuple(summary_rules(result)),
        bridge=bridge_table(data, bridge),
        reference_breaches=breach_table(data, result, reference),
        reference_feasible=None if reference is None else reference.feasible,
        reference_comparable=None if reference is None else reference.comparable,
        reference_nearest_text=nearest_sentence(data, reference),
        reference_breach_text=breach_sentence(data, reference, result),
        timing=timing_sentence(data, result),
        assumptions=assumptions,
        io_comparison=io_comparison_table(data),
        calibration_text=calibration_sentence(data),
        projects=projects_table(data, decisions, result.rules),
        projects_blocked_text=blocked_text(data, result.rules, decisions),
        scenario=data.scenario,
        horizon=f"{data.years[0]}-{data.years[-1]}",
        assumptions_text=assumptions_sentence(
            assumptions, private_reliance_meur(data, result), result.mode, stakes
        ),
        alternatives=alternatives_table(ranges or ()),
        alternatives_text=alternatives_text(ranges, data.settings.near_optimal_tolerance, None),
    )


def projects_table_empty() -> pd.DataFrame:
    """The Projects table of a plan without projects."""
    return pd.DataFrame(columns=PROJECT_COLUMNS)


def breach_table(
    data: PactData, result: Solution, reference: ReferenceCheck | None, lang: Lang | None = None
) -> pd.DataFrame:
    """The rules the reference plan breaks, in cells and amounts, as a diagnosis reads (in
    ``lang``, English by default)."""
    if reference is None or reference.feasible:
        return pd.DataFrame(columns=DIAGNOSIS_COLUMNS)
    instead = dict(reference.instead)
    return diagnosis_table(data, result.rules, [], [], reference.breaches, instead, lang)
