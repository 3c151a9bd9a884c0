"""The deploy API: ``deploy``, ``diff``, ``destroy``, ``outputs`` and ``status``.

Each takes what to act on (an App, a Stack, a StackSpec or a list of them), an
:class:`~hastack.deploy.session.AwsTarget`, and optionally a reporter; the CLI commands are thin
wrappers over these, and the pytest plugin and failure drills call them directly::

    from hastack.deploy.api import deploy
    from hastack.deploy.session import AwsTarget

    report = deploy(app, target=AwsTarget.local(emulator.endpoint_url), assume_yes=True)
    assert report.ok, report.failures
    vpc_id = report.outputs["network"]["VpcId"]

Checks that need no AWS call (selection, parameters, cycles, concurrency) run first and raise
:class:`~hastack.errors.UsageError`; problems of one stack end up in its result instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hastack.core.limits import check_template
from hastack.deploy import cfn as cfn_api
from hastack.deploy import changesets, preflight
from hastack.deploy.changes import StackDiff, template_changes
from hastack.deploy.drift import StackDrift, drift_all
from hastack.deploy.engine import DeployOptions, Engine
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.graph import run_graph
from hastack.deploy.guards import Approval
from hastack.deploy.parameters import check_values
from hastack.deploy.preflight import Blocked, Blocker
from hastack.deploy.report import DeployReport, StackResult
from hastack.deploy.reporter import Reporter
from hastack.deploy.snapshots import SnapshotNeed
from hastack.deploy.spec import (
    StackSpec,
    apply_parameters,
    check_parameters,
    order_levels,
    specs_of,
)
from hastack.deploy.stateful import deletion_outcome, is_stateful, keeps_data, needs_snapshot
from hastack.errors import DeployError, UsageError


def _select(app_or_stack: Any, stacks: Sequence[str]) -> tuple[list[StackSpec], list[StackSpec]]:
    """(every spec, the selected ones in dependency order); unknown names are usage errors."""
    every = specs_of(app_or_stack)
    if not every:
        raise UsageError("nothing to deploy: no stacks")
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


def _interrupted_message(engine: Engine) -> str:
    running = dict(engine.executing)
    if not running:
        return "interrupted: no stack was being changed; nothing to undo"
    lines = ["interrupted: hastack stopped watching, CloudFormation carries on with:"]
    for name, (region, operation) in sorted(running.items()):
        if operation == "delete":
            lines.append(
                f"  - {name} ({region}) being deleted: follow it with `hastack status`, "
                "run hastack destroy again if it fails"
            )
        else:
            lines.append(
                f"  - {name} ({region}) being deployed: follow it with `hastack status`; roll "
                f"back a running update with `aws cloudformation cancel-update-stack "
                f"--stack-name {name} --region {region}`; deploy again once it has finished "
                "to resume"
            )
    return "\n".join(lines)


def plan(
    app_or_stack: Any,
    *,
    parameters: Mapping[str, str] | None = None,
    stacks: Sequence[str] = (),
    concurrency: int = 4,
) -> tuple[list[StackSpec], list[StackSpec]]:
    """The checks of :func:`deploy` that need no AWS call: (every spec, the selected ones).

    Raises UsageError for an unknown stack or parameter, a parameter without a value, a bad
    concurrency, or a dependency cycle; the CLI calls it before it starts an emulator.
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
    return every, chosen


def deploy(
    app_or_stack: Any,
    *,
    target: Any,
    assume_yes: bool = False,
    allow_replace: bool = False,
    concurrency: int = 4,
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
) -> DeployReport:
    """Deploy the stacks (all, or those named in ``stacks``) in dependency order.

    Without ``assume_yes`` every change set needs ``reporter.confirm`` to say yes; the default
    reporter says no, so scripts pass ``assume_yes=True``. A destructive change to a stateful
    resource is blocked unless ``allow_replace``. Raises DeployInterrupted on Ctrl-C.
    """
    every, chosen = plan(
        app_or_stack, parameters=parameters, stacks=stacks, concurrency=concurrency
    )
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
    engine = Engine(target, reporter, options, watch)
    for spec in chosen:
        engine.secrets.add_template(spec.body, spec.parameters)
    regions = {s.name: s.region for s in every}
    outputs: dict[str, dict[str, str]] = {}

    def work(spec: StackSpec) -> StackResult:
        upstream = {}
        for ref in spec.inputs.values():
            if ref.stack not in outputs:  # a producer outside the selection: read what is deployed
                described = cfn_api.describe_stack(
                    engine.cfn(regions.get(ref.stack, spec.region)), ref.stack
                )
                if described is not None:
                    outputs[ref.stack] = cfn_api.outputs_of(described)
            if ref.stack in outputs:
                upstream[ref.stack] = outputs[ref.stack]
        result = engine.deploy_stack(spec, upstream)
        if result.ok:
            outputs[spec.name] = result.outputs
        return result

    try:
        results = run_graph(
            chosen, work, concurrency=concurrency, watch=engine.watch, prompts=engine.prompts
        )
    except DeployInterrupted:
        raise DeployInterrupted(_interrupted_message(engine)) from None
    return DeployReport(results)


