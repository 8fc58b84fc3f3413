"""Mutation testing for pactopt: change one operator or constant at a time, run the tests.

Each mutant is written over the source file in place (the package is installed editable, so
the tests import it), the area's test selection runs with ``pytest -x``, and a failure or a
timeout counts as killed. The original is backed up under the temp directory, restored in a
``finally`` (also on SIGINT/SIGTERM) and checked by hash; a run killed with SIGKILL is repaired
by the next run. Survivors go to ``outputs/mutation-report.md`` for a human to judge.

While an area runs, its files hold mutants: do not edit, format or test them in this checkout
meanwhile (a change seen on restore is kept aside in the temp directory, with a warning).

    .venv/bin/python tools/mutate.py [--area NAME ...] [--max-mutants N] [--timeout S] [--list]
    .venv/bin/python tools/mutate.py --files src/pkg/mod.py --tests tests/test_mod.py
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib.util import cache_from_source
from pathlib import Path

# Area name -> (source files, globs allowed; pytest paths or node ids run for them), relative to
# the repository root. Missing files are skipped with a message.
AREAS: dict[str, tuple[list[str], list[str]]] = {
    # each area's selection is the tests that claim to cover it, fastest first (pytest -x
    # stops at the first failure, so a quick golden or unit test kills most mutants early)
    "rules": (
        ["src/pactopt/model/families/*.py"],
        [
            "tests/model/test_golden.py",
            "tests/model/test_families_a.py",
            "tests/model/test_families_b.py",
            "tests/unit/test_phrase_languages.py",  # the rules' phrases
        ],
    ),
    "solve": (
        ["src/pactopt/solver/*.py"],
        [
            "tests/unit/test_explain_solution.py",
            "tests/model/test_compile.py",
            "tests/model/test_highs_direct.py",
            "tests/model/test_solve.py",
            "tests/integration/test_least_change.py",
            "tests/model/test_limited.py",  # the k-moves curve
            "tests/model/test_closest_start.py",  # the least change's start
            "tests/model/test_frontier.py",
            "tests/integration/test_infeasible.py",
            "tests/integration/test_explanations.py",
        ],
    ),
    "explanations": (
        ["src/pactopt/explain/*.py"],
        [
            "tests/unit/test_explain_solution.py",
            "tests/unit/test_cpa_mapping.py",
            "tests/unit/test_scenario_shift.py",
            "tests/integration/test_assumptions.py",
            "tests/model/test_extension.py",
            "tests/integration/test_explanations.py",
            "tests/integration/test_infeasible.py",
            "tests/integration/test_projects.py",  # what keeps a project out
            "tests/integration/test_least_change.py",  # the moves' sentences
            "tests/integration/test_midterm.py",  # the locked past's row of a diagnosis
            "tests/integration/test_review_languages.py",  # the review's sentences
            "tests/integration/test_analysis_answers.py",  # the robust sheet
            "tests/integration/test_true_sentences.py",  # the robust plan's sentence
        ],
    ),
    "schema checks": (["src/pactopt/schema/checks/*.py"], ["tests/unit/test_malformations.py"]),
}

ROOT = Path(__file__).resolve().parent.parent
BACKUP_ROOT = Path(tempfile.gettempdir()) / "pactopt-mutate"
KILL_RATE_TARGET = 90.0  # per area (issue 23; STYLE.md asks 85)

_CMP_SWAPS: dict[type[ast.cmpop], list[type[ast.cmpop]]] = {
    ast.LtE: [ast.GtE, ast.Lt],
    ast.GtE: [ast.LtE, ast.Gt],
    ast.Lt: [ast.Gt],
    ast.Gt: [ast.Lt],
    ast.Eq: [ast.NotEq],
    ast.NotEq: [ast.Eq],
    ast.Is: [ast.IsNot],
    ast.IsNot: [ast.Is],
    ast.In: [ast.NotIn],
    ast.NotIn: [ast.In],
}
_ARITH_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
}
_OPERATOR_NODES = (ast.Compare, ast.BinOp, ast.BoolOp, ast.UnaryOp, ast.AugAssign, ast.Return)
_LOG_METHODS = {"debug", "info", "warning", "warn", "error", "exception", "critical", "log"}


@dataclass(frozen=True)
class Mutant:
    """One changed copy of a module: where, what (``original → mutated``), and its full text."""

    line: int
    col: int
    description: str
    source: str


@dataclass(frozen=True)
class MutantResult:
    """A mutant of ``path`` (relative to the run's directory) and what the tests did to it."""

    path: str
    mutant: Mutant
    outcome: str  # "killed", "survived" or "timeout" (a timeout counts as killed)
    seconds: float

    @property
    def killed(self) -> bool:
        return self.outcome != "survived"

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.path, self.mutant.line, self.mutant.description)


