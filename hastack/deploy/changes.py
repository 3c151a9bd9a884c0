"""What a deploy changes, per resource: the readable diff and the replacement guard.

Two sources are merged. The change set says which resources CloudFormation will add, modify or
remove, and on AWS whether a modification replaces the resource. Comparing the deployed template
with the new one says which properties changed, and (through :mod:`hastack.deploy.stateful`)
whether a stateful resource gets replaced even when the change set cannot tell, as on the local
emulator. Whichever source says "replacement" wins: the guard errs on the side of the data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hastack.deploy.stateful import (
    deletion_outcome,
    is_stateful,
    keeps_data,
    needs_snapshot,
    replacing_properties,
)
from hastack.template.transforms import expand_language_extensions, needs_expansion

ACTION_ORDER = {"Add": 0, "Modify": 1, "Remove": 2, "Import": 3, "Dynamic": 4}
REPLACEMENT_RANK = {None: 0, "False": 1, "Conditional": 2, "True": 3}
ATTRIBUTES = (
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "UpdatePolicy",
    "CreationPolicy",
    "DependsOn",
    "Condition",
    "Metadata",
)


@dataclass
class ResourceChange:
    """One resource's change: action, type, changed properties and whether it is replaced."""

    action: str
    logical_id: str
    resource_type: str
    properties: list[str] = field(default_factory=list)
    replacement: str | None = None
    """"True", "Conditional", "False", or None when unknown (Add, Remove, emulator)."""
    replaced_by: list[str] = field(default_factory=list)
    """Properties known to force the replacement (from hastack's table)."""
    deletion_policy: str | None = None
    hastack_snapshot: bool = False
    """hastack snapshots this database itself before CloudFormation deletes it."""

    @property
    def stateful(self) -> bool:
        return is_stateful(self.resource_type)

    @property
    def replaces(self) -> bool:
        return self.action == "Modify" and self.replacement in ("True", "Conditional")

    @property
    def destructive(self) -> bool:
        """Replacing or removing a stateful resource: its data is lost (or only snapshotted)."""
        if not self.stateful:
            return False
        if self.action == "Remove":
            return not keeps_data(self.deletion_policy)
        return self.replaces

    def describe_risk(self) -> str:
        verb = "removes" if self.action == "Remove" else "replaces"
        why = f" (changed: {', '.join(self.replaced_by)})" if self.replaced_by else ""
        return (
            f"{verb} {self.logical_id} ({self.resource_type}){why}: "
            f"{deletion_outcome(self.deletion_policy, hastack_snapshot=self.hastack_snapshot)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "logical_id": self.logical_id,
            "type": self.resource_type,
            "properties": self.properties,
            "replacement": self.replacement,
            "replaced_by": self.replaced_by,
            "stateful": self.stateful,
            "destructive": self.destructive,
        }


DiffKind = Literal["create", "update", "unchanged"]
ParameterChange = tuple[str, str | None, str | None]
"""(key, deployed value, new value) of a parameter whose value changes."""


@dataclass
class StackDiff:
    """Every change one stack's deploy would make."""

    stack: str
    region: str
    kind: DiffKind
    """"create", "update" or "unchanged"."""
    changes: list[ResourceChange] = field(default_factory=list)
    parameters: list[ParameterChange] = field(default_factory=list)
    """(key, deployed value, new value) for parameters whose value changes."""
    note: str | None = None

    @property
    def destructive(self) -> list[ResourceChange]:
        return [c for c in self.changes if c.destructive]

    @property
    def empty(self) -> bool:
        return not self.changes and not self.parameters

    def ordered(self) -> list[ResourceChange]:
        """Destructive changes first, then additions, modifications, removals."""
        return sorted(
            self.changes,
            key=lambda c: (not c.destructive, ACTION_ORDER.get(c.action, 9), c.logical_id),
        )

    def counts(self) -> dict[str, int]:
        result = {"Add": 0, "Modify": 0, "Remove": 0}
        for change in self.changes:
            result[change.action] = result.get(change.action, 0) + 1
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "region": self.region,
            "kind": self.kind,
            "changes": [c.to_dict() for c in self.ordered()],
            "parameters": [{"key": k, "old": old, "new": new} for k, old, new in self.parameters],
            "destructive": len(self.destructive),
            "note": self.note,
        }


