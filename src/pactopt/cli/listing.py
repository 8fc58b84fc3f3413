"""``pactopt constraints``: the model's sets, variables and rules, with an extension's rules
when given (so that a modeller sees what their file adds, under which names)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from pactopt.cli.common import (
    Extensions,
    ExtensionTimeLimit,
    Json,
    app,
    emit,
    load_extensions,
    machine,
    out,
)

if TYPE_CHECKING:
    from pactopt.model.registry import ConstraintRule


@app.command("constraints")
def list_constraints(
    extension: Extensions = None,
    extension_time_limit: ExtensionTimeLimit = None,
    as_json: Json = False,
) -> None:
    """List every set, variable, constraint family and rule of the model, in build order,
    with its meaning and math (and the rules of each --extension, after the core ones)."""
    machine("constraints", as_json)
    from pactopt.model.families import ordered_rules
    from pactopt.model.sets import SETS
    from pactopt.model.variables import VARIABLES
    from pactopt.report.json_payloads import listed

    added = load_extensions(extension, extension_time_limit)
    sets = [(f"set/{d.name}", f"{d.doc} (index: {', '.join(d.index_names)})", "set") for d in SETS]
    variables = [
        (f"variable/{v.name}", f"{v.doc} ({_index_text(v.index, v.when)})", f"{v.domain}, {v.unit}")
        for v in VARIABLES
    ]
    rules = ordered_rules(added)
    if as_json:
        listed_rules = [(f"{r.family}/{r.name}", r.doc, _kind(r, added)) for r in rules]
        emit(items=listed(sets + variables + listed_rules))
        return
    for name, doc, kind in sets + variables:
        out.print(Text.assemble((name, "bold"), "  ", (f"({kind})", "dim")))
        out.print(f"    {doc}")
    for rule in rules:
        origin = f"; extension {rule.rule.__code__.co_filename}" if rule in added else ""
        out.print(
            Text.assemble(
                (rule.family, "bold"),
                f" / {rule.name}  ",
                (
                    f"({_index_text(rule.index, rule.where)}; sheet {rule.sheet}; {rule.unit}"
                    f"{origin})",
                    "dim",
                ),
            )
        )
        out.print(f"    {rule.doc}")


def _index_text(index: tuple[str, ...], when: object) -> str:
    """'index: spend_index × years', or 'scalar' for a rule or variable without index sets,
    with its declared condition ('scalar; in robust mode: …')."""
    if index:
        return f"index: {' × '.join(index)}"
    doc = getattr(when, "doc", None)  # a sets.Condition says when in words
    return f"scalar; {doc}" if isinstance(doc, str) else "scalar"


def _kind(rule: ConstraintRule, added: list[ConstraintRule]) -> str:
    return f"{rule.role.value} (extension)" if rule in added else rule.role.value