@dataclass
class AreaResult:
    """What happened in one area; ``status`` is "done" or why the area was not run."""

    name: str
    status: str = "done"
    baseline_seconds: float = 0.0
    results: list[MutantResult] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def counts(self, equivalent: set[tuple[str, int, str]]) -> tuple[int, int, int, int]:
        """(mutants, judged equivalent, killed, survived); equivalents count in neither."""
        judged = [r for r in self.results if r.key in equivalent]
        rest = [r for r in self.results if r.key not in equivalent]
        killed = sum(r.killed for r in rest)
        return len(self.results), len(judged), killed, len(rest) - killed


# --- mutants ---------------------------------------------------------------------------------


def _cut(text: str, width: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _render(node: ast.AST) -> str:
    """One line of ``node`` with each operand cut short, so the changed operator stays visible."""
    if not isinstance(node, _OPERATOR_NODES):
        return _cut(ast.unparse(node), 100)
    short = copy.copy(node)
    for name, value in ast.iter_fields(node):
        if isinstance(value, ast.expr):
            setattr(short, name, _stub(value))
        elif isinstance(value, list):
            setattr(short, name, [_stub(v) if isinstance(v, ast.expr) else v for v in value])
    return _cut(ast.unparse(short), 100)


def _stub(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Name | ast.Constant | ast.Attribute | ast.Call | ast.Subscript):
        return ast.Name(id=_cut(ast.unparse(node)))
    return ast.Name(id=f"({_cut(ast.unparse(node))})")  # keep the grouping visible


def _is_logging_call(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    owner = node.func.value
    return (
        node.func.attr in _LOG_METHODS
        and isinstance(owner, ast.Name)
        and (owner.id == "logging" or owner.id.lower().rstrip("_").endswith(("log", "logger")))
    )


def _assigns_all(node: ast.AST) -> bool:
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    return any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets)


def _is_docstring(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    )


def _changes(node: ast.AST) -> Iterator[ast.AST]:
    """Every replacement for ``node`` that the operators allow (``node`` itself is unchanged)."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            for swap in _CMP_SWAPS.get(type(op), []):
                new = copy.deepcopy(node)
                new.ops[i] = swap()
                yield new
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _ARITH_SWAPS:
        new_op = copy.deepcopy(node)
        new_op.op = _ARITH_SWAPS[type(node.op)]()
        yield new_op
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Sub):
            yield copy.deepcopy(node.left)  # drop a term: a ± b → a
            if isinstance(node.op, ast.Add):
                yield copy.deepcopy(node.right)  # a + b → b
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        yield ast.Constant(not node.value)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        value = node.value  # 0 → 1, 1 → 0, n → n + 1, keeping int or float
        yield ast.Constant(type(value)(1 if value == 0 else 0 if value == 1 else value + 1))
    elif isinstance(node, ast.BoolOp):
        new_bool = copy.deepcopy(node)
        new_bool.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        yield new_bool
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield copy.deepcopy(node.operand)
    elif isinstance(node, ast.Return) and node.value is not None and not _is_none(node.value):
        yield ast.Return(ast.Constant(None))


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _deletable_in_if(stmt: ast.stmt) -> bool:
    """An ``if`` branch's ``raise``, ``continue`` or ``x.append(...)``, replaced by ``pass``."""
    if isinstance(stmt, ast.Raise | ast.Continue):
        return True
    call = stmt.value if isinstance(stmt, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "append"
    )


def _points(tree: ast.AST) -> Iterator[tuple[ast.AST, ast.AST]]:
    """(original node, replacement) pairs, skipping docstrings, annotations, logging calls,
    f-strings, ``__all__`` and ``strict=`` of zip (equivalent by construction)."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.JoinedStr) or _is_logging_call(node) or _assigns_all(node):
            continue
        if isinstance(node, ast.keyword) and node.arg == "strict":
            # zip(..., strict=...) over sequences of one length: flipping it changes nothing
            continue
        for new in _changes(node):
            yield node, new
        if isinstance(node, ast.If):
            for stmt in [*node.body, *node.orelse]:
                if _deletable_in_if(stmt):
                    yield stmt, ast.Pass()
        body = getattr(node, "body", None)
        docstring = body[0] if isinstance(body, list) and body and _is_docstring(body[0]) else None
        for name, value in ast.iter_fields(node):
            if name not in ("annotation", "returns", "type_comment"):
                children = value if isinstance(value, list) else [value]
                stack += [c for c in children if isinstance(c, ast.AST) and c is not docstring]


def _splice(lines: list[bytes], node: ast.AST, new: ast.AST) -> bytes:
    """The module's bytes with ``node``'s span replaced by ``new``, keeping the line count."""
    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1  # type: ignore[attr-defined]
    start, end = node.col_offset, node.end_col_offset  # type: ignore[attr-defined]
    text = ast.unparse(new)
    pad = "\n" * max(0, last - first - text.count("\n"))
    # expressions are parenthesised so precedence holds and padding newlines are legal
    text = f"({text}{pad})" if isinstance(new, ast.expr) else text + pad
    before, after = lines[first][:start], lines[last][end:]  # col offsets count UTF-8 bytes
    return b"".join([*lines[:first], before, text.encode(), after, *lines[last + 1 :]])


def mutants_of(source: str) -> list[Mutant]:
    """Every valid, distinct mutant of a module's source, in source order."""
    tree = ast.parse(source)
    reference = ast.dump(tree)
    lines = source.encode().splitlines(keepends=True)
    found: dict[str, Mutant] = {}
    for node, new in _points(tree):
        text = _splice(lines, node, new).decode()
        try:
            changed = ast.dump(ast.parse(text)) != reference
        except SyntaxError:
            continue
        if changed and text not in found:
            where = (node.lineno, node.col_offset)  # type: ignore[attr-defined]
            found[text] = Mutant(*where, f"{_render(node)} → {_render(new)}", text)
    return sorted(found.values(), key=lambda m: (m.line, m.col))


# --- running ---------------------------------------------------------------------------------


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _backup_dir(path: Path, backup_root: Path) -> Path:
    return backup_root / _sha(str(path.resolve()).encode())[:16]


class InPlace:
    """Writes mutants over one file and always puts the original back, checked by hash.

    The original and a one-line journal live in ``backup_root``, so that a later run can
    restore a file left mutated by a run that was killed outright (see ``recover``)."""

    def __init__(self, path: Path, backup_root: Path = BACKUP_ROOT) -> None:
        recover(path, backup_root)
        self.path, self.dir = path.resolve(), _backup_dir(path, backup_root)
        self.backup, self.journal = self.dir / "original", self.dir / "journal.json"
        self.dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.path, self.backup)
        self.original_sha = _sha(self.backup.read_bytes())

    def _note(self, mutant_sha: str | None) -> None:
        entry = {"path": str(self.path), "original": self.original_sha, "mutant": mutant_sha}
        self.journal.write_text(json.dumps(entry))

    @contextlib.contextmanager
    def applied(self, source: str) -> Iterator[None]:
        """The file holds ``source`` inside the block and its original bytes afterwards."""
        if _sha(self.path.read_bytes()) != self.original_sha:
            raise RuntimeError(f"{self.path} was changed by someone else during the run")
        data = source.encode()
        try:
            self._note(_sha(data))
            self.path.write_bytes(data)
            _drop_bytecode(self.path)
            yield
        finally:
            with _signals_blocked():  # a second Ctrl-C must not cut the restore short
                self._restore(_sha(data))

    def _restore(self, mutant_sha: str) -> None:
        if not self.path.exists():  # moved away meanwhile: do not recreate it
            raise RuntimeError(f"{self.path} vanished while mutated; original: {self.backup}")
        current = _sha(self.path.read_bytes())
        if current not in (mutant_sha, self.original_sha):  # edited meanwhile: keep a copy
            kept = self.dir.parent / f"edited-{time.strftime('%Y%m%dT%H%M%S')}-{self.path.name}"
            shutil.copy2(self.path, kept)
            print(
                f"warning: {self.path} was changed by something else while it held a "
                f"mutant; the original is back, that version is kept in {kept}",
                file=sys.stderr,
            )
        shutil.copy2(self.backup, self.path)  # bytes and mtime
        _drop_bytecode(self.path)
        if _sha(self.path.read_bytes()) != self.original_sha:
            raise RuntimeError(f"{self.path} not restored; the original is in {self.backup}")
        self._note(None)

    def close(self) -> None:
        """Forget the backup (only once the file is known to be restored)."""
        if self.path.exists() and _sha(self.path.read_bytes()) == self.original_sha:
            shutil.rmtree(self.dir, ignore_errors=True)


