"""Smoke test of the mutation harness (tools/mutate.py) on a throwaway module in tmp_path:
the operators, the counts on a tiny module, and that the file always comes back unchanged."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TOOL = Path(__file__).resolve().parents[2] / "tools" / "mutate.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pactopt_mutate_tool", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


mutate = _load()

CALC = b"def f(a, b):  # \xe2\x82\xac\n    return a + b if a <= b else a - b\n"
# f(1, 2) takes the a + b branch and f(5, 2) the a - b branch, so every mutant but one changes
# a result: return None, a >= b, a - b / a / b for a + b, a + b / a for a - b (7 killed).
# a < b survives: no case has a == b.
TEST_CALC = (
    "from calc import f\n\n\ndef test_f():\n    assert f(1, 2) == 3\n    assert f(5, 2) == 3\n"
)


@pytest.fixture(autouse=True)
def _bare_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    # the harness's pytest runs need no plugins; loading them (hypothesis) is most of each run
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def _descriptions(source: str) -> list[tuple[int, str]]:
    return [(m.line, m.description) for m in mutate.mutants_of(source)]


@pytest.mark.fast
def test_mutants_of_the_tiny_module() -> None:
    assert _descriptions(CALC.decode()) == [
        (2, "return (a + b if a <= b else a - b) → return None"),
        (2, "a + b → a - b"),
        (2, "a + b → a"),
        (2, "a + b → b"),
        (2, "a <= b → a >= b"),
        (2, "a <= b → a < b"),
        (2, "a - b → a + b"),
        (2, "a - b → a"),
    ]


SKIPPED = '''"""Docstring 1 + 2."""
import logging

log = logging.getLogger(__name__)
__all__ = ["f"] + ["g"]


def g(x: list[int] = [0], *, flag: bool = True) -> dict[str, int]:
    """Docstring 3 > 2."""
    log.info("x is %s", x[0] + 1)
    label = "€€"; y = f"{x[0] + 1}" if not flag else x[1] * 2
    for i in x:
        if i is None or i in x:
            continue
        if y != (
            i
        ):
            x.append(i)
        else:
            raise ValueError(i)
    return None
'''


@pytest.mark.fast
def test_operators_and_skips() -> None:
    """Docstrings, annotations, logging calls, f-strings and __all__ are left alone; byte
    offsets hold after non-ASCII text; a multi-line expression keeps the line count."""
    assert _descriptions(SKIPPED) == [
        (8, "0 → 1"),
        (8, "True → False"),
        (11, "not flag → flag"),
        (11, "x[1] * 2 → x[1] / 2"),
        (11, "1 → 0"),
        (11, "2 → 3"),
        (13, "(i is None) or (i in x) → (i is None) and (i in x)"),
        (13, "i is None → i is not None"),
        (13, "i in x → i not in x"),
        (14, "continue → pass"),
        (15, "y != i → y == i"),
        (18, "x.append(i) → pass"),
        (20, "raise ValueError(i) → pass"),
    ]
    for m in mutate.mutants_of(SKIPPED):
        assert len(m.source.splitlines()) == len(SKIPPED.splitlines())
    flipped = next(m for m in mutate.mutants_of(SKIPPED) if m.description == "not flag → flag")
    assert 'label = "€€"; y = f"{x[0] + 1}" if (flag) else x[1] * 2\n' in flipped.source


def _tiny(tmp_path: Path) -> Path:
    calc = tmp_path / "calc.py"
    calc.write_bytes(CALC)
    (tmp_path / "test_calc.py").write_text(TEST_CALC)
    return calc


@pytest.mark.slow
def test_run_area_counts_and_restores(tmp_path: Path) -> None:
    calc = _tiny(tmp_path)
    mtime = calc.stat().st_mtime_ns
    backups = tmp_path / "backups"
    result = mutate.run_area(
        [calc], ["test_calc.py"], tmp_path, 60, progress=lambda _: None, backup_root=backups
    )
    assert result.status == "done"
    assert [r.outcome for r in result.results].count("killed") == 7
    [survivor] = [r for r in result.results if not r.killed]
    assert survivor.key == ("calc.py", 2, "a <= b → a < b")
    assert result.counts(set()) == (8, 0, 7, 1)
    assert result.counts({survivor.key}) == (8, 1, 7, 0)
    assert calc.read_bytes() == CALC and calc.stat().st_mtime_ns == mtime
    assert not any(backups.iterdir())
    text = mutate.report([result], set())
    assert "| area | 8 | 0 | 7 | 1 | 87.5% |" in text
    assert "- `calc.py:2  a <= b → a < b` (area)" in text


@pytest.mark.slow
def test_red_baseline_runs_no_mutant(tmp_path: Path) -> None:
    calc = _tiny(tmp_path)
    (tmp_path / "test_calc.py").write_text(TEST_CALC.replace("== 3\n", "== 4\n", 1))
    result = mutate.run_area([calc], ["test_calc.py"], tmp_path, 60, progress=lambda _: None)
    assert result.status == "not run: tests failed on the original code" and not result.results


@pytest.mark.fast
def test_interrupt_restores(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calc = _tiny(tmp_path)
    calls: list[bytes] = []

    def fake_pytest(*_: Any) -> tuple[str, float, str]:
        calls.append(calc.read_bytes())
        if len(calls) == 2:  # the first mutant is in place
            raise KeyboardInterrupt
        return "passed", 0.0, ""

    monkeypatch.setattr(mutate, "_run_pytest", fake_pytest)
    with pytest.raises(KeyboardInterrupt):
        mutate.run_area([calc], ["x"], tmp_path, 60, progress=lambda _: None, backup_root=tmp_path)
    assert calls[0] == CALC and calls[1] != CALC
    assert calc.read_bytes() == CALC


@pytest.mark.fast
def test_recover_after_a_killed_run(tmp_path: Path) -> None:
    calc = _tiny(tmp_path)
    guard = mutate.InPlace(calc, tmp_path / "backups")
    mutant = mutate.mutants_of(CALC.decode())[0].source.encode()
    guard._note(mutate._sha(mutant))  # what applied() does before a SIGKILL could land
    calc.write_bytes(mutant)
    mutate.recover(calc, tmp_path / "backups")
    assert calc.read_bytes() == CALC


@pytest.mark.fast
def test_an_edit_made_during_a_run_is_kept_aside(tmp_path: Path) -> None:
    calc = _tiny(tmp_path)
    guard = mutate.InPlace(calc, tmp_path / "backups")
    with guard.applied(mutate.mutants_of(CALC.decode())[0].source):
        calc.write_text("# a formatter or an editor wrote this\n")
    guard.close()
    assert calc.read_bytes() == CALC
    [kept] = (tmp_path / "backups").glob("edited-*-calc.py")
    assert kept.read_text() == "# a formatter or an editor wrote this\n"


@pytest.mark.slow
def test_timeout_counts_and_ends_pytest(tmp_path: Path) -> None:
    (tmp_path / "test_slow.py").write_text(
        "import time\n\n\ndef test_slow():\n    time.sleep(60)\n"
    )
    start = time.monotonic()
    outcome, _, _ = mutate._run_pytest(["test_slow.py"], tmp_path, 1.5)
    assert outcome == "timeout" and time.monotonic() - start < 15


@pytest.mark.fast
def test_read_equivalent(tmp_path: Path) -> None:
    path = tmp_path / "equivalent.txt"
    path.write_text("# why: ...\n\ncalc.py:2:a <= b → a < b\nsrc/x.py:10  n: 1 → 0\n")
    assert mutate.read_equivalent(path) == {
        ("calc.py", 2, "a <= b → a < b"),
        ("src/x.py", 10, "n: 1 → 0"),
    }


@pytest.mark.slow
def test_the_tests_import_the_checkout_they_run_in(tmp_path: Path) -> None:
    # a worktree's run must test its own mutated files, not the checkout the venv points at
    (tmp_path / "src" / "calcpkg").mkdir(parents=True)
    (tmp_path / "src" / "calcpkg" / "__init__.py").write_text("")
    found = mutate.imported_from("calcpkg", tmp_path)
    assert found == (tmp_path / "src" / "calcpkg" / "__init__.py").resolve()
    assert mutate.imported_from("no_such_package_here", tmp_path) is None
