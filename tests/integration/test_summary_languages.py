"""The Summary and the terminal summary in Dutch and French (issue 28), on the sentence
harness's four cases (one solve each, shared: tests/integration/conftest.py): every number
of a translated sentence, read as the language writes it ('€ 37,0 mld', '37,0 Md€',
'38.742', '38 742'), is a number of the table it comes from (tests/sentences.py), as in
English; the sentences not yet translated stay English and are left to the English
harness. The English Summary is the one the harness and the golden file check."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from pactopt.analysis.robust_evaluation import RobustComparison
from pactopt.brief.read_back import mismatches, read_run
from pactopt.cli.common import out
from pactopt.cli.solve_steps import print_summary
from pactopt.explain.robustness import spoken_robustness
from pactopt.i18n import Lang, translations
from pactopt.pipeline import Outcome, write_outcome
from pactopt.pipeline.brief import brief_sources
from pactopt.report.paragraph import headline_parts
from pactopt.report.read_back import compare_results
from pactopt.report.spoken import speaking
from pactopt.report.summary import NET_JOBS, NET_OUTPUT
from pactopt.report.tables import ResultTables
from tests.integration.conftest import CASES
from tests.integration.test_sentence_harness import UNTRACED, _paragraph_sources, _tables
from tests.sentences import Stated, brief_numbers, table_values, unmatched

pytestmark = pytest.mark.solve

LANGS = ("nl", "fr")


def _prefix(lang: str, english: str) -> str:
    """The translation's words before its first placeholder."""
    for message in translations(lang)._catalog:  # type: ignore[attr-defined]
        if isinstance(message, str) and message.startswith(english):
            return str(translations(lang).gettext(message)).split("{")[0]
    raise KeyError(english)


def _translated(tables_en: ResultTables, spoken: ResultTables, lang: str) -> list[str]:
    """The Summary's parts in ``lang`` that are translated and traceable (the rules the
    announced plan breaks, the assumptions and what binds among them, the limits' phrases
    in the language): not the two the English harness cannot trace either."""
    parts, english = headline_parts(spoken), headline_parts(tables_en)
    skipped = tuple(_prefix(lang, u) for u in UNTRACED)
    return [p for p in parts if p not in english and not p.startswith(skipped)]


def _reader(lang: str) -> Callable[[str], list[Stated]]:
    return lambda text: brief_numbers(text, lang)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_the_translated_summary_states_only_its_tables_numbers(
    sentence_cases: dict[str, tuple[Path, Outcome]], case: str, lang: str
) -> None:
    _, outcome = sentence_cases[case]
    tables = _tables(outcome)
    spoken = speaking(tables, lang)
    parts = _translated(tables, spoken, lang)
    # the opening is always translated, and it states the plan's net output and jobs
    opening = _prefix(lang, "The optimised plan spends")
    assert parts and opening.lower() in parts[0].lower()
    net = tables.summary.set_index("figure")["optimised"]
    assert Lang(lang).count(net[NET_JOBS]) in parts[0]
    assert Lang(lang).bn(net[NET_OUTPUT]) in parts[0]
    sources = _paragraph_sources(outcome)
    for part in parts:
        wrong = unmatched(part, sources, _reader(lang))
        assert not wrong, f"{case} {lang}: {wrong} in: {part}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES)
def test_the_translated_terminal_states_only_the_results_numbers(
    sentence_cases: dict[str, tuple[Path, Outcome]], case: str, lang: str
) -> None:
    """The terminal summary in ``lang``: its table's numbers are the Summary's, its
    sentences those of the moves and of the rules the announced plan breaks."""
    path, outcome = sentence_cases[case]
    tables = _tables(outcome)
    printed = io.StringIO()
    width, out.width = out.width, 400
    try:
        with redirect_stdout(printed):
            print_summary(dataclasses.replace(outcome, tables=speaking(tables, lang)), path)
    finally:
        out.width = width
    text = printed.getvalue()
    lines = text.splitlines()
    assert Lang(lang).t("Net output (€m)") in text
    figures = tables.summary[["optimised", "reference", "difference"]]
    sources = [*table_values(figures), *_paragraph_sources(outcome)]
    # untraced in English too
    skipped = tuple(_prefix(lang, u) for u in UNTRACED)
    read = [line for line in lines if line.strip() and not line.startswith(skipped)]
    assert len(read) >= 13  # the title, the table's head and its 11 figures at least
    for line in read[1:]:  # the title names the file
        wrong = unmatched(line.replace("│", " "), sources, _reader(lang))
        assert not wrong, f"{case} {lang}: {wrong} in: {line}"


