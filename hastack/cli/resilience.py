"""``hastack resilience``: what survives the loss of each AZ (and each region of an app)."""

from __future__ import annotations

import click

from hastack.analysis.recovery import parse_targets
from hastack.analysis.resilience import check_resilience, render_text
from hastack.cli.console import fail, out_report
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, format_option, stack_option


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@click.option(
    "--peak-rps",
    type=float,
    default=None,
    metavar="N",
    help="Peak requests/s the fleet must still carry with an AZ (or region) gone.",
)
@click.option(
    "--rps-per-instance",
    type=float,
    default=None,
    metavar="N",
    help="Requests/s one instance serves (default: the capacity table by instance type).",
)
@click.option(
    "--require-rto",
    "require_rto",
    multiple=True,
    metavar="[TYPE=]DURATION",
    help="Exit 1 when the estimated RTO exceeds this: for every disruption type, or one of "
    "application, infrastructure, az, region (e.g. region=15m); repeatable.",
)
@click.option(
    "--require-rpo",
    "require_rpo",
    multiple=True,
    metavar="[TYPE=]DURATION",
    help="Exit 1 when the estimated RPO exceeds this (as --require-rto).",
)
@format_option("Output format.")
@click.option("--region", default=None, metavar="REGION", help="Region of plain template files.")
@stack_option
@context_options
def resilience(
    targets: tuple[str, ...],
    *,
    peak_rps: float | None,
    rps_per_instance: float | None,
    require_rto: tuple[str, ...],
    require_rpo: tuple[str, ...],
    fmt: str,
    region: str | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Remove each AZ (and each region of a multi-region app) of TARGET and check what is left.

    Checks instances left against MinSize and the peak load, the load balancer's AZs, database
    promotion, NAT reachability of private subnets and DNS failover, then estimates RTO and RPO
    per disruption type (application, infrastructure, AZ, region: AWS Resilience Hub's
    categories) with a score and recommendations. Exits 1 when any scenario fails or an
    estimate misses a --require-rto/--require-rpo target.
    """

    if peak_rps is not None and peak_rps <= 0:
        raise click.BadParameter("a number of requests per second above 0", param_hint="--peak-rps")
    if rps_per_instance is not None and rps_per_instance <= 0:
        raise click.BadParameter("a number above 0", param_hint="--rps-per-instance")
    rto_targets = parse_targets(require_rto, "--require-rto")
    rpo_targets = parse_targets(require_rpo, "--require-rpo")
    report = check_resilience(
        list(targets),
        peak_rps=peak_rps,
        rps_per_instance=rps_per_instance,
        rto_targets=rto_targets,
        rpo_targets=rpo_targets,
        region=region,
        context=build_context(context_pairs, env_name),
        stacks=stack_names,
    )
    out_report(fmt, report, lambda: render_text(report))
    if report.recovery is not None and not report.recovery.met:
        missed = [f"{d.kind} {what}" for d in report.recovery.disruptions for what in d.missed]
        fail("estimated recovery misses the required targets: " + ", ".join(missed))
        return ExitCode.FAIL
    return ExitCode.OK if report.passed else ExitCode.FAIL
