"""Global sensitivity (SALib: Sobol or Morris) of net output, net jobs and each domain's
allocation to the groups of uncertain impact coefficients.

A group is one estimate: an instrument's output per €, direct and indirect jobs per €m (three
inputs), or, where several instruments carry the very same low/central/high values (an
impact family: one estimate used for all of them), those instruments together. Instruments
whose coefficients have no spread are no input. SALib samples each input as a quantile in
[0, 1], mapped through the Settings' distribution (triangular, uniform or PERT) between its
low and high values, so every sample is a set of coefficients the model is re-solved with:
the persistent model of ``pactopt uncertainty`` (``run_draws``: one model per worker,
coefficients changed in place), so Sobol's N × (groups + 2) solves are re-solves, not builds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

from pactopt.analysis.engines import run_draws
from pactopt.analysis.uncertainty import HEADLINE, DrawResult
from pactopt.model.draws import Draws
from pactopt.schema.data import PactData
from pactopt.schema.rows import InstrumentRow

Method = Literal["sobol", "morris"]
Grouping = Literal["family", "instrument"]
KINDS = ("output_per_eur", "jobs_direct_per_meur", "jobs_indirect_per_meur")
MORRIS_LEVELS = 4
SPREAD_EPS = 1e-12


@dataclass(frozen=True)
class Group:
    """One estimate: its name (an instrument id, or the family's first id and how many more)
    and the instruments that use it."""

    name: str
    instruments: tuple[str, ...]
    label: str = ""  # what it holds, in words: the instrument's name, or the domains'
    names: tuple[str, ...] = ()  # the instruments' names, in the order of ``instruments``

    @property
    def shown(self) -> str:
        """The group's name for a planner: its label, else its name."""
        return self.label or self.name


def _triple(row: InstrumentRow, kind: str) -> tuple[float, float, float]:
    return (
        getattr(row, f"{kind}_low"),
        getattr(row, f"{kind}_central"),
        getattr(row, f"{kind}_high"),
    )


def _family_name(ids: list[str]) -> str:
    return ids[0] if len(ids) == 1 else f"{ids[0]} and {len(ids) - 1} more"


def coefficient_groups(data: PactData, by: Grouping = "family") -> list[Group]:
    """The groups of uncertain coefficients, in data order: one per shared estimate
    (``family``: instruments with the very same low/central/high values are drawn as one)
    or one per instrument (``instrument``: each drawn on its own)."""
    families: dict[tuple[Any, ...], list[str]] = {}
    for row in data.instruments:
        key = tuple(_triple(row, k) for k in KINDS)
        if all(high - low <= SPREAD_EPS for low, _, high in key):
            continue
        families.setdefault(key if by == "family" else (row.id,), []).append(row.id)
    named = {i.id: i.name for i in data.instruments}
    return [
        Group(
            _family_name(ids),
            tuple(ids),
            group_label(data, ids),
            tuple(named[i] for i in ids),
        )
        for ids in families.values()
    ]


def group_label(data: PactData, ids: list[str]) -> str:
    """A group named by what it holds: one instrument's name (and id), or how many
    instruments of which domains share the estimate ('all 4 instruments of Digital
    ecosystems', '18 instruments of Digital human capital, … and Digital government')."""
    rows = {i.id: i for i in data.instruments}
    if len(ids) == 1:
        return f"{rows[ids[0]].name} ({ids[0]})"
    domains = [d for d in data.domains if any(rows[i].domain == d.id for i in ids)]
    names = [d.name for d in domains]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    whole = all(r.domain not in {d.id for d in domains} or r.id in ids for r in rows.values())
    return f"{'all ' if whole else ''}{len(ids)} instruments of {listed}, one shared estimate"


def salib_problem(groups: list[Group]) -> dict[str, Any]:
    """The SALib problem: three quantile inputs per group, grouped."""
    names = [f"{g.name}:{k}" for g in groups for k in KINDS]
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[0.0, 1.0]] * len(names),
        "groups": [g.name for g in groups for _ in KINDS],
    }


def quantile_values(
    low: float, mode: float, high: float, q: np.ndarray, distribution: str
) -> np.ndarray:
    """The values at quantiles ``q`` of the distribution between low and high (the same
    distributions as the Monte Carlo draws, model/draws.py)."""
    width = high - low
    if width <= SPREAD_EPS:
        return np.full(len(q), mode)
    if distribution == "uniform":
        return low + q * width
    if distribution == "pert":
        a = 1 + 4 * (mode - low) / width
        b = 1 + 4 * (high - mode) / width
        return low + np.asarray(stats.beta.ppf(q, a, b)) * width
    c = (min(max(mode, low), high) - low) / width
    left = low + np.sqrt(q * width * (c * width))
    right = high - np.sqrt((1 - q) * width * ((1 - c) * width))
    return np.where(q < c, left, right)


