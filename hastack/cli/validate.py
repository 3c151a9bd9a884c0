"""``hastack validate``: cfn-lint plus the HA/security rule pack over templates or apps."""

from __future__ import annotations

import click

from hastack.cli.console import err, out
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import build_context, context_options, stack_option
from hastack.validate.api import validate as run
from hastack.validate.formatters import OutputFormat


@click.command()
@click.argument("targets", metavar="TARGET...", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "sarif", "junit"]),
    default="text",
    show_default=True,
    help="Findings as grouped text, a JSON list, SARIF 2.1.0 (GitHub code scanning) or JUnit XML.",
)
@click.option(
    "--region",
    default=None,
    metavar="REGION",
    help="Region of templates that carry none (plain files, blueprints naming none); stacks "
    "and files hastack synth wrote keep their own.",
)
@click.option(
    "--check-region",
    "regions",
    multiple=True,
    metavar="REGION",
    help="Check every template against this region instead of its own (repeatable).",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option(
    "--rules",
    "rules_path",
    metavar="PATH",
    default=None,
    help="Folder of extra cfn-lint rules to run as well.",
)
@click.option("--no-cache", is_flag=True, help="Lint again even if the templates are unchanged.")
@stack_option
@context_options
def validate(
    targets: tuple[str, ...],
    *,
    fmt: str,
    region: str | None,
    regions: tuple[str, ...],
    strict: bool,
    rules_path: str | None,
    no_cache: bool,
    stack_names: tuple[str, ...],
    context_pairs: tuple[str, ...],
    env_name: str | None,
) -> int:
    """Lint TARGET templates (JSON/YAML files) or apps with cfn-lint and hastack's rules.

    Exit 0 when there are no errors, 1 on errors (or warnings with --strict), 2 when a TARGET
    is not a readable template or app.
    """

    report = run(
        list(targets),
        regions=list(regions) or None,
        region=region,
        strict=strict,
        rules_path=rules_path,
        context=build_context(context_pairs, env_name),
        stacks=stack_names,
        use_cache=not no_cache,
    )
    text = OutputFormat(fmt).renderer()(report)
    if text:
        out(text, nl=False)
    err(report.summary())
    return ExitCode.FAIL if report.has_blocking() else ExitCode.OK
