"""The Summary in Dutch and French as a person sees it (issue 28): the reference case solved
with --lang nl and --lang fr by the command line, printed to PDF by LibreOffice. Page 1
holds the answer in that language legibly, like the English one (test_printed.py): its text
at 9 pt or more, at most 250 words, the headline table's figures by their Dutch or French
names and the whole chart, its legend included (the longer sentences once pushed it to page
2), with amounts as the language writes them. Skips without soffice and pdftotext (CI
requires them, see test_printed.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pactopt.i18n import Lang
from tests.conftest import REFERENCE_XLSX
from tests.e2e.test_cli import pactopt
from tests.printing import PDFTOTEXT, SOFFICE, body_points, convert_to_pdf, page_words, pdf_text

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        SOFFICE is None or PDFTOTEXT is None, reason="soffice or pdftotext not installed"
    ),
]

LANGS = ("nl", "fr")
# words of page 1 that show the answer is in the language: the figures, the chart's title,
# its legend and an amount as the language writes it
SHOWN = {
    "nl": ("Netto", "productie", "banen", "Waar", "naartoe", "Geoptimaliseerd", "mld"),
    "fr": ("Production", "nette", "Emplois", "Où", "Optimisé", "Md€"),
}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("languages")
    paths = []
    for lang in LANGS:
        path = folder / f"{lang}.xlsx"
        ran = pactopt("solve", REFERENCE_XLSX, "-o", path, "--no-alternatives", "--lang", lang)
        assert ran.returncode == 0, ran.stderr
        assert Lang(lang).t("Results written to {path}", path="") in ran.stdout
        paths.append(path)
    return convert_to_pdf(paths, tmp_path_factory.mktemp("pdf"))


@pytest.mark.parametrize("lang", LANGS)
def test_page_one_holds_the_answer_in_its_language(pdfs: dict[str, Path], lang: str) -> None:
    pages = page_words(pdfs[lang])
    first = pages[0]
    assert body_points(first) >= 9.0, body_points(first)
    assert len(first) <= 250, len(first)
    words = {w for w, _ in first}
    assert set(SHOWN[lang]) <= words, set(SHOWN[lang]) - words
    # the chart's legend is on page 1, and no part of the chart on page 2
    t = Lang(lang).t
    legend = f"{t('Reference plan (€m)')} {t('Optimised (€m)')}"
    assert legend in " ".join(w for w, _ in first)
    second = " ".join(w for w, _ in pages[1])
    assert legend not in second and t("Total over the horizon (€m)") not in second


# the footer of the Moves sheet's pages in each language ('Moves, pagina 5 van 21')
MOVES_FOOTER = {"nl": r"Moves, pagina \d+ van \d+", "fr": r"Moves, page \d+ sur \d+"}
MOVES_WORDS = (
    "The gain in a few moves",
    "Each move, in the order the curve takes it",
    "The value captured with at most k moves",
    "Share of the gain captured with at most k moves",
    "Share of the gain",
)


@pytest.mark.parametrize("lang", LANGS)
def test_the_moves_pages_speak_the_language_and_fit_their_width(
    pdfs: dict[str, Path], lang: str
) -> None:
    """The Moves sheet, next after the Summary, is titled, headed and charted in the
    language of its sentences, its footer too (they were English under Dutch or French
    sentences), and prints on two pages as the English one does (a table wider than the
    page prints its cut-off columns on pages of their own): its tables' headers stay
    English, as on every other sheet (Dutch ones widened the moves table past the page)."""
    t = Lang(lang).t
    pages = [p for p in pdf_text(pdfs[lang]).split("\f") if re.search(MOVES_FOOTER[lang], p)]
    assert len(pages) == 2
    text = " ".join(" ".join(pages).split())
    for english in MOVES_WORDS:
        assert t(english) != english and t(english) in text, t(english)
        assert english not in text.replace("Share of the gain captured", "")
