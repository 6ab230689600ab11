"""The ``posenqa`` command: a click group whose subcommands live in sibling modules.

Subcommands are imported only when they run (see ``LazyGroup``), and they import
the heavy libraries (torch, sentence-transformers, faiss, textual) only inside
their functions, so ``posenqa --help`` stays fast and torch-free.
"""

from __future__ import annotations

import importlib
import sys

import click

from posenqa.errors import PosenqaError

#: name -> "module:attribute" of each subcommand, imported on first use.
COMMANDS: dict[str, str] = {
    "parse": "posenqa.cli.parse_cmd:parse",
    "build": "posenqa.cli.build_cmd:build",
    "ask": "posenqa.cli.ask_cmd:ask",
    "tui": "posenqa.cli.tui_cmd:tui",
    "eval": "posenqa.cli.eval_cmd:eval_cmd",
    "cite": "posenqa.cli.cite_cmd:cite",
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that command is needed."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        command: click.Command = getattr(importlib.import_module(module_name), attribute)
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PosenqaError as exc:
            # Domain errors are the user's to fix: one line, no traceback.
            raise click.ClickException(str(exc)) from exc


@click.group(cls=LazyGroup, invoke_without_command=True)
@click.version_option(package_name="posenqa")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """posenqa: ask questions of an academic paper and get the passages and notes that answer.

    With no command, opens the terminal UI on the bundled paper. Works from any
    directory: indexes are kept in the user's data directory, or where
    $POSENQA_INDEX_DIR or a command's --index-dir say (see its --help).
    """
    if ctx.invoked_subcommand is None:
        tui = cli.get_command(ctx, "tui")
        if tui is None:
            click.echo(ctx.get_help())
            return
        ctx.invoke(tui)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


__all__ = ["COMMANDS", "cli", "main"]
