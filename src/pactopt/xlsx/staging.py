"""All the files of one run as one transaction: each target checked when it is named (before
any work), each file written to a temporary beside its target, and every temporary moved
into place together at the end (``commit``), so that a run leaves all its files or none.

Temporaries are named ``.pactopt-tmp-<host>-<pid>-<random><suffix>``: a run that was killed
(SIGKILL, a power cut) leaves them behind, and a later run on the same machine removes, in
each folder it writes to, those of processes that no longer run (``sweep_leftovers``). A
temporary's name is recorded for clean-up before the file is created, with Ctrl-C and
SIGTERM held back meanwhile, so no signal can land between the two.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import socket
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from pactopt.xlsx.files import (
    MAX_UNIQUE,
    NO_OVERWRITE,
    OutputError,
    WritePolicy,
    check_output,
    file_mode,
)

TEMP_PREFIX = ".pactopt-tmp-"
HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
_LEFTOVER = re.compile(r"^\.pactopt-tmp-(?P<host>[A-Za-z0-9]+)-(?P<pid>\d+)-[0-9a-f]{8}")
_HELD = {signal.SIGINT, getattr(signal, "SIGTERM", signal.SIGINT)}


@contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends (where the platform can hold them)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def temp_name(folder: Path, suffix: str = "") -> Path:
    """A fresh temporary's name in ``folder``, saying which machine and process made it."""
    ending = suffix if re.fullmatch(r"\.[A-Za-z0-9]{1,8}", suffix) else ""
    return folder / f"{TEMP_PREFIX}{HOST}-{os.getpid()}-{secrets.token_hex(4)}{ending}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def sweep_leftovers(folder: Path) -> list[Path]:
    """Remove the temporaries that runs of this machine, now dead, left in ``folder`` (a
    regular file of this user, never a link or another machine's); those removed. Only
    where a process can be asked whether it runs without being touched (POSIX)."""
    if os.name != "posix":
        return []
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or match["host"] != HOST or int(match["pid"]) == os.getpid():
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.getuid()
                and not _alive(int(match["pid"]))
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def os_message(exc: OSError) -> str:
    """What the machine said, in words ('No space left on device')."""
    return exc.strerror or str(exc) or type(exc).__name__


@dataclass
class _Staged:
    flag: str
    target: Path
    policy: WritePolicy
    tmp: Path
    final: Path | None = None
    backup: Path | None = None
    made_folder: bool = False


