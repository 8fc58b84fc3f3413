"""Reading a solved model back by Pyomo component: values, duals, right-hand sides, reduced
costs and ranging, each as ``{component name: {index tuple: value}}``.

``SolutionReading`` is a mixin of ``solver.highs.DirectHighs``, which holds the instance and
the rows and columns, in model order, that these read."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import highspy
import numpy as np

from pactopt.model.sets import index_tuple

INF = highspy.kHighsInf


class SolutionReading:
    """The solution of a compiled model's HiGHS instance, by component and index."""

    highs: highspy.Highs
    columns: list[Any]
    rows: list[Any]
    _row_lower: list[float]
    _row_upper: list[float]

    def values_by_component(self, x: np.ndarray) -> dict[str, dict[tuple[Any, ...], float]]:
        """``{variable name: {index tuple: value}}`` from column values."""
        return self._by_component(self.columns, x.tolist())

    def duals(self) -> dict[str, dict[tuple[Any, ...], float]]:
        """Row duals (HiGHS's sign convention), by constraint name and index."""
        duals = list(self.highs.getSolution().row_dual)[: len(self.rows)]
        return self._by_component(self.rows, duals)

    def right_hand_sides(self) -> dict[str, dict[tuple[Any, ...], float]]:
        """Each row's finite bound (its upper bound when it has one), by constraint name."""
        bounds = [
            high if high < INF else low
            for low, high in zip(self._row_lower, self._row_upper, strict=True)
        ]
        return self._by_component(self.rows, bounds)

    def reduced_costs(self) -> dict[str, dict[tuple[Any, ...], float]]:
        """Column duals, by variable name and index."""
        costs = list(self.highs.getSolution().col_dual)[: len(self.columns)]
        return self._by_component(self.columns, costs)

    def ranges(self) -> dict[str, dict[tuple[Any, ...], tuple[float, float]]]:
        """For each row, the interval of its bound over which its dual holds (HiGHS ranging)."""
        status, ranging = self.highs.getRanging()
        if status != highspy.HighsStatus.kOk:
            return {}
        low = list(ranging.row_bound_dn.value_)[: len(self.rows)]
        high = list(ranging.row_bound_up.value_)[: len(self.rows)]
        return self._by_component(self.rows, list(zip(low, high, strict=True)))

    @staticmethod
    def _by_component(items: Sequence[Any], values: Sequence[Any]) -> dict[str, dict[Any, Any]]:
        out: dict[str, dict[Any, Any]] = {}
        parent = None
        bucket: dict[Any, Any] = {}
        for item, value in zip(items, values, strict=True):
            component = item.parent_component()
            if component is not parent:
                parent = component
                bucket = out.setdefault(component.name, {})
            bucket[index_tuple(item.index())] = value
        return out
