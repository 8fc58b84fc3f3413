"""The sentence harness on the minister's brief (issues 26 and 28): on the harness's four
cases (reference, a scenario, a new planner's plan, a MILP; one solve each, shared with
test_sentence_harness.py) and the mid-term example (its review), the brief in nl, fr and
en. Every number of its text, read as the language writes it ('€ 44,5 mld', '44,5 Md€',
'€44.5bn', '38 742'), is its source's value to the precision printed: the source the
brief's trace names (a results table and row, or an input cell), read afresh from the run's
own tables. A number the trace does not name may only be a year of the plan, the draws'
seed or a number the sentence itself writes in every language (the draws' '90%', the
input-output table's year)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from pactopt.brief.compose import compose
from pactopt.brief.doc import Block, Chart, Document, Inline, Num, Para, Table, plain
from pactopt.brief.trace import Sources
from pactopt.brief.writer import Run, short
from pactopt.i18n import LANGUAGES, Lang
from pactopt.i18n.messages import used_messages
from pactopt.pipeline import Outcome, run_solve
from pactopt.pipeline.brief import SEED, plan_draws, switching_values
from pactopt.schema.data import PactData
from pactopt.schema.parse import load_pact
from tests.conftest import REPO
from tests.integration.conftest import CASES, QUICK
from tests.sentences import Source, Stated, brief_numbers, table_values, unmatched

pytestmark = pytest.mark.solve

DAY = dt.date(2026, 12, 6)
DRAWS = 60  # the draws are evaluations of the plan (no solve); fewer than a brief's 200
SHA = "0" * 64  # a hash of the workbook: a run's record, not a figure


@dataclasses.dataclass(frozen=True)
class Case:
    """One case's briefs and the run's own tables their numbers are checked against."""

    outcome: Outcome
    fresh: Sources  # the run's tables, the brief's draws and switching values
    docs: dict[str, Document]


def _fresh(outcome: Outcome, uncertainty: pd.DataFrame, switching: pd.DataFrame) -> Sources:
    """The tables as the run made them (not the brief's copy of them)."""
    t = outcome.tables
    assert t is not None
    tables = {
        name: getattr(t, name)
        for name in ("summary", "moves", "moves_curve", "allocation", "review", "io_comparison")
    }
    tables |= {"review_impacts": t.review_impacts, "uncertainty": uncertainty}
    return Sources(outcome.data, {**tables, "switching": switching})


@pytest.fixture(scope="module")
def briefs(sentence_cases: dict[str, tuple[Path, Outcome]]) -> dict[str, Case]:
    """Each case's brief in each language, composed from its one solve (the draws are
    evaluations of the plan, the switching values a few warm re-solves); and the mid-term
    example's, whose brief alone says how the pact is doing so far (one more solve)."""
    out = {}
    midterm = REPO / "inputs" / "digital_pact_midterm_2025.xlsx"
    review = run_solve(load_pact(midterm), midterm, QUICK)
    for case, (path, outcome) in [*sentence_cases.items(), ("midterm", (midterm, review))]:
        assert outcome.tables is not None
        uncertainty = plan_draws(outcome.data, outcome.result, DRAWS)
        switching = switching_values(outcome.data, outcome.tables.moves)
        fresh = _fresh(outcome, uncertainty, switching)
        run = Run(path.name, SHA, "0.1.0", DAY, seed=SEED)
        # the brief composes from its own copy of the tables, as make_brief does
        copy = Sources(outcome.data, {k: v.copy() for k, v in fresh.tables.items()})
        docs = {lang: compose(Lang(lang), copy, run) for lang in LANGUAGES}
        out[case] = Case(outcome, fresh, docs)
    return out


def _constants() -> list[tuple[float, bool]]:
    """The numbers the brief's sentences write themselves (in English: each catalogue's test
    holds the translations to the same numbers): '90%' of the draws, the table's 2015."""
    return [
        (n.value, n.percent)
        for message in used_messages()
        for n in brief_numbers(re.sub(r"\{\w+\}|SHA-256", " ", message), "en")
    ]


def _runs_record(text: str, data: PactData, lang: Lang) -> str:
    """``text`` without what is no figure of the plan: the names of instruments, funders and
    budget lines (which may hold digits: 'DOCSIS 3.1'), input cells, the workbook's name, its
    hash, the version and the date."""
    names = [r.name for r in (*data.instruments, *data.funders, *data.budget_lines)]
    for name in sorted(names + [short(n) for n in names], key=len, reverse=True):
        text = text.replace(name, " ")
    text = re.sub(r"[A-Za-z]+!\$?[A-Z]{1,3}\$?\d+", " ", text)  # an input cell
    text = re.sub(r"\S+\.xlsx|SHA-256|\b[0-9a-f]{64}\b|\b\d+\.\d+\.\d+\b", " ", text)
    return text.replace(lang.date(DAY), " ")


def _pieces(block: Block) -> list[tuple[Inline, ...]]:
    """The texts of a block that each state their own numbers: a paragraph, a table's cell
    (a row's cells together), a chart's legend."""
    if isinstance(block, Para):
        return [block.parts]
    if isinstance(block, Table):
        return [tuple(p for cell in row for p in (*cell, " │ ")) for row in block.rows]
    if isinstance(block, Chart):
        return [block.label]
    return []


def brief_problems(case: Case, lang: str, doc: Document | None = None) -> list[str]:
    """Each number of the brief in ``lang`` that is not its source's value to the precision
    printed, and each number outside the traced ones that is none of the allowed constants."""
    doc = doc or case.docs[lang]
    data = case.outcome.data
    words = Lang(lang)
    problems: list[str] = []
    years = [float(y) for y in data.years]
    allowed = [(v, 0.0) for v, percent in _constants() if not percent]
    allowed += table_values([*years, float(SEED)])
    percents = [(v / 100, 0.0) for v, percent in _constants() if percent]
    for parts in (p for block in doc.blocks for p in _pieces(block)):
        sources: list[Source] = []
        for num in (p for p in parts if isinstance(p, Num)):
            stated = brief_numbers(num.text, lang)
            value = case.fresh.value(num.src)
            sources.append((value, 0.0))
            if len(stated) != 1 or unmatched(num.text, [(value, 0.0)], _reader(lang)):
                problems.append(f"{lang} {num.text!r} is not {num.src} = {value}")
        text = _runs_record(plain(parts), data, words)
        wrong = unmatched(text, [*sources, *allowed, *percents], _reader(lang))
        problems += [f"{lang} {w!r} is in no source of: {plain(parts)}" for w in wrong]
    return problems


def _reader(lang: str) -> Callable[[str], list[Stated]]:
    return lambda text: brief_numbers(text, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", [*CASES, "midterm"])
def test_every_number_in_the_brief_is_its_source(
    briefs: dict[str, Case], case: str, lang: str
) -> None:
    found = briefs[case]
    assert brief_problems(found, lang) == []
    # the check read the numbers: the brief states a dozen and more in every case
    numbers = [p for b in found.docs[lang].blocks for parts in _pieces(b) for p in parts]
    assert sum(isinstance(p, Num) for p in numbers) >= 12
    if case == "midterm":  # the review's sentence, with what was spent against the pace
        spent = [p for p in numbers if isinstance(p, Num) and "spent_to_date_meur" in p.src]
        assert spent


def _plant(doc: Document, change: Callable[[Num], tuple[Inline, ...]]) -> Document:
    """``doc`` with its title's first amount changed by ``change(num) -> parts``."""
    title = doc.blocks[0]
    assert isinstance(title, Para)
    k = next(i for i, p in enumerate(title.parts) if isinstance(p, Num) and "€" in p.text)
    num = title.parts[k]
    assert isinstance(num, Num)
    parts = (*title.parts[:k], *change(num), *title.parts[k + 1 :])
    return dataclasses.replace(doc, blocks=(Para(parts, "title"), *doc.blocks[1:]))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_brief_harness_catches_a_planted_wrong_number(
    briefs: dict[str, Case], lang: str
) -> None:
    """The reference brief's first amount with one digit changed (the text alone, or the text
    and the value it claims), or a figure added outside the traced numbers: each is caught."""
    case = briefs["reference"]
    doc = case.docs[lang]
    assert brief_problems(case, lang, doc) == []

    def digit(text: str) -> str:
        k = next(i for i, c in enumerate(text) if c.isdigit())
        return text[:k] + str((int(text[k]) + 1) % 10) + text[k + 1 :]

    for claimed in (0.0, 1000.0):  # the value the number claims does not fool the check
        wrong = _plant(doc, lambda n, c=claimed: (Num(digit(n.text), n.value + c, n.src),))
        problems = brief_problems(case, lang, wrong)
        assert len(problems) == 2 and " is not moves_curve|" in problems[0], problems
    added = _plant(doc, lambda n: (n, " (" + Lang(lang).money(12_345.0) + ")"))
    problems = brief_problems(case, lang, added)
    assert len(problems) == 1 and "in no source of" in problems[0], problems


def test_reading_the_brief_s_numbers_in_each_language() -> None:
    """Amounts in €m at the precision printed, counts with each language's separators."""
    nb, nnb = "\u00a0", "\u202f"
    read = {
        "en": "+€1.1bn, −€185m, 38,742 jobs, 91%, €1.33 and 0.23 over 2019-2030",
        "nl": f"+€{nb}1,1{nb}mld, −€{nb}185{nb}mln, 38.742 banen, 91%, €{nb}1,33 en 0,23 "
        "over 2019-2030",
        "fr": f"+1,1{nb}Md€, −185{nb}M€, 38{nnb}742 emplois, 91{nb}%, 1,33 € et 0,23 sur 2019-2030",
    }
    for lang, text in read.items():
        stated = [(n.value, n.slack > 1, n.percent, n.money) for n in brief_numbers(text, lang)]
        assert stated == [
            (1100.0, True, False, True),
            (-185.0, False, False, True),
            (38742.0, False, False, False),
            (91.0, False, True, False),
            (1.33, False, False, False),
            (0.23, False, False, False),
            (2019.0, False, False, False),
            (2030.0, False, False, False),
        ], lang
