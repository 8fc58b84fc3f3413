"""The ``--json`` outputs built from what the commands computed: tables as records with
snake_case keys and null for a missing number, problems with their sheet and cell, the run's
manifest. The models, and their schemas, are in ``json_models``."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from pydantic_core import PydanticSerializationError

from pactopt.errors import Problem
from pactopt.report.json_models import (
    Envelope,
    Extension,
    Figure,
    ProblemOut,
    Record,
    RunRecord,
    Scalar,
    ScenarioOut,
)
from pactopt.report.run_info import RunInfo

if TYPE_CHECKING:  # pandas is not loaded for a command that prints no table
    import pandas as pd


@cache
def figure_keys() -> dict[str, str]:
    """The Summary's labels as keys a script can rely on (the labels are for people, and
    change); imported on use, so that a command printing no table loads no pandas."""
    from pactopt.report import summary as s

    keys = {
        s.NET_OUTPUT: "net_output_meur",
        s.NET_JOBS: "net_jobs",
        s.SPENDING: "total_spending_meur",
        s.PUBLIC: "public_meur",
        s.EU: "eu_meur",
        s.PRIVATE: "private_meur",
        s.SAVINGS: "savings_meur",
        s.GROSS_OUTPUT: "gross_output_meur",
        s.GROSS_JOBS: "gross_jobs",
        s.FORGONE_OUTPUT: "output_forgone_meur",
        s.FORGONE_JOBS: "jobs_forgone",
    }
    return {label.strip(): key for label, key in keys.items()}  # looked up stripped


def snake(name: object) -> str:
    """A column name as a JSON key: 'Net output (€m)' -> 'net_output_meur', 2025 -> '2025'."""
    text = str(name).strip().replace("€m", "meur").replace("€", "eur").replace("%", "pct")
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower() or "column"


def scalar(value: object) -> Scalar:
    """A cell as a JSON value: NaN and infinities as null, numpy numbers as Python ones,
    dates as ISO text, anything else as its text."""
    if value is None or isinstance(value, bool | str):
        return value
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def records(frame: pd.DataFrame | None) -> list[Record]:
    """Each row of ``frame`` as an object keyed by snake_case column names."""
    if frame is None or frame.empty:
        return []
    keys = [snake(c) for c in frame.columns]
    return [
        {k: scalar(v) for k, v in zip(keys, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def problems_out(problems: Iterable[Problem]) -> list[ProblemOut]:
    return [
        ProblemOut(
            severity=p.severity.value,
            sheet=p.sheet,
            cell=p.cell,
            where=p.where,
            value=scalar(p.value),
            rule=p.rule,
            more=p.more,
        )
        for p in problems
    ]


def figures_out(summary: pd.DataFrame) -> list[Figure]:
    """The Summary's headline figures, each with its key and label."""
    return [
        Figure(
            key=figure_keys().get(str(r["figure"]).strip(), snake(r["figure"])),
            label=str(r["figure"]).strip(),
            optimised=number(r["optimised"]),
            reference=number(r["reference"]),
            difference=number(r["difference"]),
        )
        for r in summary.to_dict("records")
    ]


def number(value: object) -> float | None:
    """A JSON number, or null for a missing one (NaN, text, a flag)."""
    found = scalar(value)
    return float(found) if isinstance(found, int | float) and found is not True else None


def run_record(run: RunInfo) -> RunRecord:
    return RunRecord(
        command=run.command,
        input_file=run.input_path,
        input_sha256=run.input_sha256,
        scenario=run.scenario,
        extensions=[Extension(path=p, sha256=h) for p, h in run.extensions],
        options={name: scalar(value) for name, value in run.options},
        status=run.status,
        objective_mode=run.mode,
        objective=number(run.objective),
        model_type="MILP" if run.is_mip else "LP",
        variables=run.variables,
        integer_variables=run.integer_variables,
        constraints=run.constraints,
        build_seconds=round(run.build_seconds, 3),
        solve_seconds=round(run.solve_seconds, 3),
        versions={"pactopt": version("pactopt"), "pyomo": version("pyomo"), "solver": run.solver},
    )


def run_fields(rows: Sequence[tuple[str, object]]) -> dict[str, Scalar]:
    """A sweep's Run sheet (``run_info.sweep_rows``) as an object with snake_case keys."""
    return {snake(label): scalar(value) for label, value in rows}


def scenario_out(name: str, status: str, objective: float | None, summary: Any) -> ScenarioOut:
    figures = figures_out(summary) if summary is not None else []
    return ScenarioOut(scenario=name, status=status, objective=number(objective), figures=figures)


def envelope(command: str, exit_code: int = 0) -> dict[str, Any]:
    """The fields every output starts with."""
    return {
        "command": command,
        "ok": exit_code == 0,
        "exit_code": exit_code,
        "pactopt_version": version("pactopt"),
    }


def dump(model: Envelope) -> str:
    """Strict RFC 8259 text: no NaN, no infinities (pydantic writes them as null), and valid
    UTF-8 whatever the file names: a name's bytes that are not UTF-8 (which a file system
    allows) are written as ``\\xNN``, as Python shows them."""
    try:
        return model.model_dump_json(indent=2)
    except PydanticSerializationError:  # a lone surrogate: a file name's undecodable byte
        data = _printable(model.model_dump(mode="json"))
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)


def _printable(value: Any) -> Any:
    """``value`` with every string's undecodable bytes (surrogates) as ``\\xNN`` text."""
    if isinstance(value, str):
        try:
            raw = value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a surrogate that stands for no byte
            return value.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {_printable(k): _printable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_printable(v) for v in value]
    return value


def listed(items: Sequence[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [{"name": n, "description": d, "kind": k} for n, d, k in items]
