"""The import rules ARCHITECTURE.md states, checked on the source so they cannot go stale:
the flow is one way, only model/ and solver/ import Pyomo or HiGHS, the explanations and the
reports do not even load them, and no module imports another's private names."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SRC = REPO / "src" / "pactopt"
# the stages in flow order; a module may import its own stage and those before it
STAGES = ("errors", "io", "schema", "model", "solver", "analysis", "explain", "report")
TOP = ("pipeline", "api", "cli")  # above every stage: they chain them
SOLVER_LIBRARIES = ("pyomo", "highspy")
# io/ writes the template from the sheet declarations, never from the validation
DECLARATIONS = ("pactopt.schema.sheets", "pactopt.schema.columns", "pactopt.schema.settings")


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out.append((".".join(("pactopt", *parts)).removesuffix(".__init__"), path))
    return out


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _rank(stage: str) -> int:
    if stage in STAGES:
        return STAGES.index(stage)
    return len(STAGES) if stage in TOP else -1


@pytest.mark.fast
def test_the_stages_are_all_known() -> None:
    """Every module lives in a stage of the flow (a new top-level module must be placed)."""
    unknown = {m for m, _ in _modules() if _rank(_stage(m)) < 0 and m not in ("pactopt",)}
    assert unknown <= {"pactopt.data"}, unknown


@pytest.mark.fast
def test_the_flow_is_one_way() -> None:
    """No stage imports a later one (io → schema → model → solver → analysis/explain →
    report → pipeline/cli); analysis and explain may read each other's results types."""
    backwards = []
    peers = {"analysis", "explain"}
    for module, path in _modules():
        mine = _stage(module)
        for target, _ in _imports(path):
            if not target.startswith("pactopt.") and target != "pactopt":
                continue
            theirs = _stage(target)
            if {mine, theirs} <= peers or (mine == "io" and target in DECLARATIONS):
                continue
            if _rank(theirs) > _rank(mine):
                backwards.append(f"{module} imports {target}")
    assert backwards == []


@pytest.mark.fast
def test_only_model_and_solver_import_pyomo_or_highs() -> None:
    offenders = [
        f"{module} imports {target}"
        for module, path in _modules()
        if _stage(module) not in ("model", "solver")
        for target, _ in _imports(path)
        if target.split(".")[0] in SOLVER_LIBRARIES
    ]
    assert offenders == []


@pytest.mark.fast
def test_the_solution_declarations_and_accounting_import_no_solver_library() -> None:
    """The pure modules of model/ and solver/ stay pure."""
    pure = ("pactopt.solver.solution", "pactopt.model.registry", "pactopt.model.accounting")
    offenders = [
        f"{module} imports {target}"
        for module, path in _modules()
        if module in pure
        for target, _ in _imports(path)
        if target.split(".")[0] in SOLVER_LIBRARIES
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "module",
    [
        "pactopt.explain.binding",
        "pactopt.explain.marginal",
        "pactopt.report.workbook",
        "pactopt.report.robustness",
        "pactopt.report.sensitivity",
    ],
)
@pytest.mark.slow
def test_explanations_and_reports_do_not_load_pyomo_or_highs(module: str) -> None:
    """Imported alone, in a fresh interpreter, they leave Pyomo and HiGHS unloaded: they read
    only the Solution and the rule declarations."""
    code = (
        f"import sys, {module}\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pyomo', 'highspy'})\n"
        "print(','.join(loaded))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


@pytest.mark.fast
def test_no_module_imports_private_names_of_another() -> None:
    offenders = [
        f"{module} imports {target}.{name}"
        for module, path in _modules()
        for target, names in _imports(path)
        if target.startswith("pactopt")
        for name in names
        if name.startswith("_") and name != "__version__"
    ]
    assert offenders == []


HEAVY = ("pyomo", "highspy", "pandas", "scipy", "openpyxl", "SALib", "distributed")


def _loaded_by(argv: list[str], modules: str) -> set[str]:
    """Run ``pactopt argv`` in a fresh interpreter; which of ``modules`` (a Python expression
    over the loaded module names ``loaded``) it had loaded when it ended."""
    code = (
        "import atexit, sys\n"
        "def report():\n"
        "    loaded = set(sys.modules)\n"
        f"    sys.stderr.write('LOADED:' + ','.join(sorted({modules})) + '\\n')\n"
        "atexit.register(report)\n"
        f"sys.argv = ['pactopt', *{argv!r}]\n"
        "from pactopt.cli import run\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED:"))
    return set(filter(None, line.removeprefix("LOADED:").split(",")))


@pytest.mark.parametrize(
    ("argv", "allowed"),
    [
        (["--help"], set()),
        (["solve", "--help"], set()),
        (["validate", "inputs/digital_pact_2019_2030.xlsx"], set()),
        (["checks"], set()),
    ],
)
@pytest.mark.slow
def test_a_command_loads_only_what_it_uses(argv: list[str], allowed: set[str]) -> None:
    """Start-up (issue 16): --help, a command's help, validate and checks run in a fresh
    interpreter without loading Pyomo, HiGHS, pandas, SciPy, SALib, Dask or openpyxl (the
    streaming reader needs none of them for the reference workbook)."""
    loaded = _loaded_by(argv, f"{{m.split('.')[0] for m in loaded}} & set({HEAVY!r})")
    assert loaded <= allowed, f"pactopt {' '.join(argv)} loaded {sorted(loaded)}"


PYOMO_PARTS = ("pyomo.core", "pyomo.environ", "pyomo.contrib.appsi", "pyomo.gdp")


@pytest.mark.parametrize(
    ("extra", "loaded"),
    [
        ((), {"pyomo.core"}),
        (("--relax-integers", "--lp", "m.lp"), set(PYOMO_PARTS)),
    ],
)
@pytest.mark.slow
def test_a_solve_loads_pyomo_s_core_not_its_whole_environment(
    tmp_path: Path, extra: tuple[str, ...], loaded: set[str]
) -> None:
    """pyomo.environ loads every plugin (solver interfaces, GDP, DAE, contrib packages), about
    half of Pyomo's import time; a solve needs the core alone, and the LP writer (--lp) and
    the relaxation (--relax-integers) load the environment when asked, and work."""
    argv = ["solve", "inputs/digital_pact_2019_2030.xlsx", "-o", str(tmp_path / "r.xlsx")]
    argv += ["--no-alternatives", *(str(tmp_path / a) if a.endswith(".lp") else a for a in extra)]
    assert _loaded_by(argv, f"loaded & set({PYOMO_PARTS!r})") == loaded
    if extra:
        assert (tmp_path / "m.lp").read_text().startswith("\\* Source Pyomo model")
