"""The machine interface: what every command prints with ``--json``, as pydantic models.

One model per command, all on one envelope (``command``, ``ok``, ``exit_code``, the pactopt
version), and one error model for exit codes 1, 2 and 3 whose problems carry the same sheet,
cell, value and rule as the table a person reads. The JSON Schema of each (``json_schema``)
is kept in the repository (``schemas/``, checked by the tests) so a script can validate what
it reads. Keys are snake_case throughout; a number that is missing is ``null``, never NaN
(RFC 8259 has no NaN); table rows are objects keyed by column name (a year as its digits).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from pactopt.errors import LISTED_PER_KIND

Scalar = float | int | str | bool | None
Record = dict[str, Scalar]


class _Out(BaseModel):
    # no protected namespaces: the field model_type would otherwise warn on pydantic < 2.10
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="null", protected_namespaces=())


class Envelope(_Out):
    """What every output starts with."""

    command: str = Field(description="The pactopt command that printed this.")
    ok: bool = Field(description="True when the command did its job (exit code 0).")
    exit_code: int = Field(
        description="0 done; 2 bad input; 3 infeasible; 1 a bug; 130 Ctrl-C; 143 SIGTERM."
    )
    pactopt_version: str


class ProblemOut(_Out):
    """One problem of a workbook, as the table prints it."""

    severity: Literal["error", "warning"]
    sheet: str | None
    cell: str | None
    where: str = Field(description="'Sheet!A1', the sheet, or 'file'.")
    value: Scalar
    rule: str
    more: int = Field(
        0,
        description="0 for a problem; above 0, this entry stands for that many more problems "
        "of the kind just listed (same sheet, severity and rule), counted and not listed: the "
        f"first {LISTED_PER_KIND} of each kind are listed in full.",
    )


class DiagnosisStep(_Out):
    """One row of the Diagnosis sheet: what kind of finding, the rule, its cells and the
    euros short, and the sentence."""

    step: str
    rule: str = ""
    cells: list[str] = Field(default=[], description="Workbook cells, e.g. Domains!C3.")
    short_meur: float | None = None
    explanation: str


class ErrorInfo(_Out):
    kind: Literal["input", "usage", "infeasible", "no_solution", "interrupted", "bug"]
    message: str
    problems: list[ProblemOut] = []
    diagnosis: list[DiagnosisStep] = []
    diagnosis_file: str | None = None


class ErrorOutput(Envelope):
    """Exit 1, 2, 3, 130 or 143: what went wrong, with sheet and cell where there is one."""

    error: ErrorInfo


class TemplateOutput(Envelope):
    output_file: str
    first_year: int | None
    last_year: int | None
    not_carried: list[str] = Field(description="What --from could not carry (sheet: column).")


class ValidateOutput(Envelope):
    input_file: str
    input_sha256: str
    first_year: int
    last_year: int
    counts: dict[str, int] = Field(description="Rows per sheet: domains, instruments, ...")
    warnings: list[ProblemOut]


class Breach(_Out):
    rule: str
    constraint: str
    cells: list[str]
    short: float | None
    unit: str


class EvaluateOutput(Envelope):
    input_file: str
    figures: dict[str, float] = Field(description="The reference plan as given, €m and jobs.")
    by_domain: list[Record]
    feasible: bool = Field(description="Can it be financed within the workbook's rules?")
    breaches: list[Breach]
    instead: dict[str, list[Breach]] = Field(
        description="For a breached rule that need not give way: the rules that could give "
        "way instead for the same least total."
    )


class Figure(_Out):
    key: str = Field(description="snake_case name, e.g. net_output_meur.")
    label: str = Field(description="The Summary sheet's label.")
    optimised: float | None
    reference: float | None
    difference: float | None


class Extension(_Out):
    path: str
    sha256: str


class RunRecord(_Out):
    """The Run sheet: what made these results, and how."""

    command: str
    input_file: str
    input_sha256: str
    scenario: str | None
    extensions: list[Extension]
    options: dict[str, Scalar]
    status: str
    objective_mode: str
    objective: float | None
    model_type: Literal["LP", "MILP"]
    variables: int
    integer_variables: int
    constraints: int
    build_seconds: float
    solve_seconds: float
    versions: dict[str, str]


class ScenarioOut(_Out):
    scenario: str = Field(description="'base' or the Scenarios sheet's name.")
    status: str
    objective: float | None
    figures: list[Figure]


class ReviewOut(BaseModel):
    """The mid-term review (Settings as_of_year): the Review sheet's content."""

    as_of_year: int
    sentences: list[str] = Field(description="The Review sheet's paragraphs, in order.")
    areas: list[Record] = Field(
        description="Each domain and the whole pact: set out, spent, added."
    )
    impacts: list[Record] = Field(description="What the money spent buys, what the re-plan adds.")
    past_breaches: list[Record] = Field(description="Yearly rules the actual spending broke.")


