"""Change set contents: what changes, and whether it replaces the resource."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing

from hastack.deploy.local.compat.patches._common import (
    _once,
    _physical_id,
)


def _with_properties(resources: dict[str, Any]) -> None:
    for resource in resources.values():
        if isinstance(resource, dict):
            resource.setdefault("Properties", {})


@_once("diffs")
def diffs_ignore_empty_properties() -> None:
    """moto adds ``Properties: {}`` to each resource it parses, so a resource declared without
    properties (an InternetGateway) looked modified in every change set and update. AWS compares
    the templates as written."""
    original = parsing.ResourceMap.build_resource_diff

    def build_resource_diff(
        self: Any, other_template: dict[str, Any], parameters: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        _with_properties(self._resource_json_map)
        _with_properties(other_template.get("Resources") or {})
        return original(self, other_template, parameters)

    parsing.ResourceMap.build_resource_diff = build_resource_diff


def _create_only_properties(resource_type: str, region: str) -> set[str]:
    """Top-level properties whose change replaces the resource: the ``createOnlyProperties`` of
    cfn-lint's copy of the CloudFormation resource schemas, and those our handler replaces on
    (``REPLACE_PROPERTIES``), so the preview says what the emulator will do."""
    handler = parsing.get_model_map().get(resource_type)
    replaced = set(getattr(handler, "REPLACE_PROPERTIES", ()))
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema
    except Exception:  # noqa: BLE001 - unknown type: say nothing rather than guess
        return replaced
    return replaced | {
        path.split("/")[2]
        for path in schema.get("createOnlyProperties", [])
        if path.startswith("/properties/")
    }


@_once("replacement")
def change_sets_say_what_is_replaced() -> None:
    """moto: every change's ``Replacement``, ``Scope`` and ``Details`` are empty. AWS: a Modify
    says which properties changed and whether that replaces the resource. Here: the changed
    top-level properties, and ``Replacement: True`` when one of them is create-only in the
    resource's schema (or the type changed)."""
    original = cfn_models.ChangeSet.diff

    def diff(self: Any) -> list[Any]:
        resource_map = self.stack.resource_map
        if self.change_set_type == "UPDATE" and self.parameters:
            # moto lists only template changes; a new parameter value modifies the resources
            # that reference it (its update path already applies them)
            by_action = resource_map.build_resource_diff(self.template_dict, self.parameters)
            new_resources = self.template_dict.get("Resources") or {}
            changes = [
                cfn_models.Change(
                    action,
                    name,
                    (new_resources.get(name) or resource_map._resource_json_map[name])["Type"],
                )
                for action in ("Add", "Modify", "Remove")
                for name in by_action[action]
            ]
        else:
            changes = original(self)
        changed_parameters = {
            key
            for key, value in (self.parameters or {}).items()
            if resource_map.input_parameters.get(key) != value
        }
        old_resources = resource_map._resource_json_map or {}
        new_resources = (self.template_dict or {}).get("Resources") or {}
        for change in changes:
            old = old_resources.get(change.logical_resource_id) or {}
            parsed = resource_map._parsed_resources.get(change.logical_resource_id)
            if change.action in ("Modify", "Remove"):
                change.physical_resource_id = _physical_id(parsed) or None
            if change.action != "Modify":
                continue
            new = new_resources.get(change.logical_resource_id) or {}
            _describe_modification(change, old, new, self.stack.region_name, changed_parameters)
        return changes

    cfn_models.ChangeSet.diff = diff


def _describe_modification(
    change: Any, old: dict, new: dict, region: str, changed_parameters: set[str]
) -> None:
    old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
    changed = sorted(
        k for k in set(old_props) | set(new_props) if old_props.get(k) != new_props.get(k)
    )
    create_only = _create_only_properties(new.get("Type", ""), region)
    type_changed = old.get("Type") != new.get("Type")
    replaced = type_changed or any(name in create_only for name in changed)
    change.replacement = "True" if replaced else "False"
    dynamic = sorted(
        name
        for name, value in new_props.items()
        if name not in changed
        and changed_parameters & set(parsing.get_references_from_template(value))
    )
    if dynamic and not replaced:  # AWS cannot tell before it resolves the new value
        change.replacement = "Conditional" if set(dynamic) & create_only else "False"
    scope = ["Properties"] if changed or dynamic else []
    if any(
        old.get(k) != new.get(k)
        for k in ("Metadata", "DeletionPolicy", "UpdatePolicy", "UpdateReplacePolicy", "Condition")
    ):
        scope.append("Metadata")
    change.scope = scope
    change.details = [
        {
            "Target": {
                "Attribute": "Properties",
                "Name": name,
                "RequiresRecreation": "Always" if name in create_only else "Never",
            },
            "Evaluation": evaluation,
            "ChangeSource": source,
        }
        for names, evaluation, source in (
            (changed, "Static", "DirectModification"),
            (dynamic, "Dynamic", "ParameterReference"),
        )
        for name in names
    ]
