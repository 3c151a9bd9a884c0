"""Which resources a deploy made as placeholders: read back through the CloudFormation API
(ListStackResources), so it works for an in-process engine and a served one alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hastack.local.handlers import PLACEHOLDER_NOTE

_MARK = PLACEHOLDER_NOTE.split("{", 1)[0]


@dataclass(frozen=True)
class Placeholder:
    stack: str
    logical_id: str
    resource_type: str

    def __str__(self) -> str:
        return f"{self.stack}/{self.logical_id} ({self.resource_type})"


def placeholders(
    cloudformation: Callable[[str], Any], stacks: Iterable[tuple[str, str]]
) -> list[Placeholder]:
    """Every placeholder resource of the ``(stack name, region)`` stacks; ``cloudformation``
    gives a client for a region. A stack that does not exist has none."""
    found = []
    for name, region in stacks:
        client = cloudformation(region)
        try:
            pages = client.get_paginator("list_stack_resources").paginate(StackName=name)
            rows = [row for page in pages for row in page["StackResourceSummaries"]]
        except Exception:  # noqa: BLE001 - a stack that was never created has no resources
            continue
        found += [
            Placeholder(name, row["LogicalResourceId"], row["ResourceType"])
            for row in rows
            if str(row.get("ResourceStatusReason") or "").startswith(_MARK)
        ]
    return found


def describe(found: list[Placeholder]) -> str:
    """One line naming every placeholder (empty when there are none)."""
    if not found:
        return ""
    return f"placeholders (not emulated locally, nothing behind them): {len(found)}: " + ", ".join(
        str(p) for p in found
    )
