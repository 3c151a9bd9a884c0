"""``hastack availability``: composite availability of templates or an app from AWS SLAs."""

from __future__ import annotations

import click

from hastack.analysis.availability import estimate_availability, render_text
from hastack.analysis.units import parse_duration, parse_percent
from hastack.cli.console import fail, out_report
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, format_option, stack_option


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@format_option("Output format.")
@click.option(
    "--rto",
    default=None,
    metavar="DURATION",
    help="Region failover time (e.g. 5m) to model for multi-region apps.",
)
@click.option(
    "--outage-minutes",
    type=float,
    default=60.0,
    show_default=True,
    help="Mean length of a primary-region outage, for the failover model.",
)
@click.option("--region", default=None, metavar="REGION", help="Region of plain template files.")
@click.option(
    "--require",
    "required",
    default=None,
    metavar="PERCENT",
    help="Exit 1 when the estimate is below this (e.g. 99.99).",
)
@stack_option
@context_options
def availability(
    targets: tuple[str, ...],
    *,
    fmt: str,
    rto: str | None,
    outage_minutes: float,
    region: str | None,
    required: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Estimate the availability of TARGET (templates or an app) from published AWS SLAs.

    Tiers (DNS → load balancer → compute → database) compose in series; regions joined by
    Route 53 failover records compose in parallel. Shows the math, the weakest link and the
    downtime budget.
    """

    floor = parse_percent(required, "--require") if required is not None else None
    if rto is not None:
        parse_duration(rto, "--rto")
    if outage_minutes <= 0:
        raise click.BadParameter("a number of minutes above 0", param_hint="--outage-minutes")
    report = estimate_availability(
        list(targets),
        rto=rto,
        outage_minutes=outage_minutes,
        region=region,
        context=build_context(context_pairs, env_name),
        stacks=stack_names,
    )
    out_report(fmt, report, lambda: render_text(report))
    if floor is not None and (report.availability is None or report.availability < floor):
        fail(
            f"estimated availability {report.availability * 100:.4f}% "
            f"is below the required {floor * 100:g}%"
            if report.availability is not None
            else f"no availability figure, required {floor * 100:g}%"
        )
        return ExitCode.FAIL
    return ExitCode.OK
