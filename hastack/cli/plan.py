"""``hastack plan``: the cheapest design that meets stated requirements, as a runnable app."""

from __future__ import annotations

import shlex
import sys

import click

from hastack.analysis.units import parse_duration
from hastack.cli.console import err, out_report
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import format_option
from hastack.core.regions import default_region
from hastack.planner.plan import (
    ENVIRONMENTS,
    Requirements,
    make_plan,
    parse_target,
    render_text,
    write_app,
)


@click.command()
@click.option(
    "--availability",
    "availability_text",
    required=True,
    metavar="PERCENT",
    help="Target availability, e.g. 99.99.",
)
@click.option(
    "--peak-rps", type=float, required=True, metavar="N", help="Peak requests per second."
)
@click.option("--rto", required=True, metavar="DURATION", help="Recovery time objective, e.g. 5m.")
@click.option("--rpo", required=True, metavar="DURATION", help="Recovery point objective, e.g. 1s.")
@click.option("--budget", type=float, default=None, metavar="USD", help="Monthly budget in USD.")
@click.option(
    "--region",
    default=None,
    metavar="REGION",
    help="Primary region of the design (default: AWS_REGION, AWS_DEFAULT_REGION, the "
    "profile's region, then us-east-1, as for synth).",
)
@click.option(
    "--secondary-region",
    default=None,
    metavar="REGION",
    help="Standby region for multi-region designs (default: a nearby region).",
)
@click.option(
    "--rps-per-instance",
    type=float,
    default=None,
    metavar="N",
    help="Requests/s one 2-vCPU instance serves (other sizes scale with vCPUs); default: the "
    "capacity table.",
)
@click.option(
    "--instance-type",
    "instance_types",
    multiple=True,
    metavar="TYPE",
    help="Only consider this instance type (repeatable).",
)
@click.option(
    "--average-rps",
    type=float,
    default=None,
    metavar="N",
    help="Average requests/s over the month, what usage is billed on (default: a quarter of "
    "the peak).",
)
@click.option(
    "--request-kb", type=float, default=2.0, show_default=True, help="Average request size (KB)."
)
@click.option(
    "--response-kb",
    type=float,
    default=20.0,
    show_default=True,
    help="Average response size (KB).",
)
@click.option(
    "--new-connections",
    type=float,
    default=None,
    metavar="N",
    help="New connections/s (default: one per 10 requests).",
)
@click.option(
    "--write-share",
    type=float,
    default=0.1,
    show_default=True,
    help="Share of requests that write to the database.",
)
@click.option(
    "--environment",
    type=click.Choice(ENVIRONMENTS),
    default="production",
    show_default=True,
    help="non-production also offers a Single-AZ database, one NAT gateway and a fleet with "
    "no spare AZ.",
)
@click.option("--name", default="app", show_default=True, help="App name (stack name prefix).")
@click.option("--domain", default=None, metavar="NAME", help="Domain for Route 53 records.")
@click.option(
    "-o",
    "--output",
    "output_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the chosen design as an app file (.py).",
)
@format_option("Output format.")
@click.option("--all", "show_all", is_flag=True, help="List every instance type of every shape.")
def plan(
    *,
    availability_text: str,
    peak_rps: float,
    rto: str,
    rpo: str,
    budget: float | None,
    region: str | None,
    secondary_region: str | None,
    rps_per_instance: float | None,
    instance_types: tuple[str, ...],
    average_rps: float | None,
    request_kb: float,
    response_kb: float,
    new_connections: float | None,
    write_share: float,
    environment: str,
    name: str,
    domain: str | None,
    output_path: str | None,
    fmt: str,
    show_all: bool,
) -> int:
    """Choose AZs, instances, database, standby and regions for stated requirements.

    Every candidate is synthesized by the blueprints, priced with the cost estimator and rated
    with the availability model (RTO and RPO from its recovery estimate);
    the cheapest that meets availability, RTO, RPO and budget is chosen (and written with -o).
    Exits 1 when no candidate meets the requirements, explaining what would be needed.
    """
    from decimal import Decimal

    if output_path is not None and not output_path.endswith(".py"):
        raise click.BadParameter("an app file name ending in .py", param_hint="-o")
    requirements = Requirements(
        availability=parse_target(availability_text),
        peak_rps=peak_rps,
        rto_seconds=parse_duration(rto, "--rto"),
        rpo_seconds=parse_duration(rpo, "--rpo"),
        budget=Decimal(str(budget)) if budget is not None else None,
        region=region or default_region().name,
        secondary_region=secondary_region,
        rps_per_instance=rps_per_instance,
        instance_types=instance_types,
        average_rps=average_rps,
        request_bytes=request_kb * 1000,
        response_bytes=response_kb * 1000,
        new_connections=new_connections,
        write_share=write_share,
        environment=environment,
        name=name,
        domain=domain,
    )
    result = make_plan(requirements)
    out_report(fmt, result, lambda: render_text(result, show_all))
    if result.chosen is None:
        if output_path:
            err(f"no app file written to {output_path}: no design meets the requirements")
        return ExitCode.FAIL
    if output_path:
        command = "hastack " + " ".join(shlex.quote(a) for a in sys.argv[1:] if a)
        path = write_app(result, output_path, command if "plan" in command else "")
        err(f"wrote {path}")
    return ExitCode.OK
