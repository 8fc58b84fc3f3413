"""What each indivisible project decision is worth: the optimum re-solved with the decision
flipped (built ↔ not built, every other decision free), on the solved HiGHS instance inside a
scoped change. The difference is the value of the decision in objective units (the
weighted objective of the Settings, whatever the objective mode); when the
flipped plan is infeasible the decision is forced (mandatory, required by another project,
or needed to meet a floor)."""

from __future__ import annotations

from typing import Any

from pactopt.analysis.plans import ProjectDecision
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import run_solver


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
    out = []
    for project in data.projects:
        built = optimum.value("build", project.id) > 0.5
        column = direct.column_of("build", (project.id,))
        flipped: float | None = None
        if column is not None:
            with direct.fixed_columns({column: 0.0 if built else 1.0}):
                if run_solver(direct) is SolveStatus.OPTIMAL:
                    flipped = direct.objective_value()
        out.append(ProjectDecision(project.id, built, objective, flipped))
    return out
