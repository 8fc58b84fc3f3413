"""Files and names of issue 27's attacks that need no solve: zip archives whose members
Python's zip reader refuses with an error other than BadZipFile (it was exit 1, 'a bug'),
and file names that are not UTF-8 with --json (one valid UTF-8 document, the name's odd
bytes written as ``\\xNN``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.attacks import ZIP_ATTACKS
from tests.cli_runner import invoke

pytestmark = pytest.mark.fast

SAID = {
    "encrypted_mimetype": "zip member 'mimetype' is encrypted",
    "deflate64_mimetype": "zip member 'mimetype' is compressed with Deflate64",
}


@pytest.mark.parametrize("name", list(ZIP_ATTACKS))
def test_a_zip_member_python_cannot_read_is_a_clear_input_error(name: str, tmp_path: Path) -> None:
    path = tmp_path / "input.xlsx"
    path.write_bytes(ZIP_ATTACKS[name]())
    ran = invoke("validate", path, "--json")
    assert ran.code == 2, ran.stderr
    assert SAID[name] in ran.stderr
    problems = json.loads(ran.stdout)["error"]["problems"]
    assert SAID[name] in problems[0]["rule"]


def _odd_name(folder: Path, stem: bytes) -> Path:
    """A path whose name holds a byte that is not UTF-8 (skip where names must be)."""
    name = os.fsdecode(stem)
    try:
        (folder / name).touch()
        (folder / name).unlink()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system takes only UTF-8 names")
    return folder / name


def test_a_non_utf8_input_name_with_json_is_one_valid_document(
    reference_path: Path, tmp_path: Path
) -> None:
    """validate --json on ``plan\\xff.xlsx``: exit 0 and one JSON document, valid UTF-8,
    naming the file with ``\\xff`` (it was exit 1: surrogates not allowed)."""
    path = _odd_name(tmp_path, b"plan\xff.xlsx")
    shutil.copy(reference_path, path)
    ran = invoke("validate", path, "--json")
    assert ran.code == 0, ran.stderr
    ran.stdout.encode("utf-8")  # no lone surrogate left
    assert json.loads(ran.stdout)["input_file"].endswith("plan\\xff.xlsx")
