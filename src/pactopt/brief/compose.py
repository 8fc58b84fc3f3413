"""The brief's content, in the order a minister reads it: the answer, the decision asked,
the moves, what the plan buys (with the draws' range), who pays, the cash by year, the
review so far, the switching values, what the plan depends on, and where it all comes from.
Every sentence is a catalogue message; every number a ``Num`` read from its source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from pactopt.analysis.review import PACE_BAND, PACT
from pactopt.brief.chart import cash_chart
from pactopt.brief.doc import Block, Document, Heading, Inline, Num, Para, Table, plain, say
from pactopt.brief.i18n import Lang
from pactopt.brief.trace import Sources

MOVES_FEWEST, MOVES_MOST = 3, 5  # the brief shows this many moves at least and at most
CAPTURE = 0.9  # … the fewest that capture this share of the gain, within those bounds
NET_OUTPUT, NET_JOBS = "Net output (€m)", "Net jobs"
PUBLIC, PRIVATE = "Public money, national and EU (€m)", "Private money (€m)"
FORGONE = "Output forgone on shifted lines (€m)"
TOTAL = "Total spending (€m)"


@dataclass(frozen=True)
class Run:
    """What the footnote says about the run."""

    workbook: str
    sha256: str
    version: str
    made: dt.date
    # the Monte Carlo part: drawn for this brief with ``seed``, or read from an uncertainty
    # workbook (its file name)
    seed: int = 0
    uncertainty_file: str = ""


def _summary(figure: str, column: str) -> str:
    return f"summary|figure={figure}|{column}"


class Writer:
    """Makes the numbers of one brief in one language."""

    def __init__(self, lang: Lang, sources: Sources) -> None:
        self.lang, self.sources = lang, sources

    def money(self, src: str, *, sign: bool = False) -> Num:
        value = self.sources.value(src)
        return Num(self.lang.money(value, sign=sign), value, src)

    def count(self, src: str, *, sign: bool = False, digits: int = 0) -> Num:
        value = self.sources.value(src)
        text = self.lang.signed(value, digits) if sign else self.lang.number(value, digits)
        return Num(text, value, src)

    def share(self, src: str) -> Num:
        value = self.sources.value(src)
        return Num(self.lang.share(value), value, src)


def _short(name: str) -> str:
    """An instrument's name without its parenthesised detail."""
    return re.sub(r"\s*\(.*$", "", name).strip() or name


def _moves_shown(moves: pd.DataFrame) -> pd.DataFrame:
    """The fewest moves that capture ``CAPTURE`` of the gain, from 3 to 5 of them."""
    if moves.empty:
        return moves
    reach = moves[moves["captured_share"] >= CAPTURE - 1e-9]
    k = int(reach["moves_taken"].min()) if len(reach) else int(moves["moves_taken"].max())
    shown = moves[moves["moves_taken"] <= max(k, MOVES_FEWEST)]
    return shown.head(MOVES_MOST)


def _paid_by(w: Writer, data_names: dict[str, str], row: pd.Series) -> tuple[Inline, ...]:
    """Who pays for one move, from the Moves table's money column (funders, then budget
    lines shifted)."""
    parts: list[Inline] = []
    for item in str(row["money"] or "").split(";"):
        match = re.match(r"\s*(from )?(\S+) ([+-][\d,.]+)", item)
        if not match:
            continue
        value = float(match.group(3).replace(",", ""))
        name = _short(data_names.get(match.group(2), match.group(2)))
        if parts:
            parts.append("; ")
        src = f"moves|instrument={row['instrument']}|money:{match.group(2)}"
        num = Num(w.lang.money(value, sign=True), value, src)
        if match.group(1):
            parts += say(w.lang, "shifted from {line} {amount}", line=name, amount=num)
        else:
            parts += say(w.lang, "{funder} {amount}", funder=name, amount=num)
    return tuple(parts)


