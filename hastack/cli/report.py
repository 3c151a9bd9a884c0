"""``hastack report``: one self-contained HTML page with everything hastack knows."""

from __future__ import annotations

import click

from hastack.cli.console import out
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, stack_option
from hastack.report.api import report as write_report


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@click.option("-o", "--output", required=True, metavar="FILE.html", help="Where to write the page.")
@click.option("--usage", default=None, metavar="FILE", help="Usage file for the cost section.")
@click.option(
    "--drill",
    "drills",
    multiple=True,
    metavar="RESULT.json",
    help="A drill's JSON result to include (repeatable).",
)
@click.option("--no-validate", is_flag=True, help="Leave out the validator (faster).")
@click.option("--title", default="", help="Title of the page.")
@click.option("--region", default=None, metavar="REGION", help="Region of plain template files.")
@stack_option
@context_options
def report(
    targets: tuple[str, ...],
    *,
    output: str,
    usage: str | None,
    drills: tuple[str, ...],
    no_validate: bool,
    title: str,
    region: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Write one HTML page for TARGET: the diagram, the cost by tier and usage component,
    availability, the AZ- and region-loss scenarios, validator findings with fixes, and drill
    results. The page is self-contained: it works offline and prints well."""

    path = write_report(
        list(targets),
        output,
        region=region,
        context=build_context(context_pairs, env_name),
        stacks=stack_names,
        usage=usage,
        drills=drills,
        title=title,
        run_validate=not no_validate,
    )
    out(f"wrote {path}")
    return ExitCode.OK
