"""The checks of who may pay for what: a funder no domain admits, an instrument whose private
share no private funder may pay."""

from __future__ import annotations

from pactopt.errors import Problem, Severity
from pactopt.schema.checks.registry import Tables, check, rows_of
from pactopt.schema.settings import Settings


@check("funder_may_pay")
def funder_may_pay(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Warn when a funder may pay for no domain (no allowed Eligibility row names it), and
    when an instrument needs private money (public share at most below 1) in a domain no
    private funder may pay for: it can then receive nothing, and a floor on it cannot be met.
    Deleting a funder's Eligibility rows validated cleanly, and the solve's diagnosis then
    listed the symptoms without this cause."""
    if not tables.get("Eligibility") or not tables.get("Funders"):
        return []
    allowed: dict[str, set[str]] = {}
    for _, row in rows_of(tables, "Eligibility"):
        if row.allowed:
            allowed.setdefault(row.funder, set()).add(row.domain)
    problems = [
        Problem(
            "Funders",
            parsed.cell("id"),
            row.id,
            f"funder {row.id} may pay for no domain: the Eligibility sheet has no allowed row "
            "for it, so it pays for nothing",
            Severity.WARNING,
        )
        for parsed, row in rows_of(tables, "Funders")
        if not allowed.get(row.id)
    ]
    private = {row.id for _, row in rows_of(tables, "Funders") if row.kind == "private"}
    paid = {d for f in private for d in allowed.get(f, set())}
    for parsed, row in rows_of(tables, "Instruments"):
        if row.public_share_max < 1 and row.domain not in paid:
            cell = f"Instruments!{parsed.cell('min_total_meur')}"
            floor = (
                f"; its floor of €{row.min_total_meur:,.0f}m ({cell}) cannot be met"
                if row.min_total_meur > 0
                else ""
            )
            problems.append(
                Problem(
                    "Instruments",
                    parsed.cell("public_share_max"),
                    row.public_share_max,
                    f"instrument {row.id} needs private money (public share at most "
                    f"{row.public_share_max:g}) but no private funder may pay for domain "
                    f"'{row.domain}' (Eligibility): it can receive nothing{floor}",
                    Severity.WARNING,
                )
            )
    return problems
