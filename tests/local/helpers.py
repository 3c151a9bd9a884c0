"""Helpers for the local emulator tests."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any


def create(cfn: Any, name: str, body: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    cfn.create_stack(StackName=name, TemplateBody=json.dumps(body), **kwargs)
    return cfn.describe_stacks(StackName=name)["Stacks"][0]


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


def events(cfn: Any, stack: str) -> list[tuple[str, str, str]]:
    """(logical id, status, reason) oldest first (every page: AWS pages events)."""
    found = [
        event
        for page in cfn.get_paginator("describe_stack_events").paginate(StackName=stack)
        for event in page["StackEvents"]
    ]
    return [
        (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason") or "")
        for e in reversed(found)
    ]


class Hold:
    """A ``resource_hook`` that holds one resource action (``logical_id``, ``action``) until
    released: a test acts while an operation runs, with no timing to guess under load."""

    def __init__(self, logical_id: str, action: str) -> None:
        self.logical_id = logical_id
        self.action = action
        self.reached = threading.Event()
        self.released = threading.Event()

    def __call__(self, stack: str, logical_id: str, action: str) -> None:
        if (logical_id, action) == (self.logical_id, self.action):
            self.reached.set()
            if not self.released.wait(120):
                raise TimeoutError(f"{logical_id} held for two minutes: the test never released it")

    def wait(self) -> None:
        if not self.reached.wait(120):
            raise AssertionError(f"{self.logical_id} {self.action} was never reached")


def engine_resources(engine: Any, name: str) -> Iterator[tuple[Any, Any]]:
    """Each resource of stack ``name`` (us-east-1) as the engine holds it, with the handler
    context the engine would give it."""
    from hastack.local.handlers import Context

    service = engine.cloudformation
    stack = service.find(service.store("123456789012", "us-east-1"), name)
    for resource in stack.version.resources.values():
        context = Context(
            stack.account,
            stack.region,
            stack.name,
            stack.stack_id,
            resource.logical_id,
            resource.type,
            service,
        )
        yield resource, context
