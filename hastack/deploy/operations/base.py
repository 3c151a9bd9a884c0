"""The shape of an operation, its two drivers, and what deploy, diff and status share.

What they share is reading a stack against the local template: parameter values (literal and
from producers' outputs), whether the deployed stack already matches, and the change set that
says what would change (created, described and, unless executed, deleted again).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from hastack.deploy import cfn as api
from hastack.deploy import changesets, guards, preflight
from hastack.deploy.changes import (
    ParameterChange,
    StackDiff,
    change_set_changes,
    merge,
    template_changes,
)
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.graph import run_graph
from hastack.deploy.report import DeployReport, StackResult
from hastack.deploy.run import RunState
from hastack.deploy.spec import StackSpec
from hastack.errors import DeployError

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
NO_CHANGES = ("didn't contain changes", "No updates are to be performed", "no changes")
NOECHO_MASK = "****"

R = TypeVar("R")


class Operation(Generic[R]):
    """One operation over the selected stacks of a run: ``begin`` once, then ``one`` per stack.

    ``every`` is every stack of the target (a producer outside the selection is found there).
    """

    verb: ClassVar[str] = "deploy"

    def __init__(self, run: RunState, every: Sequence[StackSpec] = ()) -> None:
        self.run = run
        self.regions = {s.name: s.region for s in every}

    def begin(self, chosen: list[StackSpec]) -> None:
        """Read-only checks and set-up over the whole selection, before any stack is touched."""

    def one(self, spec: StackSpec) -> R:
        raise NotImplementedError

    # -- reading a stack against the local template --------------------------------------------
    def cfn(self, region: str) -> Any:
        return self.run.cfn(region)

    def deployed_body(self, spec: StackSpec) -> dict[str, Any] | None:
        return self.run.deployed_body(spec)

    def producer_outputs(self, spec: StackSpec, producer: str) -> dict[str, str] | None:
        """The deployed outputs of stack ``producer`` (None when it is not deployed)."""
        region = self.regions.get(producer, spec.region)
        described = api.describe_stack(self.cfn(region), producer)
        return None if described is None else api.outputs_of(described)

    def parameter_values(
        self, spec: StackSpec, upstream: dict[str, dict[str, str]]
    ) -> dict[str, str]:
        """Literal values plus producers' outputs for this stack's inputs."""
        values = dict(spec.parameters)
        for key, ref in spec.inputs.items():
            outputs = upstream.get(ref.stack)
            if outputs is None:
                raise DeployError(
                    f"stack {spec.name} needs output {ref.output} of stack {ref.stack}, which is "
                    f"not deployed: deploy {ref.stack} first"
                )
            if ref.output not in outputs:
                raise DeployError(
                    f"stack {spec.name} needs output {ref.output} of stack {ref.stack}, which has "
                    f"no such output (it has: {', '.join(sorted(outputs)) or 'none'})"
                )
            values[key] = outputs[ref.output]
        self.run.secrets.add_template(spec.body, values)
        return values

    def effective_parameters(self, spec: StackSpec, values: dict[str, str]) -> dict[str, str]:
        """Every declared parameter's value as CloudFormation will hold it (defaults filled in)."""
        result = {}
        for key, declaration in spec.declared_parameters.items():
            if key in values:
                result[key] = str(values[key])
            elif "Default" in (declaration or {}):
                default = declaration["Default"]
                result[key] = (
                    ",".join(map(str, default)) if isinstance(default, list) else str(default)
                )
        return result

    def parameter_changes(
        self, spec: StackSpec, values: dict[str, str], description: dict[str, Any] | None
    ) -> list[ParameterChange]:
        """(key, deployed, new) per changed parameter, secret values masked."""
        deployed = api.parameters_of(description)
        secrets = self.run.secrets
        secrets.add_template(spec.body, deployed)
        wanted = self.effective_parameters(spec, values)
        changes: list[ParameterChange] = []
        for key in sorted(set(deployed) | set(wanted)):
            old, new = deployed.get(key), wanted.get(key)
            if key not in wanted and key in spec.declared_parameters:
                continue  # no value given: the previous one is kept
            if old == NOECHO_MASK and new is not None:
                changes.append((key, old, NOECHO_MASK))  # cannot compare a hidden value
            elif old != new:
                changes.append((key, secrets.parameter(key, old), secrets.parameter(key, new)))
        return changes

    def is_unchanged(
        self,
        spec: StackSpec,
        values: dict[str, str],
        description: dict[str, Any],
        deployed: dict[str, Any] | None,
    ) -> bool:
        if description.get("StackStatus") not in api.SUCCESS_STATES | {"UPDATE_ROLLBACK_COMPLETE"}:
            return False
        if deployed != spec.body:
            return False
        if self.parameter_changes(spec, values, description):
            return False
        wanted_tags = {t["Key"]: t["Value"] for t in spec.stack_tags()}
        return api.tags_of(description) == wanted_tags

    # -- the change set ------------------------------------------------------------------------
    def change_set_parameters(
        self, spec: StackSpec, values: dict[str, str], description: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        deployed = api.parameters_of(description)
        result: list[dict[str, Any]] = []
        for key, declaration in spec.declared_parameters.items():
            if key in values:
                result.append({"ParameterKey": key, "ParameterValue": str(values[key])})
            elif "Default" not in (declaration or {}) and key in deployed:
                result.append({"ParameterKey": key, "UsePreviousValue": True})
        return result

    def rollback_configuration(
        self, spec: StackSpec, deployed: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The deployed stack's alarms as rollback triggers (None on create or without alarms)."""
        options = self.run.options
        if not options.rollback_triggers or not deployed:
            return None
        resources = deployed.get("Resources") or {}
        if not any((r or {}).get("Type") == guards.ALARM for r in resources.values()):
            return None
        return guards.rollback_configuration(
            deployed,
            preflight.physical_ids(self.cfn(spec.region), spec.name),
            region=spec.region,
            account=self.run.target.account_id(),
            monitoring_minutes=options.rollback_monitoring_minutes,
        )

    def create_change_set(
        self,
        spec: StackSpec,
        values: dict[str, str],
        description: dict[str, Any] | None,
        name: str,
        deployed: dict[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        """Create change set ``name`` and wait for it: (its id, its description or None if empty).

        Callers wrap this in :meth:`change_set_guard` so that it is removed again whatever
        stops the run before execution.
        """
        run = self.run
        cfn = self.cfn(spec.region)
        args: dict[str, Any] = {
            "StackName": spec.name,
            "ChangeSetName": name,
            "ChangeSetType": "CREATE" if description is None else "UPDATE",
            "Parameters": self.change_set_parameters(spec, values, description),
            "Tags": spec.stack_tags(),
            "Capabilities": CAPABILITIES,
            "Description": "hastack deploy" if run.options.execute else changesets.NO_EXECUTE,
            **run.store.template_argument(spec.name, spec.region, spec.body),
            **run.role(),
        }
        rollback = self.rollback_configuration(spec, deployed)
        if rollback is not None:
            args["RollbackConfiguration"] = rollback
        if "TemplateURL" in args:
            run.reporter.info(
                spec.name, f"template over 51,200 bytes: uploaded to {args['TemplateURL']}"
            )
        created = cfn.create_change_set(**args)
        change_set_id: str = created["Id"]
        delays = api.backoff(start=0.5, cap=3.0)
        while True:
            page = cfn.describe_change_set(ChangeSetName=change_set_id, StackName=spec.name)
            status: api.ChangeSetStatus | None = page.get("Status")
            if status == "CREATE_COMPLETE":
                break
            if status == "FAILED":
                reason = page.get("StatusReason") or "no reason given"
                if any(marker in reason for marker in NO_CHANGES):
                    self.delete_change_set(spec, change_set_id)
                    return change_set_id, None
                self.delete_change_set(spec, change_set_id)
                raise DeployError(
                    f"stack {spec.name}: CloudFormation rejected the change set: {reason}"
                )
            run.watch.pause(next(delays), spec.name)
        changes = list(page.get("Changes", []))
        token = page.get("NextToken")
        while token:
            more = cfn.describe_change_set(
                ChangeSetName=change_set_id, StackName=spec.name, NextToken=token
            )
            changes.extend(more.get("Changes", []))
            token = more.get("NextToken")
        page["Changes"] = changes
        return change_set_id, page

    def delete_change_set(self, spec: StackSpec, change_set_id: str) -> None:
        changesets.delete(self.cfn(spec.region), spec.name, change_set_id)

    def delete_review_stack(self, spec: StackSpec) -> None:
        """A CREATE change set leaves an empty REVIEW_IN_PROGRESS stack behind: remove it."""
        changesets.delete_review_stack(self.cfn(spec.region), spec.name)

    @contextlib.contextmanager
    def change_set_guard(self, spec: StackSpec, *, creating: bool) -> Iterator[str]:
        """A fresh change set name; whatever ends the block early removes what it left.

        Another run's live change set on the stack is refused first (concurrency); on any
        exception (Ctrl-C included) :func:`~hastack.deploy.changesets.abandon` deletes the
        change set if it was not executed, and the empty stack of a CREATE one.
        """
        cfn = self.cfn(spec.region)
        if not creating:
            changesets.claim(cfn, spec.name, spec.region, self.run.names, say=self.run.say(spec))
        name = self.run.names.next()
        try:
            yield name
        except BaseException:
            changesets.abandon(cfn, spec.name, name, creating=creating)
            raise

    def build_diff(
        self,
        spec: StackSpec,
        values: dict[str, str],
        description: dict[str, Any] | None,
        deployed: dict[str, Any] | None,
        change_set: dict[str, Any] | None,
    ) -> StackDiff:
        local = template_changes(
            deployed,
            spec.body,
            self.effective_parameters(spec, values),
            api.parameters_of(description) if description is not None else None,
        )
        if change_set is not None:
            changes = merge(change_set_changes(change_set.get("Changes", [])), local)
        else:
            changes = local
        return StackDiff(
            stack=spec.name,
            region=spec.region,
            kind="create" if description is None else "update",
            changes=changes,
            parameters=[]
            if description is None
            else self.parameter_changes(spec, values, description),
        )


def across_graph(
    operation: Operation[StackResult],
    chosen: list[StackSpec],
    *,
    concurrency: int,
    reverse: bool = False,
) -> DeployReport:
    """Run an operation that changes stacks over the dependency graph, several at a time.

    ``reverse`` (destroy) takes consumers before their producers. Ctrl-C becomes a
    DeployInterrupted naming what CloudFormation carries on with.
    """
    operation.begin(chosen)
    run = operation.run
    try:
        results = run_graph(
            chosen,
            operation.one,
            concurrency=concurrency,
            watch=run.watch,
            reverse=reverse,
            prompts=run.prompts,
        )
    except DeployInterrupted:
        raise DeployInterrupted(run.interrupted_message()) from None
    return DeployReport(results)


def in_order(operation: Operation[R], chosen: list[StackSpec]) -> list[R]:
    """Run a read-only operation on each stack in dependency order, one at a time."""
    operation.begin(chosen)
    return [operation.one(spec) for spec in chosen]
