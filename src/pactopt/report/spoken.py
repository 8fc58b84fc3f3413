"""The Summary's sentences in each language (issue 28): the sentences made from the run's
objects (the moves, the nearest financeable reference plan, the least-change plan, the
timing, the near-optimal ranges, the shared returns) are made in Dutch and French beside the
English ones when the tables are made, so that the Summary sheet and the terminal can speak
the run's language, and a test any language, without a second solve. ``ResultTables``' own
text fields stay English (the JSON and the CSV speak English); ``speaking`` gives the tables
with one language's sentences."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from pactopt.analysis.moves import Moves
from pactopt.analysis.plans import LeastChange, ProjectDecision, Range, ReferenceCheck
from pactopt.analysis.review import Review
from pactopt.analysis.stakes import Stakes
from pactopt.explain.advice import next_euro_sentence
from pactopt.explain.alternatives import alternatives_text
from pactopt.explain.assumptions import (
    assumptions_sentence,
    assumptions_table,
    private_reliance_meur,
)
from pactopt.explain.binding import binding_table, split_binding, summary_rules
from pactopt.explain.moves import least_change_sentence, moves_sentences, nearest_sentence
from pactopt.explain.projects import blocked_text
from pactopt.explain.review import review_sentences
from pactopt.explain.summary import breach_sentence, calibration_sentence, timing_sentence
from pactopt.i18n import LANGUAGES, Lang
from pactopt.report.tables import ResultTables, breach_table
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution


@dataclasses.dataclass(frozen=True)
class Told:
    """What the sentences of a run are made from."""

    data: PactData
    plan: Solution
    reference: ReferenceCheck | None
    moves: Moves | None
    least: LeastChange | None
    moves_skipped: bool = False
    least_skipped: bool = False
    ranges: Sequence[Range] | None = None  # the near-optimal ranges, when computed
    ranges_asked: bool | None = None  # solve --alternatives / --no-alternatives
    stakes: Stakes | None = None  # the binding limits' values at stake, when re-solved
    decisions: Sequence[ProjectDecision] = ()  # the projects' decisions (a MILP)
    review: Review | None = None  # the mid-term review (a locked past)


def _sentences(told: Told, lang: Lang) -> dict[str, object]:
    data, plan = told.data, told.plan
    assumptions = assumptions_table(data, plan, told.stakes, lang)
    summary = summary_rules(plan)  # what binds: the Summary names only these rules' rows
    binding = binding_table(data, plan, lang=lang, only=summary) if plan.duals else None
    planner = split_binding(data, plan, told.stakes, lang).planner
    return {
        "moves_text": tuple(moves_sentences(data, told.moves, told.moves_skipped, lang)),
        "least_change_text": least_change_sentence(
            data, told.least, skipped=told.least_skipped, lang=lang
        ),
        "reference_nearest_text": nearest_sentence(data, told.reference, lang),
        "timing": timing_sentence(data, told.plan, lang),
        "alternatives_text": alternatives_text(
            told.ranges, data.settings.near_optimal_tolerance, told.ranges_asked, lang
        ),
        "calibration_text": calibration_sentence(data, lang),
        "reference_breach_text": breach_sentence(data, told.reference, plan, lang),
        "assumptions_text": assumptions_sentence(
            assumptions, private_reliance_meur(data, plan), plan.mode, told.stakes, lang
        ),
        "next_euro": next_euro_sentence(data, plan, lang),
        "projects_blocked_text": blocked_text(data, plan.rules, told.decisions, lang),
        "reference_breaches": breach_table(data, plan, told.reference, lang),
        "review_text": (
            ()
            if told.review is None
            else tuple(review_sentences(data, told.review, dict(plan.rules), lang))
        ),
        "planner_sentences": dict(zip(planner["rank"], planner["sentence"], strict=True)),
        "binding_sentences": (
            {}
            if binding is None
            else dict(zip(binding["constraint"], binding["sentence"], strict=True))
        ),
    }


def with_languages(tables: ResultTables, told: Told, lang: str) -> ResultTables:
    """``tables`` speaking ``lang`` (the Summary's and the terminal's language), with the
    sentences of every other language beside the English ones."""
    spoken = {code: _sentences(told, Lang(code)) for code in LANGUAGES if code != "en"}
    return dataclasses.replace(tables, lang=lang, spoken=spoken)


def speaking(tables: ResultTables, lang: str | None = None) -> ResultTables:
    """The tables with the sentences of ``lang`` (by default their own language) in their
    text fields; the sentences not yet translated stay English."""
    code = lang or tables.lang
    return dataclasses.replace(tables, lang=code, **tables.spoken.get(code, {}))  # type: ignore[arg-type]
