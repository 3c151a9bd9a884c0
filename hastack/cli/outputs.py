"""``hastack outputs``: the outputs of deployed stacks, as text or JSON."""

from __future__ import annotations

import click

from hastack.cli.console import out, out_json, warn
from hastack.cli.deploy_render import outputs_text
from hastack.cli.deploy_support import StackTarget, loaded_target, stack_command
from hastack.cli.exit_codes import ExitCode
from hastack.deploy.api import outputs as read_outputs


@click.command()
@stack_command(format_help="text: stack.Key = value lines; json: {stack: {key: value}}.")
def outputs(stack: StackTarget, *, fmt: str) -> int:
    """Print the outputs of TARGET's deployed stacks (stacks not deployed are reported).

    Exit 0 when every selected stack is deployed, 1 when one is not.
    """

    with loaded_target(stack) as (loaded, target):
        found = read_outputs(loaded.subject, target=target, stacks=stack.stack_names)
    missing = [name for name, values in found.items() if values is None]
    for name in missing:
        warn(f"stack {name} is not deployed")
    if fmt == "json":
        out_json({k: v for k, v in found.items() if v is not None})
    else:
        text = outputs_text(found)
        if text:
            out(text)
    return ExitCode.FAIL if missing else ExitCode.OK
