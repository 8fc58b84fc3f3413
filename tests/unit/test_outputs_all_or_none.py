"""Every file a run writes (the workbook, ``--lp``, ``--tables``) is one transaction: each
target checked before any work, and all placed together at the end, so that a full disk,
an input given as a target or Ctrl-C leaves all of them or none, and exit 2 names the flag
and the path (issue 27). The machine's refusals are simulated in the process (the suite
may run as root, which ignores file modes)."""

from __future__ import annotations

import errno
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyomo.environ as pyo
import pytest

from tests.cli_runner import invoke

pytestmark = pytest.mark.solve


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _left(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*"))


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, n: int, exc: Any) -> None:
    """``owner.name`` raises ``exc`` on its ``n``-th call."""
    original = getattr(owner, name)
    calls = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == n:
            raise exc
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, wrapped)


def test_tables_never_replace_the_input(reference_path: Path, tmp_path: Path) -> None:
    """``cp IN t/summary.csv; solve t/summary.csv --tables t --force``: exit 2 before the
    solve, naming --tables; the input is untouched (it was replaced by a CSV file)."""
    (tmp_path / "t").mkdir()
    source = tmp_path / "t" / "summary.csv"
    shutil.copy(reference_path, source)
    before = _sha(source)
    res, tables = tmp_path / "res.xlsx", tmp_path / "t"
    ran = invoke("solve", source, "-o", res, "--tables", tables, "--force")
    assert ran.code == 2, ran.stderr
    assert "--tables: refusing to write over the input" in ran.stderr
    assert _sha(source) == before
    assert _left(tmp_path) == ["summary.csv", "t"]


def test_a_full_disk_while_the_tables_are_written_leaves_nothing(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third CSV file finds the disk full: exit 2 naming --tables and the file, and
    neither the workbook nor any CSV file nor a temporary is left (it left the workbook and
    2 of 13 files)."""
    full = OSError(errno.ENOSPC, "No space left on device")
    _fail_on_call(monkeypatch, pd.DataFrame, "to_csv", 3, full)
    ran = invoke(
        "solve", reference_path, "-o", tmp_path / "res.xlsx", "--tables", tmp_path / "t",
        "--no-alternatives",
    )  # fmt: skip
    assert ran.code == 2, ran.stderr
    assert "--tables: cannot write" in ran.stderr and "No space left on device" in ran.stderr
    assert _left(tmp_path) == []


def test_ctrl_c_while_the_tables_are_written_leaves_nothing(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during the CSV files: exit 130, 'nothing was written', and nothing is (a
    workbook was left beside that message)."""
    _fail_on_call(monkeypatch, pd.DataFrame, "to_csv", 2, KeyboardInterrupt())
    ran = invoke(
        "solve", reference_path, "-o", tmp_path / "res.xlsx", "--tables", tmp_path / "t",
        "--no-alternatives", "--json",
    )  # fmt: skip
    assert ran.code == 130, ran.stderr
    assert "nothing was written" in ran.stderr
    assert ran.stdout.count('"command"') == 1 and '"interrupted"' in ran.stdout
    assert _left(tmp_path) == []


def test_lp_on_a_full_disk_is_exit_2_naming_the_flag(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The LP file cannot be written (disk full): exit 2 naming --lp and its path (it was
    exit 1, the error raised after the solve and not caught), and no workbook."""
    full = OSError(errno.ENOSPC, "No space left on device")
    _fail_on_call(monkeypatch, pyo.ConcreteModel, "write", 1, full)
    lp = tmp_path / "m.lp"
    res = tmp_path / "r.xlsx"
    ran = invoke("solve", reference_path, "-o", res, "--lp", lp, "--no-alternatives")
    assert ran.code == 2, ran.stderr
    assert f"--lp: cannot write {lp}: No space left on device" in ran.stderr
    assert _left(tmp_path) == []


def test_workbook_lp_and_tables_arrive_together(reference_path: Path, tmp_path: Path) -> None:
    """A run that succeeds leaves its workbook, LP file and every CSV file, and no
    temporary."""
    ran = invoke(
        "solve", reference_path, "-o", tmp_path / "r.xlsx", "--lp", tmp_path / "m.lp",
        "--tables", tmp_path / "t", "--no-alternatives",
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    names = _left(tmp_path)
    assert {"r.xlsx", "m.lp", "t", "summary.csv", "allocation.csv"} <= set(names)
    assert not [n for n in names if n.startswith(".")]
