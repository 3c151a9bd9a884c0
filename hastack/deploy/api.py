"""The deploy API: ``deploy``, ``diff``, ``destroy``, ``outputs``, ``status`` and ``drift``.

Each takes what to act on (an App, a Stack, a Blueprint, a StackSpec, a template file or synth
folder path, or a list of them), an :class:`~hastack.deploy.session.AwsTarget`, and optionally a
reporter; the CLI commands are thin wrappers over these, and the pytest plugin and failure
drills call them directly::

    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget

    report = deploy(app, target=AwsTarget.local(emulator.endpoint_url), assume_yes=True)
    assert report.ok, report.failures
    vpc_id = report.outputs["network"]["VpcId"]

A deploy is :func:`plan` (every check that needs no AWS call: selection, parameters, cycles,
concurrency, then validation and the cost note of :mod:`hastack.deploy.checks`) followed by the
deploy operation. Validation errors refuse the deploy (:class:`~hastack.deploy.checks.ChecksFailed`)
unless ``skip_checks=True``, which the report records. Bad input raises
:class:`~hastack.errors.UsageError`; problems of one stack end up in its result instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hastack.core.limits import check_template
from hastack.core.loader import Targets
from hastack.deploy import cfn as cfn_api
from hastack.deploy.changes import StackDiff
from hastack.deploy.checks import Checks, ChecksFailed, run_checks
from hastack.deploy.drift import StackDrift, drift_all
from hastack.deploy.guards import Approval
from hastack.deploy.operations.base import across_graph, in_order
from hastack.deploy.operations.deploy import DeployOperation
from hastack.deploy.operations.destroy import (
    DestroyOperation,
    StatefulResource,
    stateful_resources,
)
from hastack.deploy.operations.diff import DiffOperation
from hastack.deploy.operations.status import StackStatus, StatusOperation
from hastack.deploy.parameters import check_values
from hastack.deploy.report import DeployReport
from hastack.deploy.reporter import Reporter
from hastack.deploy.run import DeployOptions, RunState
from hastack.deploy.session import AwsTarget
from hastack.deploy.spec import (
    StackSpec,
    apply_parameters,
    check_parameters,
    check_stack_name,
    order_levels,
    specs_of,
)
from hastack.errors import UsageError

__all__ = [
    "Checks",
    "ChecksFailed",
    "DeployPlan",
    "StackStatus",
    "StatefulResource",
    "deploy",
    "destroy",
    "diff",
    "drift",
    "outputs",
    "plan",
    "stateful_resources",
    "status",
]


def _select(
    app_or_stack: Targets, stacks: Sequence[str]
) -> tuple[list[StackSpec], list[StackSpec]]:
    """(every spec, the selected ones in dependency order); unknown names are usage errors."""
    every = specs_of(app_or_stack)
    if not every:
        raise UsageError("nothing to deploy: no stacks")
    for spec in every:
        check_stack_name(spec)
    names = [s.name for s in every]
    if len(set(names)) != len(names):
        raise UsageError(f"two stacks share a name: {', '.join(sorted(names))}")
    for name in stacks:
        if name not in names:
            raise UsageError(f"--stack {name}: no such stack; stacks: {', '.join(names)}")
    chosen = [s for s in every if not stacks or s.name in stacks]
    ordered = [s for level in order_levels(chosen) for s in level]
    return every, ordered


def _check_concurrency(concurrency: int) -> None:
    if not isinstance(concurrency, int) or concurrency < 1:
        raise UsageError(f"--concurrency {concurrency!r}: must be a whole number of at least 1")


@dataclass
class DeployPlan:
    """A deploy checked without any AWS call: what :func:`deploy` runs, and what it found."""

    every: list[StackSpec]
    """Every stack of the target (producers outside the selection are read from here)."""
    chosen: list[StackSpec]
    """The stacks to deploy, in dependency order, their parameter values applied."""
    concurrency: int
    checks: Checks
    """Validation and the cost note; ``checks.refused`` means nothing may be deployed."""


def plan(
    app_or_stack: Targets,
    *,
    parameters: Mapping[str, str] | None = None,
    stacks: Sequence[str] = (),
    concurrency: int = 4,
    skip_checks: bool = False,
) -> DeployPlan:
    """Everything :func:`deploy` checks before any AWS call, in the same order.

    Raises UsageError for an unknown stack or parameter, a parameter without a value, a bad
    concurrency, a dependency cycle, or a template over CloudFormation's limits. Then runs
    the checks (:func:`~hastack.deploy.checks.run_checks`; ``skip_checks`` records that they
    were skipped): validation errors do not raise here but make ``checks.refused`` true. The CLI
    calls it before it starts an emulator and passes the plan to :func:`deploy`.
    """
    _check_concurrency(concurrency)
    every, chosen = _select(app_or_stack, stacks)
    apply_parameters(chosen, dict(parameters or {}))
    for spec in chosen:
        check_parameters(spec)
        check_values(spec.name, spec.declared_parameters, spec.parameters)
        errors = [
            message for level, message in check_template(spec.name, spec.body) if level == "error"
        ]
        if errors:
            raise UsageError("; ".join(errors))
    return DeployPlan(every, chosen, concurrency, run_checks(chosen, skip=skip_checks))


def deploy(
    app_or_stack: Targets | DeployPlan,
    *,
    target: AwsTarget,
    assume_yes: bool = False,
    allow_replace: bool = False,
    concurrency: int | None = None,
    parameters: Mapping[str, str] | None = None,
    reporter: Reporter | None = None,
    stacks: Sequence[str] = (),
    timeout: float = 3600.0,
    wait_in_progress: float = 300.0,
    watch: cfn_api.Watch | None = None,
    role_arn: str | None = None,
    execute: bool = True,
    approval: Approval | str = Approval.ANY_CHANGE,
    stack_policy: bool = True,
    rollback_triggers: bool = True,
    rollback_monitoring_minutes: int = 0,
    skip_checks: bool = False,
) -> DeployReport:
    """Deploy the stacks (all, or those named in ``stacks``) in dependency order.

    First :func:`plan`: validation errors raise :class:`~hastack.deploy.checks.ChecksFailed`
    before any AWS call, as ``hastack deploy`` refuses them; ``skip_checks=True`` skips
    validation and the cost note, and ``report.checks.skipped`` says so. A :class:`DeployPlan`
    (from :func:`plan`) is deployed as it is; ``parameters``, ``stacks``, ``concurrency`` and
    ``skip_checks`` then belong to the plan. ``concurrency`` defaults to 4.

    Without ``assume_yes`` every change set needs ``reporter.confirm`` to say yes; the default
    reporter says no, so scripts pass ``assume_yes=True``. A destructive change to a stateful
    resource is blocked unless ``allow_replace``. Raises DeployInterrupted on Ctrl-C.
    """
    if isinstance(app_or_stack, DeployPlan):
        if parameters or stacks or skip_checks or concurrency is not None:
            raise UsageError(
                "deploy(plan, ...): parameters, stacks, concurrency and skip_checks belong to "
                "plan()"
            )
        planned = app_or_stack
    else:
        planned = plan(
            app_or_stack,
            parameters=parameters,
            stacks=stacks,
            concurrency=4 if concurrency is None else concurrency,
            skip_checks=skip_checks,
        )
    if planned.checks.refused:
        raise ChecksFailed(planned.checks)
    options = DeployOptions(
        assume_yes=assume_yes,
        allow_replace=allow_replace,
        timeout=timeout,
        wait_in_progress=wait_in_progress,
        role_arn=role_arn,
        execute=execute,
        approval=Approval(approval),
        stack_policy=stack_policy,
        rollback_triggers=rollback_triggers,
        rollback_monitoring_minutes=rollback_monitoring_minutes,
    )
    run = RunState(target, reporter, options, watch)
    operation = DeployOperation(run, planned.every)
    report = across_graph(operation, planned.chosen, concurrency=planned.concurrency)
    report.checks = planned.checks
    return report


def diff(
    app_or_stack: Targets,
    *,
    target: AwsTarget,
    parameters: Mapping[str, str] | None = None,
    stacks: Sequence[str] = (),
    reporter: Reporter | None = None,
) -> list[StackDiff]:
    """What a deploy would change, per stack, without changing anything.

    An existing stack gets a change set that is described and deleted again; a stack not yet
    deployed is diffed locally (everything is an Add), so no empty stack is left behind.
    """
    every, chosen = _select(app_or_stack, stacks)
    apply_parameters(chosen, dict(parameters or {}))
    run = RunState(target, reporter, DeployOptions())
    return in_order(DiffOperation(run, every), chosen)


def destroy(
    app_or_stack: Targets,
    *,
    target: AwsTarget,
    assume_yes: bool = False,
    concurrency: int = 4,
    stacks: Sequence[str] = (),
    reporter: Reporter | None = None,
    timeout: float = 3600.0,
    watch: cfn_api.Watch | None = None,
    role_arn: str | None = None,
) -> DeployReport:
    """Delete the stacks in reverse dependency order (consumers before their producers).

    A stack holding data (databases, buckets, hosted zones) is deleted only when confirmed
    (``assume_yes`` or ``reporter.confirm``); the reporter is told what happens to each such
    resource first (DeletionPolicy Snapshot takes a final snapshot, Retain keeps it). What would
    stop CloudFormation half-way is refused before anything is deleted
    (:class:`~hastack.deploy.preflight.Blocked`).
    """
    _check_concurrency(concurrency)
    every, chosen = _select(app_or_stack, stacks)
    options = DeployOptions(assume_yes=assume_yes, timeout=timeout, role_arn=role_arn)
    run = RunState(target, reporter, options, watch)
    return across_graph(DestroyOperation(run, every), chosen, concurrency=concurrency, reverse=True)


def outputs(
    app_or_stack: Targets, *, target: AwsTarget, stacks: Sequence[str] = ()
) -> dict[str, dict[str, str] | None]:
    """Each stack's deployed outputs, or None for a stack that is not deployed."""
    _, chosen = _select(app_or_stack, stacks)
    result: dict[str, dict[str, str] | None] = {}
    for spec in chosen:
        description = cfn_api.describe_stack(
            target.client("cloudformation", spec.region), spec.name
        )
        ok = description is not None and description.get("StackStatus") != "REVIEW_IN_PROGRESS"
        result[spec.name] = cfn_api.outputs_of(description) if ok else None
    return result


def status(
    app_or_stack: Targets, *, target: AwsTarget, stacks: Sequence[str] = ()
) -> list[StackStatus]:
    """The state of each stack, in dependency order."""
    every, chosen = _select(app_or_stack, stacks)
    return in_order(StatusOperation(RunState(target), every), chosen)


def drift(
    app_or_stack: Targets,
    *,
    target: AwsTarget,
    stacks: Sequence[str] = (),
    watch: cfn_api.Watch | None = None,
) -> list[StackDrift]:
    """Drift of each deployed stack (DetectStackDrift), in dependency order."""
    _, chosen = _select(app_or_stack, stacks)
    return drift_all(chosen, target, watch)
