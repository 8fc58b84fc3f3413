"""The brief's content, in the order a minister reads it: the answer, the decision asked,
the moves, what the plan buys (with the draws' range), who pays, the cash by year, the
review so far, the switching values, what the plan depends on, and where it all comes from.
Every sentence is a catalogue message; every number a ``Num`` read from its source."""

from __future__ import annotations

import re

import pandas as pd

from pactopt.brief.chart import cash_chart
from pactopt.brief.doc import Block, Document, Heading, Inline, Num, Para, Table, plain, say
from pactopt.brief.sections import depends, footnote, review, switching
from pactopt.brief.trace import Sources
from pactopt.brief.writer import (
    FORGONE,
    NET_JOBS,
    NET_OUTPUT,
    PRIVATE,
    PUBLIC,
    TOTAL,
    Run,
    Writer,
    short,
    summary_src,
)
from pactopt.i18n import Lang

MOVES_FEWEST, MOVES_MOST = 3, 5  # the brief shows this many moves at least and at most
CAPTURE = 0.9  # … the fewest that capture this share of the gain, within those bounds


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
    for position, item in enumerate(str(row["money"] or "").split(";")):
        # 'Private sector +1,100' or 'from Education budgets +89': a name, then its €m
        match = re.match(r"\s*(from )?(.+?) ([+-][\d,.]+)\s*$", item)
        if not match:
            continue
        value = float(match.group(3).replace(",", ""))
        name = short(data_names.get(match.group(2), match.group(2)))
        if parts:
            parts.append("; ")
        # traced by its place in the text: a name may hold any character
        src = f"moves|instrument={row['instrument']}|money:{position}"
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
                    public=w.money(summary_src(PUBLIC, "optimised")),
                    public_ref=w.money(summary_src(PUBLIC, "reference")),
                ),
                "lead",
            )
        )
        blocks.append(_moves_table(w, moves))
    else:
        blocks += _no_moves(w)
    blocks += _buys(w, run)
    blocks += _pays(w)
    blocks += review(w)
    blocks += switching(w)
    blocks += depends(w)
    blocks.append(footnote(lang, run))
    first = blocks[0]
    return Document(lang.code, plain(first.parts) if isinstance(first, Para) else "", tuple(blocks))


def _no_moves(w: Writer) -> list[Block]:
    """The answer without moves: the announced plan is already the best, or there is no
    announced plan (or no moves were computed) and the plan itself is the answer."""
    lang, value = w.lang, w.sources.value
    announced = value(summary_src(TOTAL, "reference")) if _has(w, TOTAL, "reference") else 0.0
    gain = value(summary_src(NET_OUTPUT, "difference")) if _has(w, NET_OUTPUT, "difference") else 1
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
        output=w.money(summary_src(NET_OUTPUT, "optimised")),
        jobs=w.count(summary_src(NET_JOBS, "optimised")),
        years=years,
    )
    lead = say(
        lang,
        "Decision asked: adopt this plan. It spends {total}, of which {public} public money.",
        total=w.money(summary_src(TOTAL, "optimised")),
        public=w.money(summary_src(PUBLIC, "optimised")),
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
                (short(str(row["name"])),),
                (w.money(f"{key}|change_meur", sign=True),),
                _paid_by(w, names, row),
                (w.money(f"{key}|net_output_added_meur", sign=True),),
                (w.count(f"{key}|net_jobs_added", sign=True),),
            )
        )
    lang = w.lang
    header = (
        lang.t("Move"),
        lang.t("Change"),
        lang.t("Paid by"),
        lang.t("Net output added"),
        lang.t("Net jobs added"),
    )
    return Table(header, tuple(rows), frozenset({1, 3, 4}))


def _buys(w: Writer, run: Run) -> list[Block]:
    lang = w.lang
    blocks: list[Block] = [Heading(lang.t("What the plan buys"))]
    years = f"{w.sources.data.years[0]}-{w.sources.data.years[-1]}"
    forgone = w.money(summary_src(FORGONE, "optimised"))
    output = w.money(summary_src(NET_OUTPUT, "optimised"))
    jobs = w.count(summary_src(NET_JOBS, "optimised"))
    if _has(w, NET_OUTPUT, "reference") and _has(w, NET_JOBS, "reference"):
        parts = say(
            lang,
            "Net of what the shifted budget lines would have produced ({forgone}), the plan "
            "yields {output} of extra output and {jobs} jobs over {years}; the announced plan "
            "yields {output_ref} and {jobs_ref}.",
            output_ref=w.money(summary_src(NET_OUTPUT, "reference")),
            jobs_ref=w.count(summary_src(NET_JOBS, "reference")),
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
        return lang.t("read from {file}", file=run.uncertainty_file)
    return lang.t("drawn for this brief, seed {seed}", seed=run.seed)


def _pays(w: Writer) -> list[Block]:
    lang, data = w.lang, w.sources.data
    blocks: list[Block] = [Heading(lang.t("Who pays, and when"))]
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
                public=w.money(summary_src(PUBLIC, "optimised")),
                by_level=tuple(parts),
                private=w.money(summary_src(PRIVATE, "optimised")),
                by_funder=tuple(private_parts),
            )
        )
    )
    blocks.append(cash_chart(w, data))
    return blocks
