"""Destroy: delete stacks in reverse dependency order (consumers before their producers).

Before anything is deleted, ``begin`` refuses what would leave a deployed consumer pointing at
nothing and lists every blocker that would stop CloudFormation half-way (termination
protection, DeletionProtection, non-empty buckets, exports still imported). A stack holding
data is deleted only when confirmed; the reporter is told first what happens to each such
resource (DeletionPolicy Snapshot takes a final snapshot, Retain keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hastack.deploy import cfn as cfn_api
from hastack.deploy import changesets, preflight
from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.operations.base import Operation
from hastack.deploy.preflight import Blocked, Blocker
from hastack.deploy.report import StackResult
from hastack.deploy.run import RunState
from hastack.deploy.snapshots import SnapshotNeed
from hastack.deploy.spec import StackSpec
from hastack.deploy.stateful import deletion_outcome, is_stateful, keeps_data, needs_snapshot
from hastack.errors import DeployError


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


class DestroyOperation(Operation[StackResult]):
    verb = "destroy"

    def __init__(self, run: RunState, every: Sequence[StackSpec] = ()) -> None:
        super().__init__(run, every)
        self.every = list(every)

    def begin(self, chosen: list[StackSpec]) -> None:
        """Refuse, before anything is deleted, what would fail or orphan a stack."""
        self.refuse_orphaning(chosen)
        blockers = [b for spec in chosen for b in self.blockers(spec, chosen)]
        if blockers:
            raise Blocked("destroy", blockers)

    def one(self, spec: StackSpec) -> StackResult:
        return self.run.run_stack(
            spec,
            lambda: self.destroy_stack(spec),
            client_reason=lambda error: f"delete failed: {cfn_api.error_message(error)}",
        )

    def blockers(self, spec: StackSpec, chosen: list[StackSpec]) -> list[Blocker]:
        """Everything that would make CloudFormation stop half-way through deleting ``spec``.

        Read-only: the stack's state and termination protection, DeletionProtection and non-empty
        buckets among the resources the delete removes (Retain keeps them out), and exports that a
        stack outside this run still imports.
        """
        cfn = self.cfn(spec.region)
        description = cfn_api.describe_stack(cfn, spec.name)
        if description is None:
            return []
        status = description.get("StackStatus", "")
        busy = preflight.busy_blocker(spec.name, status)
        if busy is not None:
            return [busy]
        found = [
            preflight.Blocker(spec.name, spec.name, other.refusal(), "let that run finish first")
            for other in changesets.other_runs(cfn, spec.name, spec.region, self.run.names)
            if not other.stale
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
            self.deployed_body(spec) or {},
            preflight.physical_ids(cfn, spec.name),
        )
        deleted = [
            logical_id
            for logical_id, resource in stack.resources.items()
            if (resource or {}).get("DeletionPolicy") not in preflight.KEEPING
        ]
        found += preflight.protection_blockers(self.run.target, stack, deleted, "destroy")
        found += preflight.bucket_blockers(self.run.target, stack, deleted)
        exports = preflight.live_exports(cfn, description.get("StackId", ""))
        found += preflight.export_blockers(
            cfn, spec.name, exports, {s.name for s in chosen}, "destroy"
        )
        return found

    def refuse_orphaning(self, chosen: list[StackSpec]) -> None:
        """Deleting a producer whose deployed consumer stays would leave it pointing at nothing."""
        names = {s.name for s in chosen}
        for consumer in self.every:
            if consumer.name in names:
                continue
            producers = sorted(names & set(consumer.depends_on))
            if not producers:
                continue
            if cfn_api.describe_stack(self.cfn(consumer.region), consumer.name) is not None:
                raise DeployError(
                    f"stack {consumer.name} is deployed and reads outputs of "
                    f"{', '.join(producers)}: destroy it first or together "
                    f"(--stack {consumer.name})"
                )

    def destroy_stack(self, spec: StackSpec) -> StackResult:
        cfn = self.cfn(spec.region)
        description = cfn_api.describe_stack(cfn, spec.name)
        if description is None:
            self.run.reporter.info(spec.name, "not deployed: nothing to delete")
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
        deployed = self.deployed_body(spec) if status != "REVIEW_IN_PROGRESS" else None
        data = stateful_resources(deployed)
        for resource in data:
            self.run.reporter.warn(spec.name, resource.describe())
        losing = [r for r in data if not keeps_data(r.deletion_policy)]
        question = f"Delete stack {spec.name} ({spec.region})"
        if losing:
            question += f" and its {len(losing)} data resource(s) listed above"
        if not self.run.confirm(question + "?"):
            return StackResult(
                spec.name,
                spec.region,
                "cancelled",
                stack_status=status,
                reason="not confirmed; nothing was deleted",
            )
        self.run.snapshot_databases(
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
        self.run.reporter.start(spec.name, total)
        self.run.executing[spec.name] = (spec.region, "delete")
        try:
            cfn.delete_stack(StackName=spec.name, **self.run.role())
            final = self.run.wait(cfn, spec.name, stream, before=description, total=total)
        except DeployInterrupted:
            raise  # stays listed: the Ctrl-C message names it
        except TimeoutError as error:
            self.run.executing.pop(spec.name, None)
            return StackResult(spec.name, spec.region, "failed", reason=str(error))
        self.run.executing.pop(spec.name, None)
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