def recover(path: Path, backup_root: Path = BACKUP_ROOT) -> None:
    """Restore ``path`` if a killed run left a mutant in it (its hash matches the journal)."""
    journal = _backup_dir(path, backup_root) / "journal.json"
    if not journal.exists():
        return
    entry = json.loads(journal.read_text())
    current = _sha(path.read_bytes()) if path.exists() else None
    if entry["mutant"] and current == entry["mutant"]:
        shutil.copy2(journal.parent / "original", path)
        _drop_bytecode(path)
        print(f"restored {path}, left mutated by an interrupted run", file=sys.stderr)
    elif entry["mutant"] and current != entry["original"]:
        raise RuntimeError(
            f"{path} may hold a mutant left by an interrupted run and was edited since; "
            f"compare it with {journal.parent / 'original'}, then delete {journal}"
        )
    shutil.rmtree(journal.parent, ignore_errors=True)


@contextlib.contextmanager
def _signals_blocked() -> Iterator[None]:
    old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _drop_bytecode(path: Path) -> None:
    # a mutant of the same size written within the same second would pass the pyc check
    with contextlib.suppress(FileNotFoundError):
        Path(cache_from_source(str(path))).unlink()


def _env(cwd: Path) -> dict[str, str]:
    """The tests' environment: ``cwd``'s own ``src`` and root first on the import path.

    The venv's editable install points at one checkout; without this, a run in another checkout
    (a git worktree) would mutate its files and test the other's, and every mutant survive."""
    paths = [str(cwd / "src"), str(cwd), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), "PYTHONDONTWRITEBYTECODE": "1"}


