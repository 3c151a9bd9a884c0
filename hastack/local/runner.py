"""Running one stack operation: create, update (with cleanup), delete, and their rollbacks.

The order of work and the statuses follow AWS:
- create: CREATE_IN_PROGRESS, each resource after its dependencies, CREATE_COMPLETE; a failure
  rolls back (ROLLBACK_IN_PROGRESS, delete what was made, ROLLBACK_COMPLETE) unless rollback is
  disabled (CREATE_FAILED).
- update: UPDATE_IN_PROGRESS; changed resources updated in place, or replaced (the new one
  created, references switched to it); UPDATE_COMPLETE_CLEANUP_IN_PROGRESS deletes replaced and
  removed resources; UPDATE_COMPLETE. A failure restores the previous template, parameters,
  outputs and resources (UPDATE_ROLLBACK_IN_PROGRESS ... UPDATE_ROLLBACK_COMPLETE).
- delete: reverse dependency order, ``DeletionPolicy`` honoured, DELETE_FAILED keeps the stack.
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hastack.core.template_format import dependencies
from hastack.local.errors import CfnError, ResourceFailure
from hastack.local.handlers import Context, Live, NeedsReplacement, handler_for
from hastack.local.model import Resource, Stack, Version
from hastack.local.protocol import now
from hastack.local.replacement import replacing
from hastack.local.template import Pending, Scope, creation_order
from hastack.template.schemas import property_errors

if TYPE_CHECKING:
    from hastack.local.service import CloudFormation

REPLACING_REASON = (
    "Requested update requires the creation of a new physical resource; hence creating one."
)


def reason_of(error: BaseException) -> str:
    """One readable line from a handler or moto error (they carry code + message)."""
    if isinstance(error, ResourceFailure | CfnError):
        return str(error) if not isinstance(error, CfnError) else error.message
    code = getattr(error, "code", None) or getattr(error, "error_type", None)
    message = getattr(error, "message", None) or getattr(error, "description", None)
    if code and message:
        return f"{code}: {message}"
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return f"the local engine failed on this resource ({text.splitlines()[0][:400]})"


@dataclass
class Step:
    """What an update did to one resource, so a rollback can undo it."""

    logical_id: str
    kind: str  # "create" | "update" | "replace"
    before: Resource | None
    after: Resource
    undone: bool = False
    cleaned: bool = False


@dataclass
class Operation:
    cfn: CloudFormation
    stack: Stack
    token: str | None = None
    steps: list[Step] = field(default_factory=list)

    # -- plumbing --------------------------------------------------------------------------

    def ctx(self, logical_id: str, resource_type: str) -> Context:
        return Context(
            account=self.stack.account,
            region=self.stack.region,
            stack_name=self.stack.name,
            stack_id=self.stack.stack_id,
            logical_id=logical_id,
            resource_type=resource_type,
            engine=self.cfn,
            creating_stack=self.stack.status == "CREATE_IN_PROGRESS",
        )

    def event(
        self,
        resource: Resource | None,
        logical_id: str,
        kind: str,
        status: str,
        reason: str | None = None,
        physical_id: str | None = None,
        props: dict[str, Any] | None = None,
    ) -> None:
        if resource is not None:
            resource.status = status
            resource.reason = reason
            resource.updated = now()
        self.stack.event(
            logical_id,
            kind,
            status,
            physical_id=physical_id
            if physical_id is not None
            else (resource.physical_id if resource else ""),
            reason=reason,
            token=self.token,
            properties=props,
        )

    def pause(self, logical_id: str, action: str) -> None:
        """The rehearsal hooks, before each resource action: ``resource_delay`` seconds, then
        ``resource_hook(stack name, logical id, action)``, which may hold the resource there
        (while another request cancels the update, say)."""
        if self.cfn.resource_delay:
            time.sleep(self.cfn.resource_delay)
        if self.cfn.resource_hook is not None:
            self.cfn.resource_hook(self.stack.name, logical_id, action)

    def check_cancel(self, logical_id: str = "", kind: str = "", status_prefix: str = "") -> None:
        """CancelUpdateStack takes effect between resource actions: the resource in progress
        fails with AWS's "Resource update cancelled" and the update rolls back."""
        if not self.stack.cancel_requested:
            return
        if logical_id:
            what = "creation" if status_prefix == "CREATE" else "update"
            self.event(
                None, logical_id, kind, f"{status_prefix}_FAILED", f"Resource {what} cancelled"
            )
        raise _Cancelled(logical_id)

    def scope(self, version: Version, resources: dict[str, Resource]) -> Scope:
        return self.cfn.scope(self.stack, version, resources)

    # -- create ----------------------------------------------------------------------------

    def create(self, version: Version, *, rollback: bool) -> None:
        self.stack.stack_event("CREATE_IN_PROGRESS", "User Initiated", self.token)
        resources: dict[str, Resource] = {}
        self.stack.version = dataclasses.replace(version, resources=resources, outputs=[])
        try:
            scope = self.scope(version, resources)
            for logical_id in self.wanted(version, scope):
                resources[logical_id] = self.create_resource(version, scope, logical_id)
            self.stack.version.outputs = self.finish(version, scope, None)
        except _Failed as failed:
            self.stack.version.outputs = []
            if not rollback:
                self.stack.stack_event("CREATE_FAILED", failed.stack_reason("create"), self.token)
                return
            self.stack.stack_event(
                "ROLLBACK_IN_PROGRESS", failed.stack_reason("create"), self.token
            )
            if self.delete_all(resources, list(resources)[::-1], honour_policies=False):
                self.stack.stack_event("ROLLBACK_COMPLETE", None, self.token)
            else:
                self.stack.stack_event("ROLLBACK_FAILED", _left_reason(resources), self.token)
            return
        self.stack.stack_event("CREATE_COMPLETE", None, self.token)

    def finish(self, version: Version, scope: Scope, old: Version | None) -> list[dict[str, Any]]:
        """The outputs, and the export rules checked: a failure here fails the operation."""
        try:
            outputs = self.cfn.outputs(self.stack, version, scope)
            self.cfn.check_exports(self.stack, old, outputs)
        except (ResourceFailure, CfnError) as error:
            raise _Failed("", reason_of(error)) from None
        return outputs

    def wanted(self, version: Version, scope: Scope) -> list[str]:
        """Resources to have, in creation order (a false ``Condition`` leaves one out)."""
        declared = version.body["Resources"]
        order = creation_order(version.body)
        return [
            lid
            for lid in order
            if "Condition" not in declared[lid] or scope.condition(declared[lid]["Condition"])
        ]

    def properties(
        self, version: Version, scope: Scope, logical_id: str, kind: str, status_prefix: str
    ) -> dict[str, Any]:
        """The resource's evaluated properties; a value that cannot be had, or properties of a
        shape the type's schema refuses, fail the resource (its ``*_FAILED`` event carries the
        reason, as on AWS: "Properties validation failed for resource X with message: ...")."""
        declared = version.body["Resources"][logical_id]
        try:
            props = scope.evaluate(declared.get("Properties") or {}) or {}
        except (ResourceFailure, CfnError) as error:
            reason = reason_of(error)
        except Pending as pending:
            reason = f"{pending.logical_id} is not available"
        else:
            errors = property_errors(kind, props, self.stack.region)
            if not errors:
                return props
            message = errors[0] if len(errors) == 1 else f"[{', '.join(errors)}]"
            reason = (
                f"Properties validation failed for resource {logical_id} with message: {message}"
            )
        self.event(None, logical_id, kind, f"{status_prefix}_FAILED", reason)
        raise _Failed(logical_id, reason)

    def create_resource(
        self, version: Version, scope: Scope, logical_id: str, status_prefix: str = "CREATE"
    ) -> Resource:
        declared = version.body["Resources"][logical_id]
        kind = declared["Type"]
        props = self.properties(version, scope, logical_id, kind, status_prefix)
        self.event(
            None, logical_id, kind, f"{status_prefix}_IN_PROGRESS", physical_id="", props=props
        )
        self.pause(logical_id, status_prefix)
        self.check_cancel(logical_id, kind, status_prefix)
        try:
            handler = handler_for(kind, placeholders=self.cfn.placeholders)
            live = handler.create(self.ctx(logical_id, kind), props)
        except Exception as error:  # noqa: BLE001 - any handler failure fails the resource
            reason = reason_of(error)
            self.event(None, logical_id, kind, f"{status_prefix}_FAILED", reason)
            raise _Failed(logical_id, reason) from None
        resource = _resource(logical_id, declared, props, live)
        self.event(resource, logical_id, kind, f"{status_prefix}_COMPLETE", live.note)
        return resource

    # -- update ----------------------------------------------------------------------------

    def update(self, old: Version, new: Version, *, rollback: bool) -> None:
        stack = self.stack
        stack.cancel_requested = False
        stack.stack_event("UPDATE_IN_PROGRESS", "User Initiated", self.token)
        stack.updated = now()
        working = dict(old.resources)
        try:
            scope = self.scope(new, working)
            wanted = self.wanted(new, scope)
            for logical_id in wanted:
                self.check_cancel()
                self.update_resource(new, scope, working, logical_id)
            self.check_cancel()
            outputs = self.finish(new, scope, old)
        except _Failed as failed:
            self.roll_back_update(old, working, failed, rollback)
            return
        removed = [lid for lid in old.resources if lid not in wanted]
        stack.version = dataclasses.replace(
            new, resources={lid: working[lid] for lid in wanted}, outputs=outputs
        )
        stack.stack_event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", None, self.token)
        for step in reversed(self.steps):
            if step.kind == "replace" and step.before is not None:
                self.delete_resource(step.before, policy=step.before.update_replace_policy)
        order = _deletion_order(old.body, removed)
        for logical_id in order:
            self.delete_resource(old.resources[logical_id])
        stack.stack_event("UPDATE_COMPLETE", None, self.token)

    def update_resource(
        self, new: Version, scope: Scope, working: dict[str, Resource], logical_id: str
    ) -> None:
        declared = new.body["Resources"][logical_id]
        kind = declared["Type"]
        current = working.get(logical_id)
        if current is None:
            working[logical_id] = resource = self.create_resource(new, scope, logical_id)
            self.steps.append(Step(logical_id, "create", None, resource))
            return
        props = self.properties(new, scope, logical_id, kind, "UPDATE")
        policies = _policies(declared)
        if current.type == kind and current.props == props:
            current.deletion_policy, current.update_replace_policy = policies
            return
        changed = {
            k for k in set(props) | set(current.props) if props.get(k) != current.props.get(k)
        }
        replace = current.type != kind or bool(changed & replacing(kind))
        ctx = self.ctx(logical_id, kind)
        if not replace:
            self.event(current, logical_id, kind, "UPDATE_IN_PROGRESS", props=props)
            self.pause(logical_id, "UPDATE")
            self.check_cancel(logical_id, kind, "UPDATE")
            try:
                handler = handler_for(kind, placeholders=self.cfn.placeholders)
                live = handler.update(ctx, _copy_live(current.live), current.props, props)
            except NeedsReplacement:
                replace = True
            except Exception as error:  # noqa: BLE001
                reason = reason_of(error)
                self.event(current, logical_id, kind, "UPDATE_FAILED", reason)
                raise _Failed(logical_id, reason) from None
            else:
                after = _resource(logical_id, declared, props, live)
                after.physical_id = live.physical_id
                working[logical_id] = after
                self.steps.append(Step(logical_id, "update", current, after))
                self.event(after, logical_id, kind, "UPDATE_COMPLETE", live.note)
                return
        self.event(current, logical_id, kind, "UPDATE_IN_PROGRESS", REPLACING_REASON)
        after = self.create_resource(new, scope, logical_id, "UPDATE")
        working[logical_id] = after
        self.steps.append(Step(logical_id, "replace", current, after))

    def roll_back_update(
        self, old: Version, working: dict[str, Resource], failed: _Failed, rollback: bool
    ) -> None:
        stack = self.stack
        stack.cancel_requested = False
        if not rollback and not isinstance(failed, _Cancelled):  # a cancel always rolls back
            stack.version.resources = working  # type: ignore[union-attr]
            stack.stack_event("UPDATE_FAILED", failed.stack_reason("update"), self.token)
            return
        stack.stack_event("UPDATE_ROLLBACK_IN_PROGRESS", failed.stack_reason("update"), self.token)
        stack.version = dataclasses.replace(old, resources=dict(old.resources), outputs=old.outputs)
        self.finish_rollback(self.steps, set())

    def finish_rollback(self, steps: list[Step], skip: set[str]) -> None:
        """Undo ``steps``; UPDATE_ROLLBACK_FAILED keeps what could not be undone for
        ContinueUpdateRollback (which may skip resources by logical id, as on AWS)."""
        stack = self.stack
        left = self.undo(steps, skip)
        if left:
            stack.rollback_pending = steps
            reasons = "; ".join(f"{s.logical_id}: {s.before.reason}" for s in left if s.before)
            stack.stack_event("UPDATE_ROLLBACK_FAILED", reasons, self.token)
            return
        stack.rollback_pending = None
        stack.stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", None, self.token)
        for step in reversed(steps):
            if step.kind in ("create", "replace") and not step.cleaned:
                step.cleaned = self.delete_resource(step.after, policy="Delete")
        stack.stack_event("UPDATE_ROLLBACK_COMPLETE", None, self.token)

    def undo(self, steps: list[Step], skip: set[str]) -> list[Step]:
        """Put back every resource updated in place (replaced ones are still there, created
        ones go in the cleanup); the steps that could not be undone."""
        problems: list[Step] = []
        for step in reversed(steps):
            if step.kind != "update" or step.before is None or step.undone:
                continue
            if step.logical_id in skip:
                step.undone = True
                self.event(
                    step.before,
                    step.logical_id,
                    step.before.type,
                    "UPDATE_COMPLETE",
                    "Resource skipped during rollback (ResourcesToSkip)",
                )
                continue
            before = step.before
            ctx = self.ctx(step.logical_id, before.type)
            self.event(before, step.logical_id, before.type, "UPDATE_IN_PROGRESS")
            try:
                handler = handler_for(before.type, placeholders=self.cfn.placeholders)
                handler.update(ctx, _copy_live(step.after.live), step.after.props, before.props)
            except Exception as error:  # noqa: BLE001
                reason = reason_of(error)
                self.event(before, step.logical_id, before.type, "UPDATE_FAILED", reason)
                problems.append(step)
                continue
            step.undone = True
            self.event(before, step.logical_id, before.type, "UPDATE_COMPLETE")
        return problems

    # -- delete ----------------------------------------------------------------------------

    def delete(self, retain: set[str]) -> bool:
        stack = self.stack
        version = stack.version
        stack.stack_event("DELETE_IN_PROGRESS", "User Initiated", self.token)
        if version is None:
            stack.stack_event("DELETE_COMPLETE", None, self.token)
            return True
        in_use = self.cfn.exports_in_use(stack, set(version.exports()))
        if in_use:
            stack.stack_event("DELETE_FAILED", in_use, self.token)
            return False
        order = _deletion_order(version.body, list(version.resources))
        if self.delete_all(version.resources, order, retain=retain):
            stack.stack_event("DELETE_COMPLETE", None, self.token)
            return True
        stack.stack_event("DELETE_FAILED", _left_reason(version.resources, "delete"), self.token)
        return False

    def delete_all(
        self,
        resources: dict[str, Resource],
        order: list[str],
        *,
        honour_policies: bool = True,
        retain: Set[str] = frozenset(),
    ) -> bool:
        """Delete in ``order``; a resource whose dependent failed to go is left (AWS cannot
        delete what is still in use). True when nothing is left."""
        body = self.stack.version.body if self.stack.version else {"Resources": {}}
        deps = dependencies(body) if body.get("Resources") else {}
        blocked: set[str] = set()
        for logical_id in order:
            resource = resources.get(logical_id)
            if resource is None:
                continue
            if logical_id in blocked:
                blocked.update(deps.get(logical_id, ()))
                continue
            policy = resource.deletion_policy if honour_policies else "Delete"
            if logical_id in retain:
                policy = "Retain"
            if self.delete_resource(resource, policy=policy):
                resources.pop(logical_id, None)
            else:
                blocked.update(deps.get(logical_id, ()))
        return not resources

    def delete_resource(self, resource: Resource, policy: str | None = None) -> bool:
        policy = policy or resource.deletion_policy
        if policy == "Retain":
            self.event(resource, resource.logical_id, resource.type, "DELETE_SKIPPED")
            return True
        self.event(resource, resource.logical_id, resource.type, "DELETE_IN_PROGRESS")
        self.pause(resource.logical_id, "DELETE")
        ctx = self.ctx(resource.logical_id, resource.type)
        try:
            handler = handler_for(resource.type, placeholders=True)
            if policy == "Snapshot":
                handler.snapshot(ctx, resource.live)
            handler.delete(ctx, resource.live, resource.props)
        except Exception as error:  # noqa: BLE001
            self.event(
                resource, resource.logical_id, resource.type, "DELETE_FAILED", reason_of(error)
            )
            return False
        self.event(resource, resource.logical_id, resource.type, "DELETE_COMPLETE")
        return True


