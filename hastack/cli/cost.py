"""``hastack cost``: the monthly cost of templates or apps, from the bundled price catalog."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import click

from hastack.cli.console import fail, out, stdout_console
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, parse_pairs, stack_option
from hastack.cost.api import estimate
from hastack.cost.catalog import load_catalog
from hastack.cost.compare import compare
from hastack.cost.infracost import to_infracost
from hastack.cost.model import Estimate
from hastack.cost.render import (
    render_compare_markdown,
    render_compare_table,
    render_markdown,
    render_table,
)
from hastack.cost.usage import load_usage
from hastack.errors import UsageError


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@click.option(
    "--region",
    default=None,
    metavar="REGION",
    help="Region of templates that carry none (plain files); stacks keep their own.",
)
@click.option(
    "--price-region",
    default=None,
    metavar="REGION",
    help="Price every stack in this region instead of its own (what it would cost there).",
)
@click.option(
    "--usage",
    "usage_file",
    default=None,
    metavar="FILE",
    help="YAML usage file keyed by logical id (see docs/cost.md).",
)
@click.option(
    "--parameter",
    "parameter_pairs",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override a template parameter's default (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown", "infracost-json"]),
    default="table",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--catalog",
    "catalog_file",
    default=None,
    metavar="FILE",
    help="Price catalog to use instead of the bundled one (e.g. from prices refresh).",
)
@click.option(
    "--compare",
    "--compare-to",
    "compare_target",
    default=None,
    metavar="OTHER",
    help="Show per-resource and total deltas of TARGET against OTHER: another target (priced "
    "with the same region and usage file; --parameter applies to TARGET only) or an estimate "
    "saved with --format json (e.g. the main branch's, for a pull request).",
)
@click.option(
    "--budget",
    type=float,
    default=None,
    metavar="DOLLARS",
    help="Exit 1 when the monthly total is above DOLLARS (a CI gate).",
)
@click.option(
    "--nested",
    "nested_pairs",
    multiple=True,
    metavar="ID=FILE",
    help="Child template of the nested stack ID (repeatable); a local TemplateURL is found "
    "without it.",
)
@stack_option
@context_options
def cost(
    targets: tuple[str, ...],
    *,
    region: str | None,
    price_region: str | None,
    usage_file: str | None,
    parameter_pairs: tuple[str, ...],
    fmt: str,
    catalog_file: str | None,
    compare_target: str | None,
    budget: float | None,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
    nested_pairs: tuple[str, ...] = (),
) -> int:
    """Estimate the monthly cost of TARGET (templates, or an app file / module:attr).

    Fixed charges come from the templates; usage-based ones (LCUs, GB processed, queries,
    storage, I/O) from --usage or documented defaults, which the output lists as assumptions.
    Resource types the catalog cannot price are listed as not priced, never counted as $0.
    """

    options = {
        "catalog": load_catalog(catalog_file),
        "region": region,
        "price_region": price_region,
        "usage": usage_file,
        "parameters": parse_pairs(parameter_pairs, "--parameter"),
        "context": build_context(context_pairs, env_name),
        "stacks": stack_names,
    }
    nested = parse_pairs(nested_pairs, "--nested")
    if fmt == "infracost-json" and compare_target is not None:
        raise UsageError("--format infracost-json prints one estimate; drop --compare")
    result = estimate(list(targets), **options, nested=nested)
    if fmt == "infracost-json":
        out(json.dumps(to_infracost(result, paths=_paths(targets, result.stacks)), indent=2))
        return ExitCode.OK
    if budget is not None and not (budget >= 0 and math.isfinite(budget)):
        raise UsageError(f"--budget {budget}: a number of dollars, 0 or more")
    if compare_target is None:
        _show(fmt, result, render_markdown, render_table)
        return _within(result, budget)

    other = _saved_estimate(compare_target)
    if other is None:
        other_options = dict(options, stacks=(), parameters={})  # OTHER: its own defaults
        if usage_file is not None:
            other_options["usage"] = _usage_for_other(usage_file)
        other = estimate([compare_target], **other_options)
    _show(fmt, compare(result, other), render_compare_markdown, render_compare_table)
    return _within(result, budget)


def _saved_estimate(path: str) -> Estimate | None:
    """A ``--format json`` estimate saved earlier, when ``path`` is one; None for a target."""
    file = Path(path)
    if file.suffix.lower() != ".json" or not file.is_file():
        return None
    try:
        data = json.loads(file.read_text())
    except (OSError, ValueError):
        return None
    if not (isinstance(data, dict) and "total_monthly" in data and "resources" in data):
        return None  # a CloudFormation template in JSON: a target
    return Estimate.from_dict(data)


def _within(result: Estimate, budget: float | None) -> int:
    if budget is None or result.total_monthly <= Decimal(str(budget)):
        return ExitCode.OK
    fail(f"${result.total_monthly:,.2f}/month is above the budget of ${budget:,.2f}")
    return ExitCode.FAIL


def _show(
    fmt: str,
    subject: Any,
    markdown: Callable[[Any], str],
    table: Callable[[Any, Any], None],
) -> None:
    """An estimate or a comparison on stdout as JSON, markdown or a rich table."""
    if fmt == "json":
        out(json.dumps(subject.to_dict(), indent=2))
    elif fmt == "markdown":
        out(markdown(subject), nl=False)
    else:
        table(subject, stdout_console())


def _paths(targets: tuple[str, ...], stacks: list[str]) -> dict[str, str]:
    """Project paths for infracost: the target file when one target makes one stack."""
    if len(targets) == 1 and len(stacks) == 1:
        return {stacks[0]: targets[0]}
    return {}


def _usage_for_other(usage_file: str) -> object:
    """The same usage file for OTHER, without failing on resources only TARGET has.

    TARGET was already checked strictly; in OTHER, entries for logical ids it lacks are skipped
    (keys and values of the ones it has are still checked).
    """

    usage = load_usage(usage_file)
    usage.lenient = True
    return usage
