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


@dataclass(frozen=True)
class Unread:
    """A stack whose resources could not be listed: whether it holds placeholders is unknown."""

    stack: str
    reason: str


def placeholders(
    cloudformation: Callable[[str], Any], stacks: Iterable[tuple[str, str]]
) -> list[Placeholder | Unread]:
    """Every placeholder resource of the ``(stack name, region)`` stacks; ``cloudformation``
    gives a client for a region. A stack that does not exist has none; one that cannot be
    listed for another reason is an :class:`Unread` (never silently "none")."""
    import botocore.exceptions

    found: list[Placeholder | Unread] = []
    for name, region in stacks:
        client = cloudformation(region)
        try:
            pages = client.get_paginator("list_stack_resources").paginate(StackName=name)
            rows = [row for page in pages for row in page["StackResourceSummaries"]]
        except botocore.exceptions.ClientError as error:
            message = str(error.response.get("Error", {}).get("Message", error))
            if "does not exist" not in message:  # AWS's words for a stack never created
                found.append(Unread(name, message))
            continue
        except botocore.exceptions.BotoCoreError as error:
            found.append(Unread(name, str(error)))
            continue
        found += [
            Placeholder(name, row["LogicalResourceId"], row["ResourceType"])
            for row in rows
            if str(row.get("ResourceStatusReason") or "").startswith(_MARK)
        ]
    return found


def describe(found: list[Placeholder | Unread]) -> str:
    """One line naming every placeholder (empty when there are none), and one per stack whose
    placeholders are unknown."""
    made = [p for p in found if isinstance(p, Placeholder)]
    lines = [
        f"placeholders unknown for {u.stack}: listing its resources failed: {u.reason}"
        for u in found
        if isinstance(u, Unread)
    ]
    if made:
        lines.insert(
            0,
            f"placeholders (not emulated locally, nothing behind them): {len(made)}: "
            + ", ".join(str(p) for p in made),
        )
    return "\n".join(lines)


def deployed_placeholders(cloudformation: Callable[[str], Any], results: Iterable[Any]) -> str:
    """:func:`describe` of the placeholders in a deploy's stacks (each with ``.name`` and
    ``.region``): what ``hastack deploy --local`` prints and the pytest ``deploy`` warns."""
    return describe(placeholders(cloudformation, [(r.name, r.region) for r in results]))
