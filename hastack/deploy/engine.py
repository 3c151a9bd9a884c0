"""Deploying one stack: state checks, no-op skip, change set, guard, confirmation, execution.

:class:`Engine` holds what the stacks of one run share (target, reporter, options, template
store, Ctrl-C watch) and :meth:`Engine.deploy_stack` takes one stack from whatever state
CloudFormation has it in to a final state, returning a :class:`StackResult` instead of raising
for problems that concern that stack only, so that the other stacks' results still get reported.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from hastack.deploy import cfn as api
from hastack.deploy import changesets, guards, preflight
from hastack.deploy.changes import StackDiff, change_set_changes, merge, template_changes
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.guards import Approval
from hastack.deploy.prompts import PromptBroker
from hastack.deploy.report import StackResult
from hastack.deploy.reporter import MaskingReporter, Reporter
from hastack.deploy.secrets import Secrets
from hastack.deploy.snapshots import SnapshotNeed, databases_at_risk, take_snapshots
from hastack.deploy.spec import TAG_STACK, StackSpec
from hastack.deploy.templates import TemplateStore, parse_deployed
from hastack.errors import DeployError, HastackError

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"]
NO_CHANGES = ("didn't contain changes", "No updates are to be performed", "no changes")
NOECHO_MASK = "****"


@dataclass
class DeployOptions:
    assume_yes: bool = False
    allow_replace: bool = False
    timeout: float = 3600.0
    """Longest wait for one stack's create/update/delete to finish."""
    wait_in_progress: float = 300.0
    """How long to wait for an operation already running on a stack (0: refuse at once)."""
    role_arn: str | None = None
    """Service role CloudFormation assumes for the change (``--role-arn``)."""
    execute: bool = True
    """False (``--no-execute``): create the change set, show it, and stop."""
    approval: Approval = Approval.ANY_CHANGE
    """When a change set needs a yes (``--require-approval``)."""
    stack_policy: bool = True
    """Deny replacing and deleting stateful resources with a stack policy."""
    rollback_triggers: bool = True
    """The stack's own alarms become the change set's rollback triggers."""
    rollback_monitoring_minutes: int = 0
    """Minutes CloudFormation keeps watching the triggers after the update."""


