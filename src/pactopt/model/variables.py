"""Every variable of the model, declared once: its index sets, domain, unit and meaning.
The build loops over ``VARIABLES`` in this order (the order of the solver's columns), and
``pactopt constraints`` lists it. A scalar variable (index ``sets.SCALAR``) is one column,
present only ``when`` its condition holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pactopt.model import sets
from pactopt.model.sets import Condition, index_names

Domain = Literal["nonnegative", "binary", "free"]


@dataclass(frozen=True)
class VarDecl:
    """One variable: its name, the sets it is indexed by (none: a scalar), its domain, unit
    and meaning, and when it is part of the model (always, when ``when`` is None)."""

    name: str
    index: tuple[str, ...]
    domain: Domain
    unit: str
    doc: str
    when: Condition | None = None

    @property
    def index_names(self) -> tuple[str, ...]:
        """One name per position of the variable's index (``instrument``, ``year``, …)."""
        return tuple(n for s in self.index for n in index_names(s))


VARIABLES: tuple[VarDecl, ...] = (
    VarDecl(
        "funding",
        (sets.SPEND_INDEX, sets.YEARS),
        "nonnegative",
        "€m",
        "x[i,f,y]: money of funder f for instrument i in year y",
    ),
    VarDecl(
        "shift",
        (sets.SHIFT_INDEX, sets.YEARS),
        "nonnegative",
        "€m",
        "s[l,i,y]: money shifted from budget line l to instrument i in year y",
    ),
    VarDecl(
        "new_money",
        (sets.NEW_MONEY_FUNDERS, sets.YEARS),
        "nonnegative",
        "€m",
        "n[f,y]: new public or EU money of funder f in year y",
    ),
    VarDecl(
        "recycled",
        (sets.RECYCLING_FUNDERS, sets.YEARS),
        "nonnegative",
        "€m",
        "r[f,y]: government savings funder f spends again in year y",
    ),
    VarDecl(
        "segment_fill",
        (sets.SEGMENT_INDEX, sets.YEARS),
        "nonnegative",
        "€m",
        "g[i,s,y]: spending of instrument i in year y that falls in curve segment s",
    ),
    VarDecl(
        "funded",
        (sets.SEMICONTINUOUS,),
        "binary",
        "yes/no",
        "instrument i is funded (at least its least amount if funded)",
    ),
    VarDecl("build", (sets.PROJECTS,), "binary", "yes/no", "project p is built"),
    VarDecl("switch_on", (sets.SWITCHES,), "binary", "yes/no", "enabling switch w is on"),
    VarDecl(
        "jobs_other",
        sets.SCALAR,
        "nonnegative",
        "jobs",
        "jobs credited outside the reskilling domains (the skills bottleneck)",
        when=sets.SKILLS_BOTTLENECK,
    ),
    VarDecl(
        "cvar_threshold",
        sets.SCALAR,
        "free",
        "€m of value",
        "η: the value threshold of the CVaR (robust mode)",
        when=sets.ROBUST_MODE,
    ),
    VarDecl(
        "shortfall",
        (sets.DRAWS,),
        "nonnegative",
        "€m of value",
        "u[s]: how far draw s's value falls below η (robust mode)",
    ),
    VarDecl(
        "jobs_other_draw",
        (sets.SKILL_DRAWS,),
        "nonnegative",
        "jobs",
        "jobs credited outside reskilling in draw s (robust mode, skills bottleneck)",
    ),
)

# the index of each variable, by position
VARIABLE_INDEX_NAMES: dict[str, tuple[str, ...]] = {v.name: v.index_names for v in VARIABLES}
