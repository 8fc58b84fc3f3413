"""The illustrative Actuals of the shipped mid-term example (ASSUMED, not real execution
figures): the reference plan's even pace by domain in the years up to AS_OF, times an
execution rate per domain, financed within the reference workbook's own rules by pactopt.
Prints the YAML rows of ``src/pactopt/data/digital_pact_midterm_2025.yaml``'s Actuals.

    .venv/bin/python tools/midterm_actuals.py > /tmp/actuals.yaml
"""

from __future__ import annotations

import math
import sys

from pactopt.model.build import create_model
from pactopt.schema.parse import load_pact
from pactopt.solver.solve import open_solver, solve_within

AS_OF = 2025
# share of the reference plan's even pace actually spent, by domain (ASSUMED, illustrative:
# skills and e-government programmes slower to start, infrastructure ahead of schedule)
EXECUTION = {"HC": 0.80, "ECO": 0.75, "INF": 1.10, "EGOV": 0.90, "TRUST": 0.95}
# each instrument's yearly amount at most twice its own pace at that rate (a floor above
# zero cannot be financed: the yearly public money is short of every instrument's share)
SPREAD = (0.0, 2.0)


def main(path: str = "inputs/digital_pact_2019_2030.xlsx") -> int:
    data = load_pact(__import__("pathlib").Path(path))
    years = [y for y in data.years if y <= AS_OF]
    m = create_model(data)
    direct = open_solver(m, data.settings)
    n = len(data.years)
    # each domain at its even pace times its rate; each instrument within twice its own
    # pace at that rate, at most (the model's rules settle the rest: who pays, what binds)
    rows = [
        (
            sum(m.pyomo.spend[i.id, y] for i in data.instruments if i.domain == d.id),
            *(
                sum(i.reference_plan_meur for i in data.instruments if i.domain == d.id)
                / n
                * EXECUTION[d.id],
            )
            * 2,
        )
        for d in data.domains
        for y in years
    ]
    rows += [
        (
            m.pyomo.spend[i.id, y],
            SPREAD[0] * i.reference_plan_meur / n * EXECUTION[i.domain],
            SPREAD[1] * i.reference_plan_meur / n * EXECUTION[i.domain],
        )
        for i in data.instruments
        for y in years
    ]
    solution, _ = solve_within(m, direct, data.settings, rows, mode="actuals")
    if not solution.status.has_solution:
        print(f"the assumed execution cannot be financed: {solution.status.value}", file=sys.stderr)
        return 1
    spent: dict[tuple[str, str], dict[int, float]] = {}
    for (i, f, y), value in solution.value_map("funding").items():
        if int(y) in years and value > 1e-6:
            # public money rounded down to €0.01m, so that the rounding never asks for more than the
            # lines could give; private money to the nearest €0.01m
            kind = next(x.kind for x in data.funders if x.id == f)
            shown = math.floor(value * 100) / 100 if kind != "private" else round(value, 2)
            spent.setdefault((str(i), str(f)), {})[int(y)] = shown
    order = {i.id: k for k, i in enumerate(data.instruments)}
    for (i, f), by_year in sorted(spent.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        cells = ", ".join(f"{y}: {v:g}" for y, v in sorted(by_year.items()))
        print(f"  - {{instrument: {i}, funder: {f}, spent_meur: {{{cells}}}, <<: *actual}}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
