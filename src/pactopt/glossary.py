"""One name, one unit and one basis per figure (issue 26): the glossary every output uses.

The headline basis is net and undiscounted, summed over the horizon, as the source states
its figures: net output and net jobs are the gross figures less what the shifted budget
lines would have produced. The model's objective ("value") discounts and weights them; it is
a separate figure with its own name, never shown under the name of an undiscounted one.

Stage-free like ``words.py``: it imports nothing of the project but the marker of texts the
catalogues translate (``i18n.N_``), so every stage may print it. The results workbook prints
it once (its Glossary sheet) and the README lists it; a test holds every figure name the
outputs use to an entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pactopt.i18n import N_

HEADLINE_BASIS = "net, undiscounted, summed over the horizon"


@dataclass(frozen=True)
class Term:
    """A figure: its one name (as printed, unit in brackets), unit, basis and meaning."""

    name: str
    unit: str
    basis: str
    meaning: str


_NET = HEADLINE_BASIS
_GROSS = "gross, undiscounted, summed over the horizon"
_DISCOUNTED = "discounted at Settings discount_rate to the first year, summed"

GLOSSARY: tuple[Term, ...] = (
    Term(
        "Net output (€m)",
        "€m",
        _NET,
        "Extra output the plan's spending yields, less what the shifted budget lines would "
        "have produced.",
    ),
    Term("Net jobs", "jobs", _NET, "Jobs the plan creates, less the jobs of the shifted lines."),
    Term("Total spending (€m)", "€m", "undiscounted", "All money spent on the instruments."),
    Term(
        "Public money, national and EU (€m)",
        "€m",
        "undiscounted",
        "Money of public funders (federal, regional, EU programmes).",
    ),
    Term("  of which EU programmes (€m)", "€m", "undiscounted", "EU programme money."),
    Term("Private money (€m)", "€m", "undiscounted", "Money of private funders."),
    Term("Savings (€m)", "€m", "undiscounted", "Savings for government, business, citizens."),
    Term(
        "Gross output, before what the shifted lines produced (€m)",
        "€m",
        _GROSS,
        "Extra output of the plan's spending, before what the shifted lines produced.",
    ),
    Term(
        "Gross jobs, before the jobs of the shifted lines",
        "jobs",
        _GROSS,
        "Jobs of the plan's spending, credited after the skills bottleneck.",
    ),
    Term("Gross jobs, direct", "jobs", _GROSS, "Direct jobs, before the skills bottleneck."),
    Term("Gross jobs, indirect", "jobs", _GROSS, "Indirect jobs, before the skills bottleneck."),
    Term(
        "Gross jobs, before the jobs of the shifted lines, credited after the skills bottleneck",
        "jobs",
        _GROSS,
        "Gross jobs as counted once the skills bottleneck limits them.",
    ),
    Term("Savings, government (€m)", "€m", "undiscounted", "Savings for the public sector."),
    Term("Savings, business (€m)", "€m", "undiscounted", "Savings for businesses."),
    Term("Savings, citizens (€m)", "€m", "undiscounted", "Savings for citizens."),
    Term(
        "Output forgone on shifted lines (€m)",
        "€m",
        _GROSS,
        "What the budget lines money is shifted from would have produced.",
    ),
    Term("Jobs forgone on shifted lines", "jobs", _GROSS, "The jobs of those budget lines."),
    Term(
        "Value (€m)",
        "€m of value",
        _DISCOUNTED,
        "The model's objective: weight_output × discounted net output + meur_per_job × "
        "discounted net jobs + weight_savings × discounted savings (Settings). 'One more €m "
        "adds €3m of value' means the objective rises by 3, not a 3× cash return.",
    ),
    Term(
        "Regret (€m)",
        "€m of value",
        _DISCOUNTED,
        "For a draw of the coefficients: the value the best plan for that draw has over this plan.",
    ),
    Term(
        "Net output, discounted (€m)",
        "€m",
        _DISCOUNTED,
        "Net output as the objective counts it (the analysis workbooks' draws and points).",
    ),
    Term("Net jobs, discounted", "jobs", _DISCOUNTED, "Net jobs as the objective counts them."),
    Term("Gross output, discounted (€m)", "€m", _DISCOUNTED, "Gross output, discounted."),
    Term("Gross jobs, discounted", "jobs", _DISCOUNTED, "Gross jobs, discounted."),
    Term("Savings, discounted (€m)", "€m", _DISCOUNTED, "Savings, discounted."),
    Term(
        "Objective term: output, discounted (€m)",
        "€m",
        _DISCOUNTED,
        "The output term of the value, before its weight.",
    ),
    Term(
        "Objective term: jobs, discounted",
        "jobs",
        _DISCOUNTED,
        "The jobs term of the value, before its weight.",
    ),
    Term(
        "Objective term: savings, discounted (€m)",
        "€m",
        _DISCOUNTED,
        "The savings term of the value, before its weight.",
    ),
)

BY_NAME = {t.name: t for t in GLOSSARY}

# the line every analysis workbook leads with (frontier, uncertainty, sensitivity, scenarios,
# robust plan, diagnosis): the basis of its figures, and the discounted ones named apart
BASIS_NOTE = (
    "Figures are net and undiscounted, summed over the horizon, as the source states its "
    "figures (net: less what the shifted budget lines would have produced). The model "
    "optimises a discounted objective; its figures carry their own names: 'Net output, "
    "discounted (€m)', 'Net jobs, discounted' and 'Value (€m)' (Glossary sheet)."
)

VALUE_DEFINITION = N_(
    "Value is the model's objective, not money returned: weighted net output, jobs and "
    "savings, discounted (Glossary sheet)."
)


def term(name: str) -> Term | None:
    """The glossary entry of figure ``name`` (None when it has none)."""
    return BY_NAME.get(name)


def glossary_rows() -> list[tuple[str, str, str, str]]:
    """(figure, unit, basis, meaning) per entry, for a sheet or the README."""
    return [(t.name.strip(), t.unit, t.basis, t.meaning) for t in GLOSSARY]
