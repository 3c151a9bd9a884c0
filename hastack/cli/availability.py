"""``hastack availability``: expected downtime per failure mode, the published SLAs beside it."""

from __future__ import annotations

import click

from hastack.analysis.availability import estimate_availability, render_text
from hastack.analysis.failures import FailureInputs, parse_frequencies
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
@click.option(
    "--frequency",
    "frequencies",
    multiple=True,
    metavar="MODE=RATE",
    help="Override a failure mode's events a year (e.g. az-impairment=1); repeatable.",
)
@click.option(
    "--manual-detection",
    default=None,
    metavar="DURATION",
    help="Time for a person to notice a failure no alarm catches (default 15m).",
)
@click.option(
    "--manual-rto",
    default=None,
    metavar="DURATION",
    help="Time to recover by hand what the template does not automate (default 1h).",
)
@click.option(
    "--peak-rps",
    type=float,
    default=None,
    metavar="N",
    help="Peak requests/s: whether the instances left after a failure carry it.",
)
@click.option(
    "--rps-per-instance", type=float, default=None, metavar="N", help="Requests/s per instance."
)
@click.option(
    "--write-share",
    type=float,
    default=1.0,
    show_default=True,
    help="Share of requests that need the database writer.",
)
@click.option(
    "--unknown-az",
    type=click.Choice(["same", "spread"]),
    default="same",
    show_default=True,
    help="Placement the templates leave unknown: counted in one AZ, or spread.",
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
    frequencies: tuple[str, ...],
    manual_detection: str | None,
    manual_rto: str | None,
    peak_rps: float | None,
    rps_per_instance: float | None,
    write_share: float,
    unknown_az: str,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Estimate the availability of TARGET (templates or an app) from its failure modes.

    Per mode (instance, bad deployment, AZ, database writer, NAT, region, DNS): events a year
    × (detection + recovery, from the template's settings) × blast radius. The published SLAs
    composed (tiers in series, failover regions in parallel) are shown beside it as the
    contractual reference.
    """

    inputs = FailureInputs(
        rates=parse_frequencies(frequencies),
        manual_detection=(
            parse_duration(manual_detection, "--manual-detection") if manual_detection else None
        ),
        manual_rto=parse_duration(manual_rto, "--manual-rto") if manual_rto else None,
        peak_rps=peak_rps,
        rps_per_instance=rps_per_instance,
        write_share=write_share,
        unknown_az=unknown_az,
    )
    inputs.check()

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
        inputs=inputs,
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
