"""``hastack synth``: write an app's templates and say how big each is."""

from __future__ import annotations

from pathlib import Path

import click

from hastack.cli.console import fail, out, warn
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, stack_option
from hastack.core.app_loader import load_app
from hastack.core.size import check_stack_size


@click.command()
@click.argument("app_target", metavar="APP")
@click.option(
    "-o",
    "--output",
    "output_dir",
    default="hastack.out",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory for the templates.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml"]),
    default="json",
    show_default=True,
    help="Template format.",
)
@stack_option
@context_options
def synth(
    app_target: str,
    *,
    output_dir: str,
    fmt: str,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Write the CloudFormation templates of APP (a .py file or module:attr).

    Prints each file with its size and resource count; warns over 51,200 bytes (deploy uploads
    it to S3) and fails over 500 resources or 1 MB (split the stack).
    """

    app = load_app(app_target, build_context(context_pairs, env_name))
    stacks = app.select(stack_names)
    written = (
        app.synth(output_dir, fmt)
        if not stack_names
        else [s.write(output_dir, fmt) for s in stacks]
    )
    status = ExitCode.OK
    for stack, path in zip(stacks, written, strict=True):
        size = path.stat().st_size
        out(f"{path}  {size:,} bytes  {stack.resource_count} resources  ({stack.region})")
        for warning_id, message in stack.warnings:
            warn(f"{stack.name}: {message} [{warning_id}]")
        for level, message in check_stack_size(stack.name, size, stack.resource_count):
            if level == "error":
                fail(message)
                status = ExitCode.FAIL
            else:
                warn(message)
    out(f"{len(written)} template(s) in {Path(output_dir)}")
    return status
