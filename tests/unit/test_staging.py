"""The transaction of a run's outputs (``xlsx.staging``): all placed or none, temporaries
named so that a later run removes a killed run's, never another live run's, and output
paths the machine refuses said with exit 2 before any work (issue 27)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from pactopt.xlsx.files import NO_OVERWRITE, OVERWRITE, OutputError, WritePolicy
from pactopt.xlsx.staging import HOST, TEMP_PREFIX, Outputs, sweep_leftovers, temp_name
from tests.cli_runner import invoke

pytestmark = pytest.mark.fast


def _write(text: str):  # type: ignore[no-untyped-def]
    return lambda tmp: Path(tmp).write_text(text)


def test_a_failed_placement_puts_back_what_was_placed(tmp_path: Path) -> None:
    """The second file's name is taken between the check and the end: the first file,
    already placed, is removed and the replaced one restored; no temporary is left."""
    kept = tmp_path / "kept.txt"
    kept.write_text("old")
    outputs = Outputs()
    outputs.stage(kept, _write("new"), flag="-o", policy=OVERWRITE)
    outputs.stage(tmp_path / "a.txt", _write("a"), flag="--lp", policy=NO_OVERWRITE)
    (tmp_path / "a.txt").write_text("someone else's")
    with pytest.raises(OutputError) as raised:
        outputs.commit()
    assert raised.value.flag == "--lp"
    outputs.discard()
    assert kept.read_text() == "old"
    assert (tmp_path / "a.txt").read_text() == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "kept.txt"]


def test_a_folder_made_for_the_tables_is_removed_with_them(tmp_path: Path) -> None:
    """--tables DIR is created at the end; undone, it goes too."""
    outputs = Outputs()
    policy = WritePolicy(make_folder=True)
    outputs.stage(tmp_path / "t" / "a.csv", _write("a"), flag="--tables", policy=policy)
    outputs.stage(tmp_path / "b.txt", _write("b"), flag="-o")
    (tmp_path / "b.txt").write_text("taken")
    with pytest.raises(OutputError):
        outputs.commit()
    outputs.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.txt"]


def test_two_outputs_of_one_run_cannot_share_a_path(tmp_path: Path) -> None:
    outputs = Outputs()
    outputs.check(tmp_path / "x.xlsx", "-o")
    with pytest.raises(OutputError, match="also -o's output"):
        outputs.check(tmp_path / "x.xlsx", "--lp")


def test_a_signal_right_after_a_temporary_is_created_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temporary is the run's to remove from before it exists: an interruption that
    lands just after it was created (SIGINT left a 0-byte file in 2 of 22 runs) leaves
    nothing once the run ends."""
    real_open = os.open

    def open_then_interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_open(*args, **kwargs)
        raise KeyboardInterrupt

    outputs = Outputs()
    monkeypatch.setattr(os, "open", open_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        outputs.stage(tmp_path / "x.xlsx", _write("x"), flag="-o")
    monkeypatch.undo()
    outputs.discard()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="a process is asked whether it runs on POSIX")
def test_a_killed_runs_temporaries_are_removed_by_the_next_run(tmp_path: Path) -> None:
    """A temporary of a process of this machine that no longer runs is removed when a run
    writes to its folder; one of a live process, of another machine, or a symbolic link is
    left alone."""
    dead = 4_194_305  # above Linux's PID_MAX_LIMIT (and macOS's 99,998): no process has it
    leftover = tmp_path / f"{TEMP_PREFIX}{HOST}-{dead}-0123abcd.xlsx"
    leftover.write_text("half")
    alive = tmp_path / f"{TEMP_PREFIX}{HOST}-{os.getppid()}-0123abcd.xlsx"
    alive.write_text("busy")
    elsewhere = tmp_path / f"{TEMP_PREFIX}otherhost-{dead}-0123abcd.xlsx"
    elsewhere.write_text("theirs")
    link = tmp_path / f"{TEMP_PREFIX}{HOST}-{dead}-4567abcd.xlsx"
    link.symlink_to(alive)
    assert temp_name(tmp_path, ".xlsx").name.startswith(f"{TEMP_PREFIX}{HOST}-{os.getpid()}-")
    assert sweep_leftovers(tmp_path) == [leftover]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (alive, elsewhere, link)
    )


def test_a_read_only_working_folder_is_exit_2_for_the_default_output(
    reference_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default ``outputs/`` folder cannot be made (a read-only working folder): exit 2
    naming -o and the folder, before any work (it was exit 1)."""

    def read_only(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    ran = invoke("solve", reference_path, "--json")
    assert ran.code == 2, ran.stderr
    assert "-o: cannot create folder outputs: Read-only file system" in ran.stderr
    assert ran.stdout.count('"command"') == 1


def test_a_read_only_tables_folder_is_exit_2_before_the_solve(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--tables into a folder that cannot be written: exit 2 naming --tables, before the
    solve (it was exit 1 after it)."""
    folder = tmp_path / "t"
    folder.mkdir()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: real_access(p, mode) and not (Path(p) == folder and mode & os.W_OK),
    )
    ran = invoke("solve", reference_path, "-o", tmp_path / "r.xlsx", "--tables", folder)
    assert ran.code == 2, ran.stderr
    assert f"--tables: folder {folder} is not writable" in ran.stderr


@pytest.mark.parametrize("flag", ["-o", "--tables", "--lp"])
def test_a_name_the_file_system_refuses_is_exit_2_naming_the_flag(
    reference_path: Path, tmp_path: Path, flag: str
) -> None:
    """A 300-character name (ENAMETOOLONG): exit 2 naming the flag, before any work."""
    long_name = tmp_path / ("x" * 300)
    args = ["-o", tmp_path / "r.xlsx", flag, long_name] if flag != "-o" else ["-o", long_name]
    ran = invoke("solve", reference_path, *args)
    assert ran.code == 2, ran.stderr
    assert ran.stderr.startswith(f"{flag}: cannot write"), ran.stderr
    assert list(tmp_path.iterdir()) == []