class _Failed(Exception):
    def __init__(self, logical_id: str, reason: str) -> None:
        super().__init__(reason)
        self.logical_id = logical_id
        self.reason = reason

    def stack_reason(self, verb: str) -> str:
        if not self.logical_id:
            return self.reason
        return f"The following resource(s) failed to {verb}: [{self.logical_id}]. "


class _Cancelled(_Failed):
    """CancelUpdateStack: the update stops and rolls back (the stack's reason says so)."""

    def __init__(self, logical_id: str) -> None:
        super().__init__(logical_id, "Resource update cancelled")

    def stack_reason(self, verb: str) -> str:
        return "Stack UPDATE cancelled"


def _policies(declared: dict[str, Any]) -> tuple[str, str]:
    return (
        str(declared.get("DeletionPolicy") or "Delete"),
        str(declared.get("UpdateReplacePolicy") or "Delete"),
    )


def _resource(
    logical_id: str, declared: dict[str, Any], props: dict[str, Any], live: Live
) -> Resource:
    deletion, replace = _policies(declared)
    return Resource(
        logical_id=logical_id,
        type=declared["Type"],
        physical_id=live.physical_id,
        props=props,
        live=live,
        deletion_policy=deletion,
        update_replace_policy=replace,
        description=declared.get("Description"),
        metadata=declared.get("Metadata"),
    )


def _copy_live(live: Live) -> Live:
    return Live(live.physical_id, dict(live.attributes), live.state)


def _deletion_order(body: dict[str, Any], logical_ids: list[str]) -> list[str]:
    """Dependents first: the reverse of the creation order."""
    try:
        order = creation_order(body)
    except CfnError:
        order = list(body.get("Resources") or {})
    ranked = [lid for lid in reversed(order) if lid in logical_ids]
    return ranked + [lid for lid in logical_ids if lid not in ranked]


def _left_reason(resources: dict[str, Resource], verb: str = "delete") -> str:
    return f"The following resource(s) failed to {verb}: [{', '.join(sorted(resources))}]. "


Callback = Callable[[], None]
