"""``hastack diagram``: the architecture with its failure domains, as SVG or PNG."""

from __future__ import annotations

import click

from hastack.cli.console import err, out
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, stack_option
from hastack.report.api import diagram as draw
from hastack.report.api import write_diagram


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    default=None,
    metavar="FILE",
    help="Write FILE.svg or FILE.png (default: the SVG on stdout).",
)
@click.option(
    "--lose",
    default=None,
    metavar="AZ|REGION",
    help="Grey out what losing this AZ (e.g. AZ-2) or region takes down; mark what fails over.",
)
@click.option("--title", default="", help="Title drawn above the diagram.")
@click.option("--region", default=None, metavar="REGION", help="Region of plain template files.")
@stack_option
@context_options
def diagram(
    targets: tuple[str, ...],
    *,
    output: str | None,
    lose: str | None,
    title: str,
    region: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Draw TARGET's regions, AZs and tiers: load balancers, fleets with instances per AZ,
    databases with writer and readers, NAT gateways, DNS and CloudFront; arrows for traffic
    and replication.
    """

    svg = draw(
        list(targets),
        lose=lose,
        region=region,
        context=build_context(context_pairs, env_name),
        stacks=stack_names,
        title=title,
    )
    if output is None or output == "-":
        out(svg, nl=False)
        return ExitCode.OK
    path = write_diagram(svg, output)
    err(f"wrote {path}")
    return ExitCode.OK
