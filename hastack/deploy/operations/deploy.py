"""Deploying one stack: state checks, no-op skip, change set, guard, confirmation, execution.

:meth:`DeployOperation.deploy_stack` takes one stack from whatever state CloudFormation has it
in to a final state, returning a :class:`StackResult` instead of raising for problems that
concern that stack only, so that the other stacks' results still get reported. ``one`` feeds it
the outputs of the stacks it reads from: those deployed earlier in the run, else what
CloudFormation holds for a producer outside the selection.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from hastack.deploy import cfn as api
from hastack.deploy import changesets, guards, preflight
from hastack.deploy.changes import StackDiff
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.operations.base import Operation
from hastack.deploy.report import StackResult
from hastack.deploy.reporter import Reporter
from hastack.deploy.run import RunState, is_client_error
from hastack.deploy.snapshots import databases_at_risk
from hastack.deploy.spec import TAG_STACK, StackSpec
from hastack.errors import DeployError

STUCK: frozenset[api.StackStatusName] = frozenset(
    {
        "ROLLBACK_FAILED",
        "DELETE_FAILED",
        "CREATE_FAILED",
        "IMPORT_ROLLBACK_FAILED",
        "UPDATE_FAILED",
    }
)
"""States CloudFormation cannot update a stack from: it has to be deleted first."""


class DeployOperation(Operation[StackResult]):
    """Deploy the selected stacks; ``deploy_stack`` is safe to call from several threads."""

    verb = "deploy"

    def __init__(self, run: RunState, every: Sequence[StackSpec] = ()) -> None:
        super().__init__(run, every)
        self.outputs: dict[str, dict[str, str]] = {}
        """Outputs of the stacks deployed so far (and of producers read from CloudFormation)."""

    def begin(self, chosen: list[StackSpec]) -> None:
        """Every literal secret of the selection is masked from the first message on."""
        for spec in chosen:
            self.run.secrets.add_template(spec.body, spec.parameters)

    def one(self, spec: StackSpec) -> StackResult:
        upstream = {}
        for ref in spec.inputs.values():
            if ref.stack not in self.outputs:  # a producer outside the selection: read it
                deployed = self.producer_outputs(spec, ref.stack)
                if deployed is not None:
                    self.outputs[ref.stack] = deployed
            if ref.stack in self.outputs:
                upstream[ref.stack] = self.outputs[ref.stack]
        result = self.deploy_stack(spec, upstream)
        if result.ok:
            self.outputs[spec.name] = result.outputs
        return result

    # -- state before the change set -----------------------------------------------------------
    def prepare(self, spec: StackSpec) -> dict[str, Any] | None:
        """Bring the stack to a state a change set can start from; None means "create it"."""
        cfn = self.cfn(spec.region)
        for _ in range(3):
            description = api.describe_stack(cfn, spec.name)
            status: api.StackStatusName | None = (
                description.get("StackStatus") if description else None
            )
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
            if status in STUCK:
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
        changesets.claim(cfn, spec.name, spec.region, self.run.names, say=self.run.say(spec))
        if api.tags_of(description).get(TAG_STACK) != spec.name:
            return
        self.run.reporter.info(spec.name, "removing the empty stack a stopped run left for review")
        changesets.delete_review_stack(cfn, spec.name)
        delays = api.backoff(start=0.5, cap=3.0)
        deadline = self.run.watch.clock() + 120.0
        while api.describe_stack(cfn, spec.name) is not None:
            if self.run.watch.clock() > deadline:
                raise DeployError(
                    f"stack {spec.name}: the empty REVIEW_IN_PROGRESS stack is still there after "
                    "120 s; delete it with hastack destroy, then deploy again"
                )
            self.run.watch.pause(next(delays), spec.name)

    def _wait_running(self, spec: StackSpec, status: str) -> None:
        limit = self.run.options.wait_in_progress
        if limit <= 0:
            raise DeployError(
                f"stack {spec.name} is {status}: another operation is running on it. Wait until "
                "it ends (hastack status shows it), then deploy again"
            )
        self.run.reporter.info(
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
                watch=self.run.watch,
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
        self.run.reporter.warn(spec.name, explanation)
        if not self.run.confirm(f"Delete the empty stack {spec.name} and create it again?"):
            raise DeployError(
                explanation + " (not confirmed: run with --yes, or delete it yourself)"
            )
        self._delete_and_wait(spec.name, spec.region)

    def _continue_rollback(self, spec: StackSpec) -> None:
        explanation = (
            f"stack {spec.name} is UPDATE_ROLLBACK_FAILED: an update failed and so did its "
            "rollback; CloudFormation can retry the rollback (ContinueUpdateRollback)"
        )
        self.run.reporter.warn(spec.name, explanation)
        if not self.run.confirm(f"Continue the rollback of {spec.name}, then deploy?"):
            raise DeployError(explanation + " (not confirmed: run with --yes to continue it)")
        final, stream = self._start_and_wait(
            spec.name,
            spec.region,
            lambda cfn: cfn.continue_update_rollback(StackName=spec.name, **self.run.role()),
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
            name, region, lambda cfn: cfn.delete_stack(StackName=name, **self.run.role())
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
        return self.run.wait(cfn, name, stream, before=before), stream

    # -- the whole stack -----------------------------------------------------------------------
    def deploy_stack(self, spec: StackSpec, upstream: dict[str, dict[str, str]]) -> StackResult:
        return self.run.run_stack(
            spec,
            lambda: self._deploy(spec, upstream),
            client_reason=lambda error: f"{type(error).__name__}: {api.error_message(error)}",
        )

    def _deploy(self, spec: StackSpec, upstream: dict[str, dict[str, str]]) -> StackResult:
        values = self.parameter_values(spec, upstream)
        description = self.prepare(spec)
        deployed = self.deployed_body(spec) if description is not None else None
        if description is not None and self.is_unchanged(spec, values, description, deployed):
            self.run.reporter.info(
                spec.name, "no changes: the deployed template and parameters match"
            )
            self.sync_termination_protection(spec, description)
            return StackResult(
                spec.name,
                spec.region,
                "unchanged",
                stack_status=description.get("StackStatus"),
                outputs=api.outputs_of(description),
            )
        self.run.watch.check(spec.name)
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
            self.run.reporter.info(spec.name, "no changes: CloudFormation found nothing to update")
            return StackResult(
                spec.name,
                spec.region,
                "unchanged",
                stack_status=description.get("StackStatus") if description else None,
                outputs=api.outputs_of(description),
            )
        diff = self.build_diff(spec, values, description, deployed, change_set)
        self.run.reporter.show_diff(diff)
        reasons = []
        if diff.destructive and not self.run.options.allow_replace:
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
            self.run.reporter.warn(spec.name, f"widens access: {line}")
        if not self.run.options.execute:
            self.run.reporter.info(
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
        ask = guards.needs_approval(self.run.options.approval, broadening)
        question = f"Deploy {count} change(s) to stack {spec.name} ({spec.region})"
        if broadening:
            question += f", {len(broadening)} of them widening access as listed above"
        if ask and not self.run.confirm(question + "?"):
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
                self.run.snapshot_databases(spec, databases_at_risk(diff, deployed))
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
        found = preflight.protection_blockers(self.run.target, stack, deleted, "this deploy")
        found += preflight.bucket_blockers(self.run.target, stack, deleted)
        found += preflight.export_blockers(cfn, spec.name, leaving, {spec.name}, "this deploy")
        return found

    def discard(self, spec: StackSpec, change_set_id: str, *, creating: bool) -> None:
        """Remove an unexecuted change set, and the empty stack a CREATE one made."""
        self.delete_change_set(spec, change_set_id)
        if creating:
            self.delete_review_stack(spec)

    def set_stack_policy(self, spec: StackSpec, policy: str | None) -> None:
        """Set ``policy`` on the stack; the emulator or a missing permission only warns."""
        if policy is None or not self.run.options.stack_policy:
            return
        try:
            self.cfn(spec.region).set_stack_policy(StackName=spec.name, StackPolicyBody=policy)
        except Exception as error:  # noqa: BLE001 - the deploy stands; say why it is unprotected
            self.run.reporter.warn(
                spec.name, f"could not set the stack policy: {api.error_message(error)}"
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
        if self.run.watch.cancel.is_set():  # Ctrl-C came while the change set was being made
            self.delete_change_set(spec, change_set_id)
            raise DeployInterrupted(f"stopped before executing the change set of {spec.name}")
        cfn = self.cfn(spec.region)
        stream = api.EventStream(cfn, spec.name)
        stream.mark_existing()
        before = api.describe_stack(cfn, spec.name)
        total = max(1, len(diff.changes))
        self.run.reporter.start(spec.name, total)
        self.run.executing[spec.name] = (spec.region, "deploy")
        try:
            try:
                cfn.execute_change_set(ChangeSetName=change_set_id, StackName=spec.name)
            except Exception as error:
                if not is_client_error(error):
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
            final = self.run.wait(cfn, spec.name, stream, before=before, total=total)
        except DeployInterrupted:
            raise  # it stays listed in `executing`: the Ctrl-C message names it
        except TimeoutError as error:
            self.run.executing.pop(spec.name, None)
            return StackResult(
                spec.name,
                spec.region,
                "failed",
                diff=diff,
                reason=f"{error}; it continues in CloudFormation (hastack status)",
            )
        except BaseException:
            self.run.executing.pop(spec.name, None)
            raise
        self.run.executing.pop(spec.name, None)
        status: api.StackStatusName | None = (
            final.get("StackStatus") if final else "DELETE_COMPLETE"
        )
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
            self.run.reporter.info(spec.name, "termination protection enabled")
        except Exception as error:  # the emulator lacks this call: say so, the deploy stands
            self.run.reporter.warn(
                spec.name, f"could not enable termination protection: {api.error_message(error)}"
            )


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
