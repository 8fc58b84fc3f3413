"""The messages the code asks the catalogues for, found in its source: every
``say(lang, "…"[, "…", n])``, ``lang.t("…")``, ``lang.nt("…", "…", n)``, ``said("…", …)`` (a
rule's phrase, read in the reader's language) and ``N_("…")`` (a text marked for translation
where it is defined, translated where it is shown) with literal text, in every module of the
package (the catalogue test and ``tools/catalogue.py`` use it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PLACEHOLDER = re.compile(r"\{(\w+)\}")
PACKAGE = Path(__file__).resolve().parents[1]
CALLS = ("say", "t", "nt", "N_", "said")


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def used_messages() -> dict[str, str | None]:
    """msgid -> msgid_plural (None for a message without plural) of every message, in the
    order the modules (sorted by path) and their calls give them."""
    found: dict[str, str | None] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args[1:] if name == "say" else node.args
            if name not in CALLS or not args:
                continue
            message = _literal(args[0])
            if message is None:
                continue
            plural = _literal(args[1]) if len(args) > 1 and name not in ("N_", "said") else None
            found[message] = plural
    return found


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a message."""
    return set(PLACEHOLDER.findall(text))