@dataclass
class Outputs:
    """The files of one run: checked, written to temporaries, then placed all together."""

    flags: dict[Path, str] = field(default_factory=dict)
    staged: list[_Staged] = field(default_factory=list)
    temps: set[Path] = field(default_factory=set)
    placed: dict[Path, Path] = field(default_factory=dict)

    def check(
        self,
        path: Path,
        flag: str,
        *,
        protect: Sequence[Path] = (),
        policy: WritePolicy = NO_OVERWRITE,
    ) -> None:
        """Raise ``OutputError`` (with ``flag``) when ``path`` cannot be written as asked, or
        is another output of this run; remove dead runs' temporaries from its folder."""
        key = Path(os.path.abspath(path))
        if key in self.flags and self.flags[key] != flag:
            raise OutputError(f"{path} is also {self.flags[key]}'s output", flag=flag)
        try:
            check_output(path, protect=protect, policy=policy)
        except OutputError as exc:
            raise OutputError(str(exc), flag=flag) from None
        except OSError as exc:  # a name the file system refuses (too long, a bad byte)
            raise OutputError(f"cannot write {path}: {os_message(exc)}", flag=flag) from None
        self.flags[key] = flag
        sweep_leftovers(path.parent)

    def stage(
        self,
        path: Path,
        write: Callable[[Path], None],
        *,
        flag: str | None = None,
        protect: Sequence[Path] = (),
        policy: WritePolicy = NO_OVERWRITE,
    ) -> Path:
        """Write ``path``'s content to a temporary with ``write``, to be placed by
        ``commit``; ``path`` (the name it gets may differ for a default name)."""
        flag = flag or self.flags.get(Path(os.path.abspath(path)), "output")
        self.check(path, flag, protect=protect, policy=policy)
        folder = path.parent if path.parent.is_dir() else path.parent.parent
        tmp = temp_name(folder, path.suffix)
        with signals_held():
            self.temps.add(tmp)
            try:
                os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            except OSError as exc:
                self.temps.discard(tmp)
                raise OutputError(
                    f"cannot write into folder {folder}: {os_message(exc)}", flag=flag
                ) from None
        try:
            write(tmp)
            os.chmod(tmp, file_mode())
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {os_message(exc)}", flag=flag) from None
        self.staged.append(_Staged(flag, path, policy, tmp))
        return path

    def commit(self) -> dict[Path, Path]:
        """Move every staged file into place, all or none (a failure puts back what was
        placed and raises ``OutputError``); each target's final name."""
        with signals_held():
            done: list[_Staged] = []
            try:
                for item in self.staged:
                    self._place(item)
                    done.append(item)
            except OSError as exc:
                self._undo(done)
                raise OutputError(
                    f"cannot write {item.target}: {os_message(exc)}", flag=item.flag
                ) from None
            except OutputError as exc:
                self._undo(done)
                raise OutputError(str(exc), flag=item.flag) from None
            for item in done:
                if item.backup is not None:
                    with suppress(OSError):
                        os.unlink(item.backup)
                    self.temps.discard(item.backup)
                assert item.final is not None
                self.placed[item.target] = item.final
            self.staged.clear()
        return dict(self.placed)

    def final(self, target: Path) -> Path:
        """The name ``target`` got when committed."""
        return self.placed.get(target, target)

    def discard(self) -> None:
        """Remove every temporary not placed (the run ends without its outputs)."""
        with signals_held():
            for tmp in list(self.temps):
                with suppress(OSError):
                    os.unlink(tmp)
                self.temps.discard(tmp)
            self.staged.clear()

    def _place(self, item: _Staged) -> None:
        target = item.target
        if not target.parent.exists():
            target.parent.mkdir()
            item.made_folder = True
        if item.policy.force:
            if target.exists():
                backup = temp_name(target.parent)
                self.temps.add(backup)
                try:
                    os.link(target, backup)
                    item.backup = backup
                except OSError:
                    self.temps.discard(backup)
            os.replace(item.tmp, target)
            self.temps.discard(item.tmp)
            item.final = target
            return
        candidate = target
        for n in range(2, MAX_UNIQUE):
            try:
                os.link(item.tmp, candidate)
                os.unlink(item.tmp)
                self.temps.discard(item.tmp)
                item.final = candidate
                return
            except FileExistsError:
                pass
            except OSError as exc:  # a file system without hard links (some shared drives)
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                    raise
                if not candidate.exists():
                    os.replace(item.tmp, candidate)
                    self.temps.discard(item.tmp)
                    item.final = candidate
                    return
            if not item.policy.unique:
                raise OutputError(f"{candidate} exists; pass --force to overwrite it")
            candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        raise OutputError(f"{target} and {MAX_UNIQUE} numbered names beside it exist")

    def _undo(self, done: list[_Staged]) -> None:
        for item in reversed(done):
            with suppress(OSError):
                assert item.final is not None
                if item.backup is not None:
                    os.replace(item.backup, item.final)
                    self.temps.discard(item.backup)
                else:
                    os.unlink(item.final)
                if item.made_folder:
                    item.final.parent.rmdir()


_CURRENT: list[Outputs] = []


def current() -> Outputs | None:
    """The outputs of the run under way (the command line's), if one is."""
    return _CURRENT[-1] if _CURRENT else None


@contextmanager
def one_run(outputs: Outputs | None = None) -> Iterator[Outputs]:
    """Make every output written inside the block part of one transaction (``outputs``, or
    a new one); whatever was not committed when the block ends is removed."""
    outputs = outputs or Outputs()
    _CURRENT.append(outputs)
    try:
        yield outputs
    finally:
        _CURRENT.remove(outputs)
        outputs.discard()


def write_atomically(
    path: Path,
    write: Callable[[Path], None],
    *,
    protect: Sequence[Path] = (),
    policy: WritePolicy = NO_OVERWRITE,
) -> Path:
    """Run ``write`` on a temporary file beside ``path`` and give it its name only when it is
    complete, so that a reader never sees half a file; return the name it got. Inside a run
    of the command line (``staging.one_run``) the file is placed with the run's others, all
    together at its end, and the name returned is the one asked for."""
    run = current()
    if run is not None:
        return run.stage(path, write, protect=protect, policy=policy)
    with one_run() as outputs:
        outputs.stage(path, write, protect=protect, policy=policy)
        return outputs.commit()[path]
