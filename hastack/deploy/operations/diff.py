"""Diff: what a deploy would change in one stack, without changing anything.

An existing stack gets a change set that is described and deleted again; a stack not yet
deployed is diffed locally (everything is an Add), so no empty stack is left behind.
"""

from __future__ import annotations

from typing import Any

from hastack.deploy import cfn as api
from hastack.deploy.changes import StackDiff, template_changes
from hastack.deploy.operations.base import Operation
from hastack.deploy.spec import StackSpec
from hastack.errors import DeployError


class DiffOperation(Operation[StackDiff]):
    verb = "diff"

    def one(self, spec: StackSpec) -> StackDiff:
        description = api.describe_stack(self.cfn(spec.region), spec.name)
        status: api.StackStatusName | None = description.get("StackStatus") if description else None
        if description is None or status in ("REVIEW_IN_PROGRESS", "ROLLBACK_COMPLETE"):
            note = (
                "the stack is ROLLBACK_COMPLETE: deploy deletes and recreates it"
                if status == "ROLLBACK_COMPLETE"
                else None
            )
            return StackDiff(
                spec.name, spec.region, "create", template_changes(None, spec.body), note=note
            )
        deployed = self.deployed_body(spec)
        upstream: dict[str, dict[str, str]] = {}
        for ref in spec.inputs.values():
            outputs = self.producer_outputs(spec, ref.stack)
            if outputs is not None:
                upstream[ref.stack] = outputs
        try:
            values = self.parameter_values(spec, upstream)
        except DeployError as error:
            return _templates_only(spec, deployed, str(error))
        if self.is_unchanged(spec, values, description, deployed):
            return StackDiff(spec.name, spec.region, "unchanged")
        if api.is_in_progress(status) or str(status).endswith("_FAILED"):
            return _templates_only(spec, deployed, f"the stack is {status}")
        with self.change_set_guard(spec, creating=False) as name:
            change_set_id, change_set = self.create_change_set(spec, values, description, name)
            try:
                if change_set is None:
                    return StackDiff(spec.name, spec.region, "unchanged")
                return self.build_diff(spec, values, description, deployed, change_set)
            finally:
                self.delete_change_set(spec, change_set_id)


def _templates_only(spec: StackSpec, deployed: dict[str, Any] | None, why: str) -> StackDiff:
    """An update diffed locally, deployed template against new, when no change set can be made."""
    return StackDiff(
        spec.name,
        spec.region,
        "update",
        template_changes(deployed, spec.body),
        note=f"compared templates only: {why}",
    )
