"""The sentence harness on four cases (issue 26): the reference case, a scenario, a new
planner's plan that is not the reference case (2026-2031, tests/e2e/plans) and a MILP (a
0/1 capital budget). Every sentence the tool prints — the Summary paragraph, the terminal,
the sentences of the Binding, Marginal, Projects and Moves sheets, every text cell of the
results workbook — states only numbers of the table it comes from (tests/sentences.py).
One solve per case, shared with the brief's harness (test_brief_sentences.py)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pactopt.analysis.uncertainty import FIGURE_LABELS
from pactopt.glossary import GLOSSARY, VALUE_DEFINITION, term
from pactopt.pipeline import Outcome
from pactopt.report.headers import ROW_LABELS
from pactopt.report.paragraph import headline_parts
from pactopt.report.robustness import LABELS as ROBUST_LABELS
from pactopt.report.tables import ResultTables
from pactopt.schema.data import PactData
from tests.cli_runner import invoke
from tests.integration.conftest import CASES
from tests.sentences import Source, check, stated_numbers, table_values, unmatched

pytestmark = pytest.mark.solve

# not yet traceable (issue 26, left open): the value of the announced totals at their best
# timing, and the €m the least-change plan and the plain optimum keep in place, are in no
# printed table, so the numbers these two sentences state cannot be checked against one
UNTRACED = (
    "Spending the announced totals in other years than evenly",
    "Of the plans whose value is within",
)


@pytest.fixture(scope="module")
def cases(
    sentence_cases: dict[str, tuple[Path, Outcome]],
) -> dict[str, tuple[Path, Outcome]]:
    """Each case's input file and its one solve (tests/integration/conftest.py)."""
    return sentence_cases


def _tables(outcome: Outcome) -> ResultTables:
    assert outcome.tables is not None
    return outcome.tables


def _settings(data: PactData) -> list[Source]:
    """The Settings values a sentence may quote (a discount rate, a tolerance, a gap)."""
    values = [v for v in data.settings.model_dump().values() if isinstance(v, int | float)]
    return table_values(values, list(data.years), [1])  # 'moving the limit by €1m'