def imported_from(package: str, cwd: Path) -> Path | None:
    """Where the tests' interpreter imports ``package`` from (None if it cannot)."""
    code = f"import {package}; print({package}.__file__)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=_env(cwd), capture_output=True, text=True
    )
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else None


def _run_pytest(selection: Sequence[str], cwd: Path, timeout: float) -> tuple[str, float, str]:
    """("passed" | "failed" | "timeout", seconds, last lines of output) of one pytest run."""
    command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *selection]
    start = time.monotonic()
    # its own session, so that a timeout or our Ctrl-C ends pytest and any workers it started
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        env=_env(cwd),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    out = b""
    try:
        out, _ = proc.communicate(timeout=timeout)
        outcome = "passed" if proc.returncode == 0 else "failed"
    except subprocess.TimeoutExpired:
        outcome = "timeout"
    finally:
        if proc.poll() is None or outcome == "timeout":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    tail = "\n".join(out.decode(errors="replace").splitlines()[-20:])
    return outcome, time.monotonic() - start, tail


def select(
    mutants: list[tuple[Path, Mutant]], max_mutants: int | None, seed: int
) -> list[tuple[Path, Mutant]]:
    """At most ``max_mutants`` of them, drawn with ``seed``, in file and line order."""
    if max_mutants is not None and len(mutants) > max_mutants:
        mutants = random.Random(seed).sample(mutants, max_mutants)
        mutants.sort(key=lambda pm: (str(pm[0]), pm[1].line, pm[1].col))
    return mutants


