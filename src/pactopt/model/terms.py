"""The impacts of one instrument or project as model expressions, shared by the objective and
the constraint families that count jobs (the skills bottleneck)."""

from __future__ import annotations

from typing import Any

from pactopt.model.accounting import project_discount_factor
from pactopt.model.block import PyomoBlock


def _discounted_spend(m: PyomoBlock, instrument: str) -> Any:
    # the Expression m.discounted_spend (build.py) is shared by the output, jobs and savings
    # terms, so it is built once and walked once when the model is handed to the solver
    return m.discounted_spend[instrument]


def output_exposure(m: PyomoBlock, instrument: str) -> Any:
    """The euros an instrument's output per € multiplies: its discounted spending, or on a
    curve each year's euros weighted by their segment's factor,
    Σ_{s,y} df(y+lag) × factor_s × g[i,s,y]."""
    if instrument not in m.curved_instruments:
        return _discounted_spend(m, instrument)
    lag = m.ctx.instruments[instrument].impact_lag_years
    return sum(
        m.ctx.discount(y + lag)
        * m.ctx.segment_factor(instrument, s)
        * m.segment_fill[instrument, s, y]
        for s in m.ctx.index.segments_of[instrument]
        for y in m.years
    )


def instrument_output(m: PyomoBlock, instrument: str) -> Any:
    """€m of output: output_per_eur × the output exposure (discounted spending, weighted by
    the curve's factors on a curve)."""
    return m.output_per_eur[instrument] * output_exposure(m, instrument)


def instrument_jobs(m: PyomoBlock, instrument: str) -> Any:
    """Net jobs, direct and indirect, from discounted spending."""
    return m.jobs_per_meur[instrument] * _discounted_spend(m, instrument)


def instrument_savings(m: PyomoBlock, instrument: str) -> Any:
    """€m saved by government, business and citizens."""
    return m.savings_per_eur[instrument] * _discounted_spend(m, instrument)


def _project_discount(m: PyomoBlock, project: str) -> float:
    row = m.ctx.projects[project]
    lag = m.ctx.instruments[row.instrument].impact_lag_years
    return project_discount_factor(row.cost_meur, m.ctx.discount, m.ctx.first_year, lag)


def project_output(m: PyomoBlock, project: str) -> Any:
    """€m of output of a project if it is built, discounted like an instrument's: as its cost
    is spent (accounting.project_discount_factor)."""
    return m.ctx.projects[project].output_meur * _project_discount(m, project) * m.build[project]


def project_jobs(m: PyomoBlock, project: str) -> Any:
    """Net jobs of a project if it is built, discounted as its output is."""
    return m.ctx.projects[project].jobs * _project_discount(m, project) * m.build[project]