def compose(lang: Lang, sources: Sources, run: Run) -> Document:
    """The brief of one run in one language."""
    w = Writer(lang, sources)
    tables = sources.tables
    blocks: list[Block] = []
    moves = _moves_shown(tables["moves"])
    n = len(moves)
    if n:
        k = int(moves["moves_taken"].max())
        count = w.count(f"moves|rank<={int(moves['rank'].max())}|rows")
        at_k, at_0 = f"moves_curve|moves_taken={k}", "moves_curve|moves_taken=0"
        output = w.money(f"{at_k}|net_output_meur - {at_0}|net_output_meur")
        jobs = w.count(f"{at_k}|net_jobs - {at_0}|net_jobs")
        title = say(
            lang,
            "{n} move adds {output} of net output and {jobs} net jobs to the announced plan",
            "{n} moves add {output} of net output and {jobs} net jobs to the announced plan",
            n,
            n_num=count,
            output=output,
            jobs=jobs,
        )
        blocks.append(Para(title, "title"))
        blocks.append(
            Para(
                say(
                    lang,
                    "Decision asked: approve the move below. It captures {share} of the value the "
                    "best plan adds over the announced plan, with public money at {public} "
                    "(announced plan: {public_ref}).",
                    "Decision asked: approve the {n} moves below. Together they capture {share} of "
                    "the value the best plan adds over the announced plan, with public money at "
                    "{public} (announced plan: {public_ref}).",
                    n,
                    n_num=count,
                    share=w.share(f"moves_curve|moves_taken={k}|captured_share"),
                    public=w.money(_summary(PUBLIC, "optimised")),
                    public_ref=w.money(_summary(PUBLIC, "reference")),
                ),
                "lead",
            )
        )
        blocks.append(_moves_table(w, moves))
    else:
        blocks += _no_moves(w)
    blocks += _buys(w, run)
    blocks += _pays(w)
    blocks += _review(w)
    blocks += _switching(w)
    blocks += _depends(w)
    blocks.append(_footnote(lang, run))
    first = blocks[0]
    return Document(lang.code, plain(first.parts) if isinstance(first, Para) else "", tuple(blocks))


def _no_moves(w: Writer) -> list[Block]:
    """The answer without moves: the announced plan is already the best, or there is no
    announced plan (or no moves were computed) and the plan itself is the answer."""
    lang, value = w.lang, w.sources.value
    announced = value(_summary(TOTAL, "reference")) if _has(w, TOTAL, "reference") else 0.0
    gain = value(_summary(NET_OUTPUT, "difference")) if _has(w, NET_OUTPUT, "difference") else 1
    if announced > 0 and abs(gain) < 0.5:
        return [
            Para(say(lang, "The announced plan is already the best plan"), "title"),
            Para(
                say(lang, "Decision asked: confirm the announced plan; no move adds value to it."),
                "lead",
            ),
        ]
    years = f"{w.sources.data.years[0]}-{w.sources.data.years[-1]}"
    title = say(
        lang,
        "The best plan yields {output} of net output and {jobs} net jobs over {years}",
        output=w.money(_summary(NET_OUTPUT, "optimised")),
        jobs=w.count(_summary(NET_JOBS, "optimised")),
        years=years,
    )
    lead = say(
        lang,
        "Decision asked: adopt this plan. It spends {total}, of which {public} public money.",
        total=w.money(_summary(TOTAL, "optimised")),
        public=w.money(_summary(PUBLIC, "optimised")),
    )
    return [Para(title, "title"), Para(lead, "lead")]


def _has(w: Writer, figure: str, column: str) -> bool:
    """Does the Summary give this figure in this column (a number, not blank)?"""
    table = w.sources.tables["summary"]
    if column not in table:
        return False
    cells = table.loc[table["figure"] == figure, column]
    return len(cells) == 1 and bool(pd.notna(cells.iloc[0]))


def _moves_table(w: Writer, moves: pd.DataFrame) -> Table:
    data = w.sources.data
    names = {f.id: f.name for f in data.funders} | {b.id: b.name for b in data.budget_lines}
    rows = []
    for _, row in moves.iterrows():
        key = f"moves|instrument={row['instrument']}"
        rows.append(
            (
                (_short(str(row["name"])),),
                (w.money(f"{key}|change_meur", sign=True),),
                _paid_by(w, names, row),
                (w.money(f"{key}|net_output_added_meur", sign=True),),
                (w.count(f"{key}|net_jobs_added", sign=True),),
            )
        )
    lang = w.lang
    header = (
        lang._("Move"),
        lang._("Change"),
        lang._("Paid by"),
        lang._("Net output added"),
        lang._("Net jobs added"),
    )
    return Table(header, tuple(rows), frozenset({1, 3, 4}))