def samples_to_draws(data: PactData, groups: list[Group], quantiles: np.ndarray) -> Draws:
    """Coefficients of every instrument for each sample row (instruments in no group keep
    their central values)."""
    rows = list(data.instruments)
    n = len(quantiles)
    column = {r.id: k for k, r in enumerate(rows)}
    values = {
        kind: np.tile(np.array([_triple(r, kind)[1] for r in rows], dtype=float), (n, 1))
        for kind in KINDS
    }
    distribution = data.settings.uncertainty_distribution
    by_id = {r.id: r for r in rows}
    for g_index, group in enumerate(groups):
        for k_index, kind in enumerate(KINDS):
            q = quantiles[:, 3 * g_index + k_index]
            for i in group.instruments:  # a family's instruments share the quantile
                drawn = quantile_values(*_triple(by_id[i], kind), q, distribution)
                values[kind][:, column[i]] = drawn
    jobs = values["jobs_direct_per_meur"] + values["jobs_indirect_per_meur"]
    return Draws(tuple(r.id for r in rows), values["output_per_eur"], jobs)


def sample(problem: dict[str, Any], method: Method, n: int, seed: int) -> np.ndarray:
    """SALib's sample of quantiles: Sobol (Saltelli, first-order and total; ``n`` a power of
    two, n × (groups + 2) rows) or Morris (``n`` trajectories, n × (groups + 1) rows)."""
    if method == "sobol":
        from SALib.sample import sobol as sobol_sample

        return np.asarray(sobol_sample.sample(problem, n, calc_second_order=False, seed=seed))
    from SALib.sample import morris as morris_sample

    return np.asarray(
        morris_sample.sample(problem, n, num_levels=MORRIS_LEVELS, seed=seed), dtype=float
    )


def responses(data: PactData, results: list[DrawResult]) -> dict[str, np.ndarray]:
    """Per sample: net output and net jobs on the headline basis (net, undiscounted, as the
    Summary states them) and each domain's total €m."""
    if any(r.figures is None or r.totals is None for r in results):
        raise ValueError("a sample has no optimum: its coefficients make the model unsolvable")
    output, jobs = HEADLINE
    out = {
        "net_output": np.array([r.figures[output] for r in results if r.figures]),
        "net_jobs": np.array([r.figures[jobs] for r in results if r.figures]),
    }
    for domain in data.domains:
        ids = [i.id for i in data.instruments if i.domain == domain.id]
        out[f"domain {domain.id}"] = np.array(
            [sum(r.totals[i] for i in ids) for r in results if r.totals]
        )
    return out


def indices(
    problem: dict[str, Any], method: Method, x: np.ndarray, y: dict[str, np.ndarray], seed: int
) -> pd.DataFrame:
    """One row per response and group: first-order and total Sobol indices (with their 95%
    confidence half-widths), or Morris's μ* (mean absolute elementary effect); a response
    that does not vary over the sample (e.g. a domain held at a floor or ceiling) gets
    zeros."""
    groups = list(dict.fromkeys(problem["groups"]))
    rows = []
    for response, values in y.items():
        spread = float(np.std(values))
        if spread <= 1e-9 * max(1.0, float(np.abs(values).max())):
            found: dict[str, Any] = {}
        elif method == "sobol":
            from SALib.analyze import sobol as sobol_analyze

            # SALib seeds its bootstrap only for a truthy seed: seed 0 drew the confidence
            # half-widths unseeded. A generator is always truthy, and default_rng(seed) of
            # it is itself, so every other seed gives the same numbers as before.
            rng = np.random.default_rng(seed)
            found = sobol_analyze.analyze(
                problem, values, calc_second_order=False, seed=rng, print_to_console=False
            )
        else:
            from SALib.analyze import morris as morris_analyze

            found = morris_analyze.analyze(
                problem, x, values, num_levels=MORRIS_LEVELS, seed=seed, print_to_console=False
            )
        for k, group in enumerate(groups):
            row: dict[str, Any] = {"response": response, "group": group}
            if method == "sobol":
                for key in ("S1", "S1_conf", "ST", "ST_conf"):
                    row[key] = float(found[key][k]) if found else 0.0
            else:
                for key in ("mu_star", "mu_star_conf"):  # σ is not defined for groups
                    row[key] = float(found[key][k]) if found else 0.0
            rows.append(row)
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class SensitivityResult:
    """Indices by response and group, the groups, and how many solves they took."""

    method: Method
    groups: list[Group]
    table: pd.DataFrame
    solves: int
    # Settings output_low_from_io: how much of the output rests on the productivity assumption
    productivity: str = ""


def run_sensitivity(
    path: Path,
    data: PactData,
    method: Method,
    n: int,
    seed: int,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    on_samples: Callable[[int], None] | None = None,
    by: Grouping = "family",
    scheduler: str | None = None,
    extensions: Sequence[Path] = (),
) -> SensitivityResult:
    """Sample, re-solve every sample on the persistent model (on a Dask cluster with
    ``scheduler``, see ``run_draws``), and compute the indices."""
    groups = coefficient_groups(data, by)
    if not groups:
        raise ValueError("no instrument has a spread between its low and high coefficients")
    problem = salib_problem(groups)
    x = sample(problem, method, n, seed)
    if on_samples is not None:
        on_samples(len(x))
    draws = samples_to_draws(data, groups, x)
    results = run_draws(
        path, draws, workers, progress, data=data, scheduler=scheduler, extensions=extensions
    )
    table = indices(problem, method, x, responses(data, results), seed)
    return SensitivityResult(method, groups, table, len(x))
