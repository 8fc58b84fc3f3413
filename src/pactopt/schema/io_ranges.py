"""Settings ``output_low_from_io``: the low output per € of every instrument with CPA products
becomes the input-output table's value added per € of final demand for them (below the
central value only), so that the low/central/high range runs from the demand effect the
national accounts support to the productivity the workbook assumes.

The workbook's low cell is not rewritten: it is replaced in the data after validation, and
the Instruments cell still names where the workbook's own low value stands."""

from __future__ import annotations

from pactopt.iotable.figures import blend
from pactopt.schema.rows import InstrumentRow
from pactopt.schema.settings import Settings

DIGITS = 4  # as the shipped figures


def with_io_low(
    instruments: tuple[InstrumentRow, ...], settings: Settings | None
) -> tuple[InstrumentRow, ...]:
    """The instruments, with the low output per € from the input-output table when the
    setting asks for it."""
    if settings is None or not settings.output_low_from_io:
        return instruments
    out = []
    for row in instruments:
        if row.cpa_shares:
            value_added = round(blend(row.cpa_shares).value_added_per_eur, DIGITS)
            low = min(value_added, row.output_per_eur_central)
            row = row.model_copy(update={"output_per_eur_low": low})
        out.append(row)
    return tuple(out)
