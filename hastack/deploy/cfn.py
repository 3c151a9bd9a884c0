"""Thin helpers over the CloudFormation API: stack state, events, and waiting with backoff.

Waiting polls DescribeStacks and DescribeStackEvents itself instead of using boto3's waiters:
a waiter sleeps 30 s between polls (a local stack finishes in 0.1 s) and shows nothing, whereas
this loop checks at once, then after ~1 s growing to 5 s, and hands every new event to the
reporter as it appears.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeGuard

from hastack.deploy.errors import DeployInterrupted
from hastack.deploy.report import FailedResource
from hastack.deploy.reporter import Reporter

StackStatusName = Literal[
    "CREATE_IN_PROGRESS",
    "CREATE_FAILED",
    "CREATE_COMPLETE",
    "ROLLBACK_IN_PROGRESS",
    "ROLLBACK_FAILED",
    "ROLLBACK_COMPLETE",
    "DELETE_IN_PROGRESS",
    "DELETE_FAILED",
    "DELETE_COMPLETE",
    "UPDATE_IN_PROGRESS",
    "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_COMPLETE",
    "UPDATE_FAILED",
    "UPDATE_ROLLBACK_IN_PROGRESS",
    "UPDATE_ROLLBACK_FAILED",
    "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
    "UPDATE_ROLLBACK_COMPLETE",
    "REVIEW_IN_PROGRESS",
    "IMPORT_IN_PROGRESS",
    "IMPORT_COMPLETE",
    "IMPORT_ROLLBACK_IN_PROGRESS",
    "IMPORT_ROLLBACK_FAILED",
    "IMPORT_ROLLBACK_COMPLETE",
]
"""A stack's ``StackStatus`` as CloudFormation reports it (DescribeStacks)."""

ChangeSetStatus = Literal[
    "CREATE_PENDING",
    "CREATE_IN_PROGRESS",
    "CREATE_COMPLETE",
    "DELETE_PENDING",
    "DELETE_IN_PROGRESS",
    "DELETE_COMPLETE",
    "DELETE_FAILED",
    "FAILED",
]
"""A change set's ``Status`` (DescribeChangeSet): CREATE_COMPLETE means ready to execute."""

ExecutionStatus = Literal[
    "UNAVAILABLE",
    "AVAILABLE",
    "EXECUTE_IN_PROGRESS",
    "EXECUTE_COMPLETE",
    "EXECUTE_FAILED",
    "OBSOLETE",
]
"""A change set's ``ExecutionStatus``: whether it can still be executed."""

SUCCESS_STATES: frozenset[StackStatusName] = frozenset(
    {"CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"}
)
STACK_TYPE = "AWS::CloudFormation::Stack"
CANCELLED_REASONS = ("Resource creation cancelled", "Resource update cancelled")


def is_in_progress(status: str | None) -> TypeGuard[str]:
    """An operation is running (REVIEW_IN_PROGRESS is an empty stack waiting for a change set)."""
    return status is not None and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS"


def error_message(error: Exception) -> str:
    response = getattr(error, "response", None) or {}
    message = str(response.get("Error", {}).get("Message", ""))
    return message or (str(error).splitlines() or [type(error).__name__])[0]


def describe_stack(cfn: Any, name: str) -> dict[str, Any] | None:
    """The stack's description, or None when it does not exist (or was deleted)."""
    from botocore.exceptions import ClientError

    try:
        stacks = cfn.describe_stacks(StackName=name)["Stacks"]
    except ClientError as error:
        if "does not exist" in error_message(error):
            return None
        raise
    if not stacks or stacks[0].get("StackStatus") == "DELETE_COMPLETE":
        return None
    found: dict[str, Any] = stacks[0]
    return found


def outputs_of(description: dict[str, Any] | None) -> dict[str, str]:
    if not description:
        return {}
    return {o["OutputKey"]: o.get("OutputValue", "") for o in description.get("Outputs") or []}


def parameters_of(description: dict[str, Any] | None) -> dict[str, str]:
    if not description:
        return {}
    return {
        p["ParameterKey"]: p.get("ParameterValue", "") for p in description.get("Parameters") or []
    }


def tags_of(description: dict[str, Any] | None) -> dict[str, str]:
    if not description:
        return {}
    return {t["Key"]: t["Value"] for t in description.get("Tags") or []}


def backoff(start: float = 1.0, factor: float = 1.5, cap: float = 5.0) -> Iterator[float]:
    """Delays between polls: 1, 1.5, 2.25, ... capped at 5 s."""
    delay = start
    while True:
        yield delay
        delay = min(cap, delay * factor)


