"""Write the JSON Schema of every command's ``--json`` output into ``schemas/`` (run by
``make schemas``; tests/e2e/test_json.py fails when a committed schema is out of date)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pactopt.report.json_models import OUTPUTS, json_schema

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def schema_text(command: str) -> str:
    return json.dumps(json_schema(command), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    SCHEMAS.mkdir(exist_ok=True)
    for command in OUTPUTS:
        (SCHEMAS / f"{command}.schema.json").write_text(schema_text(command), encoding="utf-8")
        print(f"schemas/{command}.schema.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
