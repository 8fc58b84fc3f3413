"""The catalogues (one per language, for the brief, the Summary sheet and the terminal
summary): every message the code asks for is in nl, fr and en with the same placeholders,
every plural form and the same numbers written out; English is its own msgid (the English
output stays word for word what the code says); amounts read as each language writes them."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from babel.messages.pofile import read_po

from pactopt.i18n import LANGUAGES, LOCALES, Lang, LanguageError, catalogue_text, english
from pactopt.i18n.messages import placeholders, used_messages

pytestmark = pytest.mark.fast


def _catalog(lang: str, text: str | None = None):  # type: ignore[no-untyped-def]
    return read_po(io.StringIO(text or catalogue_text(lang)), locale=LOCALES[lang])


def missing(lang: str, text: str | None = None) -> list[str]:
    """What a catalogue lacks: a message, a translation, a plural form or a placeholder."""
    catalog = _catalog(lang, text)
    problems = []
    for msgid, plural in used_messages().items():
        message = catalog.get(msgid)
        if message is None:
            problems.append(f"{lang}: no message {msgid!r}")
            continue
        wanted = placeholders(msgid) | (placeholders(plural) if plural else set())
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if plural and len(strings) != catalog.num_plurals:
            problems.append(f"{lang}: {msgid!r} has {len(strings)} plural forms")
        # a plural form may leave the count out ("un déplacement"), nothing else
        allowed = [wanted, wanted - {"n"}] if plural else [wanted]
        for string in strings:
            if not string:
                problems.append(f"{lang}: {msgid!r} is not translated")
            elif placeholders(string) not in allowed:
                problems.append(f"{lang}: {msgid!r} has {placeholders(string)}, not {wanted}")
            elif _written_numbers(string) != _written_numbers(msgid):
                problems.append(f"{lang}: {msgid!r} writes other numbers: {string!r}")
        if lang == "en" and strings != ((msgid, plural) if plural else (msgid,)):
            problems.append(f"en: {msgid!r} is not its own English")
    return problems


def _written_numbers(text: str) -> list[str]:
    """The numbers a message writes itself ('90%' of the draws, the table of 2015), its
    placeholders, cells and flags left out."""
    text = re.sub(r"\{\w+\}|SHA-256|[A-Za-z_]+!?[A-Z]*\d+|--[\w-]+", " ", text)
    return sorted(re.findall(r"\d+", text))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(lang: str) -> None:
    assert missing(lang) == []


def test_the_check_fails_on_a_missing_message_or_placeholder() -> None:
    """The check above can fail, in the brief's messages and the Summary's: a message
    dropped, a placeholder lost in translation, a number changed, English rewritten."""
    text = catalogue_text("nl")
    dropped = text.replace('msgid "What the plan buys"', 'msgid "Something else"')
    assert any("no message 'What the plan buys'" in p for p in missing("nl", dropped))
    lost = text.replace("Behind so far: {areas}.", "Behind so far: {areas}!").replace(
        "Tot nu toe achter op schema: {areas}.", "Tot nu toe achter op schema."
    )
    assert missing("nl", lost)
    french = catalogue_text("fr")
    summary = "Ce qui contraint\u00a0: {why}"
    assert summary in french
    assert any(
        "has set(), not {'why'}" in p
        for p in missing("fr", french.replace(summary, "Ce qui contraint"))
    )
    figure = 'msgid "Net jobs"'
    assert any(
        "no message 'Net jobs'" in p for p in missing("fr", french.replace(figure, 'msgid "Jobs"'))
    )
    draws = "90\u00a0% de {draws}" if "90\u00a0% de {draws}" in french else "90 % de {draws}"
    assert draws in french
    assert any(
        "other numbers" in p
        for p in missing("fr", french.replace(draws, draws.replace("90", "95")))
    )
    english = catalogue_text("en")
    said = 'msgstr "What binds: {why}"'
    assert any(
        "its own English" in p
        for p in missing("en", english.replace(said, 'msgstr "Binding: {why}"'))
    )


def test_the_code_asks_for_messages() -> None:
    """The extraction finds the brief's sentences, plurals among them."""
    used = used_messages()
    assert len(used) > 25
    assert sum(plural is not None for plural in used.values()) >= 3


def test_amounts_numbers_and_dates_read_as_each_language_writes_them() -> None:
    nb = "\u00a0"
    en, nl, fr = Lang("en"), Lang("nl"), Lang("fr")
    assert en.money(44_508) == "€44.5bn"
    assert nl.money(44_508) == f"€{nb}44,5{nb}mld"
    assert fr.money(44_508) == f"44,5{nb}Md€"
    assert en.money(850.4) == "€850m"
    assert fr.money(-160, sign=True) == f"\u2212160{nb}M€"
    assert nl.money(999.7) == f"€{nb}1,0{nb}mld"  # rounds to a billion: said in billions
    assert en.number(38_742) == "38,742" and nl.number(38_742) == "38.742"
    assert fr.number(38_742) == "38\u202f742"
    assert fr.share(0.914) == f"91{nb}%"
    day = dt.date(2026, 12, 6)
    assert (en.date(day), nl.date(day), fr.date(day)) == (
        "6 December 2026",
        "6 december 2026",
        "6 décembre 2026",
    )


def test_plural_forms_follow_each_language() -> None:
    """French counts 0 and 1 as singular, Dutch and English only 1."""
    one, many = (
        "{n} move adds {output} of net output and {jobs} net jobs to the announced plan",
        ("{n} moves add {output} of net output and {jobs} net jobs to the announced plan"),
    )
    fill = {"output": "x", "jobs": "y"}
    assert Lang("en").nt(one, many, 1, **fill).startswith("1 move adds")
    assert Lang("nl").nt(one, many, 4, **fill).startswith("4 verschuivingen leveren")
    assert Lang("fr").nt(one, many, 0, **fill).startswith("0 déplacement ajoute")
    assert Lang("fr").nt(one, many, 2, **fill).startswith("2 déplacements ajoutent")


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(LanguageError, match="unknown language 'de'"):
        catalogue_text("de")


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_a_translation_names_one_message(lang: str) -> None:
    """No two messages share a translation: a Dutch or French results workbook is read
    back by mapping each label to its one English (``i18n.english``)."""
    seen: dict[str, str] = {}
    for message in _catalog(lang):
        if message.id and isinstance(message.string, str) and message.string:
            assert message.string not in seen, (message.id, seen[message.string])
            seen[message.string] = str(message.id)
    assert english(Lang(lang).t("Net jobs")) == "Net jobs"
    assert english(Lang(lang).t("  of which EU programmes (€m)")) == "  of which EU programmes (€m)"