@dataclass
class Watch:
    """Shared by the threads of one run: Ctrl-C sets ``cancel``; tests replace ``sleep``."""

    cancel: threading.Event = field(default_factory=threading.Event)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def check(self, stack: str) -> None:
        """Raise DeployInterrupted once Ctrl-C was pressed: nothing new may start after it."""
        if self.cancel.is_set():
            raise DeployInterrupted(f"stopped before changing {stack}")

    def pause(self, seconds: float, stack: str) -> None:
        """Sleep in small steps so that Ctrl-C in the main thread stops every worker quickly."""
        end = self.clock() + seconds
        while True:
            if self.cancel.is_set():
                raise DeployInterrupted(f"stopped watching {stack}")
            left = end - self.clock()
            if left <= 0:
                return
            self.sleep(min(left, 0.25))


class EventStream:
    """New events of one stack, oldest first, skipping those seen before this run."""

    def __init__(self, cfn: Any, stack: str) -> None:
        self.cfn = cfn
        self.stack = stack
        self.seen: set[str] = set()
        self.events: list[dict[str, Any]] = []

    def mark_existing(self) -> None:
        """Remember the events present now so that only later ones are reported."""
        for event in self._pages(stop_at_seen=False, max_pages=1):
            self.seen.add(event["EventId"])

    def poll(self) -> list[dict[str, Any]]:
        fresh = list(self._pages(stop_at_seen=True, max_pages=20))
        fresh.reverse()
        for event in fresh:
            self.seen.add(event["EventId"])
        self.events.extend(fresh)
        return fresh

    def _pages(self, *, stop_at_seen: bool, max_pages: int) -> Iterator[dict[str, Any]]:
        from botocore.exceptions import ClientError

        token: str | None = None
        for _ in range(max_pages):
            args: dict[str, Any] = {"StackName": self.stack}
            if token:
                args["NextToken"] = token
            try:
                page = self.cfn.describe_stack_events(**args)
            except ClientError:
                return
            for event in page.get("StackEvents", []):
                if stop_at_seen and event.get("EventId") in self.seen:
                    return
                yield event
            token = page.get("NextToken")
            if not token:
                return

    def first_failure(self) -> FailedResource | None:
        """The earliest resource failure of this run, skipping "cancelled" knock-on failures."""
        failures = [e for e in self.events if str(e.get("ResourceStatus", "")).endswith("_FAILED")]
        real = [
            e
            for e in failures
            if e.get("ResourceType") != STACK_TYPE
            and not str(e.get("ResourceStatusReason", "")).startswith(CANCELLED_REASONS)
        ]
        if not (real or failures):
            return None
        pick = (real or failures)[0]
        return FailedResource(
            pick.get("LogicalResourceId", "?"),
            pick.get("ResourceType", "?"),
            pick.get("ResourceStatus", "?"),
            pick.get("ResourceStatusReason") or "no reason given",
        )


START_GRACE = 60.0
"""Seconds to keep polling a stack that still shows its state from before the operation."""


def _fingerprint(description: dict[str, Any] | None) -> tuple[Any, ...]:
    if description is None:
        return (None,)
    return (
        description.get("StackStatus"),
        description.get("LastUpdatedTime"),
        description.get("DeletionTime"),
    )


def wait_for_stack(
    cfn: Any,
    name: str,
    *,
    stream: EventStream,
    reporter: Reporter,
    watch: Watch,
    total: int,
    timeout: float,
    before: dict[str, Any] | None = None,
    track_start: bool = False,
) -> dict[str, Any] | None:
    """Poll until the stack leaves *_IN_PROGRESS; stream events and progress meanwhile.

    With ``track_start``, ``before`` is the description taken before the operation: AWS may
    answer with that old state for a moment after ExecuteChangeSet or DeleteStack returns, so
    it does not count as the end until a new stack event or a changed state shows that the
    operation began (or :data:`START_GRACE` seconds pass). Returns the final description
    (None if the stack is gone, as after a delete).
    """
    done: set[str] = set()
    delays = backoff()
    started_at = watch.clock()
    deadline = started_at + timeout
    started = not track_start
    while True:
        if watch.cancel.is_set():
            raise DeployInterrupted(f"stopped watching {name}")
        for event in stream.poll():
            reporter.event(name, event)
            status = str(event.get("ResourceStatus", ""))
            if event.get("ResourceType") == STACK_TYPE:
                started = True
            elif not status.endswith("_IN_PROGRESS"):
                done.add(event.get("LogicalResourceId", ""))
                reporter.progress(name, min(len(done), total), total)
        description = describe_stack(cfn, name)
        stack_status: StackStatusName | None = (
            description.get("StackStatus") if description else None
        )
        if not started and _fingerprint(description) != _fingerprint(before):
            started = True
        waiting_to_start = not started and watch.clock() - started_at < START_GRACE
        if not is_in_progress(stack_status) and not waiting_to_start:
            reporter.progress(name, total, total)
            return description
        if watch.clock() > deadline:
            raise TimeoutError(f"stack {name} still {stack_status} after {timeout:.0f} s")
        watch.pause(next(delays), name)
