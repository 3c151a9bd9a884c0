"""``hastack diff``: what a deploy would change, per stack, without changing anything."""

from __future__ import annotations

import click

from hastack.cli.console import out_json, stdout_console
from hastack.cli.deploy_render import print_diff
from hastack.cli.deploy_support import (
    StackTarget,
    loaded_target,
    parameter_option,
    stack_command,
)
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import parse_pairs
from hastack.deploy.api import diff as run_diff


@click.command()
@stack_command(parameter_option, format_help="Output format.")
def diff(stack: StackTarget, *, parameter_pairs: tuple[str, ...], fmt: str) -> int:
    """Show Add / Modify / Remove per resource for each stack of TARGET.

    For a deployed stack a change set is created, described and deleted again (nothing is
    executed); a stack not yet deployed is shown as all additions. Modifications list the
    changed properties and whether they replace the resource; replacing or removing a
    stateful resource (database, bucket, hosted zone) is listed first, in red.
    """

    parameters = parse_pairs(parameter_pairs, "--parameter")
    with loaded_target(stack) as (loaded, target):
        diffs = run_diff(
            loaded.subject, target=target, parameters=parameters, stacks=stack.stack_names
        )
    if fmt == "json":
        out_json({"stacks": [d.to_dict() for d in diffs]})
    else:
        console = stdout_console()
        for item in diffs:
            print_diff(console, item)
    return ExitCode.OK
