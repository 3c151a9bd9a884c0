"""Shared plumbing for hastack's CloudFormation handlers in moto.

moto finds handlers as the *direct* subclasses of ``CloudFormationModel``, so shared behaviour
lives in a plain mixin: ``class AlarmHandler(WrappedResource, CloudFormationModel)``. A handler
wraps the object a moto backend returned (moto's own models lack ``is_created`` or the
CloudFormation attributes), so the describe APIs and the stack see the same object.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

ACCOUNT_ID_DEFAULT = "123456789012"


class WrappedResource:
    """Mixin for a handler that wraps one object of a moto service backend.

    Subclasses set ``CFN_TYPE`` and ``ATTRIBUTES`` (GetAtt name -> function of the handler) and
    implement ``create``, ``physical_resource_id`` and ``delete_resource``. The default update
    replaces the resource (create the new one, then delete the old one, as CloudFormation does);
    handlers with in-place updates override ``update``.
    """

    CFN_TYPE: ClassVar[str] = ""
    NAME_PROPERTY: ClassVar[str] = ""
    ATTRIBUTES: ClassVar[Mapping[str, Callable[[Any], Any]]] = {}
    REPLACE_PROPERTIES: ClassVar[tuple[str, ...]] = ()
    """Properties whose change makes an in-place ``update`` replace the resource instead; change
    sets report them as replacing, beside the schema's create-only properties."""

    def __init__(self, resource: Any, account_id: str, region_name: str, properties: dict) -> None:
        self.resource = resource
        self.account_id = account_id
        self.region_name = region_name
        self.properties = properties

    # -- moto's CloudFormationModel interface ------------------------------------------------

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.CFN_TYPE

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME_PROPERTY

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    def get_cfn_attribute(self, attribute_name: str) -> Any:
        from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

        getter = self.ATTRIBUTES.get(attribute_name)
        if getter is None:
            raise UnformattedGetAttTemplateException()
        return getter(self)

    def is_created(self) -> bool:
        return True

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        properties = dict(cloudformation_json.get("Properties") or {})
        return cls.create(resource_name, properties, account_id, region_name, **kwargs)

    @classmethod
    def create(
        cls, name: str, properties: dict[str, Any], account_id: str, region_name: str, **kwargs: Any
    ) -> Any:
        raise NotImplementedError

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Any,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        properties = dict(cloudformation_json.get("Properties") or {})
        return cls.update(original_resource, new_resource_name, properties, account_id, region_name)

    @classmethod
    def update(
        cls,
        original: Any,
        new_name: str,
        properties: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> Any:
        """Replace: create the new resource first, then delete the old one."""
        replacement = cls.create(new_name, properties, account_id, region_name)
        original.delete(account_id, region_name)
        return replacement

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> None:
        """Only reached when ``delete`` failed with a TypeError/AttributeError: nothing to do."""

    def delete(self, account_id: str, region_name: str) -> None:
        self.delete_resource()

    def delete_resource(self) -> None:
        raise NotImplementedError

    @property
    def physical_resource_id(self) -> str:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.physical_resource_id}>"


# -- property helpers -------------------------------------------------------------------------


def to_bool(value: Any) -> bool | None:
    """CloudFormation accepts true/"true"/"True" alike."""
    if value is None or isinstance(value, bool):
        return value
    return str(value).strip().lower() == "true"


def to_int(value: Any) -> int | None:
    if value is None or isinstance(value, int):
        return value
    return int(float(str(value)))


def to_float(value: Any) -> float | None:
    if value is None:
        return None
    return float(value)


def ref_name(value: Any) -> Any:
    """A Ref to a moto object without ``physical_resource_id`` resolves to the object itself."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list):
        return [ref_name(item) for item in value]
    for attribute in ("physical_resource_id", "name", "id"):
        found = getattr(value, attribute, None)
        if isinstance(found, str):
            return found
    return str(value)


def api_kwargs(
    properties: Mapping[str, Any],
    *,
    rename: Mapping[str, str] | None = None,
    ints: Iterable[str] = (),
    bools: Iterable[str] = (),
    drop: Iterable[str] = (),
) -> Any:
    """CloudFormation properties -> the case-insensitive dict moto's RDS API handlers receive.

    moto's API layer hands backends an ``XFormedDict`` (PascalCase and snake_case keys alike);
    building the same object keeps our calls identical to what an API call would make.
    """
    from moto.core.parse import XFormedDict

    rename = rename or {}
    ints, bools, drop = set(ints), set(bools), set(drop)
    result = XFormedDict()
    for key, value in properties.items():
        if key in drop or value is None:
            continue
        if key in ints:
            value = to_int(value)
        elif key in bools:
            value = to_bool(value)
        result[rename.get(key, key)] = _xformed(ref_name(value) if _is_model(value) else value)
    return result


def _is_model(value: Any) -> bool:
    return not isinstance(value, str | int | float | bool | dict | list) and value is not None


def _xformed(value: Any) -> Any:
    from moto.core.parse import XFormedDict

    if isinstance(value, dict):
        return XFormedDict({k: _xformed(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_xformed(v) for v in value]
    return value


_INVALID_ID_CHARS = re.compile(r"[^a-z0-9-]+")


def rds_identifier(name: str, limit: int = 63) -> str:
    """A generated CloudFormation name made valid as an RDS identifier (lowercase, <=63)."""
    cleaned = _INVALID_ID_CHARS.sub("-", name.lower()).strip("-")
    cleaned = re.sub("-{2,}", "-", cleaned)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "db-" + cleaned
    return cleaned[:limit].rstrip("-")


def tags_list(tags: Any) -> list[dict[str, str]]:
    """CloudFormation ``Tags`` (a list of Key/Value, or a map for some types) as a list."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
    return [{"Key": str(t["Key"]), "Value": str(t["Value"])} for t in tags]
