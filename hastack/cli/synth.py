"""``hastack synth``: write an app's templates and say how big each is."""

from __future__ import annotations

import click

from hastack.cli import synth_run
from hastack.cli.options import context_options, stack_option


@click.command()
@click.argument("app_target", metavar="APP")
@click.option(
    "-o",
    "--output",
    "output_dir",
    default="hastack.out",
    show_default=True,
    type=click.Path(file_okay=False, allow_dash=True),
    help="Directory for the templates; - writes the one template to stdout.",
)
@click.option(
    "--region",
    default=None,
    metavar="REGION",
    help="Region of blueprints that name none (default: AWS_REGION, AWS_DEFAULT_REGION, "
    "the profile's region, then us-east-1).",
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
    region: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Write the CloudFormation templates of APP (a .py file or module:attr).

    Prints each file with its size and resource count; warns over 51,200 bytes (deploy uploads
    it to S3) and fails over 500 resources or 1 MB (split the stack).
    """
    return synth_run.run(
        app_target,
        output_dir=output_dir,
        fmt=fmt,
        region=region,
        stack_names=stack_names,
        context_pairs=context_pairs,
        env_name=env_name,
    )
