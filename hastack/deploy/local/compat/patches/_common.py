"""Helpers shared by the patches: readable reasons, stack events, run-once."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import (
    UnformattedGetAttTemplateException,
    UnsupportedAttribute,
    ValidationError,
)
from moto.core.exceptions import ServiceException
from moto.core.exceptions import _RESTError as RESTError

logger = logging.getLogger("hastack.local")


_SYNCHRONOUS_ERRORS = (ValidationError, UnsupportedAttribute)
"""Template errors AWS reports from the API call itself (no stack is left behind)."""


def _reason(error: BaseException) -> str:
    """One readable line from a moto error (they carry code + message, or an XML body)."""
    if isinstance(error, ServiceException):
        return f"{error.code}: {error.message}"
    if isinstance(error, RESTError):
        message = getattr(error, "message", "") or error.description
        code = getattr(error, "error_type", "") or type(error).__name__
        return f"{code}: {message}"
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    return f"the local emulator failed on this resource ({text.splitlines()[0][:400]})"


def _stack_of(resources_map: Any) -> Any:
    """The Stack that owns a ResourceMap (None while the stack is being constructed)."""
    stack_id = getattr(resources_map, "stack_id", None)
    if stack_id is None:
        return None
    backend = cfn_models.cloudformation_backends[resources_map._account_id][
        resources_map._region_name
    ]
    return backend.stacks.get(stack_id) or getattr(resources_map, "_hastack_stack", None)


def _resource_event(
    stack: Any,
    logical_id: str,
    resource_type: str,
    status: str,
    physical_id: str = "",
    reason: str | None = None,
) -> None:
    if stack is None:
        return
    event = cfn_models.Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id or "",
        resource_type=resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=None,
    )
    stack.events.append(event)


def _physical_id(resource: Any) -> str:
    value = getattr(resource, "physical_resource_id", None)
    return value if isinstance(value, str) else ""


def _attribute_table(cls: Any, getters: dict[str, Callable[[Any], Any]]) -> None:
    """``GetAtt`` on ``cls`` answers from ``getters`` (attribute name -> getter of the model);
    any other name is a template error, as in AWS."""

    def get_cfn_attribute(self: Any, attribute_name: str) -> Any:
        getter = getters.get(attribute_name)
        if getter is None:
            raise UnformattedGetAttTemplateException()
        return getter(self)

    cls.get_cfn_attribute = get_cfn_attribute
    cls.has_cfn_attr = classmethod(lambda _cls, attr: attr in getters)


def _once(name: str):  # noqa: ANN202 - decorator factory
    """Run a patch function once per process (install() is idempotent; so is each patch)."""

    def decorator(fn):  # noqa: ANN001, ANN202
        @functools.wraps(fn)
        def wrapper() -> None:
            marker = f"_hastack_patched_{name}"
            if getattr(parsing, marker, False):
                return
            fn()
            setattr(parsing, marker, True)

        return wrapper

    return decorator
