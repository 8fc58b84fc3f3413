"""What each indivisible project decision is worth: the optimum re-solved with the decision
flipped (built ↔ not built, every other decision free), on the solved HiGHS instance inside a
scoped change. The difference is the value of the decision in objective units (the
weighted objective of the Settings, whatever the objective mode); when the
flipped plan is infeasible the decision is forced (mandatory, required by another project,
or needed to meet a floor).

What keeps a project out: it is built on top of the plan, every other yes/no decision held
where the optimum put it. When that has no solution, an elastic relaxation (the
infeasibility diagnosis's, on the same instance) names the limits that would have to give way
and by how many euros: the budget the chosen projects exhaust, say. When it has one, nothing
blocks it: building it is simply worth less than what the plan does with the money."""

from __future__ import annotations

from typing import Any

from pactopt.analysis.plans import ProjectDecision
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import elastic_relaxation
from pactopt.solver.solution import Conflict, Solution, SolveStatus
from pactopt.solver.solve import run_solver


def _blockers(
    m: Any, direct: DirectHighs, data: PactData, levels: dict[int, float], column: int
) -> tuple[Conflict, ...]:
    """The limits that must give way to build the project of ``column`` on top of the plan
    whose yes/no decisions are ``levels`` (empty when it fits)."""
    with direct.fixed_columns({**levels, column: 1.0}):
        if run_solver(direct) is SolveStatus.OPTIMAL:
            return ()
        return tuple(elastic_relaxation(m, direct, data))


def project_decisions(
    m: Any, direct: DirectHighs, data: PactData, optimum: Solution
) -> list[ProjectDecision]:
    """One decision per project of the plan (empty without projects or a proven optimum)."""
    if optimum.status is not SolveStatus.OPTIMAL or not data.projects:
        return []
    # valued with the model's weighted objective (in lexicographic mode too), re-solved here
    # so that both sides of each comparison are the same objective
    if run_solver(direct) is not SolveStatus.OPTIMAL:
        return []
    objective = direct.objective_value()
    x = direct.all_column_values()
    levels = {j: float(round(x[j])) for j in direct.integer_cols}
    out = []
    for project in data.projects:
        built = optimum.value("build", project.id) > 0.5
        column = direct.column_of("build", (project.id,))
        flipped: float | None = None
        blockers: tuple[Conflict, ...] = ()
        if column is not None:
            with direct.fixed_columns({column: 0.0 if built else 1.0}):
                if run_solver(direct) is SolveStatus.OPTIMAL:
                    flipped = direct.objective_value()
            if not built:
                blockers = _blockers(m, direct, data, levels, column)
        out.append(ProjectDecision(project.id, built, objective, flipped, blockers))
    return out
