"""Issue 27's attacks that need a real process: a reader that closes the pipe (``| head``),
SIGTERM from outside (``timeout``, CI cancellation), file names that are not UTF-8 on a
solve with --json, and an extension writing to file descriptor 1 itself. Each is run as a
user would run pactopt, in a child process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REFERENCE_XLSX as REFERENCE
from tests.e2e.test_cli import PACTOPT

pytestmark = pytest.mark.slow

ENV = os.environ | {"COLUMNS": "200", "NO_COLOR": "1"}


def _with_closed_stdout(*args: str | Path, cwd: Path | None = None) -> tuple[int, str]:
    """Run pactopt with standard output a pipe whose reader is gone before it writes (what
    ``| head`` does once it has its lines): its exit code and standard error."""
    read, write = os.pipe()
    os.close(read)
    try:
        ran = subprocess.run(
            [*PACTOPT, *map(str, args)],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env=ENV,
            cwd=cwd,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write)
    return ran.returncode, ran.stderr


@pytest.mark.parametrize(
    "args", [("constraints",), ("constraints", "--json"), ("checks",), ("--help",)]
)
def test_output_into_a_closed_pipe_exits_0(args: tuple[str, ...]) -> None:
    """``pactopt constraints | head -1`` exited 1 with a BrokenPipeError: now 0, silently."""
    code, stderr = _with_closed_stdout(*args)
    assert code == 0, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "bug" not in stderr


def test_a_solve_into_a_closed_pipe_writes_its_results_and_exits_0(tmp_path: Path) -> None:
    """The reader going away changes nothing of the run: the results are written, exit 0."""
    target = tmp_path / "r.xlsx"
    code, stderr = _with_closed_stdout("solve", REFERENCE, "-o", target, "--no-alternatives")
    assert code == 0, stderr
    assert target.is_file()


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM and process groups are POSIX's")
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigterm_from_outside_is_exit_143_and_leaves_nothing(tmp_path: Path, workers: str) -> None:
    """SIGTERM in the middle of a sweep (in the process, or on a pool): exit 143, one JSON
    error object, no output, no temporary and no worker process left (a hidden .tmp.xlsx
    was left every time, with no JSON error)."""
    target = tmp_path / "u.xlsx"
    child = subprocess.Popen(
        [*PACTOPT, "uncertainty", str(REFERENCE), "--draws", "100000", "-o", str(target),
         "--workers", workers, "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(8)  # started, loaded and sweeping (the sweep takes minutes)
    child.send_signal(signal.SIGTERM)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 143, stderr
    document = json.loads(stdout)
    assert document["exit_code"] == 143 and document["error"]["kind"] == "interrupted"
    assert list(tmp_path.iterdir()) == []
    time.sleep(1)
    with pytest.raises(ProcessLookupError):  # nothing of the run's process group runs on
        os.killpg(child.pid, 0)


def test_non_utf8_names_on_a_solve_with_json(tmp_path: Path) -> None:
    """Input and output named with bytes that are not UTF-8: exit 0 and one valid UTF-8
    JSON document (it was exit 1 after the workbook was written)."""
    odd_in, odd_out = os.fsdecode(b"in\xff.xlsx"), os.fsdecode(b"out\xfe.xlsx")
    try:
        (tmp_path / odd_in).write_bytes(REFERENCE.read_bytes())
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    ran = subprocess.run(
        [*PACTOPT, "solve", odd_in, "-o", odd_out, "--json", "--no-alternatives"],
        capture_output=True, env=ENV, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr.decode("utf-8", "replace")
    document = json.loads(ran.stdout.decode("utf-8"))
    assert document["output_file"] == "out\\xfe.xlsx"
    assert (tmp_path / odd_out).is_file()


def test_an_extension_writing_to_descriptor_1_keeps_json_one_document(tmp_path: Path) -> None:
    """``os.write(1, …)`` in an extension (below ``print``): standard output is still one
    JSON document; the bytes went to standard error."""
    extension = tmp_path / "noisy.py"
    extension.write_text(
        "import os\n"
        "from pactopt.model import sets\n"
        "from pactopt.model.registry import constraint\n"
        "os.write(1, b'noise at load\\n')\n"
        "@constraint('noisy', index=(sets.YEARS,), sheet='Settings', unit='€m')\n"
        "def noisy(m, year):\n"
        "    '''Nothing is negative.'''\n"
        "    return m.new_money['federal', year] >= 0\n"
    )
    ran = subprocess.run(
        [*PACTOPT, "evaluate", str(REFERENCE), "--extension", str(extension), "--json"],
        capture_output=True, text=True, env=ENV, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["command"] == "evaluate"
    assert "noise at load" in ran.stderr


def test_a_control_character_in_a_file_name_is_written_as_text(tmp_path: Path) -> None:
    """A name with a newline, a tab and \\x01 (the file system allows them): solve exits 0
    (openpyxl refused the name in the Run sheet's command: exit 1), the sheet shows the
    character as ``\\x01`` and --json names the file exactly."""
    import openpyxl

    name = "odd\nname\t\x01.xlsx"
    try:
        (tmp_path / name).write_bytes(REFERENCE.read_bytes())
    except OSError:
        pytest.skip("this file system refuses such names")
    ran = subprocess.run(
        [*PACTOPT, "solve", name, "-o", "out " + name, "--json", "--no-alternatives"],
        capture_output=True, text=True, env=ENV, cwd=tmp_path, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert json.loads(ran.stdout)["output_file"] == "out " + name
    run_sheet = openpyxl.load_workbook(tmp_path / ("out " + name))["Run"]
    command = next(r[1] for r in run_sheet.iter_rows(values_only=True) if r[0] == "command")
    assert "odd\nname\t\\x01.xlsx" in command
