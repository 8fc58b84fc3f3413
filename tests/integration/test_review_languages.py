"""The mid-term review speaks the run's language (issue 28): the Review sheet, which a
mid-term results workbook opens on, and the terminal's first sentence, in Dutch and French
with the review's own numbers; English word for word as before."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from pactopt.analysis.review import PACT
from pactopt.i18n import Lang
from pactopt.pipeline import Outcome, SolveOptions, run_solve, write_outcome
from pactopt.report.spoken import speaking
from pactopt.schema.parse import load_pact
from tests.cli_runner import invoke
from tests.conftest import REFERENCE_XLSX

MIDTERM = REFERENCE_XLSX.parent / "digital_pact_midterm_2025.xlsx"
ENGLISH_WORDS = ("review", "spent", "locked", "on track", "behind", "by domain", "the pact")


@pytest.fixture(scope="module")
def midterm() -> Outcome:
    return run_solve(load_pact(MIDTERM), MIDTERM, SolveOptions(alternatives=False, moves=False))


def _pact_row(outcome: Outcome) -> dict[str, object]:
    assert outcome.tables is not None and outcome.tables.review is not None
    table = outcome.tables.review
    return table[table["area"] == PACT].iloc[0].to_dict()


@pytest.mark.solve
@pytest.mark.parametrize(
    ("lang", "opening", "verdict"),
    [
        ("en", "Mid-term review as of 2025: 7 of the pact's 12 years are spent and locked.", None),
        (
            "nl",
            "Tussentijdse evaluatie eind 2025: 7 van de 12 jaren van het pact zijn uitgegeven "
            "en liggen vast.",
            "op schema",
        ),
        (
            "fr",
            "Revue à mi-parcours à fin 2025\u00a0: 7 des 12 années du pacte sont dépensées "
            "et figées.",
            "dans les temps",
        ),
    ],
)
def test_the_review_s_sentences_speak_the_run_s_language(
    midterm: Outcome, lang: str, opening: str, verdict: str | None
) -> None:
    assert midterm.tables is not None
    first, *rest = speaking(midterm.tables, lang).review_text
    pact = _pact_row(midterm)
    words = Lang(lang)
    assert first.startswith(opening)
    # the amounts are the review table's, in the language's own format
    for column in ("spent_to_date_meur", "pace_to_date_meur", "replan_adds_meur"):
        assert words.meur(float(pact[column])) in first  # type: ignore[arg-type]
    # the pact's targets (Settings) are said met, with their amounts
    review = midterm.tables.review_impacts
    targets = dict(zip(review["figure"], review["target"], strict=True))
    whole = " ".join([first, *rest])
    assert words.meur(float(targets["Output, gross (€m)"])) in whole
    assert words.number(float(targets["Jobs, gross"])) in whole
    if verdict is not None:
        assert pact["verdict"] == "on track" and first.endswith(f"{verdict}.")
        text = " ".join([first, *rest]).lower()
        assert not [w for w in ENGLISH_WORDS if w in text]


@pytest.mark.solve
def test_the_review_sheet_is_headed_in_the_run_s_language(midterm: Outcome, tmp_path: Path) -> None:
    assert midterm.tables is not None
    tables = speaking(midterm.tables, "nl")
    path = write_outcome(dataclasses.replace(midterm, tables=tables), tmp_path / "r.xlsx", MIDTERM)
    ws = openpyxl.load_workbook(path, read_only=True)["Review"]
    cells = [v for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert cells[0] == "Tussentijdse evaluatie"
    assert "Wat het geld oplevert (bruto, niet verdisconteerd)" in cells
    assert tables.review_text[0] in cells


@pytest.mark.slow
def test_the_terminal_opens_a_review_with_its_verdict(tmp_path: Path) -> None:
    ran = invoke(
        "solve", MIDTERM, "--lang", "fr", "--no-alternatives", "--no-moves",
        "-o", tmp_path / "r.xlsx",
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    text = " ".join(ran.stdout.split())
    opening = "Revue à mi-parcours à fin 2025 : 7 des 12 années du pacte"
    assert opening in text.replace("\u00a0", " ")
    assert "le pacte est dans les temps." in text
