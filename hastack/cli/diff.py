"""``hastack diff``: what a deploy would change, per stack, without changing anything."""

from __future__ import annotations

import json

import click

from hastack.cli.console import err, stdout_console
from hastack.cli.deploy_support import (
    check_target_options,
    load_subject,
    open_target,
    parse_pairs,
    target_options,
)
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import context_options, stack_option


@click.command()
@click.argument("target_path", metavar="TARGET")
@stack_option
@target_options
@click.option(
    "--parameter",
    "parameter_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Template parameter value, for every stack declaring KEY (repeatable).",
)
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
def diff(
    target_path: str,
    *,
    stack_names: tuple[str, ...],
    use_local: bool,
    endpoint_url: str | None,
    region: str | None,
    profile: str | None,
    parameter_pairs: tuple[str, ...],
    stack_name: str | None,
    fmt: str,
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Show Add / Modify / Remove per resource for each stack of TARGET.

    For a deployed stack a change set is created, described and deleted again (nothing is
    executed); a stack not yet deployed is shown as all additions. Modifications list the
    changed properties and whether they replace the resource; replacing or removing a
    stateful resource (database, bucket, hosted zone) is listed first, in red.
    """
    from hastack.cli.deploy_render import print_diff
    from hastack.deploy.api import diff as run_diff

    parameters = parse_pairs(parameter_pairs, "--parameter")
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
        diffs = run_diff(loaded.subject, target=target, parameters=parameters, stacks=stack_names)
    if fmt == "json":
        click.echo(json.dumps({"stacks": [d.to_dict() for d in diffs]}, indent=2, sort_keys=True))
    else:
        console = stdout_console()
        for item in diffs:
            print_diff(console, item)
    return ExitCode.OK
