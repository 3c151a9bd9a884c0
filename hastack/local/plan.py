"""What a change set lists: each resource's Add / Modify / Remove, and for a Modify which
properties change, from what (Static or Dynamic evaluation; direct, parameter or resource
reference) and whether it replaces the resource (True / False / Conditional).

https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_ResourceChange.html
"""

from __future__ import annotations

from typing import Any

from hastack.local.model import Resource, Version
from hastack.local.replacement import requires_recreation
from hastack.local.template import Pending, Scope, creation_order

_UNKNOWN = object()


def plan(old: Version | None, new: Version, scope_for: Any) -> list[dict[str, Any]]:
    """``scope_for(resources, pending)`` builds the new version's Scope over the current
    resources, raising Pending for any logical id in ``pending`` (new or replaced ones)."""
    current: dict[str, Resource] = dict(old.resources) if old else {}
    pending: set[str] = set()
    scope: Scope = scope_for(current, pending)
    declared = new.body["Resources"]
    changes: list[dict[str, Any]] = []
    wanted: list[str] = []
    for logical_id in creation_order(new.body):
        resource = declared[logical_id]
        condition = resource.get("Condition")
        if condition and not scope.condition(condition):
            continue
        wanted.append(logical_id)
        kind = resource["Type"]
        existing = current.get(logical_id)
        if existing is None:
            pending.add(logical_id)
            changes.append(_change("Add", logical_id, kind))
            continue
        props = _evaluate_each(scope, resource.get("Properties") or {})
        if existing.type != kind:
            pending.add(logical_id)
            changes.append(
                _change("Modify", logical_id, kind, existing.physical_id, replacement="True")
            )
            continue
        old_raw = (
            (old.body["Resources"].get(logical_id) or {}).get("Properties") or {} if old else {}
        )
        details: list[dict[str, Any]] = []
        for name in sorted(set(props) | set(existing.props)):
            value = props.get(name)
            if value is not _UNKNOWN and value == existing.props.get(name):
                continue
            dynamic = value is _UNKNOWN
            raw_changed = old_raw.get(name) != (resource.get("Properties") or {}).get(name)
            source = (
                "DirectModification"
                if raw_changed
                else "ResourceReference"
                if dynamic
                else "ParameterReference"
            )
            details.append(
                {
                    "Target": {
                        "Attribute": "Tags" if name == "Tags" else "Properties",
                        "Name": None if name == "Tags" else name,
                        "RequiresRecreation": requires_recreation(kind, name),
                    },
                    "Evaluation": "Dynamic" if dynamic else "Static",
                    "ChangeSource": source,
                }
            )
        if not details:
            continue
        recreate = {d["Target"]["RequiresRecreation"] for d in details}
        static_always = any(
            d["Target"]["RequiresRecreation"] == "Always" and d["Evaluation"] == "Static"
            for d in details
        )
        if static_always:
            replacement = "True"
        elif "Always" in recreate or "Conditionally" in recreate:
            replacement = "Conditional"
        else:
            replacement = "False"
        if replacement != "False":
            pending.add(logical_id)
        scopes = sorted({d["Target"]["Attribute"] for d in details})
        changes.append(
            _change("Modify", logical_id, kind, existing.physical_id, replacement, scopes, details)
        )
    for logical_id, existing in current.items():
        if logical_id not in wanted:
            changes.append(
                _change(
                    "Remove",
                    logical_id,
                    existing.type,
                    existing.physical_id,
                    policy="Retain" if existing.deletion_policy == "Retain" else "Delete",
                )
            )
    return changes


def _evaluate_each(scope: Scope, props: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, node in props.items():
        try:
            value = scope.evaluate(node)
        except Pending:
            value = _UNKNOWN
        if value is not None:
            result[name] = value
    return result


def _change(
    action: str,
    logical_id: str,
    kind: str,
    physical_id: str | None = None,
    replacement: str | None = None,
    scope: list[str] | None = None,
    details: list[dict[str, Any]] | None = None,
    policy: str | None = None,
) -> dict[str, Any]:
    change: dict[str, Any] = {
        "Action": action,
        "LogicalResourceId": logical_id,
        "ResourceType": kind,
        "Scope": scope or [],
        "Details": details or [],
    }
    if physical_id:
        change["PhysicalResourceId"] = physical_id
    if replacement is not None:
        change["Replacement"] = replacement
    if policy is not None:
        change["PolicyAction"] = policy
    return {"Type": "Resource", "ResourceChange": change}
