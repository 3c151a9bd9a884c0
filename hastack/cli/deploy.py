"""``hastack deploy``: validate, diff, confirm, execute with live progress, print outputs."""

from __future__ import annotations

import json

import click

from hastack.cli.console import err, fail, out, stderr_console
from hastack.cli.deploy_render import ConsoleReporter, outputs_text, summary_counts
from hastack.cli.deploy_support import (
    StackTarget,
    parameter_option,
    require_confirmation_possible,
    run_checks,
    stack_command,
)
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import parse_pairs
from hastack.deploy import api as deploy_api


@click.command()
@stack_command(
    click.option("-y", "--yes", "assume_yes", is_flag=True, help="Deploy without asking."),
    click.option(
        "--allow-replace",
        is_flag=True,
        help="Allow replacing or removing stateful resources (databases, buckets, zones).",
    ),
    click.option(
        "--concurrency",
        type=click.IntRange(1, 32),
        default=4,
        show_default=True,
        help="Independent stacks deployed at once.",
    ),
    parameter_option,
    after_stack_name=(
        click.option(
            "--termination-protection",
            is_flag=True,
            help="Turn on termination protection for the deployed stacks.",
        ),
        click.option(
            "--skip-checks",
            is_flag=True,
            help="Skip validation and the cost summary before deploying.",
        ),
    ),
    format_help="How outputs are printed on stdout.",
)
def deploy(
    stack: StackTarget,
    *,
    assume_yes: bool,
    allow_replace: bool,
    concurrency: int,
    parameter_pairs: tuple[str, ...],
    termination_protection: bool,
    skip_checks: bool,
    fmt: str,
) -> int:
    """Deploy TARGET (an app, or a template file with --stack-name) through change sets.

    Order: synth, validation (errors stop here), cost summary, then per stack in dependency
    order: change set, diff, confirmation (unless --yes), execution with live events, outputs.
    A change that replaces or removes a database, bucket or hosted zone is refused unless
    --allow-replace. Exit 0 when every stack deployed or had no changes, 1 when one failed,
    rolled back or was blocked, 2 for bad input, 130 on Ctrl-C (the stack carries on).

    --local runs the emulator inside this command and prints the outputs before it ends;
    to keep the deployed stacks, run `hastack local serve` and pass its --endpoint-url.
    """

    parameters = parse_pairs(parameter_pairs, "--parameter")
    loaded = stack.load(termination_protection=termination_protection)
    deploy_api.plan(
        loaded.subject, parameters=parameters, stacks=stack.stack_names, concurrency=concurrency
    )
    require_confirmation_possible(assume_yes, "deploys")
    if not skip_checks and not run_checks(loaded.specs, notice=err, show=fail):
        fail("validation found errors: nothing was deployed")
        return ExitCode.FAIL
    with stack.open() as target, ConsoleReporter(stderr_console()) as reporter:
        report = deploy_api.deploy(
            loaded.subject,
            target=target,
            assume_yes=assume_yes,
            allow_replace=allow_replace,
            concurrency=concurrency,
            parameters=parameters,
            reporter=reporter,
            stacks=stack.stack_names,
        )
    if fmt == "json":
        out(json.dumps(report.to_dict(), indent=2, sort_keys=True, default=str))
    else:
        text = outputs_text(report.outputs)
        if text:
            out(text)
    err(f"{summary_counts(report)}")
    if not report.ok:
        blocked = [r for r in report.results if r.status == "blocked"]
        if blocked:
            fail(
                "deploy blocked: a stateful resource would be replaced or removed "
                "(re-run with --allow-replace if intended)"
            )
        for result in report.failures:
            if result.status == "failed":
                fail(f"stack {result.name} failed: {result.reason}")
                if result.failed_resource is not None:
                    err(f"  first failing resource: {result.failed_resource.describe()}")
            elif result.status in ("skipped", "cancelled"):
                err(f"stack {result.name} {result.status}: {result.reason}")
        return ExitCode.FAIL
    return ExitCode.OK
