"""The ``hastack`` click group: commands listed from :data:`~hastack.cli.main.COMMANDS` and
imported only when one runs (``hastack --help`` imports none of them)."""

from __future__ import annotations

import importlib
import importlib.util

import click

from hastack import __version__
from hastack.cli import console
from hastack.cli.main import COMMANDS


def _available(name: str) -> bool:
    return importlib.util.find_spec(COMMANDS[name][0]) is not None


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if _available(name)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None or not _available(cmd_name):
            return None
        command = getattr(importlib.import_module(entry[0]), entry[1])
        if not isinstance(command, click.Command):
            raise TypeError(f"{entry[0]}.{entry[1]} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="hastack")
@click.option("-v", "--verbose", count=True, help="Say more (repeat for more).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors on stderr; data still on stdout.")
@click.option(
    "--debug",
    is_flag=True,
    envvar="HASTACK_DEBUG",
    help="On an error, print the full traceback (your own code's file and line included).",
)
def cli(verbose: int, quiet: bool, debug: bool) -> None:
    """hastack: highly available AWS stacks, with validation, cost and availability numbers.

    APP arguments are a Python file or module:attr defining an App, Stack or Blueprint;
    TARGET arguments also accept CloudFormation template files (JSON or YAML).
    Colour follows the terminal; NO_COLOR=1 turns it off everywhere.
    """
    console.configure(verbosity=-1 if quiet else verbose, debug=debug)
    if console.color() is False:
        click.get_current_context().color = False  # every subcommand inherits it
