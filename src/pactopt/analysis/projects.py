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

from pactopt.analysis.plans import ProjectDecision, built_share
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.relax import elastic_relaxation
from pactopt.solver.solution import Conflict, Solution, SolveStatus
from pactopt.solver.solve import run_solver


def _held_decisions(direct: DirectHighs, data: PactData, optimum: Solution) -> dict[int, float]:
    """The columns of the other yes/no decisions a project is built on top of: every
    project's and switch's, at the optimum's values. Whether an instrument is funded at all
    is left free: building a project on it may fund it."""
    levels = {}
    for component, ids in (
        ("build", [p.id for p in data.projects]),
        ("switch_on", [w.id for w in data.switches]),
    ):
        for key in ids:
            column = direct.column_of(component, (key,))
            if column is not None:
                levels[column] = float(round(optimum.value(component, key)))
    return levels


def _blockers(
    built: BuiltModel, direct: DirectHighs, data: PactData, levels: dict[int, float], column: int
) -> tuple[bool | None, tuple[Conflict, ...]]:
    """(fits, limits that must give way) for building the project of ``column`` on top of
    the plan whose other decisions are ``levels``: (True, ()) when it fits as it is; (False,
    bends) when limits must give way; (False, ()) when only a yes/no rule (a requirement or
    an exclusion) keeps it out; (None, ()) when the solver could not tell."""
    with direct.fixed_columns({**levels, column: 1.0}):
        status = run_solver(direct)
        if status is SolveStatus.OPTIMAL:
            return True, ()
        if status is not SolveStatus.INFEASIBLE:
            return None, ()
        return False, tuple(elastic_relaxation(built, direct, data))


def project_decisions(
    model: BuiltModel, direct: DirectHighs, data: PactData, optimum: Solution
) -> list[ProjectDecision]:
    """One decision per project of the plan (empty without projects or a proven optimum)."""
    if optimum.status is not SolveStatus.OPTIMAL or not data.projects:
        return []
    # valued with the model's weighted objective (in lexicographic mode too), re-solved here
    # so that both sides of each comparison are the same objective
    if run_solver(direct) is not SolveStatus.OPTIMAL:
        return []
    objective = direct.objective_value()
    # what each project is built on top of: the plan reported, not this re-solve's (in
    # lexicographic mode, or at a tie, the two may differ)
    levels = _held_decisions(direct, data, optimum)
    out = []
    for project in data.projects:
        share = built_share(optimum.value("build", project.id))
        is_built = share > 0.5
        column = direct.column_of("build", (project.id,))
        flipped: float | None = None
        blockers: tuple[Conflict, ...] = ()
        fits: bool | None = None
        if column is not None:
            with direct.fixed_columns({column: 0.0 if is_built else 1.0}):
                if run_solver(direct) is SolveStatus.OPTIMAL:
                    flipped = direct.objective_value()
            if not is_built:
                others = {j: v for j, v in levels.items() if j != column}
                fits, blockers = _blockers(model, direct, data, others, column)
        out.append(ProjectDecision(project.id, is_built, objective, flipped, blockers, fits, share))
    return out
