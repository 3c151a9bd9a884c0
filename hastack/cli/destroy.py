"""``hastack destroy``: delete an app's stacks, consumers before producers."""

from __future__ import annotations

import click

from hastack.cli.console import err, fail, stderr_console
from hastack.cli.deploy_render import ConsoleReporter, summary_counts
from hastack.cli.deploy_support import (
    StackTarget,
    require_confirmation_possible,
    role_arn_option,
    stack_command,
)
from hastack.cli.exit_codes import ExitCode
from hastack.deploy.api import destroy as run_destroy


@click.command()
@stack_command(
    click.option(
        "-y",
        "--yes",
        "assume_yes",
        is_flag=True,
        help="Delete without asking, including stacks that hold data.",
    ),
    click.option(
        "--concurrency",
        type=click.IntRange(1, 32),
        default=4,
        show_default=True,
        help="Independent stacks deleted at once.",
    ),
    role_arn_option,
)
def destroy(stack: StackTarget, *, assume_yes: bool, concurrency: int, role_arn: str | None) -> int:
    """Delete the stacks of TARGET in reverse dependency order.

    Before deleting a stack that holds data (database, bucket, hosted zone) it lists what
    happens to each: DeletionPolicy Snapshot takes a final snapshot, Retain keeps the resource,
    otherwise the data is deleted. Each stack needs a confirmation unless --yes; a stack with
    termination protection is refused. Exit 0 when all are gone, 1 when one is not.
    """

    loaded = stack.load()
    require_confirmation_possible(assume_yes, "deletes stacks")
    with stack.open() as target, ConsoleReporter(stderr_console()) as reporter:
        report = run_destroy(
            loaded.subject,
            target=target,
            assume_yes=assume_yes,
            concurrency=concurrency,
            reporter=reporter,
            stacks=stack.stack_names,
            role_arn=role_arn,
        )
    err(summary_counts(report))
    if not report.ok:
        for result in report.failures:
            if result.status == "failed":
                fail(f"stack {result.name} was not deleted: {result.reason}")
            elif result.status in ("skipped", "cancelled"):
                err(f"stack {result.name} {result.status}: {result.reason}")
        return ExitCode.FAIL
    return ExitCode.OK
