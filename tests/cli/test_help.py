"""Every command explains itself: `posenqa --help` lists it, `posenqa NAME --help` describes it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from posenqa.cli import COMMANDS, cli


def test_the_group_help_lists_every_command() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    for name in COMMANDS:
        assert f"  {name} " in result.output


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_help_text(name: str) -> None:
    command = cli.get_command(None, name)  # type: ignore[arg-type]
    assert command is not None
    assert command.help and len(command.help.split()) >= 5, f"{name} has no real help text"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.output or f"Usage: posenqa {name}" in result.output
    # Every option carries a help text too.
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert getattr(param, "help", None), f"{name} --{param.name} has no help text"
