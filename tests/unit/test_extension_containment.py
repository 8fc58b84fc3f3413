"""An extension is code, said and contained (issue 27): whatever it raises or however it tries
to end the run (``sys.exit``, ``os._exit``, ``KeyboardInterrupt``, any ``BaseException``),
at load or while its rule is built, is exit 2 naming its file and line, never a run that
passes for done; what it prints goes to standard error, so ``--json`` stays one document;
a rule named as a core rule or as another extension's is refused with the names; and
``pactopt constraints --extension F`` lists what F adds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_runner import invoke

pytestmark = pytest.mark.solve

RULE = '''
from pactopt.model import sets
from pactopt.model.registry import constraint

{at_load}

@constraint("{name}", index=(sets.YEARS,), sheet="Settings", unit="€m")
def {name}(m, year):
    """A harmless limit: nothing is negative."""
    {in_rule}
    return m.new_money["federal", year] >= 0
'''


def _extension(
    folder: Path, at_load: str = "", in_rule: str = "pass", name: str = "harmless"
) -> Path:
    path = folder / f"ext_{name}_{abs(hash((at_load, in_rule))) % 10**6}.py"
    path.write_text(RULE.format(at_load=at_load, in_rule=in_rule, name=name))
    return path


def _line_of(path: Path, text: str) -> int:
    return next(k for k, line in enumerate(path.read_text().splitlines(), 1) if text in line)


ENDINGS = [
    ("import sys\nsys.exit(0)", "SystemExit"),
    ("import os\nos._exit(0)", "os._exit"),
    ("raise KeyboardInterrupt", "KeyboardInterrupt"),
    ("class Odd(BaseException): pass\nraise Odd('odd')", "Odd"),
    ("raise GeneratorExit", "GeneratorExit"),
]


@pytest.mark.parametrize(
    ("code", "kind"), ENDINGS, ids=[k for _, k in ENDINGS[:3]] + ["base", "gen"]
)
def test_an_extension_that_ends_the_run_at_load_is_exit_2(
    reference_path: Path, tmp_path: Path, code: str, kind: str
) -> None:
    """``sys.exit(0)`` or ``os._exit(0)`` at load gave exit 0, nothing written and an empty
    --json output; now: exit 2, the file and line, one JSON error object."""
    path = _extension(tmp_path, at_load=code)
    last = code.splitlines()[-1]
    ran = invoke("evaluate", reference_path, "--extension", path, "--json")
    assert ran.code == 2, ran.stderr
    assert f"{path}, line {_line_of(path, last)}: {kind} while loading" in ran.stderr
    document = json.loads(ran.stdout)
    assert document["exit_code"] == 2 and document["error"]["kind"] == "input"


def test_an_extension_that_exits_while_its_rule_is_built_is_exit_2(
    reference_path: Path, tmp_path: Path
) -> None:
    path = _extension(tmp_path, in_rule="raise SystemExit(0)")
    ran = invoke("evaluate", reference_path, "--extension", path)
    assert ran.code == 2, ran.stderr
    line = _line_of(path, "raise SystemExit(0)")
    assert f"{path}, line {line}: SystemExit while building rule 'harmless'" in ran.stderr


def test_an_extensions_prints_go_to_standard_error(reference_path: Path, tmp_path: Path) -> None:
    """``print()`` at load and in a rule: the --json output is still one document (the
    prints corrupted it); the lines are on standard error."""
    path = _extension(tmp_path, at_load="print('loaded!')", in_rule="print('built!')")
    ran = invoke(
        "solve", reference_path, "--extension", path, "--json", "--no-alternatives",
        "-o", tmp_path / "r.xlsx",
    )  # fmt: skip
    assert ran.code == 0, ran.stderr
    assert json.loads(ran.stdout)["ok"] is True
    assert "loaded!" in ran.stderr and "built!" in ran.stderr


def test_a_rule_named_as_a_core_rule_is_refused_with_the_names(
    reference_path: Path, tmp_path: Path
) -> None:
    from pactopt.model.families import core_rules

    core = core_rules()[0]
    path = _extension(tmp_path, name=core.name)
    ran = invoke("evaluate", reference_path, "--extension", path)
    assert ran.code == 2, ran.stderr
    assert f"constraint '{core.name}' of {path} has the name of the core rule" in ran.stderr
    assert f"'{core.family}/{core.name}'" in ran.stderr


def test_two_extensions_with_one_rule_name_are_refused(
    reference_path: Path, tmp_path: Path
) -> None:
    first = _extension(tmp_path, name="twin")
    second = _extension(tmp_path, name="twin", in_rule="x = 1")
    ran = invoke("evaluate", reference_path, "--extension", first, "--extension", second)
    assert ran.code == 2, ran.stderr
    assert f"constraint 'twin' of {second} has the name of a rule of {first}" in ran.stderr


def test_constraints_lists_the_rules_of_an_extension(tmp_path: Path) -> None:
    path = _extension(tmp_path, name="my_own_limit")
    ran = invoke("constraints", "--extension", path)
    assert ran.code == 0, ran.stderr
    assert "my_own_limit" in ran.stdout and f"extension {path}" in ran.stdout
    ran = invoke("constraints", "--extension", path, "--json")
    items = [i for i in json.loads(ran.stdout)["items"] if i["name"].endswith("/my_own_limit")]
    assert [i["kind"] for i in items] == ["limit a planner can change (extension)"]


def test_help_says_an_extension_runs_with_the_users_rights() -> None:
    ran = invoke("solve", "--help")
    assert "runs with your rights" in " ".join(w for w in ran.stdout.split() if w != "│")


@pytest.mark.parametrize(
    ("at_load", "in_rule", "doing"),
    [
        ("while True:\n    pass", "pass", "loading the extension"),
        ("", "while True:\n        pass", "building rule 'harmless'"),
    ],
    ids=["load", "build"],
)
def test_an_extension_that_never_ends_is_stopped_at_its_time_limit(
    reference_path: Path, tmp_path: Path, at_load: str, in_rule: str, doing: str
) -> None:
    """An extension may loop forever (the run never ended): --extension-time-limit stops
    its loading or its rule's building with exit 2, naming the file, the line and the
    limit."""
    path = _extension(tmp_path, at_load=at_load, in_rule=in_rule)
    ran = invoke(
        "evaluate", reference_path, "--extension", path, "--extension-time-limit", "0.5",
        timeout=60,
    )  # fmt: skip
    assert ran.code == 2, ran.stderr
    assert f"{path}, line " in ran.stderr and f"stopped after 0.5 s while {doing}" in ran.stderr


def test_an_extensions_phrase_is_contained_when_a_result_is_explained(tmp_path: Path) -> None:
    """A phrase or a cell key of an extension runs when a result is explained (long after
    the load): ``sys.exit`` there is an ExtensionError with the file and line too."""
    from pactopt.errors import ExtensionError
    from pactopt.model.registry import load_extension

    path = tmp_path / "phrased.py"
    path.write_text(
        "import sys\n"
        "from pactopt.model import sets\n"
        "from pactopt.model.registry import constraint\n"
        "@constraint('phrased', index=(sets.YEARS,), sheet='Settings', unit='€m',\n"
        "            phrase=lambda data, index: sys.exit(0))\n"
        "def phrased(m, year):\n"
        "    '''Nothing is negative.'''\n"
        "    return m.new_money['federal', year] >= 0\n"
    )
    (rule,) = load_extension(path)
    with pytest.raises(ExtensionError, match=r"line 5: SystemExit while phrasing rule 'phrased'"):
        rule.describe(None, (2020,))  # type: ignore[arg-type]
