"""The ``posenqa`` command: a click group whose subcommands live in sibling modules.

Subcommands are imported only when they run (see ``LazyGroup``), and they import
the heavy libraries (torch, sentence-transformers, faiss, textual) only inside
their functions, so ``posenqa --help`` stays fast and torch-free.
"""

from __future__ import annotations

import errno
import importlib
import sys
from typing import Any

import click

from posenqa.errors import PosenqaError
from posenqa.textsafe import terminal_safe

#: The exit status of a program stopped by Ctrl-C (128 + SIGINT), as shells expect.
INTERRUPTED = 130

#: name -> "module:attribute" of each subcommand, imported on first use.
COMMANDS: dict[str, str] = {
    "parse": "posenqa.cli.parse_cmd:parse",
    "build": "posenqa.cli.build_cmd:build",
    "ask": "posenqa.cli.ask_cmd:ask",
    "tui": "posenqa.cli.tui_cmd:tui",
    "eval": "posenqa.cli.eval_cmd:eval_cmd",
    "cite": "posenqa.cli.cite_cmd:cite",
    "add": "posenqa.cli.add_cmd:add",
    "library": "posenqa.cli.library_cmd:library",
    "remove": "posenqa.cli.remove_cmd:remove",
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
            # Domain errors are the user's to fix: one line, no traceback. They may
            # quote file names or paper text, so they go through the terminal filter.
            raise click.ClickException(terminal_safe(str(exc))) from exc
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            # A file system refusal (read-only, full, permissions) is the user's to fix
            # too; the code that writes names what it was writing where it can, this
            # is the net under it.
            raise click.ClickException(terminal_safe(os_error_message(exc))) from exc

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Click's ``main``, except that Ctrl-C exits 130 quietly (click says "Aborted!"
        and exits 1) and every error message goes through the terminal filter (click
        quotes file names as given)."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except (click.Abort, KeyboardInterrupt):
            sys.exit(INTERRUPTED)
        except click.ClickException as exc:
            exc.message = terminal_safe(exc.message)
            exc.show()
            sys.exit(exc.exit_code)
        # Without standalone mode click returns the exit code of an explicit ctx.exit(n).
        sys.exit(result if isinstance(result, int) and not isinstance(result, bool) else 0)


def os_error_message(exc: OSError) -> str:
    """``file: reason`` for an OSError (the reason alone when it names no file)."""
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason.lower()}" if exc.filename else reason


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
        # Ctrl-C outside click's handling (while importing, say): quietly, as inside.
        sys.exit(INTERRUPTED)


__all__ = ["COMMANDS", "INTERRUPTED", "cli", "main", "os_error_message"]
