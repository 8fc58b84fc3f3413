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
# the stages in flow order; a module may import its own stage and those before it (errors,
# words, i18n, glossary and fast_paths are stage-free: any stage may use them, they use none of
# pactopt but the stage-free modules before them;
# xlsx/ is the floor every stage that reads or writes a file stands on)
STAGES = (
    "errors",
    "words",
    "i18n",
    "glossary",
    "fast_paths",
    "xlsx",
    "iotable",
    "schema",
    "template",
    "model",
    "solver",
    "analysis",
    "explain",
    "report",
    "brief",
)
TOP = ("pipeline", "api", "cli")  # above every stage: they chain them
SOLVER_LIBRARIES = ("pyomo", "highspy")


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC).with_suffix("").parts
        out.append((".".join(("pactopt", *parts)).removesuffix(".__init__"), path))
    return out


def _imports(path: Path, *, runtime: bool = False) -> list[tuple[str, list[str]]]:
    """(module imported, names imported from it) for every import in the file (``runtime``:
    leaving out those under ``if TYPE_CHECKING:``, which never run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if runtime:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
                node.body = []
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
    """No stage imports a later one (xlsx → schema → template → model → solver →
    analysis/explain → report → pipeline/cli), with no declared exception; analysis and
    explain may read each other's results types."""
    backwards = []
    peers = {"analysis", "explain"}
    for module, path in _modules():
        mine = _stage(module)
        for target, _ in _imports(path):
            if not target.startswith("pactopt.") and target != "pactopt":
                continue
            theirs = _stage(target)
            if {mine, theirs} <= peers:
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
        "pactopt.explain.summary",
        "pactopt.explain.advice",
        "pactopt.explain.assumptions",
        "pactopt.explain.projects",
        "pactopt.explain.sensitivity",
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
    argv += ["--no-alternatives", "--no-moves"]
    argv += [str(tmp_path / a) if a.endswith(".lp") else a for a in extra]
    assert _loaded_by(argv, f"loaded & set({PYOMO_PARTS!r})") == loaded
    if extra:
        assert (tmp_path / "m.lp").read_text().startswith("\\* Source Pyomo model")


def _module_names() -> set[str]:
    return {m for m, _ in _modules()}


def _edges() -> dict[str, set[str]]:
    """Module → the pactopt modules it imports, at the top or inside a function; ``from
    pactopt.x import y`` is an edge to the module ``pactopt.x.y`` when ``y`` is one."""
    known = _module_names()
    edges: dict[str, set[str]] = {}
    for module, path in _modules():
        targets = edges.setdefault(module, set())
        for target, names in _imports(path, runtime=True):
            if not target.startswith("pactopt"):
                continue
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in known]
            targets.update(submodules or ([target] if target in known else []))
            if submodules and len(submodules) < len(names) and target in known:
                targets.add(target)
        targets.discard(module)
    return edges


@pytest.mark.fast
def test_no_import_cycle() -> None:
    """No module imports itself through others, counting imports inside functions (a cycle
    hidden in a function is still a cycle: the registry used to import its own families)."""
    edges = _edges()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def _string_constants(source: str) -> list[tuple[int, str]]:
    """Every string literal of the source that is not an argument of a ``.cell(...)`` call
    (there a rule's name is a workbook column: public_share_min is both)."""
    tree = ast.parse(source)
    in_cell: set[int] = set()
    for node in ast.walk(tree):
        called = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if called and node.func.attr == "cell":  # type: ignore[attr-defined]
            in_cell.update(id(a) for a in node.args)  # type: ignore[attr-defined]
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in in_cell
    ]


@pytest.mark.fast
def test_no_rule_is_named_by_a_string_outside_its_family() -> None:
    """Explanations find a rule by its declared kind or tag, never by its name, so that an
    extension's rule takes part like a core one: no core rule's name is a string literal in
    a stage from model/ on (outside model/families/); xlsx/, schema/ and template/ name workbook
    columns,
    which some rules share a name with."""
    from pactopt.model.families import core_rules

    names = {r.name for r in core_rules()}
    later = STAGES[STAGES.index("model") :] + TOP
    offenders = [
        f"{module}:{line} {text!r}"
        for module, path in _modules()
        if _stage(module) in later and not module.startswith("pactopt.model.families")
        for line, text in _string_constants(path.read_text(encoding="utf-8"))
        if text in names
    ]
    assert offenders == []


