"""The Summary's opening paragraph, in plain language, net figures first.

Every comparison in it is made on one basis: net of what the shifted budget lines would have
produced, undiscounted, and against the reference plan as financed within the workbook's own
rules. When the reference plan cannot be financed, the paragraph says which rules it breaks
and by how much, and compares no figure with it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from pactopt.glossary import VALUE_DEFINITION
from pactopt.i18n import Lang
from pactopt.report.summary import (
    BRIDGE_STEPS,
    NET_JOBS,
    NET_OUTPUT,
    PUBLIC,
    SPENDING,
)
from pactopt.report.tables import ResultTables


def _signed(lang: Lang, meur: float) -> str:
    """'+€784m' / '−€50m' (whole millions, a zero reads '+€0m')."""
    if lang.english:
        sign = "+" if meur >= 0 else "−"
        return f"{sign}€{abs(meur):,.0f}m"
    text = lang.t("€{amount}m", amount=lang.number(abs(meur)))
    return ("+" if meur >= 0 else "\u2212") + text


def _value(summary: pd.DataFrame, figure: str, column: str) -> float | None:
    value = summary.loc[figure, column]
    return float(value) if isinstance(value, int | float) and value == value else None


def headline_paragraph(tables: ResultTables) -> str:
    """The Summary's opening text as one paragraph."""
    return " ".join(headline_parts(tables))


def headline_parts(tables: ResultTables) -> list[str]:
    """The Summary's opening text in the tables' language, one short paragraph per subject:
    the plan and its net impacts, the like-for-like comparison, where the money moved, the
    timing, how much is forced, what the plan depends on, what binds and where the next euro
    would go."""
    lang = Lang(tables.lang)
    s = tables.summary.set_index("figure")

    def mine(figure: str) -> float:
        return _value(s, figure, "optimised") or 0.0

    relaxed = (
        [
            lang.t(
                "This is the LP relaxation of the model (--relax-integers), for analysis only: "
                "projects and other yes/no decisions may be taken in part, so the figures are an "
                "upper bound on what the plan can reach."
            )
        ]
        if tables.relaxed
        else []
    )
    figures = {
        "spending": lang.bn(mine(SPENDING)),
        "public": lang.bn(mine(PUBLIC)),
        "output": lang.bn(mine(NET_OUTPUT)),
        "jobs": lang.count(mine(NET_JOBS)),
        "horizon": tables.horizon,
    }
    opening = (
        lang.t(
            "Scenario {scenario}: the optimised plan spends {spending}, of which {public} public "
            "money (national and EU). Net of what the shifted budget lines would have produced, "
            "it yields {output} of extra output and {jobs} jobs (undiscounted, summed over "
            "{horizon}).",
            scenario=tables.scenario,
            **figures,
        )
        if tables.scenario
        else lang.t(
            "The optimised plan spends {spending}, of which {public} public money (national and "
            "EU). Net of what the shifted budget lines would have produced, it yields {output} "
            "of extra output and {jobs} jobs (undiscounted, summed over {horizon}).",
            **figures,
        )
    )
    parts: list[str] = [*relaxed, opening]
    if tables.scenario_text:
        parts.append(tables.scenario_text)
    parts += list(tables.moves_text)
    parts += _comparison(tables, lang, s)
    d = tables.domains
    top = d.assign(change=d["optimised_meur"] - d["reference_meur"]).sort_values("change")
    gain, loss = top.iloc[-1], top.iloc[0]
    if bool(_value(s, SPENDING, "reference")) and gain["change"] > 0.5 and loss["change"] < -0.5:
        parts.append(
            lang.t(
                "Against the reference plan's amounts, the largest shift is towards {gain} "
                "({gain_meur}) and away from {loss} ({loss_meur}).",
                gain=gain["name"],
                gain_meur=_signed(lang, gain["change"]),
                loss=loss["name"],
                loss_meur=_signed(lang, loss["change"]),
            )
        )
    if tables.timing:
        parts.append(tables.timing[0].upper() + tables.timing[1:])
    if tables.least_change_text:
        parts.append(tables.least_change_text)
    if tables.alternatives_text:
        parts.append(tables.alternatives_text)
    if tables.assumptions_text:
        parts.append(tables.assumptions_text)
    if tables.calibration_text:
        parts.append(tables.calibration_text)
    # the rows with a dual; limits that only keep projects out are said once, below
    binding = tables.binding[tables.binding["value_per_meur"] != 0]
    chosen = [r for r in tables.summary_rules if (binding["rule"] == r).any()][:3]
    why = " ".join(
        _first_of_its_kind(binding[binding["rule"] == rule], tables.binding_sentences, lang)
        for rule in chosen
    )
    # in a MILP a limit the chosen projects exhaust may have no dual (the LP with the
    # decisions fixed gains nothing from it) and still be what keeps the next project out
    why = " ".join(part for part in (why, tables.projects_blocked_text) if part)
    parts.append(lang.t("What binds: {why}", why=why or lang.t("nothing.")))
    if tables.next_euro:
        parts.append(tables.next_euro)
    return _value_defined(lang, parts)


