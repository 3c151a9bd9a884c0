"""``hastack status``: each stack's CloudFormation state and whether it is up to date."""

from __future__ import annotations

import json

import click

from hastack.cli.console import err, out
from hastack.cli.deploy_support import (
    check_target_options,
    load_subject,
    open_target,
    target_options,
)
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import context_options, stack_option


@click.command()
@click.argument("target_path", metavar="TARGET")
@stack_option
@target_options
@click.option(
    "--stack-name", default=None, metavar="NAME", help="Stack name for a template file TARGET."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@context_options
def status(
    target_path: str,
    *,
    stack_names: tuple[str, ...],
    use_local: bool,
    endpoint_url: str | None,
    region: str | None,
    profile: str | None,
    stack_name: str | None,
    fmt: str,
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Show each stack's state, last change, and whether it matches the local template.

    "current" means the deployed template and parameters equal what a deploy would send
    (a deploy would skip it); "changes pending" means `hastack diff` has something to show.
    """
    from hastack.deploy.api import status as read_status

    check_target_options(use_local=use_local, endpoint_url=endpoint_url, profile=profile)
    loaded = load_subject(
        target_path,
        context_pairs=context_pairs,
        env_name=env_name,
        stack_names=stack_names,
        stack_name=stack_name,
        region=region,
    )
    with open_target(
        use_local=use_local, endpoint_url=endpoint_url, region=region, profile=profile, notice=err
    ) as target:
        states = read_status(loaded.subject, target=target, stacks=stack_names)
    if fmt == "json":
        out(json.dumps({"stacks": [s.to_dict() for s in states]}, indent=2, sort_keys=True))
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
