"""The sentences of the answer as a few moves: what it took to finance the announced plan
within the rules, which few moves capture most of the gain and where their money comes from,
what spending the announced totals at other times is worth, and how the plan shown was chosen
among equally good ones (least change)."""

from __future__ import annotations

from collections import defaultdict

from pactopt.analysis.moves import CAPTURED, Move, Moves
from pactopt.analysis.plans import LeastChange, ReferenceCheck
from pactopt.i18n import Lang
from pactopt.schema.data import PactData

EN = Lang("en")

SMALL_MEUR = 0.5  # changes below this are not named


def _name(data: PactData, instrument: str) -> str:
    row = data.row("instruments", instrument)
    return str(row.name) if row is not None else instrument


def nearest_sentence(data: PactData, reference: ReferenceCheck | None, lang: Lang = EN) -> str:
    """What financing the announced plan within the rules moves, and between which
    instruments ('' when the announced totals can be financed, or nothing can)."""
    if reference is None or reference.feasible or not reference.comparable:
        return ""
    totals: dict[str, float] = defaultdict(float)
    for (i, _, _), value in reference.solution.value_map("funding").items():
        totals[str(i)] += value
    changes = [(i.id, totals[i.id] - i.reference_plan_meur) for i in data.instruments]
    less = [(i, c) for i, c in changes if c < -SMALL_MEUR / 10]
    more = [(i, c) for i, c in changes if c > SMALL_MEUR / 10]
    announced = sum(i.reference_plan_meur for i in data.instruments)

    def listed(part: list[tuple[str, float]]) -> str:
        part = sorted(part, key=lambda ic: -abs(ic[1]))
        named = [f"{_name(data, i)} ({lang.meur(c, signed=True)})" for i, c in part[:4]]
        rest = lang.t(" and {n} more", n=len(part) - 4) if len(part) > 4 else ""
        return ", ".join(named) + rest

    moved = reference.moved_meur
    what = []
    if less:
        what.append(lang.t("takes {instruments}", instruments=listed(less)))
    if more:
        what.append(lang.t("adds to {instruments}", instruments=listed(more)))
    share = (
        lang.t(" ({share} of it)", share=lang.percent(moved / announced)) if announced > 0 else ""
    )
    return lang.t(
        "The nearest plan that can be financed within every rule moves {moved} of the announced "
        "plan's totals{share}: it {what}. That plan is the reference the figures below are "
        "compared with.",
        moved=lang.meur(moved),
        share=share,
        what=lang.t(" and ").join(what),
    )


def least_change_sentence(
    data: PactData, least: LeastChange | None, *, skipped: bool = False, lang: Lang = EN
) -> str:
    """How the plan shown was chosen among near-best plans ('' for a plain optimum; for a
    model too large, that it is the plain optimum and how to ask for the least change)."""
    if skipped:
        return lang.t(
            "For a model of this size the plan shown is the plain optimum, one of possibly "
            "many equally good plans, and the reference plan is compared at its announced "
            "totals: ask for the plan closest to the reference plan with `pactopt solve "
            "--least-change` (three to five more solves, each about as long as the first)."
        )
    if least is None:
        return ""
    cell = data.cell("Settings", "least_change_tolerance", "value")
    given_up = least.best_value - least.plan_value
    closest = (
        lang.t(
            "{kept} of the reference plan's {reference} stays in the instrument and year it is "
            "in (the plain optimum keeps {best_kept} there)",
            kept=lang.meur(least.kept_meur),
            reference=lang.meur(least.reference_meur),
            best_kept=lang.meur(least.best_kept_meur),
        )
        if least.reference_meur > 0
        else lang.t(
            "it differs from it by {moved} (the plain optimum by {best_moved})",
            moved=lang.meur(least.moved_meur),
            best_moved=lang.meur(least.best_moved_meur),
        )
    )
    return lang.t(
        "Of the plans whose value is within {tolerance} of the best ({cell}), the plan shown is "
        "the one closest to the reference plan: {closest}, for {given_up} of value less than "
        "the best. Set least_change to no in Settings for the plain optimum.",
        tolerance=lang.percent(least.tolerance),
        cell=cell,
        closest=closest,
        given_up=lang.meur(given_up),
    )