def test_a_wrong_number_in_a_translated_sentence_is_caught(
    sentence_cases: dict[str, tuple[Path, Outcome]],
) -> None:
    _, outcome = sentence_cases["reference"]
    tables = _tables(outcome)
    sources = _paragraph_sources(outcome)
    for lang in LANGS:
        first = _translated(tables, speaking(tables, lang), lang)[0]
        jobs = Lang(lang).count(tables.summary.set_index("figure")["optimised"][NET_JOBS])
        assert unmatched(first, sources, _reader(lang)) == []
        wrong = str((int(jobs[0]) + 1) % 10) + jobs[1:]
        planted = first.replace(jobs, wrong)
        assert planted != first
        assert unmatched(planted, sources, _reader(lang)) == [wrong]


def test_a_dutch_or_french_results_workbook_reads_back_as_the_english_one(
    sentence_cases: dict[str, tuple[Path, Outcome]], tmp_path: Path
) -> None:
    """The Summary in Dutch or French (figure names and headers translated) is compared
    (``compare``) figure for figure with the English one, and read back by ``brief``: the
    run's numbers found under their English names, none changed."""
    path, outcome = sentence_cases["reference"]
    tables = _tables(outcome)
    english = write_outcome(outcome, tmp_path / "en.xlsx", path)
    empty = pd.DataFrame()
    for lang in LANGS:
        spoken = dataclasses.replace(outcome, tables=dataclasses.replace(tables, lang=lang))
        written = write_outcome(spoken, tmp_path / f"{lang}.xlsx", path)
        summary = openpyxl.load_workbook(written, read_only=True)["Summary"]
        shown = [row[0] for row in summary.iter_rows(values_only=True) if row]
        assert Lang(lang).t("Net output (€m)") in shown and "Net output (€m)" not in shown
        compared = compare_results(english, written)
        assert len(compared) >= 11
        assert (compared.iloc[:, -1].abs() < 1e-9).all(), compared
        run = read_run(written, "0.1.0")
        assert mismatches(run, dict(brief_sources(outcome, empty, empty).tables)) == []
        read = [what for (_, what), _ in run.numbers.values()]
        assert "figure=Net output (€m)|optimised" in read


def test_the_robust_plans_sentence_in_dutch_and_french() -> None:
    """The robust plan's sentence (Summary and terminal of a robust run) in each language,
    each pair printed to the decimals at which it differs, as in English."""
    values = np.array([47_000.0, 47_500.0, 48_000.0])
    comparison = RobustComparison(
        draws=None,  # type: ignore[arg-type]  (the sentence reads no draw)
        seed=7,
        figures={"central": {"value": values}, "robust": {"value": values + 0.3}},
        best_value=values + 1.0,
        totals={},
        central_value={"central": 47_977.16, "robust": 47_977.12},
        alpha=0.9,
    )
    nb = "\u00a0"
    said = spoken_robustness(comparison)
    assert f"kost €{nb}0,04{nb}mln waarde" in said["nl"]
    assert "(47.977,1 in plaats van 47.977,2)" in said["nl"]
    assert f"coûte 0,04{nb}M€ de valeur" in said["fr"]
    assert "(47\u202f977,1 au lieu de 47\u202f977,2)" in said["fr"]
    for lang, text in said.items():
        stated = [n.value for n in brief_numbers(text, lang)]
        assert 47_977.1 in stated and 47_977.2 in stated and 0.04 in stated, (lang, stated)
