"""``hastack outputs``: the outputs of deployed stacks, as text or JSON."""

from __future__ import annotations

import json

import click

from hastack.cli.console import err, out, warn
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
    help="text: stack.Key = value lines; json: {stack: {key: value}}.",
)
@context_options
def outputs(
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
    """Print the outputs of TARGET's deployed stacks (stacks not deployed are reported).

    Exit 0 when every selected stack is deployed, 1 when one is not.
    """
    from hastack.cli.deploy_render import outputs_text
    from hastack.deploy.api import outputs as read_outputs

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
        found = read_outputs(loaded.subject, target=target, stacks=stack_names)
    missing = [name for name, values in found.items() if values is None]
    for name in missing:
        warn(f"stack {name} is not deployed")
    if fmt == "json":
        out(json.dumps({k: v for k, v in found.items() if v is not None}, indent=2, sort_keys=True))
    else:
        text = outputs_text(found)
        if text:
            out(text)
    return ExitCode.FAIL if missing else ExitCode.OK
