"""Resource handlers: hastack's own (``REGISTRY``) first, then moto's CloudFormation models;
any other type is "not emulated locally" unless placeholders were asked for."""

from __future__ import annotations

from typing import Any

from hastack.local.errors import NotEmulated
from hastack.local.handlers import (  # noqa: F401 - registration
    arc,
    cache,
    compute,
    edge,
    rds,
    rotation,
    security_groups,
    services,
)
from hastack.local.handlers.base import REGISTRY, Context, Handler, Live, NeedsReplacement
from hastack.local.handlers.in_place import in_place
from hastack.local.handlers.moto_models import MotoModelHandler, moto_model, moto_types

PLACEHOLDER_NOTE = (
    "placeholder: {type} is not emulated locally (created because placeholders were asked for)"
)

_CUSTOM = (
    "a custom resource is answered by the code behind its ServiceToken (an AWS Lambda function "
    "or an SNS topic someone listens to); the emulator runs no such code"
)
NOT_EMULATED: dict[str, str] = {
    "AWS::CloudFormation::Macro": (
        "a macro is an AWS Lambda function that rewrites templates; the emulator runs no Lambda "
        "code, so a template that uses one is refused"
    ),
    "AWS::CloudFormation::CustomResource": _CUSTOM,
    "Custom::*": _CUSTOM,
    "AWS::Logs::QueryDefinition": (
        "moto's CloudWatch Logs has no query definitions (PutQueryDefinition), so nothing could "
        "show one"
    ),
}
"""Types the engine knows it cannot create, with the reason (docs/local.md lists them; every
other type without a handler is not emulated either)."""


def not_emulated_reason(resource_type: str) -> str | None:
    """Why a type is not emulated, when the engine knows a specific reason."""
    if resource_type.startswith("Custom::"):
        return NOT_EMULATED["Custom::*"]
    return NOT_EMULATED.get(resource_type)


class PlaceholderHandler(Handler):
    """Stands in for an un-emulated type when the user asked for placeholders
    (``--placeholders``): a stable id, every attribute a recognisable text, nothing behind it."""

    emulates = "placeholder only"

    def create(self, ctx: Context, props: dict[str, Any]) -> Live:
        return Live(
            physical_id=ctx.generated_name(255),
            note=PLACEHOLDER_NOTE.format(type=ctx.resource_type),
        )

    def update(self, ctx: Context, live: Live, old: dict[str, Any], new: dict[str, Any]) -> Live:
        live.note = PLACEHOLDER_NOTE.format(type=ctx.resource_type)
        return live

    def delete(self, ctx: Context, live: Live, props: dict[str, Any]) -> None:
        """Nothing exists behind a placeholder."""

    def attribute(self, ctx: Context, live: Live, name: str) -> Any:
        return f"{live.physical_id}.{name}"


def handler_for(resource_type: str, *, placeholders: bool = False) -> Handler:
    own = REGISTRY.get(resource_type)
    if own is not None:
        return own()
    if moto_model(resource_type) is not None:
        return MotoModelHandler(resource_type)
    if placeholders:
        return PlaceholderHandler()
    raise NotEmulated(resource_type, not_emulated_reason(resource_type))


def is_emulated(resource_type: str) -> bool:
    return resource_type in REGISTRY or resource_type in moto_types()


def emulation_table() -> list[tuple[str, str]]:
    """(type, how it is emulated) for every emulated type, sorted: docs/local.md's table."""
    rows = {kind: cls.emulates for kind, cls in REGISTRY.items()}
    for kind in moto_types():
        rows.setdefault(kind, MotoModelHandler.emulates)
    for kind, how in rows.items():
        changed = in_place(kind)
        if changed and (kind not in REGISTRY or issubclass(REGISTRY[kind], MotoModelHandler)):
            rows[kind] = f"{how}; in place: {', '.join(f'`{p}`' for p in changed)}"
    return sorted(rows.items())


__all__ = [
    "Context",
    "Handler",
    "Live",
    "NOT_EMULATED",
    "NeedsReplacement",
    "PlaceholderHandler",
    "emulation_table",
    "handler_for",
    "is_emulated",
    "not_emulated_reason",
]