def run_area(
    files: Sequence[Path],
    selection: Sequence[str],
    cwd: Path,
    timeout: float,
    *,
    name: str = "area",
    max_mutants: int | None = None,
    seed: int = 0,
    progress: Callable[[str], None] = print,
    backup_root: Path = BACKUP_ROOT,
) -> AreaResult:
    """Check that the selection is green on the original code, then run it on each mutant."""
    result = AreaResult(name)
    for path in files:
        recover(path, backup_root)
    everything = [(p, m) for p in files for m in mutants_of(p.read_text(encoding="utf-8"))]
    chosen = select(everything, max_mutants, seed)
    outcome, seconds, tail = _run_pytest(selection, cwd, timeout)
    result.baseline_seconds = seconds
    if outcome != "passed":
        result.status = f"not run: tests {outcome} on the original code"
        result.messages.append(f"{name}: tests {outcome} on the original code:\n{tail}")
        progress(result.messages[-1])
        return result
    progress(
        f"{name}: baseline green in {seconds:.1f} s; {len(chosen)} of {len(everything)} "
        f"mutants, at most {len(chosen) * timeout / 60:.0f} min"
    )
    for path in dict.fromkeys(p for p, _ in chosen):
        guard, shown = InPlace(path, backup_root), os.path.relpath(path, cwd)
        try:
            for mutant in (m for p, m in chosen if p == path):
                with guard.applied(mutant.source):
                    outcome, seconds, _ = _run_pytest(selection, cwd, timeout)
                outcome = {"passed": "survived", "failed": "killed"}.get(outcome, outcome)
                result.results.append(MutantResult(shown, mutant, outcome, seconds))
                progress(
                    f"  [{len(result.results)}/{len(chosen)}] {shown}:{mutant.line}  "
                    f"{mutant.description}  {outcome} ({seconds:.1f} s)"
                )
        finally:
            guard.close()
    return result


# --- report and command line -----------------------------------------------------------------

_ENTRY = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+)(?::|\s+)\s*(?P<description>.+?)\s*$")


def read_equivalent(path: Path) -> set[tuple[str, int, str]]:
    """Entries ``file:line:description`` (or ``file:line  description``, as the report
    lists them); blank lines and ``#`` comments are ignored."""
    entries: set[tuple[str, int, str]] = set()
    if not path.exists():
        return entries
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        match = _ENTRY.match(text)
        if match is None:
            raise SystemExit(f"{path}:{number}: expected file:line:description, got {text!r}")
        entries.add((match["path"], int(match["line"]), match["description"]))
    return entries


