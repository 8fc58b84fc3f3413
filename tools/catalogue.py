"""Bring the catalogues (``pactopt/i18n/locale``) in line with the code: ``en.po`` gets
every message the code uses (translated as itself), ``nl.po`` and ``fr.po`` gain the new
ones untranslated (the catalogue test then fails until a translator fills them) and lose
those no longer used.

    python tools/catalogue.py
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from pactopt.i18n import DOMAIN, LOCALES
from pactopt.i18n.messages import used_messages

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "pactopt" / "i18n" / "locale"


def update(lang: str) -> None:
    """Rewrite ``locale/<lang>.po``."""
    path = LOCALE_DIR / f"{lang}.po"
    old = read_po(path.open("rb"), locale=LOCALES[lang]) if path.exists() else None
    catalog = Catalog(
        locale=LOCALES[lang], domain=DOMAIN, project="pactopt", charset="utf-8", fuzzy=False
    )
    for msgid, plural in used_messages().items():
        key = (msgid, plural) if plural else msgid
        kept = old.get(msgid) if old is not None else None
        if lang == "en":
            string: object = (msgid, plural) if plural else msgid
        elif kept is not None and kept.string:
            string = kept.string
        else:
            string = ("", "") if plural else ""
        catalog.add(key, string)  # type: ignore[arg-type]
    with path.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=False)


if __name__ == "__main__":
    for lang in LOCALES:
        update(lang)