class MovesOut(BaseModel):
    """The answer as a few moves from the reference plan: the Moves sheet's content."""

    sentences: list[str] = Field(description="The Moves sheet's paragraphs, in order.")
    moves: list[Record] = Field(
        description="Each instrument's move, in the order the k-moves curve takes it."
    )
    curve: list[Record] = Field(description="The value captured with at most k moves.")
    least_change: str = Field(description="How the plan shown was chosen ('' if plain).")


class SolveOutput(Envelope):
    status: str
    objective: float | None
    output_file: str
    tables_dir: str | None = Field(description="Where --tables wrote the CSV files.")
    scenario: str | None
    run: RunRecord
    summary: list[str] = Field(description="The Summary paragraph, sentence by sentence.")
    figures: list[Figure]
    domains: list[Record]
    instruments: list[Record]
    projects: list[Record]
    marginal_values: list[Record]
    binding: list[Record]
    scenarios: list[ScenarioOut] = Field(description="--scenario/--all-scenarios: each run.")
    comparison: list[Record]
    io_comparison: list[Record] = Field(
        default_factory=list,
        description="Per instrument with CPA products: the workbook's output per € and jobs "
        "per €m beside the FPB input-output table's (gross, demand-side, 2015 prices), with "
        "the sentence saying what the plan assumes beyond the demand effect.",
    )
    review: ReviewOut | None = Field(
        default=None, description="The mid-term review, when Settings as_of_year locks years."
    )
    moves: MovesOut | None = Field(
        default=None, description="The gain in a few moves, when a reference plan is stated."
    )


class FrontierOutput(Envelope):
    input_file: str
    output_file: str
    points: list[Record]
    run: Record = Field(description="The Run sheet: command, input SHA-256, versions, …")


class UncertaintyOutput(Envelope):
    input_file: str
    output_file: str
    draws: int
    seed: int
    distribution: str
    solved_draws: int
    percentiles: list[Record]
    robustness: list[Record]
    run: Record = Field(description="The Run sheet: command, input SHA-256, seed, draws, …")


class SensitivityGroup(_Out):
    group: str
    instruments: list[str] = Field(description="The ids of the instruments it draws together")


class SensitivityOutput(Envelope):
    input_file: str
    output_file: str
    method: str
    samples: int
    seed: int
    indices: list[Record]
    groups: list[SensitivityGroup]
    sentence: str
    run: Record = Field(description="The Run sheet: command, input SHA-256, method, seed, …")


class CompareOutput(Envelope):
    first: str
    second: str
    figures: list[Record]


class Listed(_Out):
    name: str
    description: str
    kind: str


class ListOutput(Envelope):
    """checks and constraints: what validate checks, or the model's families."""

    items: list[Listed]


OUTPUTS: dict[str, type[Envelope]] = {
    "template": TemplateOutput,
    "validate": ValidateOutput,
    "evaluate": EvaluateOutput,
    "solve": SolveOutput,
    "frontier": FrontierOutput,
    "uncertainty": UncertaintyOutput,
    "sensitivity": SensitivityOutput,
    "compare": CompareOutput,
    "checks": ListOutput,
    "constraints": ListOutput,
}


def json_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of ``command``'s output: its own model, or the error model (oneOf)."""
    ok = OUTPUTS[command].model_json_schema(mode="serialization")
    error = ErrorOutput.model_json_schema(mode="serialization")
    defs = {**ok.pop("$defs", {}), **error.pop("$defs", {})}
    defs[OUTPUTS[command].__name__] = ok
    defs["ErrorOutput"] = error
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"pactopt {command} --json",
        "oneOf": [
            {"$ref": f"#/$defs/{OUTPUTS[command].__name__}"},
            {"$ref": "#/$defs/ErrorOutput"},
        ],
        "$defs": defs,
    }
