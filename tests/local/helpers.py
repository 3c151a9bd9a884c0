"""Helpers for the local emulator tests."""

from __future__ import annotations

import json
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
