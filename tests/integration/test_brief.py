"""The brief on the reference case, in nl, fr and en: every number in the HTML is its
source's value at the precision printed, no other figure is printed, and a results
workbook is read back only when it is this run's, unedited."""

from __future__ import annotations

import datetime as dt
import math
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from pactopt.brief.read_back import read_run
from pactopt.brief.trace import Sources
from pactopt.errors import InputError
from pactopt.i18n import LANGUAGES, Lang
from pactopt.pipeline import SolveOptions, run_solve, write_outcome
from pactopt.pipeline.brief import Brief, brief_analyses, make_brief, repeat_run
from pactopt.pipeline.solve import Outcome
from pactopt.schema.parse import load_pact

pytestmark = pytest.mark.solve

DAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def reference(reference_path: Path) -> Outcome:
    return run_solve(load_pact(reference_path), reference_path, SolveOptions(alternatives=False))


@pytest.fixture(scope="module")
def briefs(reference: Outcome, reference_path: Path) -> dict[str, Brief]:
    analyses = brief_analyses(reference, draws=60)
    return {lang: make_brief(reference, lang, reference_path, DAY, analyses) for lang in LANGUAGES}


class _Spans(HTMLParser):
    """The numbers of the page (text, data-src, data-value) and its text outside them."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[tuple[str, str, float]] = []
        self.outside: list[str] = []
        self._open: dict[str, str] | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag in ("style", "title"):
            self._skip += 1
        if tag == "span" and "data-src" in found:
            self._open = found

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._open is not None:
            self.numbers.append((data, self._open["data-src"], float(self._open["data-value"])))
            self._open = None
        else:
            self.outside.append(data)


def _printed(lang: Lang, value: float) -> set[str]:
    """Every way the brief prints a value."""
    return {
        lang.money(value),
        lang.money(value, sign=True),
        lang.number(value),
        lang.signed(value),
        lang.number(value, 2),
        lang.share(value),
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_number_is_its_source_at_the_precision_printed(
    briefs: dict[str, Brief], reference: Outcome, lang: str
) -> None:
    brief = briefs[lang]
    page = _Spans()
    page.feed(brief.html)
    assert len(page.numbers) >= 30
    # the sources read afresh from the run's own tables, not from the brief's copy
    fresh = Sources(reference.data, dict(brief.sources.tables))
    for text, src, value in page.numbers:
        source = fresh.value(src)
        assert math.isclose(value, source, rel_tol=1e-12, abs_tol=1e-9), src
        assert text in _printed(Lang(lang), source), (src, text, source)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_figure_is_printed_without_its_source(
    briefs: dict[str, Brief], reference: Outcome, lang: str
) -> None:
    """Digits outside the traced numbers are only years, the hash, the version, cells, the
    seed, '90%' (the p5-p95 range) and the workbook's own names."""
    page = _Spans()
    page.feed(briefs[lang].html)
    text = " ".join(page.outside)
    data = reference.data
    names = [r.name for r in (*data.instruments, *data.funders, *data.budget_lines)]
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ").replace(re.sub(r"\s*\(.*$", "", name), " ")
    text = text.replace(reference.run.input_sha256, " ").replace("SHA-256", " ")
    text = text.replace(Lang(lang).date(DAY), " ")
    text = re.sub(r"\b[A-Za-z]+![A-Z]+\d+\b", " ", text)  # input cells
    text = re.sub(r"\b(19|20)\d\d\b", " ", text)  # years and the date
    text = re.sub(r"\b0\.1\.0\b|\b20190\b|\b90\s?%", " ", text)  # version, seed, 90%
    text = re.sub(r"\b\w+\.xlsx\b", " ", text)
    assert not re.search(r"\d", text), text


def test_the_brief_says_the_answer_first_and_fits_one_page(briefs: dict[str, Brief]) -> None:
    en = briefs["en"]
    assert re.match(r"\d moves add €[\d.]+bn of net output", en.document.title)
    assert en.pdf.startswith(b"%PDF")
    assert len(en.html.encode()) < 1_000_000
    assert "http://" not in en.html.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in en.html


def test_a_results_workbook_is_read_back_and_checked(
    reference: Outcome, reference_path: Path, tmp_path: Path
) -> None:
    results = write_outcome(reference, tmp_path / "results.xlsx", reference_path)
    written = read_run(results, "0.1.0")
    assert written.input_sha256 == reference.run.input_sha256
    again = repeat_run(written, reference.data)
    assert again.tables is not None
    with pytest.raises(InputError, match=r"not 9\.9"):
        read_run(results, "9.9")
    wb = openpyxl.load_workbook(results)
    wb["Allocation"]["Q2"] = 12345.0
    wb.save(tmp_path / "edited.xlsx")
    with pytest.raises(InputError) as edited:
        repeat_run(read_run(tmp_path / "edited.xlsx", "0.1.0"), reference.data)
    assert edited.value.problems[0].cell == "Q2"
    assert "edited by hand" in edited.value.problems[0].rule
    del wb["Moves"]
    wb.save(tmp_path / "no_moves.xlsx")
    with pytest.raises(InputError, match="has no Moves sheet"):
        read_run(tmp_path / "no_moves.xlsx", "0.1.0")


def test_the_command_writes_both_files_or_neither(
    reference: Outcome, reference_path: Path, tmp_path: Path
) -> None:
    """``pactopt brief RESULTS.xlsx``: the HTML and the PDF; an unknown language or an
    edited results workbook: exit 2, a message naming the cause, and nothing written."""
    from tests.cli_runner import invoke

    results = write_outcome(reference, tmp_path / "results.xlsx", reference_path)
    out = tmp_path / "out"
    out.mkdir()
    ran = invoke("brief", results, "--lang", "de", "-o", out / "b.html")
    assert ran.code == 2 and "unknown language 'de'" in ran.stderr
    wb = openpyxl.load_workbook(results)
    wb["Summary"]["B17"] = 1.0  # the net jobs of the plan, changed by hand
    wb.save(tmp_path / "edited.xlsx")
    ran = invoke("brief", tmp_path / "edited.xlsx", "-o", out / "b.html")
    assert ran.code == 2 and "edited by hand" in ran.stderr
    assert list(out.iterdir()) == []
    ran = invoke("brief", results, "--lang", "fr", "-o", out / "b.html")
    assert ran.code == 0, ran.stderr
    assert sorted(p.name for p in out.iterdir()) == ["b.html", "b.pdf"]
    assert 'lang="fr"' in (out / "b.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_move_says_who_pays_for_it(
    briefs: dict[str, Brief], reference: Outcome, lang: str
) -> None:
    """The 'Paid by' column names each move's funders and budget lines with their amounts
    (it was empty once the Moves table named funders instead of their ids)."""
    page = _Spans()
    page.feed(briefs[lang].html)
    traced = {src for _, src, _ in page.numbers}
    assert reference.tables is not None
    moves = reference.tables.moves
    shown = [i for i in moves["instrument"] if f"moves|instrument={i}|change_meur" in traced]
    assert len(shown) >= 3
    for instrument in shown:
        money = str(moves.loc[moves["instrument"] == instrument, "money"].iloc[0])
        parts = [f"moves|instrument={instrument}|money:{k}" for k in range(money.count(";") + 1)]
        assert set(parts) <= traced, (instrument, money)
    first = moves.loc[moves["instrument"] == shown[0], "money"].iloc[0].split(";")[0]
    funder = first.rsplit(" ", 1)[0].removeprefix("from ")
    assert funder in " ".join(page.outside)
