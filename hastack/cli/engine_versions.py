"""``hastack engine-versions``: show the bundled RDS engine-version table or rebuild it."""

from __future__ import annotations

import click

from hastack.cli.console import err, out
from hastack.cli.exit_codes import ExitCode
from hastack.template.engine_versions import ENGINES, load_engine_versions, refresh_engine_versions


@click.group(name="engine-versions")
def engine_versions() -> None:
    """Show or rebuild the table of RDS engine versions that synth and rule W9615 check."""


@engine_versions.command()
@click.option("--engine", "engines", multiple=True, type=click.Choice(ENGINES))
def show(*, engines: tuple[str, ...]) -> int:
    """Print the table's date and source, and each engine's versions (LTS ones marked)."""

    table = load_engine_versions()
    out(f"engine-version table {table.date}: {table.source}")
    out(f"file: {table.path}")
    for engine in engines or ENGINES:
        versions = table.known(engine) or []
        marked = [f"{v} (LTS)" if table.is_lts(engine, v) else v for v in versions]
        out(f"{engine} ({len(versions)}): {', '.join(marked)}")
    return ExitCode.OK


@engine_versions.command()
@click.option(
    "--engine",
    "engines",
    multiple=True,
    type=click.Choice(ENGINES),
    help="Engine to refresh (repeatable; default: all four).",
)
@click.option("--region", default="us-east-1", show_default=True, help="Region to ask.")
@click.option(
    "--output",
    default=None,
    type=click.Path(dir_okay=False),
    help="Write the table here (default: overwrite the bundled table).",
)
def refresh(*, engines: tuple[str, ...], region: str, output: str | None) -> int:
    """Rebuild the table from RDS DescribeDBEngineVersions (needs AWS credentials).

    Keeps only versions whose status is available; the LTS list (from the Aurora user guide,
    which the API does not carry) is kept as it is.
    """

    path, counts = refresh_engine_versions(engines=engines or ENGINES, region=region, output=output)
    for engine, (before, now) in counts.items():
        err(f"{engine}: {now} versions (was {before})")
    out(f"wrote {path}")
    return ExitCode.OK
