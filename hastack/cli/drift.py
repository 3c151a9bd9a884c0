"""``hastack drift``: what changed in the deployed resources outside CloudFormation."""

from __future__ import annotations

import click

from hastack.cli.console import out, out_json
from hastack.cli.deploy_support import StackTarget, loaded_target, stack_command
from hastack.cli.exit_codes import ExitCode
from hastack.deploy.api import drift as run_drift


@click.command()
@stack_command(format_help="Output format.")
def drift(stack: StackTarget, *, fmt: str) -> int:
    """Detect drift on TARGET's deployed stacks (CloudFormation's DetectStackDrift).

    Lists each resource changed (MODIFIED) or deleted (DELETED) outside CloudFormation with
    its property differences, and each one drift detection could not check (UNKNOWN) with the
    reason. Exit 0 when every stack is in sync, 1 when one drifted or is unknown.
    """
    with loaded_target(stack) as (loaded, target):
        found = run_drift(loaded.subject, target=target, stacks=stack.stack_names)
    if fmt == "json":
        out_json({"stacks": [d.to_dict() for d in found]})
    else:
        for item in found:
            why = f" ({item.reason})" if item.reason else ""
            out(f"{item.stack} ({item.region}): {item.status}{why}")
            for resource in item.resources:
                line = f"  {resource.status:<8} {resource.logical_id}  {resource.resource_type}"
                out(f"{line}: {resource.reason}" if resource.reason else line)
                for p in resource.properties:
                    out(f"      {p.kind:<9} {p.path}: expected {p.expected}, actual {p.actual}")
    return ExitCode.FAIL if any(d.status in ("DRIFTED", "UNKNOWN") for d in found) else ExitCode.OK
