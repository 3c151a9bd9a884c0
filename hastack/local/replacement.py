"""Whether a property change replaces a resource: the provider schema's create-only
properties (``hastack.template.schemas``) plus what the resource's handler knows its backend
cannot modify; conditionally create-only ones, and a handler's ``conditional`` list, may.

https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks-update-behaviors.html
"""

from __future__ import annotations

from hastack.local.handlers.base import REGISTRY
from hastack.template.schemas import schema


def create_only(resource_type: str) -> frozenset[str]:
    """Top-level create-only properties of ``resource_type`` (empty for an unknown type)."""
    found = schema(resource_type)
    return found.create_only if found is not None else frozenset()


def replacing(resource_type: str) -> frozenset[str]:
    handler = REGISTRY.get(resource_type)
    extra = frozenset(handler.replace_on) if handler is not None else frozenset()
    return create_only(resource_type) | extra


def requires_recreation(resource_type: str, name: str) -> str:
    """``Always`` / ``Conditionally`` / ``Never``, as change sets name it."""
    if name in replacing(resource_type):
        return "Always"
    found = schema(resource_type)
    handler = REGISTRY.get(resource_type)
    if (found is not None and name in found.conditional_create_only) or (
        handler is not None and name in handler.conditional
    ):
        return "Conditionally"
    return "Never"
