"""Seeded draws of the impact coefficients from their low, central and high values.

One generator for every sweep: the Monte Carlo of ``pactopt uncertainty`` and the scenarios of
the robust objective draw their coefficients here, so the same seed gives the same draws.
Plain numpy: the model reads these draws when it is built in robust mode.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pactopt.schema.data import PactData


@dataclass(frozen=True)
class Draws:
    """Coefficient draws: rows are draws, columns instruments (in data order)."""

    instruments: tuple[str, ...]
    output_per_eur: np.ndarray
    jobs_per_meur: np.ndarray


def _sample(
    rng: np.random.Generator,
    low: np.ndarray,
    mode: np.ndarray,
    high: np.ndarray,
    n: int,
    distribution: str,
) -> np.ndarray:
    width = np.maximum(high - low, 0.0)
    flat = width <= 1e-12
    safe_high = np.where(flat, low + 1.0, high)
    if distribution == "uniform":
        values = rng.uniform(low, safe_high, size=(n, len(low)))
    elif distribution == "pert":
        span = safe_high - low
        alpha = 1 + 4 * (mode - low) / span
        beta = 1 + 4 * (safe_high - mode) / span
        values = low + rng.beta(alpha, beta, size=(n, len(low))) * span
    else:
        values = rng.triangular(low, np.clip(mode, low, safe_high), safe_high, size=(n, len(low)))
    return np.where(flat, mode, values)


def draw_coefficients(data: PactData, n: int, seed: int) -> Draws:
    """``n`` draws of output per € and jobs per €m of every instrument, from their low,
    central and high values (Settings uncertainty_distribution)."""
    rows = data.instruments
    rng = np.random.default_rng(seed)
    kind = data.settings.uncertainty_distribution

    def arr(name: str) -> np.ndarray:
        return np.array([getattr(r, name) for r in rows], dtype=float)

    output = _sample(
        rng,
        arr("output_per_eur_low"),
        arr("output_per_eur_central"),
        arr("output_per_eur_high"),
        n,
        kind,
    )
    jobs = sum(
        _sample(
            rng,
            arr(f"jobs_{k}_per_meur_low"),
            arr(f"jobs_{k}_per_meur_central"),
            arr(f"jobs_{k}_per_meur_high"),
            n,
            kind,
        )
        for k in ("direct", "indirect")
    )
    return Draws(tuple(r.id for r in rows), output, np.asarray(jobs))


def central_draw(data: PactData) -> Draws:
    """The central coefficients as one draw."""
    rows = data.instruments
    jobs = [r.jobs_direct_per_meur_central + r.jobs_indirect_per_meur_central for r in rows]
    return Draws(
        tuple(r.id for r in rows),
        np.array([[r.output_per_eur_central for r in rows]], dtype=float),
        np.array([jobs], dtype=float),
    )
