"""What a resource handler is: create, update and delete one resource type through moto's
service backends, and answer its ``Ref`` and ``GetAtt`` values.

Handlers are plain hastack classes. They are *not* subclasses of moto's
``CloudFormationModel`` (moto registers every direct subclass as its own handler, so
subclassing would change moto for everybody in the process).
"""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from hastack.local.errors import ResourceFailure

DEFAULT_ACCOUNT = "123456789012"
"""moto maps the dummy credentials to this account."""


@dataclass
class Context:
    """Where a handler works: account, region, the stack and the resource."""

    account: str
    region: str
    stack_name: str
    stack_id: str
    logical_id: str
    resource_type: str
    engine: Any = None
    """The CloudFormation service itself (nested stacks create stacks through it)."""
    creating_stack: bool = False
    """The stack itself is being created (not updated)."""

    def backend(self, service: str, region: str | None = None) -> Any:
        """moto's backend for ``service`` in this account (region ``aws`` for global ones)."""
        from moto.backends import get_backend

        return get_backend(service)[self.account][region or self.region]  # type: ignore[call-overload]

    def generated_name(self, limit: int = 255, lower: bool = False, sep: str = "-") -> str:
        """A name as CloudFormation generates one: stack-logical-SUFFIX within ``limit``."""
        suffix = "".join(random.choices(string.ascii_uppercase + string.digits, k=12))
        head = f"{self.stack_name}{sep}{self.logical_id}"[: max(1, limit - len(suffix) - 1)]
        name = f"{head.rstrip('-')}{sep}{suffix}"
        return name.lower() if lower else name


@dataclass
class Live:
    """A resource as the stack knows it: physical id, attribute values, the backend's object."""

    physical_id: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    state: Any = None
    note: str | None = None
    """A status reason for the resource's event (what the engine did not emulate)."""


class NeedsReplacement(Exception):
    """An update the handler cannot do in place: the engine replaces the resource."""


class Handler:
    """One resource type. ``create`` and ``delete`` are required; ``update`` is in place
    (the default says it is not emulated and keeps the resource as it is)."""

    type: ClassVar[str] = ""
    replace_on: ClassVar[tuple[str, ...]] = ()
    """Properties whose change replaces the resource, beyond the schema's create-only ones
    (the handler's own knowledge of what its backend cannot modify)."""
    conditional: ClassVar[tuple[str, ...]] = ()
    """Properties whose change may replace (change sets say ``Replacement: Conditional``)."""
    emulates: ClassVar[str] = ""
    """One line for docs/local.md: what the backend object is and what is not emulated."""

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        raise NotImplementedError

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        live.note = (
            f"not emulated locally: in-place update of {ctx.resource_type} "
            f"({', '.join(changed)} recorded, the emulated resource unchanged)"
        )
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        raise NotImplementedError

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        if name in live.attributes:
            value = live.attributes[name]
            return value(live.state) if callable(value) else value
        raise ResourceFailure(
            f"Template error: resource {ctx.logical_id} does not support attribute type "
            f"{name} in Fn::GetAtt"
        )

    def actual(self, ctx: Context, live: Live, props: dict[str, Any]) -> Any:
        """The resource's properties as its backend has them now, for drift detection: a dict
        of the properties this handler can read, None when the resource is gone, or
        ``NotImplemented`` when drift is not emulated for the type."""
        return NotImplemented

    def snapshot(self, ctx: Context, live: Live) -> str | None:
        """Take the final snapshot ``DeletionPolicy: Snapshot`` asks for; its id, or None when
        the type has no snapshots (AWS then deletes without one)."""
        return None


REGISTRY: dict[str, type[Handler]] = {}


def register(cls: type[Handler]) -> type[Handler]:
    REGISTRY[cls.type] = cls
    return cls


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
    return None if value is None else float(value)


def tags_list(tags: Any) -> list[dict[str, str]]:
    """CloudFormation ``Tags`` (a list of Key/Value, or a map for some types) as a list."""
    if not tags:
        return []
    if isinstance(tags, dict):
        return [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
    return [{"Key": str(t["Key"]), "Value": str(t["Value"])} for t in tags]


_NOT_FOUND = re.compile(r"NotFound|NoSuch|NonExistent|DoesNotExist")


def not_found(error: BaseException) -> bool:
    """Whether a moto error says the thing looked up does not exist: its class or its AWS
    error code names it (``NoSuchBucket``, ``AWS.SimpleQueueService.NonExistentQueue``,
    ``InvalidGroup.NotFound``, ``NotFound``, ``ResourceNotFoundException``...)."""
    names = [type(error).__name__]
    names += [
        value
        for value in (getattr(error, "code", None), getattr(error, "error_type", None))
        if isinstance(value, str)
    ]
    return any(_NOT_FOUND.search(name) for name in names)


def update_ec2_tags(backend: Any, resource_id: str, old: Any, new: Any) -> None:
    """Tag changes in place on an EC2 resource (``Tags`` of the old and new properties): the
    keys no longer given are removed, the others set."""
    old_tags = {t["Key"]: t["Value"] for t in tags_list(old)}
    new_tags = {t["Key"]: t["Value"] for t in tags_list(new)}
    dropped = {k: v for k, v in old_tags.items() if k not in new_tags}
    if dropped:
        backend.delete_tags([resource_id], dropped)
    if new_tags and new_tags != old_tags:
        backend.create_tags([resource_id], new_tags)


_INVALID_ID_CHARS = re.compile(r"[^a-z0-9-]+")


def rds_identifier(name: str, limit: int = 63) -> str:
    """A generated name made valid as an RDS identifier (lowercase, letters first, <= 63)."""
    cleaned = _INVALID_ID_CHARS.sub("-", name.lower()).strip("-")
    cleaned = re.sub("-{2,}", "-", cleaned)
    if not cleaned or not cleaned[0].isalpha():
        cleaned = "db-" + cleaned
    return cleaned[:limit].rstrip("-")


def getters(**table: Callable[[Any], Any]) -> dict[str, Callable[[Any], Any]]:
    """GetAtt name -> function of the backend object (dotted names via ``**{"A.B": f}``)."""
    return dict(table)
