"""The Projects sheet: which indivisible projects the plan builds, what each costs and
yields, and what each decision is worth."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from pactopt.analysis.plans import ProjectDecision
from pactopt.explain.diagnosis import give_way_text
from pactopt.i18n import Lang
from pactopt.model.registry import ConstraintRule, row_name
from pactopt.schema.data import PactData
from pactopt.words import meur_text

COLUMNS = [
    "project",
    "name",
    "instrument",
    "built",
    "mandatory",
    "cost_meur",
    "output_meur",
    "jobs",
    "value_of_decision_meur",
    "blocked_by",
    "meaning",
]


def _meaning(data: PactData, decision: ProjectDecision) -> str:
    row = data.row("projects", decision.project)
    if decision.partial:
        return (
            f"Taken in part ({decision.share:.0%}) in the LP relaxation (--relax-integers): a "
            "real plan builds it whole or not at all; its output and jobs count for that share."
        )
    value = decision.value_meur
    if value is None:
        why = "it is mandatory" if row.mandatory else "no plan meets every rule without it"
        if not decision.built:
            why = "no plan meets every rule with it"
        state = "Built" if decision.built else "Not built"
        return f"{state}, and forced: {why} ({data.cell('Projects', row.id, 'mandatory')})."
    # valued with the weighted objective in every mode (analysis/projects.py): € of value
    state, flip = ("Built", "leaving it out") if decision.built else ("Not built", "building it")
    gap = _gap_meur(data, decision)
    if data.settings.mip_gap > 0 and (abs(value) <= gap or value < 0):
        # both solves stop within the relative MIP gap: a difference inside it is not a
        # finding, and a flip that gains is a plan shown within the gap, not the best
        cell = data.cell("Settings", "mip_gap", "value")
        change = f"{'gain' if value < 0 else 'lose'} {meur_text(abs(value))} of value"
        return (
            f"{state}: {flip} would {change}, within the solver's optimality gap "
            f"({meur_text(gap)}, {data.settings.mip_gap:g} of the value, {cell}): the solver "
            "has not proven which is better; set mip_gap to 0 to know."
        )
    return f"{state}: {flip} would lose {meur_text(value)} of value."


def _gap_meur(data: PactData, decision: ProjectDecision) -> float:
    """How far each of the two MILP solves compared may be from its own best (the relative
    gap of Settings mip_gap on each objective): 0 when the gap is 0."""
    flipped = decision.objective_if_flipped or 0.0
    return data.settings.mip_gap * (abs(decision.objective) + abs(flipped))


def _relation(data: PactData, decision: ProjectDecision, built: set[str]) -> str:
    """The yes/no rule that keeps a project out: a project it needs that the plan leaves
    out, or one it excludes (either way round) that the plan builds ('' if neither)."""
    row = data.row("projects", decision.project)
    if row.requires is not None and row.requires not in built:
        cell = data.cell("Projects", row.id, "requires")
        return f"it needs project {row.requires} ({cell}), which the plan leaves out"
    rivals = [row.excludes] if row.excludes in built else []
    rivals += [p.id for p in data.projects if p.excludes == row.id and p.id in built]
    if rivals:
        cells = ", ".join(
            data.cell("Projects", p, "excludes")
            if p != row.excludes
            else data.cell("Projects", row.id, "excludes")
            for p in rivals
        )
        return f"it excludes project {rivals[0]} ({cells}), which the plan builds"
    return ""


def _blocked(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    decision: ProjectDecision,
    built: set[str],
) -> str:
    """What keeps a project out, on top of the plan as it is ('' for a built one)."""
    if decision.built or decision.fits is None:
        return ""
    if decision.fits:
        return " It would fit alongside the plan: what it displaces is simply worth more."
    if decision.blockers:
        bends = "; ".join(
            give_way_text(data, rules, b, verb="would have to") for b in decision.blockers
        )
        return f" To build it on top of the plan, {bends}."
    relation = _relation(data, decision, built)
    return f" On top of the plan it cannot be built: {relation}." if relation else ""


def projects_table(
    data: PactData,
    decisions: Sequence[ProjectDecision],
    rules: Mapping[str, ConstraintRule] | None = None,
) -> pd.DataFrame:
    """One row per project; its cost by year is in columns named by the year."""
    rules = rules or {}
    built = {d.project for d in decisions if d.built}
    rows = []
    for d in decisions:
        row = data.row("projects", d.project)
        rows.append(
            (
                d.project,
                row.name,
                row_name(data, "instruments", row.instrument),
                f"{d.share:.0%} (LP relaxation)" if d.partial else "yes" if d.built else "no",
                "yes" if row.mandatory else "no",
                sum(v or 0.0 for v in row.cost_meur.values()),
                row.output_meur,
                row.jobs,
                d.value_meur,
                ", ".join(dict.fromkeys(c for b in d.blockers for c in b.cells)),
                _meaning(data, d) + _blocked(data, rules, d, built),
                *(row.cost_meur.get(y) or 0.0 for y in data.years),
            )
        )
    return pd.DataFrame(rows, columns=[*COLUMNS, *(f"cost_{y}_meur" for y in data.years)])


def blocked_text(
    data: PactData,
    rules: Mapping[str, ConstraintRule],
    decisions: Sequence[ProjectDecision],
    lang: Lang | None = None,
) -> str:
    """What keeps projects out, limit by limit, for the Summary: 'The ceiling of X
    (Instruments!E3) keeps projects B (€5m short) and D (€3m short) out.' ('' if nothing),
    in ``lang`` (English by default)."""
    lang = lang or Lang("en")
    by_limit: dict[str, list[str]] = {}
    for d in decisions:
        for b in d.blockers:
            rule = rules.get(b.rule)
            what = (
                rule.describe_limit(data, b.index, lang)
                if rule
                else lang.t("the rule {name}", name=b.rule)
            )
            year = lang.t("in {year}", year=b.year) + ", " if b.year is not None else ""
            cells = f" ({', '.join(b.cells)})" if b.cells else ""
            if b.unit == "€m":
                short = lang.meur(b.short or 0.0)
            else:
                number = f"{b.short:,.2f}" if lang.english else lang.number(b.short or 0.0, 2)
                short = f"{number} {b.unit}"
            by_limit.setdefault(f"{year}{what}{cells}", []).append(
                lang.t("{project} ({amount} short)", project=d.project, amount=short)
            )
    sentences = []
    for limit, projects in by_limit.items():
        names = (
            projects[0]
            if len(projects) == 1
            else lang.t("{first} and {last}", first=", ".join(projects[:-1]), last=projects[-1])
        )
        sentences.append(
            lang.nt(
                "{limit} keeps project {names} out.",
                "{limit} keeps projects {names} out.",
                len(projects),
                limit=limit[0].upper() + limit[1:],
                names=names,
            )
        )
    return " ".join(sentences)
