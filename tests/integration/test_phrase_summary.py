"""The limits' phrases on the Dutch and French Summary (issue 28): what binds, the rules the
announced plan breaks, what the plan depends on and the next euro name each limit in the
reader's language with its instrument's, domain's or line's name, the figures read from the
run's tables; the Summary sheet's tables below the paragraphs speak it too; an extension's
plain-string phrase is shown as written beside the translated words around it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import openpyxl
import pytest

from pactopt.explain.binding import binding_table
from pactopt.i18n import Lang
from pactopt.model.build import create_model
from pactopt.model.registry import load_extension
from pactopt.pipeline import Outcome, write_outcome
from pactopt.report.paragraph import headline_parts
from pactopt.report.spoken import speaking
from pactopt.solver.solve import solve_model
from tests.integration.test_summary_languages import _prefix
from tests.model.test_extension import CAP_B
from tests.model.tiny import load, output_or_jobs

pytestmark = pytest.mark.solve

NB = "\u00a0"
# words of the English phrases and sentences that must not be left in Dutch or French
ENGLISH = (
    "is at its",
    "would add",
    "would cost",
    "one more €m",
    "give way",
    "at stake",
    "of value",
    "depends most",
    "of this kind",
    "re-solved",
    "the rule ",
    "adds",
)
OPENINGS = {
    "breach": "The announced plan cannot be financed",
    "assumptions": "The plan depends most on",
    "binds": "What binds: ",
    "next": "The workbook allows no new money",
}


def _parts(outcome: Outcome, code: str) -> dict[str, str]:
    assert outcome.tables is not None
    parts = headline_parts(speaking(outcome.tables, code))
    lang = Lang(code)
    found = {}
    for key, english in OPENINGS.items():
        opening = _prefix(lang.code, english)  # the words before its first placeholder
        found[key] = next(p for p in parts if p.startswith(opening))
    return found


@pytest.mark.parametrize("code", ["nl", "fr"])
def test_the_summarys_limits_speak_the_language_with_their_names(
    sentence_cases: dict[str, tuple[Path, Outcome]], code: str
) -> None:
    """On the reference case the pact's total binds at its ceiling (Settings
    total_max_meur, €37,000m): 'What binds' names it in the language with the value of one
    more €m from the Binding table; the breach names the line and instrument that give way;
    no English phrase word is left in any of the four sentences."""
    _, outcome = sentence_cases["reference"]
    assert outcome.tables is not None
    data, lang = outcome.data, Lang(code)
    parts = _parts(outcome, code)
    binding = outcome.tables.binding.set_index("rule")
    dual = float(binding.loc["total_ceiling", "value_per_meur"])
    ceiling = lang.meur(data.settings.total_max_meur or 0.0)
    cell = data.cell("Settings", "total_max_meur", "value")
    value = lang.t("€{amount}m", amount=lang.number(dual, 2))
    expected = {
        "nl": f"Het totaal van het pact zit aan zijn plafond van {ceiling} ({cell}); één miljoen "
        f"euro meer hier zou {value} waarde toevoegen.",
        "fr": f"Le total du pacte est à son plafond de {ceiling} ({cell}){NB}; un million "
        f"d'euros de plus ici ajouterait {value} de valeur.",
    }[code]
    assert ceiling == {"nl": f"€{NB}37.000{NB}mln", "fr": f"37\u202f000{NB}M€"}[code]
    assert expected in parts["binds"]
    # the announced plan breaks the least public share of an instrument (Instruments!H20)
    assert len(outcome.tables.reference_breaches) and "Instruments!H20" in parts["breach"]
    share = {"nl": "het minimale overheidsaandeel van ", "fr": "la part publique minimale d'"}
    named = [i.name for i in data.instruments if f"{share[code]}{i.name}" in parts["breach"]]
    assert named == ["Interregional requirement and procurement unit"]
    lines = [b.name for b in data.budget_lines if b.name in parts["next"]]
    assert lines == ["Federal ICT and operating budgets"]
    for key, text in parts.items():
        left = [w for w in ENGLISH if w in text]
        assert not left, f"{code} {key}: English {left} in: {text}"


@pytest.mark.parametrize("code", ["nl", "fr"])
def test_the_summary_sheets_tables_speak_the_language(
    sentence_cases: dict[str, tuple[Path, Outcome]], code: str, tmp_path: Path
) -> None:
    """The rules the reference plan breaks and the ten limits on the written Summary sheet:
    translated headers and sentences, each breach's amount the table's own."""
    path, outcome = sentence_cases["reference"]
    assert outcome.tables is not None
    lang = Lang(code)
    spoken = dataclasses.replace(outcome, tables=dataclasses.replace(outcome.tables, lang=code))
    written = write_outcome(spoken, tmp_path / f"{code}.xlsx", path)
    rows = [
        [v for v in row if v is not None]
        for row in openpyxl.load_workbook(written, read_only=True)["Summary"].iter_rows(
            values_only=True
        )
    ]
    cells = [str(v) for row in rows for v in row]
    for english in ("Explanation", "Short by (€m)", "What binds, in words", "Bridge step"):
        assert english not in cells and lang.t(english) in cells
    at = next(k for k, row in enumerate(rows) if row and row[0] == lang.t("Explanation"))
    breaches = outcome.tables.reference_breaches
    shown = rows[at + 1 : at + 1 + len(breaches)]
    for row, short in zip(shown, breaches["short_meur"], strict=True):
        sentence, amount = str(row[0]), float(row[1])
        assert amount == pytest.approx(short)
        assert lang.meur(short) in sentence
        assert not [w for w in ENGLISH if w in sentence], sentence
    top = next(k for k, row in enumerate(rows) if row and row[0] == lang.t("What binds, in words"))
    limits = [str(row[0]) for row in rows[top + 1 : top + 11]]
    assert len(limits) == 10
    for sentence in limits:
        assert not [w for w in ENGLISH if w in sentence], sentence
    ceiling = lang.meur(outcome.data.settings.total_max_meur or 0.0)
    total = {"nl": "Het totaal van het pact zit aan zijn plafond van ", "fr": "Le total du pacte"}
    assert any(s.startswith(total[code]) and ceiling in s for s in limits)
    footer = openpyxl.load_workbook(written)["Summary"].oddFooter.center.text
    assert footer == {"nl": "&A, pagina &P van &N", "fr": "&A, page &P sur &N"}[code]


def test_an_extensions_plain_phrase_shows_as_written_in_a_dutch_sentence(tmp_path: Path) -> None:
    """cap_b (tests/model/test_extension.py) phrases itself in a plain English string: in
    Dutch its Binding sentence shows it as written, the words around it and the value (the
    cap's dual, 2.0 − 1.6 = 0.4) in Dutch."""
    path = tmp_path / "cap_b.py"
    path.write_text(CAP_B, encoding="utf-8")
    rules = load_extension(path)
    data = load(output_or_jobs(), tmp_path)
    result = solve_model(create_model(data, rules), data.settings)
    cell = data.cell("Instruments", "B", "max_total_meur")
    said = binding_table(data, result, lang=Lang("nl")).set_index("rule")
    assert said.loc["cap_b", "sentence"] == (
        f"Instrument B is held to €300m ({cell}); één miljoen euro meer hier zou "
        f"€{NB}0,40{NB}mln waarde toevoegen."
    )


def test_what_keeps_projects_out_in_french(
    sentence_cases: dict[str, tuple[Path, Outcome]],
) -> None:
    """The capital-budgeting case: the budget's ceiling keeps projects B and D out, €5m and
    €3m short (as the English Summary says); the French Summary says so in French."""
    _, outcome = sentence_cases["milp"]
    assert outcome.tables is not None
    english = outcome.tables.projects_blocked_text
    cell = outcome.data.cell("Instruments", "K", "max_total_meur")
    assert english == (
        f"The ceiling of capital budget ({cell}) keeps projects B (€5m short) and D (€3m short) "
        "out."
    )
    french = speaking(outcome.tables, "fr").projects_blocked_text
    assert french == (
        f"Le plafond de capital budget ({cell}) écarte les projets B (il manque 5{NB}M€) et D "
        f"(il manque 3{NB}M€)."
    )
    assert french in " ".join(headline_parts(speaking(outcome.tables, "fr")))
