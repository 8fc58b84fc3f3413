"""SIGTERM (what ``timeout``, CI cancellation and systemd send) is handled as Ctrl-C is: exit
143 (128 + 15; Ctrl-C is 130), one JSON error object with --json, no output and no
temporary left; and a run that received a signal never exits 0, even when some library
swallowed the interruption (issue 27). The signals are sent by the run to itself, from
inside the work, so that they land where the test says."""

from __future__ import annotations

import json
import os
import signal
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import pactopt.pipeline.solve as pipeline_solve
import pactopt.xlsx.write as write
from tests.cli_runner import invoke
from tests.conftest import REPO

pytestmark = pytest.mark.solve


def _signalled(signum: int, original: Any, *, swallow: bool = False) -> Any:
    """``original``, called after this process sent itself ``signum`` (swallowed by a
    bare ``except BaseException`` when ``swallow``, as a careless library would)."""

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with suppress(BaseException if swallow else ()):  # the careless library
            os.kill(os.getpid(), signum)
        return original(*args, **kwargs)

    return wrapped


def test_sigterm_during_the_solve_is_exit_143_with_one_json_error(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM in the solve: exit 143, the JSON error object (kind interrupted) and nothing
    else on standard output, no file (it left a hidden temporary, without a JSON error)."""
    monkeypatch.setattr(
        pipeline_solve, "solve_model", _signalled(signal.SIGTERM, pipeline_solve.solve_model)
    )
    ran = invoke("solve", reference_path, "-o", tmp_path / "r.xlsx", "--no-alternatives", "--json")
    assert ran.code == 143, ran.stderr
    document = json.loads(ran.stdout)
    schema = json.loads((REPO / "schemas" / "solve.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator(schema).validate(document)
    assert document["exit_code"] == 143 and document["error"]["kind"] == "interrupted"
    assert "SIGTERM" in document["error"]["message"]
    assert "nothing was written" in ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_sigterm_while_the_workbook_is_saved_leaves_no_temporary(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM while the results are being saved into their temporary: exit 143, and the
    temporary is removed (SIGTERM left ``.out-XXXX.tmp.xlsx`` every time)."""
    monkeypatch.setattr(write, "save_workbook", _signalled(signal.SIGTERM, write.save_workbook))
    ran = invoke("solve", reference_path, "-o", tmp_path / "r.xlsx", "--no-alternatives")
    assert ran.code == 143, ran.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_swallowed_ctrl_c_never_ends_in_exit_0(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C swallowed by the code it interrupted (the run went on and exited 0): the run
    still ends with 130, saying its outputs were written."""
    monkeypatch.setattr(
        pipeline_solve,
        "solve_model",
        _signalled(signal.SIGINT, pipeline_solve.solve_model, swallow=True),
    )
    ran = invoke("solve", reference_path, "-o", tmp_path / "r.xlsx", "--no-alternatives")
    assert ran.code == 130, ran.stderr
    assert "Interrupted after its outputs were written" in ran.stderr


def test_a_signal_after_the_json_document_adds_no_second_one(
    reference_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM just after solve printed its JSON document: standard output still holds one
    document; the run ends with 143, saying its outputs were written."""
    import pactopt.cli.solve_steps as solve_steps

    emit = solve_steps.emit

    def emit_then_signalled(**fields: Any) -> None:
        emit(**fields)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(solve_steps, "emit", emit_then_signalled)
    ran = invoke("solve", reference_path, "-o", tmp_path / "r.xlsx", "--no-alternatives", "--json")
    assert ran.code == 143, ran.stderr
    assert json.loads(ran.stdout)["ok"] is True
    assert "after its outputs were written" in ran.stderr
    assert (tmp_path / "r.xlsx").is_file()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_while_the_workbook_is_read_is_said_with_its_code(
    reference_path: Path, monkeypatch: pytest.MonkeyPatch, signum: int, code: int
) -> None:
    """A signal outside the solve (while the workbook is read): typer turned it into a
    silent exit 130, whatever the signal, with no JSON; now its code, a line and the JSON
    error object."""
    import pactopt.schema.parse as parse

    monkeypatch.setattr(parse, "load_pact", _signalled(signum, parse.load_pact))
    ran = invoke("validate", reference_path, "--json")
    assert ran.code == code, ran.stderr
    assert "Interrupted" in ran.stderr
    assert json.loads(ran.stdout)["error"]["kind"] == "interrupted"
