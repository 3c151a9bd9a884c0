"""``hastack status``: each stack's CloudFormation state and whether it is up to date."""

from __future__ import annotations

import click

from hastack.cli.console import out, out_json
from hastack.cli.deploy_support import StackTarget, loaded_target, stack_command
from hastack.cli.exit_codes import ExitCode
from hastack.deploy.api import status as read_status


@click.command()
@stack_command(format_help="Output format.")
def status(stack: StackTarget, *, fmt: str) -> int:
    """Show each stack's state, last change, and whether it matches the local template.

    "current" means the deployed template and parameters equal what a deploy would send
    (a deploy would skip it); "changes pending" means `hastack diff` has something to show.
    """

    with loaded_target(stack) as (loaded, target):
        states = read_status(loaded.subject, target=target, stacks=stack.stack_names)
    if fmt == "json":
        out_json({"stacks": [s.to_dict() for s in states]})
        return ExitCode.OK
    rows = [("STACK", "REGION", "STATUS", "TEMPLATE", "UPDATED", "RESOURCES", "OUTPUTS")]
    for state in states:
        template = {True: "current", False: "changes pending", None: "-"}[state.current]
        rows.append(
            (
                state.name,
                state.region,
                state.status,
                "-" if state.status == "NOT_DEPLOYED" else template,
                state.updated or "-",
                str(state.resources),
                str(state.outputs),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        out("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return ExitCode.OK
