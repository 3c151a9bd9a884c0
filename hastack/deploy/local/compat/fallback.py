"""A stand-in for resource types moto cannot create, so a stack still deploys end to end.

moto 5.2 skips unknown types with a log line: a ``Ref`` to one becomes ``None`` (the property
vanishes) and a ``GetAtt`` on one crashes ``create_stack`` with a raw ``AttributeError``. The
stand-in has a stable physical id and answers every attribute with a recognisable placeholder;
its stack events say the type is not emulated, so nobody mistakes it for the real thing.
"""

from __future__ import annotations

from typing import Any

from moto.core.common_models import CloudFormationModel

from hastack.deploy.local.compat._base import WrappedResource

NOT_EMULATED_REASON = "not emulated locally: {type} is a placeholder with no service behind it"

_seen: dict[str, set[str]] = {}
"""Resource type -> logical IDs that got a stand-in, for reports and ``docs/local.md``."""


def not_emulated() -> dict[str, list[str]]:
    """The resource types (and logical IDs) deployed as stand-ins in this process."""
    return {kind: sorted(ids) for kind, ids in sorted(_seen.items())}


class PlaceholderResource(WrappedResource, CloudFormationModel):
    """Any resource type without a moto or hastack handler."""

    CFN_TYPE = "hastack::Local::Placeholder"
    ATTRIBUTES: dict = {}

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return True

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        return f"{self.resource}.{attribute_name}"

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> PlaceholderResource:
        resource_type = kwargs.get("ResourceType", "?")
        _seen.setdefault(resource_type, set()).add(kwargs.get("LogicalId", name))
        handler = cls(name, account_id, region_name, properties)
        handler.resource_type = resource_type
        return handler

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> PlaceholderResource:
        original.properties = properties
        return original

    @property
    def physical_resource_id(self) -> str:
        return self.resource

    def delete_resource(self) -> None:
        """Nothing exists behind a placeholder."""


def is_placeholder(resource: Any) -> bool:
    return isinstance(resource, PlaceholderResource)
