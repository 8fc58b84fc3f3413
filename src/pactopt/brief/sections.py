"""The brief's later sections: the mid-term review so far, the switching values, what the
plan depends on, and the footnote."""

from __future__ import annotations

from pactopt.analysis.review import PACE_BAND, PACT
from pactopt.brief.doc import Block, Heading, Num, Para, say
from pactopt.brief.writer import PRIVATE, TOTAL, Run, Writer, short, summary_src
from pactopt.i18n import Lang


def review(w: Writer) -> list[Block]:
    review = w.sources.tables.get("review")
    data = w.sources.data
    if review is None or review.empty or data.settings.as_of_year is None:
        return []
    lang = w.lang
    as_of = data.settings.as_of_year
    whole = f"review|area={PACT}"
    spent, pace = (
        w.sources.value(f"{whole}|spent_to_date_meur"),
        w.sources.value(f"{whole}|pace_to_date_meur"),
    )
    on_track = spent >= (1 - PACE_BAND) * pace
    verdict = lang.t("on track") if on_track else lang.t("behind")
    blocks: list[Block] = [Heading(lang.t("The pact so far"))]
    behind = [
        str(a)
        for a, s, p in zip(
            review["area"], review["spent_to_date_meur"], review["pace_to_date_meur"], strict=True
        )
        if a != PACT and s < (1 - PACE_BAND) * p
    ]
    blocks.append(
        Para(
            say(
                lang,
                "By {year}, {spent} has been spent, against {pace} at the announced plan's even "
                "pace: the pact is {verdict}. The years {first}-{year} are spent and locked; the "
                "re-plan decides {free} and adds {adds}.",
                year=str(as_of),
                first=str(data.years[0]),
                spent=w.money(f"{whole}|spent_to_date_meur"),
                pace=w.money(f"{whole}|pace_to_date_meur"),
                verdict=verdict,
                free=f"{as_of + 1}-{data.years[-1]}",
                adds=w.money(f"{whole}|replan_adds_meur"),
            )
        )
    )
    if behind:
        blocks.append(Para(say(lang, "Behind so far: {areas}.", areas=", ".join(behind))))
    return blocks


def switching(w: Writer) -> list[Block]:
    table = w.sources.tables.get("switching")
    if table is None or table.empty:
        return []
    lang = w.lang
    blocks: list[Block] = [Heading(lang.t("When the advice would change"))]
    for _, row in table.iterrows():
        key = f"switching|instrument={row['instrument']}"
        central = f"input|Instruments|{row['instrument']}|output_per_eur_central"
        value = w.sources.value(central)
        cell = w.sources.cell_of(central)
        name, was = short(str(row["name"])), Num(lang.number(value, 2), value, central)
        if row["found"]:
            parts = say(
                lang,
                "{name}: the move reverses if its output per euro falls from {central} "
                "({cell}) to {switch}, {change} lower.",
                name=name,
                cell=cell,
                central=was,
                switch=w.count(f"{key}|switch", digits=2),
                change=w.share(f"{key}|drop"),
            )
        else:  # its jobs and savings carry it on their own
            parts = say(
                lang,
                "{name}: the move stands even if its output per euro falls from {central} "
                "({cell}) to zero.",
                name=name,
                cell=cell,
                central=was,
            )
        blocks.append(Para(parts, "item"))
    return blocks


def _national_accounts(w: Writer) -> list[Block]:
    """What the national accounts support of the first move's assumed return: its output per
    € beside the value added one € of demand for its products makes (the FPB input-output
    table; issue 29), when the workbook counts more than that (nothing otherwise, nor in a
    mid-term review's brief, whose review fills the page)."""
    moves, io = w.sources.tables.get("moves"), w.sources.tables.get("io_comparison")
    if moves is None or io is None or not len(moves) or not len(io):
        return []
    review = w.sources.tables.get("review")
    if review is not None and len(review):  # a mid-term brief's page is full with its review
        return []
    first = str(moves.sort_values("rank")["instrument"].iloc[0])
    if first not in set(io["instrument"].astype(str)):
        return []
    src = f"io_comparison|instrument={first}|"
    output = w.sources.value(src + "output_per_eur")
    added = w.sources.value(src + "io_value_added_per_eur")
    if output <= added + 0.005:
        return []
    name = short(str(io.loc[io["instrument"].astype(str) == first, "name"].iloc[0]))
    return [
        Para(
            say(
                w.lang,
                "On {name}, the first move, the workbook counts €{output} of output per euro; one "
                "euro of demand for what it buys makes €{added} of value added in Belgium "
                "(Federal Planning Bureau input-output table 2015: gross, demand side). The rest "
                "is the productivity gain the plan assumes.",
                name=name,
                output=Num(w.lang.number(output, 2), output, src + "output_per_eur"),
                added=Num(w.lang.number(added, 2), added, src + "io_value_added_per_eur"),
            )
        )
    ]


def depends(w: Writer) -> list[Block]:
    lang = w.lang
    private = w.sources.value(summary_src(PRIVATE, "optimised"))
    total = w.sources.value(summary_src(TOTAL, "optimised"))
    share_value = private / total if total else 0.0
    src = f"{summary_src(PRIVATE, 'optimised')} / {summary_src(TOTAL, 'optimised')}"
    share = Num(lang.share(share_value), share_value, src)
    return [
        Heading(lang.t("What the plan depends on")),
        Para(
            say(
                lang,
                "Private investors must follow: {share} of the money is theirs, at the leverage "
                "the workbook assumes for each instrument. The output and jobs per euro are the "
                "workbook's estimates, not measurements. Shifted budget lines must actually be "
                "cut by the amounts shown.",
                share=share,
            )
        ),
        *_national_accounts(w),
    ]


def footnote(lang: Lang, run: Run) -> Para:
    return Para(
        say(
            lang,
            "Workbook {workbook}, SHA-256 {sha}. Run on {date} with pactopt {version}. Output "
            "and jobs are gross economic impacts net of the shifted budget lines, not a "
            "cost-benefit appraisal.",
            workbook=run.workbook,
            sha=run.sha256,
            date=lang.date(run.made),
            version=run.version,
        ),
        "foot",
    )