class Engine:
    """Shared state of one run; ``deploy_stack`` is safe to call from several threads."""

    def __init__(
        self,
        target: Any,
        reporter: Reporter | None = None,
        options: DeployOptions | None = None,
        watch: api.Watch | None = None,
    ) -> None:
        self.target = target
        self.secrets = Secrets()
        """Secret values of this run's stacks: masked in every message (see secrets.py)."""
        self.reporter: Reporter = MaskingReporter(reporter or Reporter(), self.secrets)
        self.options = options or DeployOptions()
        self.watch = watch or api.Watch()
        self.store = TemplateStore(target)
        self.executing: dict[str, tuple[str, str]] = {}
        """Stacks CloudFormation is changing now: name -> (region, "deploy" or "delete")."""
        self.prompts = PromptBroker(self.reporter.confirm)
        self.names = changesets.ChangeSetNames()
        """Names of this run's change sets (and how to tell another run's apart)."""

    # -- helpers ----------------------------------------------------------------------------
    def cfn(self, region: str) -> Any:
        return self.target.client("cloudformation", region)

    def confirm(self, question: str) -> bool:
        if self.options.assume_yes:
            return True
        return self.prompts.ask(question, self.watch.cancel)

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
        self.secrets.add_template(spec.body, values)
        return values

    # -- state before the change set -----------------------------------------------------------
    def prepare(self, spec: StackSpec) -> dict[str, Any] | None:
        """Bring the stack to a state a change set can start from; None means "create it"."""
        cfn = self.cfn(spec.region)
        for _ in range(3):
            description = api.describe_stack(cfn, spec.name)
            status = description.get("StackStatus") if description else None
            if description is None:
                return None
            if status == "REVIEW_IN_PROGRESS":
                self._clear_review_stack(spec, description)
                return None
            if api.is_in_progress(status):
                self._wait_running(spec, status)
                continue
            if status == "ROLLBACK_COMPLETE":
                self._recreate(spec)
                return None
            if status == "UPDATE_ROLLBACK_FAILED":
                self._continue_rollback(spec)
                continue
            if status in (
                "ROLLBACK_FAILED",
                "DELETE_FAILED",
                "CREATE_FAILED",
                "IMPORT_ROLLBACK_FAILED",
                "UPDATE_FAILED",
            ):
                raise DeployError(_stuck_advice(spec.name, status, description))
            return description
        raise DeployError(f"stack {spec.name} keeps changing state; check it with hastack status")

    def _clear_review_stack(self, spec: StackSpec, description: dict[str, Any]) -> None:
        """An empty REVIEW_IN_PROGRESS stack: hastack's own leftover is removed, another reused.

        A CREATE change set makes the stack before anything is executed; a run stopped at that
        moment (Ctrl-C, a killed process) leaves it behind. Unless another run is working on it
        (see :func:`~hastack.deploy.changesets.claim`), hastack deletes one it tagged and
        creates the stack afresh; a stack some other tool left for review is reused.
        """
        cfn = self.cfn(spec.region)
        changesets.claim(cfn, spec.name, spec.region, self.names, say=self._say(spec))
        if api.tags_of(description).get(TAG_STACK) != spec.name:
            return
        self.reporter.info(spec.name, "removing the empty stack a stopped run left for review")
        changesets.delete_review_stack(cfn, spec.name)
        delays = api.backoff(start=0.5, cap=3.0)
        deadline = self.watch.clock() + 120.0
        while api.describe_stack(cfn, spec.name) is not None:
            if self.watch.clock() > deadline:
                raise DeployError(
                    f"stack {spec.name}: the empty REVIEW_IN_PROGRESS stack is still there after "
                    "120 s; delete it with hastack destroy, then deploy again"
                )
            self.watch.pause(next(delays), spec.name)

    def role(self) -> dict[str, str]:
        """``RoleARN`` for calls that take one, when ``--role-arn`` was given."""
        return {"RoleARN": self.options.role_arn} if self.options.role_arn else {}

    def _say(self, spec: StackSpec) -> Callable[[str], None]:
        return lambda message: self.reporter.info(spec.name, message)

    def _wait_running(self, spec: StackSpec, status: str) -> None:
        limit = self.options.wait_in_progress
        if limit <= 0:
            raise DeployError(
                f"stack {spec.name} is {status}: another operation is running on it. Wait until "
                "it ends (hastack status shows it), then deploy again"
            )
        self.reporter.info(
            spec.name, f"stack is {status}; waiting up to {limit:.0f} s for it to end"
        )
        stream = api.EventStream(self.cfn(spec.region), spec.name)
        stream.mark_existing()
        try:
            api.wait_for_stack(
                self.cfn(spec.region),
                spec.name,
                stream=stream,
                reporter=Reporter(),
                watch=self.watch,
                total=1,
                timeout=limit,
            )
        except TimeoutError:
            raise DeployError(
                f"stack {spec.name} is still {status} after {limit:.0f} s: another operation is "
                "running on it. Wait until it ends (hastack status shows it), then deploy again"
            ) from None

    def _recreate(self, spec: StackSpec) -> None:
        explanation = (
            f"stack {spec.name} is ROLLBACK_COMPLETE: its first create failed and CloudFormation "
            "rolled it back, so it holds no resources and cannot be updated; it has to be "
            "deleted and created again"
        )
        self.reporter.warn(spec.name, explanation)
        if not self.confirm(f"Delete the empty stack {spec.name} and create it again?"):
            raise DeployError(
                explanation + " (not confirmed: run with --yes, or delete it yourself)"
            )
        self._delete_and_wait(spec.name, spec.region)

    def _continue_rollback(self, spec: StackSpec) -> None:
        explanation = (
            f"stack {spec.name} is UPDATE_ROLLBACK_FAILED: an update failed and so did its "
            "rollback; CloudFormation can retry the rollback (ContinueUpdateRollback)"
        )
        self.reporter.warn(spec.name, explanation)
        if not self.confirm(f"Continue the rollback of {spec.name}, then deploy?"):
            raise DeployError(explanation + " (not confirmed: run with --yes to continue it)")
        final, stream = self._start_and_wait(
            spec.name,
            spec.region,
            lambda cfn: cfn.continue_update_rollback(StackName=spec.name, **self.role()),
        )
        status = final.get("StackStatus") if final else None
        if status != "UPDATE_ROLLBACK_COMPLETE":
            failure = stream.first_failure()
            raise DeployError(
                f"stack {spec.name}: continuing the rollback ended {status}"
                + (f"; first failure: {failure.describe()}" if failure else "")
                + ". Skip the resources that cannot roll back with `aws cloudformation "
                f"continue-update-rollback --stack-name {spec.name} --resources-to-skip ...`"
            )

    def _delete_and_wait(self, name: str, region: str) -> None:
        final, stream = self._start_and_wait(
            name, region, lambda cfn: cfn.delete_stack(StackName=name, **self.role())
        )
        if final is not None:
            failure = stream.first_failure()
            raise DeployError(
                f"stack {name}: delete ended {final.get('StackStatus')}"
                + (f"; first failure: {failure.describe()}" if failure else "")
            )

    def _start_and_wait(
        self, name: str, region: str, start: Callable[[Any], object]
    ) -> tuple[dict[str, Any] | None, api.EventStream]:
        """``start(cfn)`` an operation on stack ``name``, then wait for it (see :meth:`wait`)."""
        cfn = self.cfn(region)
        stream = api.EventStream(cfn, name)
        stream.mark_existing()
        before = api.describe_stack(cfn, name)
        start(cfn)
        return self.wait(cfn, name, stream, before=before), stream

    def wait(
        self,
        cfn: Any,
        name: str,
        stream: api.EventStream,
        *,
        before: dict[str, Any] | None,
        total: int = 1,
    ) -> dict[str, Any] | None:
        """Wait for the operation just started on ``name``; its events go to the reporter.

        ``before`` is the stack's description from before the operation (see
        :func:`~hastack.deploy.cfn.wait_for_stack`); returns the final one, None once deleted.
        """
        return api.wait_for_stack(
            cfn,
            name,
            stream=stream,
            reporter=self.reporter,
            watch=self.watch,
            total=total,
            timeout=self.options.timeout,
            before=before,
            track_start=True,
        )

    # -- no-op detection -----------------------------------------------------------------------
    def deployed_body(self, spec: StackSpec) -> dict[str, Any] | None:
        answer = self.cfn(spec.region).get_template(StackName=spec.name, TemplateStage="Original")
        return parse_deployed(answer.get("TemplateBody"))

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
    ) -> list[tuple[str, str | None, str | None]]:
        """(key, deployed, new) per changed parameter, secret values masked."""
        deployed = api.parameters_of(description)
        self.secrets.add_template(spec.body, deployed)
        wanted = self.effective_parameters(spec, values)
        changes = []
        for key in sorted(set(deployed) | set(wanted)):
            old, new = deployed.get(key), wanted.get(key)
            if key not in wanted and key in spec.declared_parameters:
                continue  # no value given: the previous one is kept
            if old == NOECHO_MASK and new is not None:
                changes.append((key, old, NOECHO_MASK))  # cannot compare a hidden value
            elif old != new:
                changes.append(
                    (key, self.secrets.parameter(key, old), self.secrets.parameter(key, new))
                )
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
        cfn = self.cfn(spec.region)
        args: dict[str, Any] = {
            "StackName": spec.name,
            "ChangeSetName": name,
            "ChangeSetType": "CREATE" if description is None else "UPDATE",
            "Parameters": self.change_set_parameters(spec, values, description),
            "Tags": spec.stack_tags(),
            "Capabilities": CAPABILITIES,
            "Description": "hastack deploy" if self.options.execute else changesets.NO_EXECUTE,
            **self.store.template_argument(spec.name, spec.region, spec.body),
            **self.role(),
        }
        rollback = self.rollback_configuration(spec, deployed)
        if rollback is not None:
            args["RollbackConfiguration"] = rollback
        if "TemplateURL" in args:
            self.reporter.info(
                spec.name, f"template over 51,200 bytes: uploaded to {args['TemplateURL']}"
            )
        created = cfn.create_change_set(**args)
        change_set_id = created["Id"]
        delays = api.backoff(start=0.5, cap=3.0)
        while True:
            page = cfn.describe_change_set(ChangeSetName=change_set_id, StackName=spec.name)
            status = page.get("Status")
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
            self.watch.pause(next(delays), spec.name)
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
            changesets.claim(cfn, spec.name, spec.region, self.names, say=self._say(spec))
        name = self.names.next()
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
        local = template_changes(deployed, spec.body)
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

    # -- the whole stack -----------------------------------------------------------------------
    def deploy_stack(self, spec: StackSpec, upstream: dict[str, dict[str, str]]) -> StackResult:
        return self.run_stack(
            spec,
            lambda: self._deploy(spec, upstream),
            client_reason=lambda error: f"{type(error).__name__}: {api.error_message(error)}",
        )

    def run_stack(
        self,
        spec: StackSpec,
        work: Callable[[], StackResult],
        *,
        client_reason: Callable[[Exception], str],
    ) -> StackResult:
        """``work()`` on one stack, timed and passed to ``reporter.finish``.

        A hastack error or an error answer from AWS (worded by ``client_reason``) becomes the
        stack's failed result, so the other stacks still run and get reported; Ctrl-C and bugs
        propagate.
        """
        started = self.watch.clock()
        try:
            result = work()
        except DeployInterrupted:
            raise
        except HastackError as error:
            result = StackResult(spec.name, spec.region, "failed", reason=str(error))
        except Exception as error:  # botocore errors and the like: report, do not traceback
            if not _is_client_error(error):
                raise
            result = StackResult(spec.name, spec.region, "failed", reason=client_reason(error))
        result.seconds = self.watch.clock() - started
        if result.reason:
            result.reason = self.secrets.text(result.reason)
        self.reporter.finish(result)
        return result

    def _deploy(self, spec: StackSpec, upstream: dict[str, dict[str, str]]) -> StackResult:
        values = self.parameter_values(spec, upstream)
        description = self.prepare(spec)
        deployed = self.deployed_body(spec) if description is not None else None
        if description is not None and self.is_unchanged(spec, values, description, deployed):
            self.reporter.info(spec.name, "no changes: the deployed template and parameters match")
            self.sync_termination_protection(spec, description)
            return StackResult(
                spec.name,
                spec.region,
                "unchanged",
                stack_status=description.get("StackStatus"),
                outputs=api.outputs_of(description),
            )
        self.watch.check(spec.name)
        with self.change_set_guard(spec, creating=description is None) as name:
            return self._change(spec, values, description, deployed, name)

    def _change(
        self,
        spec: StackSpec,
        values: dict[str, str],
        description: dict[str, Any] | None,
        deployed: dict[str, Any] | None,
        name: str,
    ) -> StackResult:
        change_set_id, change_set = self.create_change_set(
            spec, values, description, name, deployed
        )
        if change_set is None:
            self.reporter.info(spec.name, "no changes: CloudFormation found nothing to update")
            return StackResult(
                spec.name,
                spec.region,
                "unchanged",
                stack_status=description.get("StackStatus") if description else None,
                outputs=api.outputs_of(description),
            )
        diff = self.build_diff(spec, values, description, deployed, change_set)
        self.reporter.show_diff(diff)
        reasons = []
        if diff.destructive and not self.options.allow_replace:
            risks = "; ".join(c.describe_risk() for c in diff.destructive)
            reasons.append(
                f"blocked: this deploy {risks}. Re-run with --allow-replace if that is intended"
            )
        blockers = self.change_blockers(spec, values, diff, description, deployed)
        if blockers:
            reasons.append(preflight.blocked_message("deploy", blockers))
        if reasons:
            self.discard(spec, change_set_id, creating=description is None)
            return StackResult(
                spec.name,
                spec.region,
                "blocked",
                diff=diff,
                stack_status=description.get("StackStatus") if description else None,
                reason="\n".join(reasons),
            )
        broadening = guards.widening(diff, spec.body, spec.region)
        for line in broadening:
            self.reporter.warn(spec.name, f"widens access: {line}")
        if not self.options.execute:
            self.reporter.info(
                spec.name,
                f"change set {name} created and not executed; execute it with `aws "
                f"cloudformation execute-change-set --change-set-name {name} --stack-name "
                f"{spec.name} --region {spec.region}` or delete it with delete-change-set",
            )
            return StackResult(
                spec.name,
                spec.region,
                "planned",
                diff=diff,
                stack_status=description.get("StackStatus") if description else None,
                reason=f"change set {name} left for review",
            )
        count = len(diff.changes)
        ask = guards.needs_approval(self.options.approval, broadening)
        question = f"Deploy {count} change(s) to stack {spec.name} ({spec.region})"
        if broadening:
            question += f", {len(broadening)} of them widening access as listed above"
        if ask and not self.confirm(question + "?"):
            self.delete_change_set(spec, change_set_id)
            if description is None:
                self.delete_review_stack(spec)
            return StackResult(
                spec.name,
                spec.region,
                "cancelled",
                diff=diff,
                reason="not confirmed; nothing was changed",
            )
        if diff.destructive and deployed is not None:
            try:
                self.snapshot_databases(spec, databases_at_risk(diff, deployed))
            except (DeployError, DeployInterrupted):  # nothing executed: no change set left
                self.delete_change_set(spec, change_set_id)
                raise
        if diff.destructive and description is not None:
            self.set_stack_policy(spec, guards.ALLOW_ALL)  # lifted for this execution only
        return self.execute(
            spec,
            change_set_id,
            diff,
            creating=description is None,
            protected=bool(description and description.get("EnableTerminationProtection")),
        )

    def change_blockers(
        self,
        spec: StackSpec,
        values: dict[str, str],
        diff: StackDiff,
        description: dict[str, Any] | None,
        deployed: dict[str, Any] | None,
    ) -> list[preflight.Blocker]:
        """What CloudFormation would refuse in this change set, read before executing it.

        A replaced resource is deleted in the update's clean-up phase and a removed one during
        the update: DeletionProtection or a non-empty bucket fails either, and the old resource
        stays orphaned. Removing an export another stack imports fails the whole update.
        """
        if description is None or deployed is None:
            return []
        resources = deployed.get("Resources") or {}
        deleted = []
        for change in diff.changes:
            old = resources.get(change.logical_id) or {}
            if change.action == "Remove":
                policy = old.get("DeletionPolicy")
            elif change.action == "Modify" and change.replacement == "True":
                policy = old.get("UpdateReplacePolicy")
            else:
                continue
            if policy not in preflight.KEEPING:
                deleted.append(change.logical_id)
        leaving = preflight.exports_of(
            deployed, spec.region, api.parameters_of(description)
        ) - preflight.exports_of(spec.body, spec.region, self.effective_parameters(spec, values))
        if not deleted and not leaving:
            return []
        cfn = self.cfn(spec.region)
        stack = preflight.DeployedStack(
            spec.name, spec.region, description, deployed, preflight.physical_ids(cfn, spec.name)
        )
        found = preflight.protection_blockers(self.target, stack, deleted, "this deploy")
        found += preflight.bucket_blockers(self.target, stack, deleted)
        found += preflight.export_blockers(cfn, spec.name, leaving, {spec.name}, "this deploy")
        return found

    def discard(self, spec: StackSpec, change_set_id: str, *, creating: bool) -> None:
        """Remove an unexecuted change set, and the empty stack a CREATE one made."""
        self.delete_change_set(spec, change_set_id)
        if creating:
            self.delete_review_stack(spec)

    def rollback_configuration(
        self, spec: StackSpec, deployed: dict[str, Any] | None
    ) -> dict[str, Any] | None:
        """The deployed stack's alarms as rollback triggers (None on create or without alarms)."""
        if not self.options.rollback_triggers or not deployed:
            return None
        resources = deployed.get("Resources") or {}
        if not any((r or {}).get("Type") == guards.ALARM for r in resources.values()):
            return None
        return guards.rollback_configuration(
            deployed,
            preflight.physical_ids(self.cfn(spec.region), spec.name),
            region=spec.region,
            account=self.target.account_id(),
            monitoring_minutes=self.options.rollback_monitoring_minutes,
        )

    def set_stack_policy(self, spec: StackSpec, policy: str | None) -> None:
        """Set ``policy`` on the stack; the emulator or a missing permission only warns."""
        if policy is None or not self.options.stack_policy:
            return
        try:
            self.cfn(spec.region).set_stack_policy(StackName=spec.name, StackPolicyBody=policy)
        except Exception as error:  # noqa: BLE001 - the deploy stands; say why it is unprotected
            self.reporter.warn(
                spec.name, f"could not set the stack policy: {api.error_message(error)}"
            )

    def snapshot_databases(self, spec: StackSpec, needs: list[SnapshotNeed]) -> list[str]:
        """Snapshot databases about to be deleted or replaced without a copy of their own."""
        if not needs:
            return []
        return take_snapshots(
            cfn=self.cfn(spec.region),
            rds=self.target.client("rds", spec.region),
            stack=spec.name,
            needs=needs,
            say=lambda message: self.reporter.info(spec.name, message),
            timeout=self.options.timeout,
            pause=lambda seconds: self.watch.pause(seconds, spec.name),
        )

    def execute(
        self,
        spec: StackSpec,
        change_set_id: str,
        diff: StackDiff,
        *,
        creating: bool,
        protected: bool,
    ) -> StackResult:
        if self.watch.cancel.is_set():  # Ctrl-C came while the change set was being made
            self.delete_change_set(spec, change_set_id)
            raise DeployInterrupted(f"stopped before executing the change set of {spec.name}")
        cfn = self.cfn(spec.region)
        stream = api.EventStream(cfn, spec.name)
        stream.mark_existing()
        before = api.describe_stack(cfn, spec.name)
        total = max(1, len(diff.changes))
        self.reporter.start(spec.name, total)
        self.executing[spec.name] = (spec.region, "deploy")
        try:
            try:
                cfn.execute_change_set(ChangeSetName=change_set_id, StackName=spec.name)
            except Exception as error:
                if not _is_client_error(error):
                    raise
                stream.poll()
                failure = stream.first_failure()
                return StackResult(
                    spec.name,
                    spec.region,
                    "failed",
                    diff=diff,
                    failed_resource=failure,
                    reason=f"CloudFormation rejected the change set: {api.error_message(error)}",
                )
            final = self.wait(cfn, spec.name, stream, before=before, total=total)
        except DeployInterrupted:
            raise  # it stays listed in `executing`: the Ctrl-C message names it
        except TimeoutError as error:
            self.executing.pop(spec.name, None)
            return StackResult(
                spec.name,
                spec.region,
                "failed",
                diff=diff,
                reason=f"{error}; it continues in CloudFormation (hastack status)",
            )
        except BaseException:
            self.executing.pop(spec.name, None)
            raise
        self.executing.pop(spec.name, None)
        status = final.get("StackStatus") if final else "DELETE_COMPLETE"
        if status in api.SUCCESS_STATES:
            self.sync_termination_protection(spec, final, current=protected)
            self.set_stack_policy(spec, guards.protecting_policy(spec.body))
            return StackResult(
                spec.name,
                spec.region,
                "created" if creating else "updated",
                stack_status=status,
                outputs=api.outputs_of(final),
                diff=diff,
            )
        failure = stream.first_failure()
        reason = f"stack ended {status}"
        if final and final.get("StackStatusReason"):
            reason += f" ({final['StackStatusReason']})"
        if status == "ROLLBACK_COMPLETE":
            reason += "; the stack is empty now, the next deploy offers to delete and recreate it"
        return StackResult(
            spec.name,
            spec.region,
            "failed",
            stack_status=status,
            diff=diff,
            failed_resource=failure,
            reason=reason,
        )

    def sync_termination_protection(
        self, spec: StackSpec, description: dict[str, Any] | None, current: bool | None = None
    ) -> None:
        """Turn termination protection on when asked (never off: that is a console decision)."""
        if not spec.termination_protection:
            return
        if current is None:
            current = bool(description and description.get("EnableTerminationProtection"))
        if current:
            return
        try:
            self.cfn(spec.region).update_termination_protection(
                StackName=spec.name, EnableTerminationProtection=True
            )
            self.reporter.info(spec.name, "termination protection enabled")
        except Exception as error:  # the emulator lacks this call: say so, the deploy stands
            self.reporter.warn(
                spec.name, f"could not enable termination protection: {api.error_message(error)}"
            )


def _is_client_error(error: Exception) -> bool:
    """An error answer from AWS or the emulator (including an unparseable one), not a bug."""
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    return isinstance(error, ClientError | BotoCoreError | ResponseParserError)


def _stuck_advice(name: str, status: str, description: dict[str, Any]) -> str:
    reason = description.get("StackStatusReason")
    detail = f" ({reason})" if reason else ""
    if status == "DELETE_FAILED":
        return (
            f"stack {name} is DELETE_FAILED{detail}: a delete could not remove every resource. "
            "Fix or remove the resource that blocks it, then run hastack destroy again"
        )
    return (
        f"stack {name} is {status}{detail}: CloudFormation cannot update it. Delete it "
        "(hastack destroy) and deploy again"
    )
