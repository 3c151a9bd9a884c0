"""Per-resource stack events and per-resource statuses, as a progress display needs them."""

from __future__ import annotations

from typing import Any

from moto.cloudformation import parsing, responses

from hastack.deploy.local.compat.fallback import (
    NOT_EMULATED_REASON,
    is_placeholder,
)
from hastack.deploy.local.compat.patches._common import (
    _SYNCHRONOUS_ERRORS,
    _once,
    _physical_id,
    _reason,
    _resource_event,
    _stack_of,
    logger,
)


@_once("events")
def per_resource_events() -> None:
    """moto: only stack-level events. AWS: IN_PROGRESS / COMPLETE / FAILED per resource, which
    is what a progress display counts."""
    original_create = parsing.parse_and_create_resource
    original_update = parsing.parse_and_update_resource
    original_delete = parsing.ResourceMap._delete_resource

    def parse_and_create_resource(
        logical_id: str,
        resource_json: dict,
        resources_map: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        condition = resource_json.get("Condition")
        if condition and not resources_map.lazy_condition_map[condition]:
            return None
        stack = _stack_of(resources_map)
        resource_type = resource_json.get("Type", "")
        _resource_event(stack, logical_id, resource_type, "CREATE_IN_PROGRESS")
        try:
            resource = original_create(
                logical_id, resource_json, resources_map, account_id, region_name
            )
        except Exception as error:
            if stack is not None and not isinstance(error, _SYNCHRONOUS_ERRORS):
                stack._hastack_failed = (logical_id, _reason(error))
            _resource_event(
                stack, logical_id, resource_type, "CREATE_FAILED", reason=_reason(error)
            )
            raise
        reason = None
        if is_placeholder(resource):
            reason = NOT_EMULATED_REASON.format(type=resource_type)
            logger.warning("%s (%s): %s", logical_id, resource_type, reason)
        _resource_event(
            stack, logical_id, resource_type, "CREATE_COMPLETE", _physical_id(resource), reason
        )
        return resource

    def parse_and_update_resource(
        logical_id: str,
        resource_json: dict,
        resources_map: Any,
        account_id: str,
        region_name: str,
    ) -> Any:
        stack = _stack_of(resources_map)
        resource_type = resource_json.get("Type", "")
        previous = resources_map._parsed_resources.get(logical_id)
        _resource_event(
            stack, logical_id, resource_type, "UPDATE_IN_PROGRESS", _physical_id(previous)
        )
        try:
            resource = original_update(
                logical_id, resource_json, resources_map, account_id, region_name
            )
        except Exception as error:
            _resource_event(
                stack,
                logical_id,
                resource_type,
                "UPDATE_FAILED",
                _physical_id(previous),
                _reason(error),
            )
            raise
        if resource is None:
            # moto stores None for types without an update handler, losing the resource;
            # keep the existing one (the change is not applied: see docs/local.md).
            resource = previous
        _resource_event(stack, logical_id, resource_type, "UPDATE_COMPLETE", _physical_id(resource))
        return resource

    def _delete_resource(self: Any, parsed_resource: Any, resource_json: dict) -> None:
        stack = _stack_of(self)
        logical_id = getattr(parsed_resource, "logical_resource_id", "")
        resource_type = resource_json.get("Type", "")
        started = self.__dict__.setdefault("_hastack_deleting", set())
        if logical_id not in started:
            started.add(logical_id)
            _resource_event(
                stack,
                logical_id,
                resource_type,
                "DELETE_IN_PROGRESS",
                _physical_id(parsed_resource),
            )
        failures = self.__dict__.setdefault("_hastack_delete_failures", {})
        try:
            original_delete(self, parsed_resource, resource_json)
        except Exception as error:
            # moto retries deletes in passes; only the failures left at the end are reported
            failures[logical_id] = (resource_type, _physical_id(parsed_resource), _reason(error))
            raise
        failures.pop(logical_id, None)
        _resource_event(
            stack, logical_id, resource_type, "DELETE_COMPLETE", _physical_id(parsed_resource)
        )

    parsing.parse_and_create_resource = parse_and_create_resource
    parsing.parse_and_update_resource = parse_and_update_resource
    parsing.ResourceMap._delete_resource = _delete_resource


def _report_delete_failures(stack: Any) -> None:
    """A DELETE_FAILED event per resource that could not be deleted, as AWS gives."""
    failures = stack.resource_map.__dict__.pop("_hastack_delete_failures", {})
    for logical_id, (resource_type, physical_id, reason) in failures.items():
        _resource_event(stack, logical_id, resource_type, "DELETE_FAILED", physical_id, reason)


def _last_events(stack: Any) -> dict[str, Any]:
    """Logical id -> its most recent event (the stack's own events excluded)."""
    last: dict[str, Any] = {}
    for event in stack.events:
        if event.resource_type != "AWS::CloudFormation::Stack" or (
            event.logical_resource_id != stack.name
        ):
            last[event.logical_resource_id] = event
    return last


@_once("resource_status")
def resource_statuses_come_from_events() -> None:
    """moto: ``list_stack_resources`` says CREATE_COMPLETE for everything and
    ``describe_stack_resources`` gives each resource the stack's status. AWS: each resource's
    own latest status (UPDATE_COMPLETE, a placeholder's reason...) and time."""
    from moto.core.responses import ActionResult

    original_dto = responses.StackResourceDTO.__init__

    def dto_init(self: Any, stack: Any, resource: Any) -> None:
        original_dto(self, stack, resource)
        event = _last_events(stack).get(self.logical_resource_id)
        if event is not None:
            self.resource_status = event.resource_status
            self.resource_status_reason = event.resource_status_reason
            self.timestamp = event.timestamp
            self.last_updated_timestamp = event.timestamp

    responses.StackResourceDTO.__init__ = dto_init

    def list_stack_resources(self: Any) -> Any:
        stack, resources = self.cloudformation_backend.list_stack_resources(
            self._get_param("StackName")
        )
        last = _last_events(stack)
        summaries = []
        for resource in resources:
            logical_id = getattr(resource, "logical_resource_id", "")
            event = last.get(logical_id)
            summaries.append(
                {
                    "ResourceStatus": event.resource_status if event else "CREATE_COMPLETE",
                    "ResourceStatusReason": event.resource_status_reason if event else None,
                    "LogicalResourceId": logical_id,
                    "LastUpdatedTimestamp": event.timestamp if event else stack.creation_time,
                    "PhysicalResourceId": _physical_id(resource),
                    "ResourceType": getattr(resource, "cf_resource_type", ""),
                }
            )
        return ActionResult({"StackResourceSummaries": summaries})

    responses.CloudFormationResponse.list_stack_resources = list_stack_resources
