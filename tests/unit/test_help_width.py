"""``--help`` read in an 80-column terminal (issue 26): rich's panels wrapped the command
list mid-sentence, squeezed each option's text into a 20-character column beside a '<bool>'
column, and cut '--no-alternatives' to '--no-alternativ…'. Each command's help, run in this
process at COLUMNS=80: no line past 80 characters, no option name cut, no '<bool>', every
command's description whole in the list, each option's text in a column of 40 or more."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from pactopt.cli import app

pytestmark = pytest.mark.fast

COMMANDS = [info.name or info.callback.__name__ for info in app.registered_commands]  # type: ignore[union-attr]


def _help(*args: str) -> str:
    ran = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "80"}, color=False)
    assert ran.exit_code == 0, ran.output
    return ran.output


def test_every_command_is_listed() -> None:
    assert len(COMMANDS) >= 11 and "solve" in COMMANDS and "frontier" in COMMANDS


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns_whole(command: str) -> None:
    text = _help(*([command] if command else []))
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80, text
    assert "…" not in text, text
    # Click cuts a description it makes short with '...' (the usage line's '[ARGS]...' is
    # its own notation)
    assert not [line for line in lines[1:] if line.rstrip().endswith("...")], text
    assert "<bool>" not in text, text
    # an option's text starts at most 34 characters in: a column of 40 or more at 80
    starts = [
        len(line) - len(line.lstrip())
        for line in lines
        if line.startswith("  ") and not line.startswith("   ")
    ]
    for line in lines:
        found = re.match(r"^  (-\S.*?)\s{2,}(\S.*)$", line)
        if found:
            assert line.index(found.group(2)) <= 40, line
    assert starts  # the options and commands are indented lists


def test_flag_pairs_are_named_in_full() -> None:
    text = _help("solve")
    for flag in ("--alternatives / --no-alternatives", "--least-change / --no-least-change"):
        assert flag in text


def test_the_command_list_gives_each_description_whole() -> None:
    """The list joins a description's first paragraph into one text, wrapped at words (it
    was broken where the source's lines broke, and Click alone cuts it at 45 characters)."""
    text = " ".join(_help().split())
    for info in app.registered_commands:
        doc = info.callback.__doc__ or ""  # type: ignore[union-attr]
        first = " ".join(doc.split("\n\n")[0].split())
        # a hyphenated word may be wrapped at its hyphen ('pre-' / 'solve')
        assert first.replace("pre-solve", "pre- solve") in text or first in text, first
