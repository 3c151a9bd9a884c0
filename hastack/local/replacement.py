"""Whether a property change replaces a resource: the provider schema's ``createOnlyProperties``
plus what the resource's handler knows its backend cannot modify.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
"""

from __future__ import annotations

import functools

from hastack.local.handlers.base import REGISTRY


@functools.cache
def create_only(resource_type: str) -> frozenset[str]:
    """Top-level create-only properties of ``resource_type`` (empty for an unknown type)."""
    try:
        from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
    except Exception:  # noqa: BLE001 - an unknown or custom type has no schema
        return frozenset()
    return frozenset(
        path.split("/")[2]
        for path in schema.get("createOnlyProperties", [])
        if path.startswith("/properties/")
    )


def replacing(resource_type: str) -> frozenset[str]:
    handler = REGISTRY.get(resource_type)
    extra = frozenset(handler.replace_on) if handler is not None else frozenset()
    return create_only(resource_type) | extra


def requires_recreation(resource_type: str, name: str) -> str:
    """``Always`` / ``Conditionally`` / ``Never``, as change sets name it."""
    if name in replacing(resource_type):
        return "Always"
    handler = REGISTRY.get(resource_type)
    if handler is not None and name in handler.conditional:
        return "Conditionally"
    return "Never"