def _buys(w: Writer, run: Run) -> list[Block]:
    lang = w.lang
    blocks: list[Block] = [Heading(lang._("What the plan buys"))]
    years = f"{w.sources.data.years[0]}-{w.sources.data.years[-1]}"
    forgone = w.money(_summary(FORGONE, "optimised"))
    output = w.money(_summary(NET_OUTPUT, "optimised"))
    jobs = w.count(_summary(NET_JOBS, "optimised"))
    if _has(w, NET_OUTPUT, "reference") and _has(w, NET_JOBS, "reference"):
        parts = say(
            lang,
            "Net of what the shifted budget lines would have produced ({forgone}), the plan "
            "yields {output} of extra output and {jobs} jobs over {years}; the announced plan "
            "yields {output_ref} and {jobs_ref}.",
            output_ref=w.money(_summary(NET_OUTPUT, "reference")),
            jobs_ref=w.count(_summary(NET_JOBS, "reference")),
            years=years,
            forgone=forgone,
            output=output,
            jobs=jobs,
        )
    else:  # no announced plan to compare with (or none that can be financed)
        parts = say(
            lang,
            "Net of what the shifted budget lines would have produced ({forgone}), the plan "
            "yields {output} of extra output and {jobs} jobs over {years}.",
            years=years,
            forgone=forgone,
            output=output,
            jobs=jobs,
        )
    blocks.append(Para(parts))
    mc = "uncertainty|figure="
    draws = int(w.sources.value(f"{mc}net_output|draws"))
    blocks.append(
        Para(
            say(
                lang,
                "If the output and jobs per euro are as uncertain as the workbook's low and high "
                "values say, 90% of {draws} draw ({origin}) put the plan's net output between "
                "{low} and {high}, and its net jobs between {jobs_low} and {jobs_high}.",
                "If the output and jobs per euro are as uncertain as the workbook's low and high "
                "values say, 90% of {draws} draws ({origin}) put the plan's net output between "
                "{low} and {high}, and its net jobs between {jobs_low} and {jobs_high}.",
                draws,
                draws=w.count(f"{mc}net_output|draws"),
                origin=_origin(lang, run),
                low=w.money(f"{mc}net_output|p5"),
                high=w.money(f"{mc}net_output|p95"),
                jobs_low=w.count(f"{mc}net_jobs|p5"),
                jobs_high=w.count(f"{mc}net_jobs|p95"),
            )
        )
    )
    return blocks


def _origin(lang: Lang, run: Run) -> str:
    """Where the draws come from: drawn for this brief, or an uncertainty workbook."""
    if run.uncertainty_file:
        return lang._("read from {file}", file=run.uncertainty_file)
    return lang._("drawn for this brief, seed {seed}", seed=run.seed)


def _pays(w: Writer) -> list[Block]:
    lang, data = w.lang, w.sources.data
    blocks: list[Block] = [Heading(lang._("Who pays, and when"))]
    parts: list[Inline] = []
    public = [f for f in data.funders if f.kind != "private"]
    for f in public:
        parts += ([", "] if parts else []) + list(
            say(
                lang,
                "{funder} {amount}",
                funder=f.name,
                amount=w.money(f"allocation|funder={f.id}|sum:total"),
            )
        )
    private = [f for f in data.funders if f.kind == "private"]
    private_parts: list[Inline] = []
    for f in private:
        private_parts += ([", "] if private_parts else []) + list(
            say(
                lang,
                "{funder} {amount}",
                funder=f.name,
                amount=w.money(f"allocation|funder={f.id}|sum:total"),
            )
        )
    blocks.append(
        Para(
            say(
                lang,
                "Public money {public}: {by_level}. Private money {private}: {by_funder}.",
                public=w.money(_summary(PUBLIC, "optimised")),
                by_level=tuple(parts),
                private=w.money(_summary(PRIVATE, "optimised")),
                by_funder=tuple(private_parts),
            )
        )
    )
    blocks.append(cash_chart(w, data))
    return blocks


def _review(w: Writer) -> list[Block]:
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
    verdict = lang._("on track") if on_track else lang._("behind")
    blocks: list[Block] = [Heading(lang._("The pact so far"))]
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


def _switching(w: Writer) -> list[Block]:
    table = w.sources.tables.get("switching")
    if table is None or table.empty:
        return []
    lang = w.lang
    blocks: list[Block] = [Heading(lang._("When the advice would change"))]
    for _, row in table.iterrows():
        key = f"switching|instrument={row['instrument']}"
        central = f"input|Instruments|{row['instrument']}|output_per_eur_central"
        value = w.sources.value(central)
        cell = w.sources.cell_of(central)
        if row["found"]:
            parts = say(
                lang,
                "{name}: the move reverses if its output per euro falls from {central} "
                "({cell}) to {switch}, {change} lower.",
                name=_short(str(row["name"])),
                cell=cell,
                central=Num(lang.number(value, 2), value, central),
                switch=w.count(f"{key}|switch", digits=2),
                change=w.share(f"{key}|drop"),
            )
        else:
            parts = say(
                lang,
                "{name}: the move stands even if its output per euro falls from {central} "
                "({cell}) to {switch}.",
                name=_short(str(row["name"])),
                cell=cell,
                central=Num(lang.number(value, 2), value, central),
                switch=w.count(f"{key}|switch", digits=2),
            )
        blocks.append(Para(parts, "item"))
    return blocks


def _depends(w: Writer) -> list[Block]:
    lang = w.lang
    private = w.sources.value(_summary(PRIVATE, "optimised"))
    total = w.sources.value(_summary(TOTAL, "optimised"))
    share_value = private / total if total else 0.0
    src = f"{_summary(PRIVATE, 'optimised')} / {_summary(TOTAL, 'optimised')}"
    share = Num(lang.share(share_value), share_value, src)
    return [
        Heading(lang._("What the plan depends on")),
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
    ]


def _footnote(lang: Lang, run: Run) -> Para:
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