def template_changes(
    old: dict[str, Any] | None,
    new: dict[str, Any],
    parameters: Mapping[str, str] | None = None,
    old_parameters: Mapping[str, str] | None = None,
) -> list[ResourceChange]:
    """Resource changes between two template bodies (old None = a stack not yet created).

    Both are compared as CloudFormation runs them: ``Fn::ForEach`` loops expanded, with
    ``parameters`` (the new values) and ``old_parameters`` (the deployed ones; the new by
    default) for collections that name one, so a loop's key is never taken for a resource.
    """
    before = parameters if old_parameters is None else old_parameters
    old_resources = _processed_resources(old or {}, before)
    new_resources = _processed_resources(new, parameters)
    changes: list[ResourceChange] = []
    for logical_id, resource in new_resources.items():
        previous = old_resources.get(logical_id)
        if previous is None:
            changes.append(ResourceChange("Add", logical_id, resource.get("Type", "?")))
            continue
        change = _modification(logical_id, previous, resource)
        if change is not None:
            changes.append(change)
    for logical_id, resource in old_resources.items():
        if logical_id not in new_resources:
            changes.append(
                ResourceChange(
                    "Remove",
                    logical_id,
                    resource.get("Type", "?"),
                    deletion_policy=resource.get("DeletionPolicy"),
                    hastack_snapshot=needs_snapshot(resource, "DeletionPolicy"),
                )
            )
    return changes


def _processed_resources(
    body: Mapping[str, Any], parameters: Mapping[str, str] | None
) -> dict[str, dict[str, Any]]:
    if needs_expansion(body):
        body = expand_language_extensions(body, parameters=parameters).body
    resources = body.get("Resources")
    if not isinstance(resources, dict):
        return {}
    return {k: v for k, v in resources.items() if isinstance(v, dict)}


def _modification(
    logical_id: str, old: dict[str, Any], new: dict[str, Any]
) -> ResourceChange | None:
    old_type, new_type = old.get("Type", "?"), new.get("Type", "?")
    policy = old.get("UpdateReplacePolicy") or old.get("DeletionPolicy")
    if old_type != new_type:
        return ResourceChange(
            "Modify",
            logical_id,
            new_type,
            properties=["Type"],
            replacement="True",
            replaced_by=["Type"],
            deletion_policy=policy,
            hastack_snapshot=needs_snapshot(old, "UpdateReplacePolicy"),
        )
    old_props, new_props = old.get("Properties", {}) or {}, new.get("Properties", {}) or {}
    changed = sorted(
        k for k in set(old_props) | set(new_props) if old_props.get(k) != new_props.get(k)
    )
    changed_attributes = [a for a in ATTRIBUTES if old.get(a) != new.get(a)]
    if not changed and not changed_attributes:
        return None
    forcing = replacing_properties(new_type, changed)
    if forcing:
        replacement: str | None = "True"
    elif is_stateful(new_type):
        replacement = "False"
    else:
        replacement = None
    return ResourceChange(
        "Modify",
        logical_id,
        new_type,
        properties=changed + changed_attributes,
        replacement=replacement,
        replaced_by=forcing,
        deletion_policy=policy,
        hastack_snapshot=bool(forcing) and needs_snapshot(old, "UpdateReplacePolicy"),
    )


def change_set_changes(raw: list[dict[str, Any]]) -> list[ResourceChange]:
    """The resource changes of a DescribeChangeSet answer (its ``Changes`` list)."""
    changes = []
    for entry in raw:
        rc = entry.get("ResourceChange")
        if entry.get("Type") != "Resource" or not rc:
            continue
        properties: list[str] = []
        for detail in rc.get("Details", []) or []:
            target = detail.get("Target", {}) or {}
            name = (
                target.get("Name")
                if target.get("Attribute") == "Properties"
                else target.get("Attribute")
            )
            if name and name not in properties:
                properties.append(name)
        replacement = rc.get("Replacement")
        changes.append(
            ResourceChange(
                rc.get("Action", "?"),
                rc.get("LogicalResourceId", "?"),
                rc.get("ResourceType", "?"),
                properties=properties,
                replacement=replacement if replacement in REPLACEMENT_RANK else None,
            )
        )
    return changes


def merge(
    from_change_set: list[ResourceChange], from_templates: list[ResourceChange]
) -> list[ResourceChange]:
    """The change set's list, with properties and replacement completed from the templates.

    The change set decides which resources change (it also sees parameter-driven changes); for
    each, the stronger replacement verdict and the union of changed properties are kept.
    """
    local = {c.logical_id: c for c in from_templates}
    merged = []
    for change in from_change_set:
        ours = local.get(change.logical_id)
        if ours is not None:
            change.properties = list(dict.fromkeys(change.properties + ours.properties))
            if REPLACEMENT_RANK[ours.replacement] > REPLACEMENT_RANK[change.replacement]:
                change.replacement = ours.replacement
            change.replaced_by = ours.replaced_by
            change.deletion_policy = ours.deletion_policy
            change.hastack_snapshot = ours.hastack_snapshot
        merged.append(change)
    return merged
