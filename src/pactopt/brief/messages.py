"""The messages the brief's code asks the catalogues for, found in its source: every
``say(lang, "…"[, "…", n])``, ``lang.t("…")`` and ``lang.nt("…", "…", n)`` with literal text
(the catalogue test and ``tools/brief_catalogue.py`` use it)."""

from __future__ import annotations

import ast
import re
from importlib import resources

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def used_messages() -> dict[str, str | None]:
    """msgid -> msgid_plural (None for a message without plural) of every message."""
    found: dict[str, str | None] = {}
    for entry in sorted(resources.files(__package__).iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".py"):
            continue
        for node in ast.walk(ast.parse(entry.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = node.args[1:] if name == "say" else node.args
            if name not in ("say", "t", "nt") or not args:
                continue
            message = _literal(args[0])
            if message is None:
                continue
            plural = _literal(args[1]) if len(args) > 1 else None
            found[message] = plural
    return found


def placeholders(text: str) -> set[str]:
    """The ``{names}`` of a message."""
    return set(PLACEHOLDER.findall(text))
