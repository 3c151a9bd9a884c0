"""The ``hastack`` entry point: a click group whose commands are imported only when used.

``hastack --help`` lists commands from the registry below without importing them, and each
command module imports its heavy dependencies (cfn-lint, boto3, moto) inside the command, so
``hastack synth`` never loads them.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from typing import Any

import click

from hastack import __version__
from hastack.cli.exit_codes import ExitCode
from hastack.errors import HastackError

# name -> (module, attribute, one-line help). Order here is the order in --help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "synth": ("hastack.cli.synth", "synth", "Write the CloudFormation templates of an app."),
    "validate": (
        "hastack.cli.validate",
        "validate",
        "Lint templates with cfn-lint and the HA/security rules.",
    ),
    "cost": ("hastack.cli.cost", "cost", "Estimate the monthly cost of templates or an app."),
    "prices": ("hastack.cli.prices", "prices", "Manage the bundled price catalog."),
    "diff": ("hastack.cli.diff", "diff", "Show what a deploy would change, without deploying."),
    "deploy": (
        "hastack.cli.deploy",
        "deploy",
        "Deploy an app or a template (real AWS or --local).",
    ),
    "destroy": ("hastack.cli.destroy", "destroy", "Delete an app's stacks in reverse order."),
    "outputs": ("hastack.cli.outputs", "outputs", "Print the outputs of deployed stacks."),
    "status": ("hastack.cli.status", "status", "Show the state of an app's stacks."),
    "local": ("hastack.cli.local", "local", "Run the local emulator for other tools."),
    "availability": (
        "hastack.cli.availability",
        "availability",
        "Estimate composite availability from AWS SLAs.",
    ),
    "resilience": (
        "hastack.cli.resilience",
        "resilience",
        "Check what survives the loss of each AZ or region.",
    ),
    "plan": (
        "hastack.cli.plan",
        "plan",
        "Pick the cheapest design that meets stated requirements.",
    ),
    "drill": ("hastack.cli.drill", "drill", "Run failure drills against a local deployment."),
    "diagram": (
        "hastack.cli.diagram",
        "diagram",
        "Draw the architecture with its failure domains (SVG/PNG).",
    ),
    "report": ("hastack.cli.report", "report", "Write a one-page HTML report of an app."),
}


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
        module = importlib.import_module(entry[0])
        return getattr(module, entry[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="hastack")
def cli() -> None:
    """hastack: highly available AWS stacks, with validation, cost and availability numbers.

    APP arguments are a Python file or module:attr defining an App, Stack or Blueprint;
    TARGET arguments also accept CloudFormation template files (JSON or YAML).
    """


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; turn hastack errors into one paragraph and an exit code, never a traceback."""

    try:
        result = cli.main(args=argv, prog_name="hastack", standalone_mode=False)
    except click.exceptions.Abort as abort:
        interrupted = isinstance(abort.__cause__, KeyboardInterrupt)
        click.echo("interrupted" if interrupted else "aborted", err=True)
        sys.exit(ExitCode.INTERRUPTED if interrupted else ExitCode.FAIL)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Exit as exit_:
        sys.exit(exit_.exit_code)
    except HastackError as error:
        click.echo(click.style("error: ", fg="red", bold=True) + str(error), err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    sys.exit(result if isinstance(result, int) else ExitCode.OK)


if __name__ == "__main__":  # pragma: no cover
    main()