@pytest.mark.fast
def test_the_rule_name_check_catches_a_name() -> None:
    """The check above is not vacuous: a dual looked up by name is caught, a workbook
    column of the same name is not."""
    source = 'at = s.duals.get("capacity")\ncell = data.cell("Instruments", i, "capacity")\n'
    assert _string_constants(source) == [(1, "capacity")]


# what solver/ may read of a built model: the generic interface the model declares (its
# objective, the stages and figures of its objective mode, its rules) and Pyomo's own API
SOLVER_READS = {
    "objective",
    "mode",
    "money_effect_figures",
    "rules",
    "pyomo",
    "component",
    "component_data_objects",
    "component_objects",
    "write",
}
MODEL_NAMES = {"m", "built", "model"}  # what a built model (or its Pyomo block) is called


def _is_model(node: ast.expr) -> bool:
    """``node`` is a built model or its Pyomo block (``built``, ``m``, ``built.pyomo``)."""
    if isinstance(node, ast.Attribute) and node.attr == "pyomo":
        node = node.value
    return isinstance(node, ast.Name) and node.id in MODEL_NAMES


def _model_reads(source: str) -> set[str]:
    """Every ``<model>.<name>``, ``<model>.pyomo.<name>`` and ``getattr``/``hasattr``/
    ``<model>.component`` of a constant name in ``source``."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_model(node.value):
            found.add(node.attr)
        if isinstance(node, ast.Call) and node.args:
            args, func = node.args, node.func
            probe = isinstance(func, ast.Name) and func.id in ("getattr", "hasattr")
            component = isinstance(func, ast.Attribute) and func.attr == "component"
            if probe and len(args) > 1 and _is_model(args[0]):
                name: ast.expr | None = args[1]
            elif component and _is_model(func.value):  # type: ignore[attr-defined]
                name = args[0]
            else:
                name = None
            if isinstance(name, ast.Constant):
                found.add(str(name.value))
    return found


@pytest.mark.fast
def test_the_solver_knows_no_name_of_the_pact_s_model() -> None:
    """solver/ runs the stages it is given and reads the figures the model declares: no
    ``built.<name>``, ``built.pyomo.<name>``, ``built.component("<name>")`` or
    ``getattr(m, "<name>")`` of a pact expression (net_output, cvar, output_per_eur…) is
    written in it."""
    found = {
        (path.name, name)
        for path in sorted((SRC / "solver").glob("*.py"))
        for name in _model_reads(path.read_text(encoding="utf-8"))
    }
    assert {(f, name) for f, name in found if name not in SOLVER_READS} == set()


@pytest.mark.fast
def test_the_solver_name_check_catches_a_name() -> None:
    """The check above is not vacuous: a pact name read through the built model, its Pyomo
    block, a component lookup or getattr is caught."""
    source = (
        "a = built.net_output\nb = built.pyomo.cvar\nc = built.component('net_jobs')\n"
        "d = getattr(m, 'output_per_eur')\ne = built.mode\n"
    )
    expected = {"net_output", "cvar", "net_jobs", "output_per_eur", "mode"}
    assert _model_reads(source) - {"pyomo", "component"} == expected


@pytest.mark.fast
def test_only_the_xlsx_floor_imports_openpyxl_s_private_modules() -> None:
    """openpyxl's internals (a module or name starting with '_') are reached from xlsx/
    alone, the floor every reader and writer stands on."""
    offenders = [
        f"{module} imports {target}"
        for module, path in _modules()
        if _stage(module) != "xlsx"
        for target, names in _imports(path)
        if target.startswith("openpyxl")
        and (
            any(p.startswith("_") for p in target.split("."))
            or any(n.startswith("_") for n in names)
        )
    ]
    assert offenders == []