def _move_text(data: PactData, move: Move, lang: Lang) -> str:
    """'more to Reskilling (+€1,100m, private money)'."""
    sources = []
    for funder, change in sorted(move.funders_meur, key=lambda fc: -abs(fc[1])):
        if abs(change) < SMALL_MEUR:
            continue
        row = data.row("funders", funder)
        who = str(row.name) if row is not None else funder
        sources.append(f"{who} {lang.meur(change, signed=True)}")
    for line, change in sorted(move.lines_meur, key=lambda lc: -abs(lc[1]))[:2]:
        if abs(change) < SMALL_MEUR:
            continue
        row = data.row("budget_lines", line)
        what = str(row.name) if row is not None else line
        amount = lang.meur(abs(change))
        sources.append(
            lang.t("{amount} more shifted from {line}", amount=amount, line=what)
            if change > 0
            else lang.t("{amount} less shifted from {line}", amount=amount, line=what)
        )
    amount = lang.meur(move.moved_meur, signed=True)
    moved = lang.listed([amount, ", ".join(sources)]) if sources else amount
    name = _name(data, move.instrument)
    if move.moved_meur > 0:
        return lang.t("more to {instrument} ({change})", instrument=name, change=moved)
    return lang.t("less to {instrument} ({change})", instrument=name, change=moved)


def moves_sentences(
    data: PactData, moves: Moves | None, skipped: bool = False, lang: Lang = EN
) -> list[str]:
    """The fewest moves that capture at least 90% of the gain, what each adds and where its
    money comes from; and what the announced totals gain from other timing."""
    if moves is None:
        if skipped:
            return [
                lang.t(
                    "The value captured with the fewest moves was not computed for a model of "
                    "this size: ask for it with `pactopt solve --moves` (up to ten more solves "
                    "with a yes/no per instrument)."
                )
            ]
        return []
    out = []
    timing = moves.reference_value - moves.profile_value
    if abs(timing) >= SMALL_MEUR:
        rate = data.settings.discount_rate
        why = (
            lang.t(
                "; later impacts are discounted at {rate} a year ({cell})",
                rate=lang.percent(rate),
                cell=data.cell("Settings", "discount_rate", "value"),
            )
            if rate > 0 and timing > 0
            else ""
        )
        out.append(
            lang.t(
                "Spending the announced totals in other years than evenly, each at its best "
                "financing, changes the value by {change}{why}.",
                change=lang.meur(timing, signed=True),
                why=why,
            )
        )
    if moves.gain <= SMALL_MEUR:
        out.append(lang.t("No move from the announced totals adds value."))
        return out
    point = moves.fewest_capturing(CAPTURED)
    if point is None:
        last = moves.points[-1]
        out.append(
            lang.t(
                "Even {n} moves capture only {share} of the {gain} the best plan adds in value "
                "over the announced totals (Moves sheet).",
                n=last.k,
                share=lang.percent(moves.captured(last)),
                gain=lang.meur(moves.gain),
            )
        )
        return out
    taken = [m for m in moves.moves if m.k <= point.k]
    parts = []
    for move in taken:
        adds = (
            lang.t(
                ", adding {output} net output and {jobs} net jobs",
                output=lang.meur(move.net_output_added_meur, signed=True),
                jobs=lang.signed_count(move.net_jobs_added),
            )
            if not move.together_with
            else ""
        )
        parts.append(_move_text(data, move, lang) + adds)
    out.append(
        lang.nt(
            "One move captures {share} of the {gain} of value the best plan adds over the "
            "announced totals; the plan with that move alone: {moves} (Moves sheet).",
            "{n} moves capture {share} of the {gain} of value the best plan adds over the "
            "announced totals; the plan with those moves alone: {moves} (Moves sheet).",
            point.k,
            share=lang.percent(moves.captured(point)),
            gain=lang.meur(moves.gain),
            moves=lang.listed(parts),
        )
    )
    return out
