"""The answer as a few moves, for the results: the Moves table (each instrument's move from the
reference plan, in the order the k-moves curve takes them), the curve itself, and the
sentences on the nearest financeable reference plan, the moves and the least-change plan."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pandas as pd

from pactopt.analysis.impacts import plan_figures
from pactopt.analysis.moves import CURVE_COLUMNS, MOVE_COLUMNS, Moves
from pactopt.analysis.plans import LeastChange
from pactopt.explain.moves import least_change_sentence, moves_sentences
from pactopt.report.tables import ResultTables
from pactopt.schema.data import PactData
from pactopt.solver.solution import Solution


def _totals(plan: Solution) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for (i, _, _), value in plan.value_map("funding").items():
        out[str(i)] += value
    return out


def moves_table(data: PactData, moves: Moves, plan: Solution) -> pd.DataFrame:
    """One row per move, in the order the curve takes them."""
    shown = _totals(plan)
    base = _totals(moves.points[0].solution)
    captured = {p.k: moves.captured(p) for p in moves.points}
    funder = {f.id: f.name for f in data.funders}
    line_name = {b.id: b.name for b in data.budget_lines}
    rows = []
    for rank, move in enumerate(moves.moves, start=1):
        row = data.row("instruments", move.instrument)
        money = "; ".join(
            [f"{funder[f]} {v:+,.0f}" for f, v in move.funders_meur]
            + [f"from {line_name[line]} {v:+,.0f}" for line, v in move.lines_meur]
        )
        rows.append(
            {
                "rank": rank,
                "instrument": move.instrument,
                "name": row.name,
                "domain": data.row("domains", row.domain).name,
                "moves_taken": move.k,
                "reference_meur": move.reference_meur,
                "change_meur": move.moved_meur,
                "change_in_plan_meur": shown[move.instrument] - base[move.instrument],
                "value_added_meur": move.value_added_meur,
                "net_output_added_meur": move.net_output_added_meur,
                "net_jobs_added": move.net_jobs_added,
                "captured_share": captured[move.k],
                "money": money,
            }
        )
    return pd.DataFrame(rows, columns=MOVE_COLUMNS)


def _changed(data: PactData, before: list[str], now: list[str]) -> str:
    """What a point of the curve changes from the point before, by the instruments' names: a
    move added (+) or given up again (−) (a planner's page names, never ids)."""
    name = {i.id: i.name for i in data.instruments}
    added = [f"+ {name[i]}" for i in now if i not in before]
    dropped = [f"− {name[i]}" for i in before if i not in now]
    return "; ".join(added + dropped)


def curve_table(data: PactData, moves: Moves) -> pd.DataFrame:
    """The value captured with at most k moves, k = 0, 1, …, with its net output and jobs
    (undiscounted, as the Summary states them) and the moves it adds (or gives up) from the
    point before."""
    rows = []
    before: list[str] = []
    for p in moves.points:
        figures = plan_figures(data, p.solution)
        now = moves.moved_at(p)
        rows.append(
            {
                "moves_taken": p.k,
                "value_meur": p.solution.objective,
                "captured_share": moves.captured(p),
                "net_output_meur": figures.net_output_meur,
                "net_jobs": figures.net_jobs,
                "moved": _changed(data, before, now),
            }
        )
        before = now
    return pd.DataFrame(rows, columns=CURVE_COLUMNS)


def with_moves(
    tables: ResultTables,
    data: PactData,
    plan: Solution,
    moves: Moves | None,
    least: LeastChange | None,
    *,
    skipped: bool = False,
    least_skipped: bool = False,
) -> ResultTables:
    """``tables`` with the moves, the curve and the sentences on how the plan was chosen."""
    return dataclasses.replace(
        tables,
        moves=moves_table(data, moves, plan) if moves else pd.DataFrame(columns=MOVE_COLUMNS),
        moves_curve=curve_table(data, moves) if moves else pd.DataFrame(columns=CURVE_COLUMNS),
        moves_text=tuple(moves_sentences(data, moves, skipped)),
        least_change_text=least_change_sentence(data, least, skipped=least_skipped),
    )
