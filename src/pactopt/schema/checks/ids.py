"""The checks of ids: each row's id is unique in its sheet (whatever its case), and each id a
row names exists."""

from __future__ import annotations

from pactopt.errors import Problem
from pactopt.schema.checks.registry import Tables, check, keys_of, rows_of
from pactopt.schema.settings import Settings
from pactopt.schema.sheets import SHEETS_BY_NAME


@check("unique_ids")
def unique_ids(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every row's id (or compound key, e.g. funder + domain) appears once in its sheet, and
    two ids that differ only by case ('HC', 'hc') are one id given twice."""
    problems = []
    for sheet, table in tables.items():
        spec = SHEETS_BY_NAME[sheet]
        first: dict[str, tuple[str, str]] = {}  # folded key -> (key, its cell)
        for parsed in table.rows:
            key = spec.row_key(parsed.model)
            cell = parsed.cell(spec.key[0])
            seen = first.get(key.casefold())
            if seen is None:
                first[key.casefold()] = (key, cell)
            elif seen[0] == key:
                problems.append(
                    Problem(sheet, cell, key, f"duplicate id '{key}' (first at {seen[1]})")
                )
            else:
                problems.append(
                    Problem(
                        sheet,
                        cell,
                        key,
                        f"duplicate id '{key}': it differs only by case from '{seen[0]}' "
                        f"(at {seen[1]}); ids that look alike must be one id",
                    )
                )
    return problems


def _reference(
    tables: Tables, sheet: str, column: str, target: str, problems: list[Problem]
) -> None:
    if target not in tables:  # the missing sheet is reported once, not at every reference
        return
    known = keys_of(tables, target)
    folded = {key.casefold(): key for key in known}
    for parsed, row in rows_of(tables, sheet):
        value = getattr(row, column)
        values = value if isinstance(value, tuple) else (value,)
        for item in values:
            if item is not None and item not in known:
                rule = f"unknown {target} id '{item}' (not in sheet {target})"
                near = folded.get(item.casefold())
                if near is not None:
                    rule += f"; ids are case-sensitive: '{near}' is there"
                problems.append(Problem(sheet, parsed.cell(column), item, rule))


@check("known_references")
def known_references(settings: Settings | None, tables: Tables) -> list[Problem]:
    """Every id reference (domain, funder, instrument, project) names an existing row."""
    problems: list[Problem] = []
    for spec in SHEETS_BY_NAME.values():
        for column in spec.columns:
            if column.ref is not None and spec.name in tables:
                _reference(tables, spec.name, column.name, column.ref, problems)
    return problems