def _paragraph_sources(outcome: Outcome) -> list[Source]:
    """What the Summary paragraph is composed from: its tables, the Settings, the limits'
    phrases, and the counts and shares the timing sentence derives from the plan."""
    t = _tables(outcome)
    split = t.binding_split
    yearly = t.yearly.set_index("year").sum(axis=1)
    half = list(outcome.data.years)[: len(outcome.data.years) // 2]
    first_half = float(yearly.loc[half].sum() / yearly.sum()) if yearly.sum() else 0.0
    counts = [len(t.binding), len(outcome.data.instruments), *range(0, 60)]
    return [
        *table_values(
            t.summary,
            t.moves,
            t.moves_curve,
            t.bridge,
            t.reference_breaches,
            t.assumptions.drop(columns=["source"]),
            t.domains,
            t.projects,
            t.binding,
            *(() if split is None else (split.planner, split.technical)),
        ),
        *_settings(outcome.data),
        *table_values(
            [first_half, _at_capacity(outcome)],
            [i.output_per_eur_central for i in outcome.data.instruments],
            [b.baseline_meur for b in outcome.data.budget_lines],
            [b.max_shift_share for b in outcome.data.budget_lines],
            counts,
        ),
        *_changes(outcome),
        *_private(outcome),
        *_gains(outcome),
    ]


def _gains(outcome: Outcome) -> list[Source]:
    """What the best plan (and the plan shown) adds over each point of the moves curve."""
    curve = _tables(outcome).moves_curve["value_meur"].tolist()
    best = [outcome.result.best_objective, outcome.result.objective]
    return table_values([b - v for b in best if b is not None for v in curve])


def _changes(outcome: Outcome) -> list[Source]:
    """Each domain's change against the reference plan (the paragraph's 'largest shift')."""
    d = _tables(outcome).domains
    return table_values(d["optimised_meur"] - d["reference_meur"])


def _private(outcome: Outcome) -> list[Source]:
    from pactopt.explain.assumptions import private_reliance_meur

    return table_values([private_reliance_meur(outcome.data, outcome.result)])


@pytest.mark.parametrize("case", CASES)
def test_the_summary_paragraph_states_only_its_tables_numbers(
    cases: dict[str, tuple[Path, Outcome]], case: str
) -> None:
    _, outcome = cases[case]
    sources = _paragraph_sources(outcome)
    for part in headline_parts(_tables(outcome)):
        if part.startswith(UNTRACED):
            continue
        wrong = unmatched(part, sources)
        assert not wrong, f"{case}: {wrong} in: {part}"


@pytest.mark.parametrize("case", CASES)
def test_each_row_sentence_states_its_own_rows_numbers(
    cases: dict[str, tuple[Path, Outcome]], case: str
) -> None:
    """Binding (both views), Marginal, Projects and Moves: a row's sentence against that
    row (and the Settings it quotes)."""
    _, outcome = cases[case]
    t = _tables(outcome)
    settings = _settings(outcome.data)
    for _, row in t.binding.iterrows():
        # the rule's phrase states the workbook's own numbers (a cap 'of 20% of €150m'); a
        # row that only keeps projects out (value 0) states what each project is short
        blocking = t.projects if row["value_per_meur"] == 0 else []
        check(
            row["sentence"],
            row.drop("sentence"),
            _index_numbers(row["constraint"]),
            _phrase(outcome, row["rule"], row["constraint"]),
            settings,
            blocking,
        )
    assert t.binding_split is not None
    for _, row in t.binding_split.planner.iterrows():
        more = len(str(row["cells"]).split(", ")) - 2  # 'and 11 more' cells
        blocking = t.projects if row["value_per_meur_each_year"] == 0 else []
        check(row["sentence"], row.drop("sentence"), settings, [more], blocking)
    for _, row in t.marginal.iterrows():
        check(str(row["meaning"]), row.drop("meaning"), settings)
    for _, row in t.projects.iterrows():
        gap = outcome.data.settings.mip_gap
        check(str(row["meaning"]), row.drop("meaning"), settings, _gaps(outcome, gap))


def _phrase(outcome: Outcome, name: str, constraint: str) -> str:
    """What the rule's declaration says when it binds at the constraint's index."""
    rule = outcome.result.rule(name)
    if rule is None or "[" not in constraint:
        return ""
    parts = constraint.strip("]").split("[")[-1].split(",")
    index = tuple(int(p) if p.isdigit() else p for p in parts)
    return rule.describe(outcome.data, index)


def _index_numbers(constraint: str) -> list[float]:
    """The years of a constraint's index ('capacity[HC1,2019]')."""
    return [float(p) for p in constraint.strip("]").split("[")[-1].split(",") if p.isdigit()]


def _gaps(outcome: Outcome, gap: float) -> list[float]:
    """The optimality gap in €m that a project's sentence may state, per decision."""
    out = []
    for _, row in _tables(outcome).projects.iterrows():
        value = row["value_of_decision_meur"]
        if value == value and value is not None:
            out.append(gap * (2 * abs(outcome.result.objective or 0.0) + abs(value)))
    return out


def test_the_timing_sentence_counts_instrument_years_at_capacity_in_the_plan(
    cases: dict[str, tuple[Path, Outcome]],
) -> None:
    """'57 instrument-years are at their yearly capacity' counted non-zero duals; the
    Allocation's own count (spending within €0.01m of the capacity) is what it states."""
    for case in ("reference", "scenario"):
        _, outcome = cases[case]
        at = _at_capacity(outcome)
        assert at > 0
        assert f"{at} instrument-years are at their yearly capacity" in _tables(outcome).timing


def _at_capacity(outcome: Outcome) -> int:
    """Instrument-years of the Allocation within €0.01m of their yearly capacity."""
    capacity = {i.id: i.max_per_year_meur for i in outcome.data.instruments}
    years = list(outcome.data.years)
    spend = _tables(outcome).allocation.groupby("instrument")[years].sum()
    return sum(
        int((spend.loc[i] >= cap - 0.01).sum())
        for i, cap in capacity.items()
        if cap is not None and i in spend.index
    )


@pytest.mark.parametrize("case", ["new_plan", "milp"])
def test_the_terminal_and_every_text_cell_state_only_the_results_numbers(
    cases: dict[str, tuple[Path, Outcome]], case: str, tmp_path: Path
) -> None:
    """The terminal (a solve of the same file, in this process) and each text cell of the
    results workbook against the workbook's own numbers and the input's Settings."""
    path, outcome = cases[case]
    out = tmp_path / "out.xlsx"
    ran = invoke("solve", path, "-o", out, "--no-alternatives")
    assert ran.code == 0, ran.stderr
    wb = openpyxl.load_workbook(out, read_only=True)
    numbers: list[object] = []
    texts: list[tuple[str, str]] = []
    for ws in wb.worksheets:
        if ws.title in ("Run", "Assumptions"):  # the run's record; quoted source notes
            continue
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str) and len(value.split()) >= 4:
                    texts.append((ws.title, value))
                else:
                    numbers.append(value)
    sources = [*table_values(numbers), *_paragraph_sources(outcome)]
    for sheet, text in texts:
        wrong = unmatched(text, sources)
        assert not wrong, f"{case} {sheet}: {wrong} in: {text}"
    for line in ran.stdout.split("\n\n"):
        line = "\n".join(x for x in line.splitlines() if "written to" not in x)
        wrong = unmatched(line.replace("│", " "), sources)
        assert not wrong, f"{case} terminal: {wrong} in: {line}"


