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
    role_arn_option,
    stack_command,
)
from hastack.cli.exit_codes import ExitCode
from hastack.cli.options import parse_pairs
from hastack.deploy import api as deploy_api
from hastack.deploy.checks import REFUSAL
from hastack.errors import UsageError
from hastack.local.placeholders import deployed_placeholders


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
        click.option(
            "--placeholders",
            is_flag=True,
            help="With --local: deploy resource types the emulator does not emulate as "
            "placeholders (named after the deploy) instead of failing them.",
        ),
        role_arn_option,
        click.option(
            "--no-execute",
            is_flag=True,
            help="Create and show each change set, then stop (prints how to execute it).",
        ),
        click.option(
            "--require-approval",
            "approval",
            type=click.Choice(["never", "broadening", "any-change"]),
            default="any-change",
            show_default=True,
            help="When to ask: never, only when IAM or security groups widen, or always.",
        ),
        click.option(
            "--no-stack-policy",
            is_flag=True,
            help="Do not set the policy denying replacement/deletion of stateful resources.",
        ),
        click.option(
            "--no-rollback-triggers",
            is_flag=True,
            help="Do not make the stack's alarms rollback triggers of the update.",
        ),
        click.option(
            "--rollback-monitoring",
            "monitoring",
            type=click.IntRange(0, 180),
            default=0,
            show_default=True,
            help="Minutes CloudFormation watches the alarms after an update.",
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
    placeholders: bool,
    role_arn: str | None,
    no_execute: bool,
    approval: str,
    no_stack_policy: bool,
    no_rollback_triggers: bool,
    monitoring: int,
    fmt: str,
) -> int:
    """Deploy TARGET (an app, or a template file with --stack-name) through change sets.

    Order: synth, validation (errors stop here), cost summary, then per stack in dependency
    order: change set, diff, confirmation (unless --yes), execution with live events, outputs.
    A change that replaces or removes a database, bucket or hosted zone is refused unless
    --allow-replace. Exit 0 when every stack deployed or had no changes, 1 when one failed,
    rolled back or was blocked, 2 for bad input, 130 on Ctrl-C (the stack carries on).

    --local runs the emulator inside this command and prints the outputs before it ends;
    to keep the deployed stacks, run `hastack local serve` and pass its --endpoint-url. A
    resource type the emulator does not emulate fails ("not emulated locally: TYPE") unless
    --placeholders, and then every placeholder is named after the deploy.
    """

    if placeholders and not stack.use_local:
        raise UsageError(
            "--placeholders applies to --local (for a served emulator, start it with "
            "`hastack local serve --placeholders`)"
        )
    parameters = parse_pairs(parameter_pairs, "--parameter")
    loaded = stack.load(termination_protection=termination_protection)
    if approval == "any-change" and not no_execute:
        require_confirmation_possible(assume_yes, "deploys")
    planned = deploy_api.plan(
        loaded.subject,
        parameters=parameters,
        stacks=stack.stack_names,
        concurrency=concurrency,
        skip_checks=skip_checks,
    )
    for error in planned.checks.errors:
        fail(error.describe())
    for note in planned.checks.notes():
        err(note)
    if planned.checks.refused:
        fail(REFUSAL)
        return ExitCode.FAIL
    with (
        stack.open(placeholders=placeholders) as target,
        ConsoleReporter(stderr_console()) as reporter,
    ):
        report = deploy_api.deploy(
            planned,
            target=target,
            assume_yes=assume_yes,
            allow_replace=allow_replace,
            reporter=reporter,
            role_arn=role_arn,
            execute=not no_execute,
            approval=approval,
            stack_policy=not no_stack_policy,
            rollback_triggers=not no_rollback_triggers,
            rollback_monitoring_minutes=monitoring,
        )
        if target.is_local:
            named = deployed_placeholders(
                lambda region: target.client("cloudformation", region), report.results
            )
            if named:
                err(named)
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
