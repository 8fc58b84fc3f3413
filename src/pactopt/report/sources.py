"""A source note on one printed line (issue 26): the Assumptions sheet keeps each row's whole
note on the screen; on paper it prints the clause about the figure the row is about, its
document code decoded ('001 L1805' → 'Digitaal investeringspact L1805'), cut to one line."""

from __future__ import annotations

import re

# the document codes of the shipped examples' source cells, as their README sheet reads them
# (template/readme_sheet.py, data/digital_pact_2019_2030.yaml): a code is decoded where it
# stands before a line reference ('001 L1805'), nowhere else
DOCUMENTS = {
    "000": "Tech Manifest",
    "001": "Digitaal investeringspact",
    "002": "AI concept note",
    "003": "AI start-ups study",
    "004": "Limburg Tech Manifest",
}
_CODE = re.compile(r"\b(\d{3}) (?=L\d)")
# the clauses of a note about an impact coefficient start with the figure they source
_SUBJECT = {"output per €": ("output",), "jobs per €m": ("jobs",)}


def decoded(text: str) -> str:
    """``text`` with each document code before a line reference named."""
    return _CODE.sub(lambda m: f"{DOCUMENTS.get(m[1], m[1])} ", text)


def _clauses(note: str, what: str) -> list[str]:
    """The clauses of ``note`` about ``what`` (an impact coefficient's row names its figure
    first), with the one giving its low and high values; else the first clause."""
    clauses = [c.strip() for c in note.split(";") if c.strip()]
    for figure, starts in _SUBJECT.items():
        if what.startswith(figure):
            picked = [
                c
                for k, c in enumerate(clauses)
                if c.startswith(starts)
                or (c.startswith("low") and k and clauses[k - 1].startswith(starts))
            ]
            if picked:
                return picked
    return clauses[:1]


def one_line(note: object, what: object, chars: int) -> str:
    """The part of source ``note`` about the row's figure ``what``, decoded, in at most
    ``chars`` characters ('…' where cut)."""
    if not isinstance(note, str) or not note:
        return ""
    short = decoded("; ".join(_clauses(note, str(what))))
    return short if len(short) <= chars else short[: chars - 1].rstrip(" ,;(") + "…"
