"""Demand-side multipliers of a domestic input-output table (Leontief, Type I).

With ``Z`` the domestic intermediate flows (row i: product i used to make product j, €m),
``x`` the output of each product (€m), ``A = Z diag(x)⁻¹`` the technical coefficients and
``L = (I − A)⁻¹`` the Leontief inverse, one € of final demand for domestic product j makes:

- output: ``Σᵢ Lᵢⱼ`` € of gross output in the whole economy (the Type I output multiplier);
- value added: ``(v L)ⱼ`` with ``vⱼ = VAⱼ / xⱼ`` (gross value added at basic prices);
- imports: ``(m L)ⱼ`` with ``mⱼ`` the imported intermediate inputs per € of output;
- net product taxes: ``(t L)ⱼ`` likewise; value added + imports + taxes = 1 exactly,
  because ``v + m + t = 1ᵀ(I − A)`` when every column balances;
- jobs: ``(e L)ⱼ`` per €m with ``eⱼ`` the jobs per €m of output; direct ``eⱼ``, indirect
  the rest (the suppliers' jobs).

Gross and demand-side: what a euro spent sets off through the supply chain while it is spent,
at the table's prices (2015), before any displacement or crowding out, and not the long-run
productivity effect a digital investment is made for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Vector = NDArray[np.float64]
Matrix = NDArray[np.float64]


@dataclass(frozen=True)
class DemandSide:
    """Per product, the effects of one € (jobs: one €m) of final demand for it."""

    products: tuple[str, ...]
    leontief: Matrix
    output_per_eur: Vector
    value_added_per_eur: Vector
    imports_per_eur: Vector
    net_taxes_per_eur: Vector
    jobs_direct_per_meur: Vector
    jobs_indirect_per_meur: Vector

    @property
    def jobs_per_meur(self) -> Vector:
        """Direct and indirect jobs together per €m of final demand."""
        return self.jobs_direct_per_meur + self.jobs_indirect_per_meur


def leontief_inverse(flows_meur: Matrix, output_meur: Vector) -> Matrix:
    """``(I − A)⁻¹`` with ``A = Z diag(x)⁻¹``; a product with no output has no inputs."""
    safe = np.where(output_meur > 0, output_meur, 1.0)
    coefficients = np.where(output_meur > 0, flows_meur / safe, 0.0)
    return np.asarray(np.linalg.inv(np.eye(len(output_meur)) - coefficients), dtype=np.float64)


def _per_unit(values: Vector, output_meur: Vector) -> Vector:
    return np.where(output_meur > 0, values / np.where(output_meur > 0, output_meur, 1.0), 0.0)


def demand_side(
    products: tuple[str, ...],
    flows_meur: Matrix,
    output_meur: Vector,
    value_added_meur: Vector,
    imports_meur: Vector,
    net_taxes_meur: Vector,
    jobs: Vector,
) -> DemandSide:
    """The Type I multipliers of every product (see the module's docstring for the math).
    ``jobs``: persons employed making each product (one year)."""
    inverse = leontief_inverse(flows_meur, output_meur)
    direct = _per_unit(jobs, output_meur)
    total = direct @ inverse
    return DemandSide(
        products=products,
        leontief=inverse,
        output_per_eur=inverse.sum(axis=0),
        value_added_per_eur=_per_unit(value_added_meur, output_meur) @ inverse,
        imports_per_eur=_per_unit(imports_meur, output_meur) @ inverse,
        net_taxes_per_eur=_per_unit(net_taxes_meur, output_meur) @ inverse,
        jobs_direct_per_meur=direct,
        jobs_indirect_per_meur=total - direct,
    )
