"""``hastack prices``: inspect the bundled price catalog or rebuild it from the Price List API."""

from __future__ import annotations

import click

from hastack.cli.console import err, out
from hastack.cli.exit_codes import ExitCode
from hastack.cost.catalog import GLOBAL, basis_markdown, load_catalog, stale
from hastack.cost.refresh import refresh as run_refresh


@click.group()
def prices() -> None:
    """Inspect or rebuild the bundled price catalog."""


@prices.command()
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="Only this region (repeatable; default: all).",
)
def show(*, regions: tuple[str, ...]) -> int:
    """Print the catalog's date, regions and where each block of prices comes from."""

    catalog = load_catalog()
    for region in regions:
        catalog.check_region(region)
    out(f"catalog {catalog.date} ({catalog.currency}, {catalog.hours_per_month} hours/month)")
    out(f"file: {catalog.path}")
    for region in regions or catalog.regions:
        out(f"{region}:")
        for service, block in sorted(catalog.data["regions"][region].items()):
            out(
                f"  {service:<15} {len(block['prices']):>4} prices  {block['date']}  "
                f"{block.get('basis', '')}  {block['source']}"
            )
    for service, block in sorted(catalog.data.get(GLOBAL, {}).items()):
        out(
            f"{GLOBAL}:\n  {service:<15} {len(block['prices']):>4} prices  {block['date']}  "
            f"{block.get('basis', '')}  {block['source']}"
        )
    return ExitCode.OK


@prices.command()
@click.option(
    "--region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="Region to refresh (repeatable; default: every region in the catalog).",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    metavar="NAME",
    help="Catalog block to refresh, e.g. ec2, rds, elb (repeatable; default: all).",
)
@click.option(
    "--output",
    "output",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the catalog here (default: overwrite the bundled catalog).",
)
def refresh(*, regions: tuple[str, ...], services: tuple[str, ...], output: str | None) -> int:
    """Rebuild catalog prices from the AWS Price List API (needs AWS credentials).

    Calls pricing:GetProducts in us-east-1, paginated, for each region and service. Prices the
    API does not return keep their previous value and are reported.
    """

    path, report = run_refresh(regions, output, services)
    for line in report.lines():
        err(line)
    out(f"wrote {path} ({report.calls} queries)")
    return ExitCode.OK


@prices.command()
@click.option(
    "--older-than",
    "older_than",
    type=click.IntRange(min=0),
    required=True,
    metavar="DAYS",
    help="Report blocks whose prices were taken more than DAYS days ago.",
)
@click.option(
    "--catalog",
    "catalog_file",
    default=None,
    metavar="FILE",
    help="Check this catalog instead of the bundled one.",
)
def check(*, older_than: int, catalog_file: str | None) -> int:
    """List catalog blocks older than --older-than days; exit 1 when there are any.

    Each block (a service in a region) carries the date its prices were taken; refresh old
    ones with `hastack prices refresh --region R --service S`.
    """

    catalog = load_catalog(catalog_file)
    old = stale(catalog, older_than)
    for block in old:
        out(f"{block.where:<15} {block.service:<18} {block.date}  {block.source}")
    if old:
        err(f"{len(old)} block(s) older than {older_than} days (catalog {catalog.date})")
        return ExitCode.FAIL
    err(f"every block is at most {older_than} days old (catalog {catalog.date})")
    return ExitCode.OK


@prices.command()
def basis() -> int:
    """Print, per region and service, how many prices are published vs approximated (markdown)."""

    out(basis_markdown(load_catalog()), nl=False)
    return ExitCode.OK
