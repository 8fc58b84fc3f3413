"""The reference workbook's instruments and the products of the input-output table (issue 29):
every instrument is mapped, and every mapping gives its reason in the source cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from pactopt.iotable.figures import shipped
from pactopt.schema.parse import load_pact

pytestmark = pytest.mark.fast


def test_every_reference_instrument_names_its_cpa_products(reference_path: Path) -> None:
    reference = load_pact(reference_path)
    assert len(reference.instruments) == 22
    known = set(shipped().products)
    for row in reference.instruments:
        shares = row.cpa_shares
        assert shares, f"{row.id} has no cpa_products"
        assert {code for code, _ in shares} <= known
        assert sum(s for _, s in shares) == pytest.approx(1, abs=1e-3)
        assert "; CPA products " in row.source, f"{row.id}: the mapping's reason is missing"