def _comparison(tables: ResultTables, lang: Lang, s: pd.DataFrame) -> list[str]:
    """The reference plan: what breaks it, the like-for-like comparison with it and the
    bridge, or why no figure is compared with it."""
    ref_output = _value(s, NET_OUTPUT, "reference")
    # a workbook without reference amounts states no reference plan: nothing to compare with
    stated = bool(_value(s, SPENDING, "reference"))
    parts = []
    if stated and tables.reference_feasible is False:
        nearest = f" {tables.reference_nearest_text}" if tables.reference_comparable else ""
        parts.append(
            lang.t(
                "The announced plan cannot be financed within the workbook's own rules: "
                "{breaches}.",
                breaches=tables.reference_breach_text,
            )
            + nearest
        )
    if stated and tables.reference_comparable and ref_output is not None:
        ref_jobs = _value(s, NET_JOBS, "reference") or 0.0
        ref_public = _value(s, PUBLIC, "reference") or 0.0
        which = (
            lang.t("the reference plan financed within the same rules")
            if tables.reference_feasible
            else lang.t("that nearest plan")
        )
        comparison = lang.t(
            "On the same net basis, {which} yields {output} and {jobs} jobs with {public} public "
            "money.",
            which=which,
            output=lang.bn(ref_output),
            jobs=lang.count(ref_jobs),
            public=lang.bn(ref_public),
        )
        steps = dict(zip(tables.bridge["step"], tables.bridge["net_output_meur"], strict=True))
        if steps:
            comparison += " " + lang.t(
                "Of the difference in net output, {realloc} comes from reallocating at the "
                "reference plan's own yearly spending and {more} from spending more, or in other "
                "years, within the envelope.",
                realloc=_signed(lang, float(steps[BRIDGE_STEPS[1]])),
                more=_signed(lang, float(steps[BRIDGE_STEPS[2]])),
            )
        parts.append(comparison)
    elif stated and not tables.reference_comparable:
        parts.append(
            lang.t(
                "No plan close to the announced one can be financed within the workbook's own "
                "rules, so its net figures are not stated: the table compares only the figures "
                "it states itself (spending, savings, gross output and jobs)."
            )
        )
    elif not stated:
        parts.append(
            lang.t(
                "The workbook states no reference plan (Instruments reference_plan_meur is blank "
                "everywhere), so no figure is compared with one."
            )
        )
    return parts


def _value_defined(lang: Lang, parts: list[str]) -> list[str]:
    """The parts with 'value' defined where it first appears (after that part): '€38.75m of
    value' read as a 38× return."""
    word = lang.t("value")
    for k, part in enumerate(parts):
        if f" {word}" in part or part.startswith(word.capitalize()):
            return [*parts[: k + 1], lang.t(VALUE_DEFINITION), *parts[k + 1 :]]
    return parts


def _first_of_its_kind(rows: pd.DataFrame, spoken: Mapping[str, str], lang: Lang) -> str:
    """The sentence of a rule's first binding row (in ``spoken``'s language when it has it),
    saying how many more of its rows bind (a shift cap binding in every year is not a limit
    of one year)."""
    first = rows.iloc[0]
    sentence = spoken.get(str(first["constraint"]), str(first["sentence"]))
    more = len(rows) - 1
    if more == 0:
        return sentence
    return lang.nt(
        "{sentence}; {n} more limit of this kind binds too (Binding sheet).",
        "{sentence}; {n} more of this kind bind too (Binding sheet).",
        more,
        sentence=sentence.removesuffix("."),
    )
