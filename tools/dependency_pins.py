"""Requirements for ``make test-deps``: pactopt's runtime dependencies at their declared floors
(``min``) or at their latest releases, upper caps ignored (``latest``), then the ``dev`` extra
as declared, read from pyproject.toml.

Why: pip has no "lowest versions" resolution, so a floor in pyproject.toml is only true if
something installs exactly that version and runs the tests on it; and a cap (``pyomo<6.11``)
can only be lifted on evidence if something installs the release above it. Install pactopt
itself with ``pip install --no-deps -e .`` and these with ``pip install -r``, so that the caps
do not stop the ``latest`` set.

    python tools/dependency_pins.py min          # pyomo==6.8.0, ..., then the dev extra
    python tools/dependency_pins.py latest       # pyomo, ..., then the dev extra
    python tools/dependency_pins.py --installed  # the versions this Python has installed
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# name, optional [extras], then the version clauses (``>=6.8.1,<6.11``); no markers are used
_REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*$")


def split(requirement: str) -> tuple[str, str, dict[str, str]]:
    """``name``, ``[extras]`` ('' when none) and each clause's version by its operator."""
    match = _REQUIREMENT.match(requirement)
    if match is None or ";" in requirement:
        raise ValueError(f"cannot read the requirement {requirement!r}")
    name, extras, rest = match.group(1), match.group(2) or "", match.group(3)
    clauses: dict[str, str] = {}
    for clause in filter(None, (c.strip() for c in rest.split(","))):
        op = re.match(r"(==|>=|<=|~=|!=|<|>)\s*(\S+)$", clause)
        if op is None:
            raise ValueError(f"cannot read the clause {clause!r} of {requirement!r}")
        clauses[op.group(1)] = op.group(2)
    return name, extras, clauses


def pins(kind: str, project: dict[str, object]) -> list[str]:
    """The runtime dependencies at their floors (``min``) or unbounded (``latest``)."""
    out = []
    for requirement in project["dependencies"]:  # type: ignore[attr-defined]
        name, extras, clauses = split(requirement)
        if kind == "latest":
            out.append(f"{name}{extras}")
        elif ">=" in clauses:
            out.append(f"{name}{extras}=={clauses['>=']}")
        else:
            raise ValueError(f"{requirement!r} declares no floor (>=)")
    return out


def installed(project: dict[str, object]) -> list[str]:
    """``name==version`` of each runtime dependency as installed (or 'missing')."""
    out = []
    for requirement in project["dependencies"]:  # type: ignore[attr-defined]
        name = split(requirement)[0]
        try:
            out.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            out.append(f"{name} missing")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] not in ("min", "latest", "--installed"):
        print(__doc__, file=sys.stderr)
        return 2
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    if argv[0] == "--installed":
        print("installed:", " ".join(installed(project)))
        return 0
    for line in pins(argv[0], project) + project["optional-dependencies"]["dev"]:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