def test_the_harness_catches_a_planted_wrong_number(
    cases: dict[str, tuple[Path, Outcome]],
) -> None:
    """One figure changed in the reference paragraph, one in a Binding sentence: both are
    caught, and the true texts pass."""
    _, outcome = cases["reference"]
    t = _tables(outcome)
    sources = _paragraph_sources(outcome)
    first = headline_parts(t)[0]
    assert unmatched(first, sources) == []
    stated = stated_numbers(first)
    amount = next(n for n in stated if n.text.startswith("€") and n.value >= 1000)
    planted = first.replace(amount.text, amount.text.replace(amount.text[1], "9", 1), 1)
    assert planted != first and unmatched(planted, sources) != []
    row = t.binding.iloc[0]
    value = f"€{abs(row['value_per_meur']):,.2f}m"
    assert value in row["sentence"]
    wrong = row["sentence"].replace(value, f"€{abs(row['value_per_meur']) + 0.05:,.2f}m")
    with pytest.raises(AssertionError, match="in no source table"):
        check(wrong, row.drop("sentence"), _index_numbers(row["constraint"]))


def test_reading_numbers_skips_cells_and_reads_units() -> None:
    text = "Fibre (Instruments!H20, D3) adds €1.2bn, 17% and −€16.7m over 12 years (L564-570)"
    assert [(n.value, n.percent) for n in stated_numbers(text)] == [
        (1200.0, False),
        (17.0, True),
        (-16.7, False),
        (12.0, False),
    ]
    assert unmatched("it adds €1,182m", table_values(pd.Series([1182.4]))) == []
    assert unmatched("it adds €1,182m", table_values(pd.Series([1183.0]))) == ["€1,182m"]


def test_every_figure_name_is_in_the_glossary_with_one_unit(
    cases: dict[str, tuple[Path, Outcome]],
) -> None:
    """The Summary's and the Impacts sheet's figures on the four cases, the Uncertainty and
    Robustness labels: each is a glossary name, the name's bracket states the glossary's
    unit, and no name is given twice."""
    names = [t.name for t in GLOSSARY]
    assert len(names) == len(set(names))
    for t in GLOSSARY:
        assert t.name.endswith("(€m)") == t.unit.startswith("€m"), t.name
    used = set(FIGURE_LABELS.values()) | set(ROW_LABELS.values()) | set(ROBUST_LABELS.values())
    for _, outcome in cases.values():
        used |= set(_tables(outcome).summary["figure"]) | set(_tables(outcome).impacts["figure"])
    assert sorted(n for n in used if term(n) is None) == []


def test_value_is_defined_where_it_first_appears(
    cases: dict[str, tuple[Path, Outcome]],
) -> None:
    parts = headline_parts(_tables(cases["reference"][1]))
    first = next(k for k, p in enumerate(parts) if " value" in p)
    assert parts[first + 1] == VALUE_DEFINITION
