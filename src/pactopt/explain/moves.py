"""The sentences of the answer as a few moves: what it took to finance the announced plan
within the rules, which few moves capture most of the gain and where their money comes from,
what spending the announced totals at other times is worth, and how the plan shown was chosen
among equally good ones (least change)."""

from __future__ import annotations

from collections import defaultdict

from pactopt.analysis.moves import CAPTURED, Move, Moves
from pactopt.analysis.plans import LeastChange, ReferenceCheck
from pactopt.schema.data import PactData
from pactopt.words import meur_text, share_text

SMALL_MEUR = 0.5  # changes below this are not named


def _name(data: PactData, instrument: str) -> str:
    row = data.row("instruments", instrument)
    return str(row.name) if row is not None else instrument


def nearest_sentence(data: PactData, reference: ReferenceCheck | None) -> str:
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
        named = [f"{_name(data, i)} ({meur_text(c, signed=True)})" for i, c in part[:4]]
        return ", ".join(named) + (f" and {len(part) - 4} more" if len(part) > 4 else "")

    moved = reference.moved_meur
    what = []
    if less:
        what.append(f"takes {listed(less)}")
    if more:
        what.append(f"adds to {listed(more)}")
    share = f" ({share_text(moved / announced)} of it)" if announced > 0 else ""
    return (
        "The nearest plan that can be financed within every rule moves "
        f"{meur_text(moved)} of the announced plan's totals{share}: it {' and '.join(what)}. "
        "That plan is the reference the figures below are compared with."
    )


def least_change_sentence(
    data: PactData, least: LeastChange | None, *, skipped: bool = False
) -> str:
    """How the plan shown was chosen among near-best plans ('' for a plain optimum; for a
    model too large, that it is the plain optimum and how to ask for the least change)."""
    if skipped:
        return (
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
        f"{meur_text(least.kept_meur)} of the reference plan's "
        f"{meur_text(least.reference_meur)} stays in the instrument and year it is in (the "
        f"plain optimum keeps {meur_text(least.best_kept_meur)} there)"
        if least.reference_meur > 0
        else f"it differs from it by {meur_text(least.moved_meur)} (the plain optimum by "
        f"{meur_text(least.best_moved_meur)})"
    )
    return (
        f"Of the plans whose value is within {share_text(least.tolerance)} of the best "
        f"({cell}), the plan shown is the one closest to the reference plan: {closest}, for "
        f"{meur_text(given_up)} of value less than the best. Set least_change to no in "
        "Settings for the plain optimum."
    )


def _move_text(data: PactData, move: Move) -> str:
    """'more to Reskilling (+€1,100m, private money)'."""
    direction = "more to" if move.moved_meur > 0 else "less to"
    sources = []
    for funder, change in sorted(move.funders_meur, key=lambda fc: -abs(fc[1])):
        if abs(change) < SMALL_MEUR:
            continue
        row = data.row("funders", funder)
        who = str(row.name) if row is not None else funder
        sources.append(f"{who} {meur_text(change, signed=True)}")
    for line, change in sorted(move.lines_meur, key=lambda lc: -abs(lc[1]))[:2]:
        if abs(change) < SMALL_MEUR:
            continue
        row = data.row("budget_lines", line)
        what = str(row.name) if row is not None else line
        more = "more" if change > 0 else "less"
        sources.append(f"{meur_text(abs(change))} {more} shifted from {what}")
    money = f"; {', '.join(sources)}" if sources else ""
    return (
        f"{direction} {_name(data, move.instrument)} "
        f"({meur_text(move.moved_meur, signed=True)}{money})"
    )


def moves_sentences(data: PactData, moves: Moves | None, skipped: bool = False) -> list[str]:
    """The fewest moves that capture at least 90% of the gain, what each adds and where its
    money comes from; and what the announced totals gain from other timing."""
    if moves is None:
        if skipped:
            return [
                "The value captured with the fewest moves was not computed for a model of this "
                "size: ask for it with `pactopt solve --moves` (up to ten more solves with a "
                "yes/no per instrument)."
            ]
        return []
    out = []
    timing = moves.reference_value - moves.profile_value
    if abs(timing) >= SMALL_MEUR:
        rate = data.settings.discount_rate
        why = (
            f"; later impacts are discounted at {share_text(rate)} a year "
            f"({data.cell('Settings', 'discount_rate', 'value')})"
            if rate > 0 and timing > 0
            else ""
        )
        out.append(
            "Spending the announced totals in other years than evenly, each at its best "
            f"financing, changes the value by {meur_text(timing, signed=True)}{why}."
        )
    if moves.gain <= SMALL_MEUR:
        out.append("No move from the announced totals adds value.")
        return out
    point = moves.fewest_capturing(CAPTURED)
    if point is None:
        last = moves.points[-1]
        out.append(
            f"Even {last.k} moves capture only {share_text(moves.captured(last))} of the "
            f"{meur_text(moves.gain)} the best plan adds in value over the announced totals "
            "(Moves sheet)."
        )
        return out
    taken = [m for m in moves.moves if m.k <= point.k]
    parts = []
    for move in taken:
        adds = (
            f", adding {meur_text(move.net_output_added_meur, signed=True)} net output and "
            f"{move.net_jobs_added:+,.0f} net jobs"
            if not move.together_with
            else ""
        )
        parts.append(_move_text(data, move) + adds)
    count = "One move captures" if point.k == 1 else f"{point.k} moves capture"
    out.append(
        f"{count} {share_text(moves.captured(point))} of the {meur_text(moves.gain)} of value "
        "the best plan adds over the announced totals; the plan with those moves alone: "
        f"{'; '.join(parts)} (Moves sheet)."
    )
    return out