def diff(
    app_or_stack: Any,
    *,
    target: Any,
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
    engine = Engine(target, reporter, DeployOptions())
    regions = {s.name: s.region for s in every}
    diffs = []
    for spec in chosen:
        diffs.append(_diff_one(engine, spec, regions))
    return diffs


def _diff_one(engine: Engine, spec: StackSpec, regions: dict[str, str]) -> StackDiff:
    description = cfn_api.describe_stack(engine.cfn(spec.region), spec.name)
    status = description.get("StackStatus") if description else None
    if description is None or status in ("REVIEW_IN_PROGRESS", "ROLLBACK_COMPLETE"):
        note = (
            "the stack is ROLLBACK_COMPLETE: deploy deletes and recreates it"
            if status == "ROLLBACK_COMPLETE"
            else None
        )
        return StackDiff(
            spec.name, spec.region, "create", template_changes(None, spec.body), note=note
        )
    deployed = engine.deployed_body(spec)
    upstream: dict[str, dict[str, str]] = {}
    for ref in spec.inputs.values():
        producer = cfn_api.describe_stack(
            engine.cfn(regions.get(ref.stack, spec.region)), ref.stack
        )
        if producer is not None:
            upstream[ref.stack] = cfn_api.outputs_of(producer)
    try:
        values = engine.parameter_values(spec, upstream)
    except DeployError as error:
        return StackDiff(
            spec.name,
            spec.region,
            "update",
            template_changes(deployed, spec.body),
            note=f"compared templates only: {error}",
        )
    if engine.is_unchanged(spec, values, description, deployed):
        return StackDiff(spec.name, spec.region, "unchanged")
    if cfn_api.is_in_progress(status) or status.endswith("_FAILED"):
        return StackDiff(
            spec.name,
            spec.region,
            "update",
            template_changes(deployed, spec.body),
            note=f"compared templates only: the stack is {status}",
        )
    with engine.change_set_guard(spec, creating=False) as name:
        change_set_id, change_set = engine.create_change_set(spec, values, description, name)
        try:
            if change_set is None:
                return StackDiff(spec.name, spec.region, "unchanged")
            return engine.build_diff(spec, values, description, deployed, change_set)
        finally:
            engine.delete_change_set(spec, change_set_id)


@dataclass
class StatefulResource:
    logical_id: str
    resource_type: str
    deletion_policy: str | None
    deletion_protection: bool = False
    hastack_snapshot: bool = False

    def describe(self) -> str:
        outcome = deletion_outcome(self.deletion_policy, hastack_snapshot=self.hastack_snapshot)
        text = f"{self.logical_id} ({self.resource_type}): {outcome}"
        if self.deletion_protection:
            text += (
                "; DeletionProtection is on, so CloudFormation will fail to delete it until a "
                "deploy turns it off"
            )
        return text


def stateful_resources(body: dict[str, Any] | None) -> list[StatefulResource]:
    """The data-holding resources of a template, with what deleting the stack does to each."""
    found = []
    for logical_id, resource in ((body or {}).get("Resources") or {}).items():
        if is_stateful(resource.get("Type", "")):
            protected = (resource.get("Properties") or {}).get("DeletionProtection")
            found.append(
                StatefulResource(
                    logical_id,
                    resource["Type"],
                    resource.get("DeletionPolicy"),
                    deletion_protection=protected is True or str(protected).lower() == "true",
                    hastack_snapshot=needs_snapshot(resource, "DeletionPolicy"),
                )
            )
    return found


def destroy(
    app_or_stack: Any,
    *,
    target: Any,
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
    resource first (DeletionPolicy Snapshot takes a final snapshot, Retain keeps it).
    """
    _check_concurrency(concurrency)
    every, chosen = _select(app_or_stack, stacks)
    options = DeployOptions(assume_yes=assume_yes, timeout=timeout, role_arn=role_arn)
    engine = Engine(target, reporter, options, watch)
    _refuse_orphaning(engine, every, chosen)
    blockers = [b for spec in chosen for b in _destroy_blockers(engine, spec, chosen)]
    if blockers:
        raise Blocked("destroy", blockers)

    def work(spec: StackSpec) -> StackResult:
        return engine.run_stack(
            spec,
            lambda: _destroy_one(engine, spec),
            client_reason=lambda error: f"delete failed: {cfn_api.error_message(error)}",
        )

    try:
        results = run_graph(
            chosen,
            work,
            concurrency=concurrency,
            watch=engine.watch,
            reverse=True,
            prompts=engine.prompts,
        )
    except DeployInterrupted:
        raise DeployInterrupted(_interrupted_message(engine)) from None
    return DeployReport(results)


def _destroy_blockers(engine: Engine, spec: StackSpec, chosen: list[StackSpec]) -> list[Blocker]:
    """Everything that would make CloudFormation stop half-way through deleting ``spec``.

    Read-only: the stack's state and termination protection, DeletionProtection and non-empty
    buckets among the resources the delete removes (Retain keeps them out), and exports that a
    stack outside this run still imports.
    """
    cfn = engine.cfn(spec.region)
    description = cfn_api.describe_stack(cfn, spec.name)
    if description is None:
        return []
    status = description.get("StackStatus", "")
    busy = preflight.busy_blocker(spec.name, status)
    if busy is not None:
        return [busy]
    found = [
        preflight.Blocker(spec.name, spec.name, run.refusal(), "let that run finish first")
        for run in changesets.other_runs(cfn, spec.name, spec.region, engine.names)
        if not run.stale
    ]
    protected = preflight.termination_blocker(spec.name, spec.region, description)
    if protected is not None:
        found.append(protected)
    if status == "REVIEW_IN_PROGRESS":
        return found  # an empty stack waiting for a change set: nothing inside to refuse
    stack = preflight.DeployedStack(
        spec.name,
        spec.region,
        description,
        engine.deployed_body(spec) or {},
        preflight.physical_ids(cfn, spec.name),
    )
    deleted = [
        logical_id
        for logical_id, resource in stack.resources.items()
        if (resource or {}).get("DeletionPolicy") not in preflight.KEEPING
    ]
    found += preflight.protection_blockers(engine.target, stack, deleted, "destroy")
    found += preflight.bucket_blockers(engine.target, stack, deleted)
    exports = preflight.live_exports(cfn, description.get("StackId", ""))
    found += preflight.export_blockers(cfn, spec.name, exports, {s.name for s in chosen}, "destroy")
    return found


def _refuse_orphaning(engine: Engine, every: list[StackSpec], chosen: list[StackSpec]) -> None:
    """Deleting a producer whose deployed consumer stays would leave it pointing at nothing."""
    names = {s.name for s in chosen}
    for consumer in every:
        if consumer.name in names:
            continue
        producers = sorted(names & set(consumer.depends_on))
        if not producers:
            continue
        if cfn_api.describe_stack(engine.cfn(consumer.region), consumer.name) is not None:
            raise DeployError(
                f"stack {consumer.name} is deployed and reads outputs of "
                f"{', '.join(producers)}: destroy it first or together (--stack {consumer.name})"
            )


def _destroy_one(engine: Engine, spec: StackSpec) -> StackResult:
    cfn = engine.cfn(spec.region)
    description = cfn_api.describe_stack(cfn, spec.name)
    if description is None:
        engine.reporter.info(spec.name, "not deployed: nothing to delete")
        return StackResult(spec.name, spec.region, "absent")
    status = description.get("StackStatus", "")
    if cfn_api.is_in_progress(status):
        raise DeployError(
            f"stack {spec.name} is {status}: wait until the running operation ends, "
            "then destroy again"
        )
    if description.get("EnableTerminationProtection"):
        raise DeployError(
            f"stack {spec.name} has termination protection; turn it off first with `aws "
            f"cloudformation update-termination-protection --no-enable-termination-protection "
            f"--stack-name {spec.name} --region {spec.region}`"
        )
    deployed = engine.deployed_body(spec) if status != "REVIEW_IN_PROGRESS" else None
    data = stateful_resources(deployed)
    for resource in data:
        engine.reporter.warn(spec.name, resource.describe())
    losing = [r for r in data if not keeps_data(r.deletion_policy)]
    question = f"Delete stack {spec.name} ({spec.region})"
    if losing:
        question += f" and its {len(losing)} data resource(s) listed above"
    if not engine.confirm(question + "?"):
        return StackResult(
            spec.name,
            spec.region,
            "cancelled",
            stack_status=status,
            reason="not confirmed; nothing was deleted",
        )
    engine.snapshot_databases(
        spec,
        [
            SnapshotNeed(logical_id, resource["Type"])
            for logical_id, resource in ((deployed or {}).get("Resources") or {}).items()
            if needs_snapshot(resource, "DeletionPolicy")
        ],
    )
    stream = cfn_api.EventStream(cfn, spec.name)
    stream.mark_existing()
    total = max(1, len((deployed or {}).get("Resources", {})))
    engine.reporter.start(spec.name, total)
    engine.executing[spec.name] = (spec.region, "delete")
    try:
        cfn.delete_stack(StackName=spec.name, **engine.role())
        final = engine.wait(cfn, spec.name, stream, before=description, total=total)
    except DeployInterrupted:
        raise  # stays listed: the Ctrl-C message names it
    except TimeoutError as error:
        engine.executing.pop(spec.name, None)
        return StackResult(spec.name, spec.region, "failed", reason=str(error))
    engine.executing.pop(spec.name, None)
    if final is None:
        return StackResult(spec.name, spec.region, "deleted", stack_status="DELETE_COMPLETE")
    failure = stream.first_failure()
    return StackResult(
        spec.name,
        spec.region,
        "failed",
        stack_status=final.get("StackStatus"),
        failed_resource=failure,
        reason=f"delete ended {final.get('StackStatus')}",
    )


def outputs(
    app_or_stack: Any, *, target: Any, stacks: Sequence[str] = ()
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


@dataclass
class StackStatus:
    """A stack as CloudFormation has it, and whether it matches the local template."""

    name: str
    region: str
    status: str
    """CloudFormation's stack status, or NOT_DEPLOYED."""
    updated: str | None = None
    reason: str | None = None
    current: bool | None = None
    """True when template and parameters match the local ones; None when not comparable."""
    resources: int = 0
    outputs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def status(app_or_stack: Any, *, target: Any, stacks: Sequence[str] = ()) -> list[StackStatus]:
    """The state of each stack, in dependency order."""
    every, chosen = _select(app_or_stack, stacks)
    engine = Engine(target, None, DeployOptions())
    known: dict[str, dict[str, str]] = {}
    found = []
    for spec in chosen:
        description = cfn_api.describe_stack(engine.cfn(spec.region), spec.name)
        if description is None or description.get("StackStatus") == "REVIEW_IN_PROGRESS":
            found.append(
                StackStatus(spec.name, spec.region, "NOT_DEPLOYED", resources=len(spec.resources))
            )
            continue
        known[spec.name] = cfn_api.outputs_of(description)
        when = description.get("LastUpdatedTime") or description.get("CreationTime")
        current: bool | None = None
        try:
            values = engine.parameter_values(spec, known)
            current = engine.is_unchanged(spec, values, description, engine.deployed_body(spec))
        except DeployError:
            current = None
        found.append(
            StackStatus(
                spec.name,
                spec.region,
                description.get("StackStatus", "?"),
                updated=when.isoformat(timespec="seconds") if hasattr(when, "isoformat") else when,
                reason=description.get("StackStatusReason"),
                current=current,
                resources=len(spec.resources),
                outputs=len(description.get("Outputs") or []),
            )
        )
    return found


def drift(
    app_or_stack: Any,
    *,
    target: Any,
    stacks: Sequence[str] = (),
    watch: cfn_api.Watch | None = None,
) -> list[StackDrift]:
    """Drift of each deployed stack (DetectStackDrift), in dependency order."""
    _, chosen = _select(app_or_stack, stacks)
    return drift_all(chosen, target, watch)