def report(results: Sequence[AreaResult], equivalent: set[tuple[str, int, str]]) -> str:
    """The Markdown report: a table per area, then every survivor and every equivalent."""
    rows = [
        "| area | mutants | equivalent | killed | survived | kill rate |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    survivors: list[str] = []
    judged: list[str] = []
    notes: list[str] = []
    for area in results:
        if area.status != "done":
            rows.append(f"| {area.name} | | | | | {area.status} |")
        else:
            total, same, killed, survived = area.counts(equivalent)
            rate = f"{100 * killed / (total - same):.1f}%" if total > same else "–"
            rows.append(f"| {area.name} | {total} | {same} | {killed} | {survived} | {rate} |")
        for r in area.results:
            line = f"- `{r.path}:{r.mutant.line}  {r.mutant.description}`"
            if r.key in equivalent:
                judged.append(line)
            elif not r.killed:
                survivors.append(f"{line} ({area.name})")
        for message in area.messages:  # a message's later lines are pytest output
            first, _, rest = message.partition("\n")
            block = f"\n\n  ```\n{textwrap.indent(rest, '  ')}\n  ```" if rest else ""
            notes.append(f"- {first}{block}")
    parts = [
        "# Mutation report",
        "",
        f"Made by `tools/mutate.py`; the target is a kill rate of {KILL_RATE_TARGET:.0f}% "
        "per area. A timeout counts as killed; equivalent mutants are left out of the rate.",
        "",
        *rows,
        "",
        "## Surviving mutants",
        "",
        "A test should catch each; if one cannot change behaviour, add its line "
        "(`file:line:description`) to `tools/mutation-equivalent.txt`.",
        "",
        *(survivors or ["None."]),
        "",
        "## Judged equivalent",
        "",
        *(judged or ["None."]),
    ]
    if notes:
        parts += ["", "## Notes", "", *notes]
    return "\n".join(parts) + "\n"


def _files_of(patterns: Sequence[str], messages: list[str]) -> list[Path]:
    files: list[Path] = []
    for pattern in patterns:
        found = sorted(p for p in ROOT.glob(pattern) if p.is_file())
        if not found:
            messages.append(f"no source file matches {pattern}; skipped")
        files += [p for p in found if p not in files]
    return files


def _selection_of(items: Sequence[str], messages: list[str]) -> list[str]:
    present = [s for s in items if (ROOT / s.split("::")[0]).exists()]
    messages += [f"no test path {s}; skipped" for s in items if s not in present]
    return present


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM unwinds like Ctrl-C, through the restoring finally


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen areas, print the table and write the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--area",
        action="extend",
        nargs="+",
        choices=list(AREAS),
        help="areas to run (default: all)",
    )
    parser.add_argument("--files", nargs="+", help="with --tests: one ad-hoc area, 'custom'")
    parser.add_argument("--tests", nargs="+", help="pytest selection for --files")
    parser.add_argument("--max-mutants", type=int, help="at most N mutants per area (seeded)")
    parser.add_argument("--seed", type=int, default=0, help="seed of that draw (default 0)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        help="seconds per pytest run; a mutant that times out is killed",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants, run nothing")
    parser.add_argument(
        "--equivalent",
        type=Path,
        default=ROOT / "tools/mutation-equivalent.txt",
        help="file of mutants judged equivalent (file:line:description)",
    )
    parser.add_argument("--report", type=Path, default=ROOT / "outputs/mutation-report.md")
    args = parser.parse_args(argv)
    areas = dict(AREAS)
    if args.files or args.tests:
        if not (args.files and args.tests) or args.area:
            parser.error("--files and --tests go together, without --area")
        areas = {"custom": (args.files, args.tests)}
    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: it may arrive ignored
        signal.signal(signum, _interrupt)
    equivalent = read_equivalent(args.equivalent)
    package = imported_from("pactopt", ROOT)
    if not args.list and (package is None or not package.is_relative_to(ROOT)):
        # the mutants would be written here and the tests would not see them
        raise SystemExit(f"the tests import pactopt from {package}, not from {ROOT / 'src'}")
    results: list[AreaResult] = []
    for name in args.area or list(areas):
        area = AreaResult(name)
        files = _files_of(areas[name][0], area.messages)
        selection = _selection_of(areas[name][1], area.messages)
        for message in area.messages:
            print(f"{name}: {message}")
        if not files or not selection:
            area.status = "not run: no " + ("source files" if not files else "tests")
        elif args.list:
            chosen = [(p, m) for p in files for m in mutants_of(p.read_text(encoding="utf-8"))]
            for path, m in select(chosen, args.max_mutants, args.seed):
                print(f"{path.relative_to(ROOT)}:{m.line}  {m.description}")
            continue
        else:
            try:
                ran = run_area(
                    files,
                    selection,
                    ROOT,
                    args.timeout,
                    name=name,
                    max_mutants=args.max_mutants,
                    seed=args.seed,
                )
            except KeyboardInterrupt:
                print("interrupted; every file is restored", file=sys.stderr)
                return 130
            ran.messages[:0] = area.messages
            area = ran
        results.append(area)
    if args.list:
        return 0
    text = report(results, equivalent)
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(text, encoding="utf-8")
    print(text.split("\n## Surviving")[0].split("\n\n", 2)[-1])
    print(f"report: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
