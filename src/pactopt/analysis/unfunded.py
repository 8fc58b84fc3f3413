"""At what output per € an instrument the plan leaves unfunded would be funded, found by a
re-solve rather than read from a reduced cost.

A reduced cost prices the next euro on the optimal basis only; at a degenerate optimum (an
instrument's own ceiling equal to the pact's total, say) the duals are not unique and the
reduced cost can understate the gap. Here each unfunded instrument is made to spend €1m,
the plan re-optimised around it, and the value lost is the gap its output per € must close:
threshold = output_per_eur + loss / (weight_output × discounted €m it spends). One re-solve
per unfunded instrument, on the solved HiGHS instance inside a scoped change.
"""

from __future__ import annotations

from pactopt.analysis.plans import EntryThreshold
from pactopt.model.built import BuiltModel
from pactopt.schema.data import PactData
from pactopt.solver.highs import DirectHighs
from pactopt.solver.solution import Solution, SolveStatus
from pactopt.solver.solve import integer_levels, run_solver

FORCED_MEUR = 1.0


def entry_thresholds(
    built: BuiltModel, direct: DirectHighs, data: PactData, optimum: Solution
) -> dict[str, EntryThreshold]:
    """Threshold and value lost per €m for every unfunded instrument without a curve (the
    curve's factor would blur the gap), in weighted mode; empty otherwise."""
    weight = data.settings.weight_output
    if optimum.status is not SolveStatus.OPTIMAL or optimum.mode != "weighted" or weight <= 0:
        return {}
    spent: dict[str, float] = {}
    for (i, _, _), v in optimum.value_map("funding").items():
        spent[i] = spent.get(i, 0.0) + v
    unfunded = [
        row
        for row in data.instruments
        if spent.get(row.id, 0.0) <= 1e-6 and row.id not in set(built.pyomo.curved_instruments)
    ]
    if not unfunded or run_solver(direct) is not SolveStatus.OPTIMAL:
        return {}
    objective = direct.objective_value()
    # in a MILP the other yes/no decisions stay as the optimum has them (the LP is exact and
    # cheap; two MILP optima would differ by up to their gap); the instrument's own funded
    # decision stays free, so a semi-continuous one may be switched on
    pinned = integer_levels(direct, optimum)
    out: dict[str, EntryThreshold] = {}
    for row in unfunded:
        own = direct.column_of("funded", (row.id,))
        levels = {j: v for j, v in pinned.items() if j != own}
        discounted = direct.linear_form(built.pyomo.discounted_spend[row.id])
        spent_form = direct.linear_form(built.pyomo.total_spend[row.id])
        with (
            direct.pinned_integers(levels),
            direct.extra_row(built.pyomo.total_spend[row.id], FORCED_MEUR, None),
        ):
            if run_solver(direct) is not SolveStatus.OPTIMAL:
                out[row.id] = EntryThreshold(None, None)  # no output per € would fund it
                continue
            loss = max(0.0, objective - direct.objective_value())
            x = direct.column_values()
            weighted_meur, spent_meur = discounted.value(x), spent_form.value(x)
        if weighted_meur <= 1e-9 or spent_meur <= 1e-9:
            continue
        out[row.id] = EntryThreshold(
            needed_output_per_eur=row.output_per_eur_central + loss / (weight * weighted_meur),
            # per €m it actually spends: a semi-continuous instrument spends its least amount
            value_lost_per_meur=loss / spent_meur,
        )
    return out
