"""Change sets hastack creates: their names, what is left after an interruption, other runs.

A run names its change sets ``hastack-<UTC time>-<run id>-<n>``, so it can find one by name
even when Ctrl-C arrived while CreateChangeSet was in flight and its id never came back, and it
can tell its own change sets from another run's. Whatever ends a run before execution (a "no",
a blocker, Ctrl-C, an error), :func:`abandon` removes the unexecuted change set and the empty
REVIEW_IN_PROGRESS stack a CREATE change set made; an executed one is CloudFormation's to finish.

Another run's unexecuted change set younger than :data:`STALE_AFTER` means that run is still
working on the stack (creating it, or waiting for a confirmation): the deploy refuses. An older
one was left by a run that was killed; it is removed, and the deploy goes on.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
import uuid
from dataclasses import dataclass
from typing import Any

from hastack.deploy import cfn as cfn_api
from hastack.errors import DeployError

PREFIX = "hastack-"
STALE_AFTER = 900.0
"""Seconds after which another run's unexecuted change set counts as left behind."""
NO_EXECUTE = "hastack deploy --no-execute"
"""Description of a change set left for review on purpose: no other run's work in progress."""
EXECUTED: frozenset[cfn_api.ExecutionStatus] = frozenset(
    {"EXECUTE_IN_PROGRESS", "EXECUTE_COMPLETE", "EXECUTE_FAILED"}
)


class ChangeSetNames:
    """Unique names for one run's change sets, carrying the run's id."""

    def __init__(self, run_id: str | None = None) -> None:
        self.run_id = run_id or uuid.uuid4().hex[:6]
        self._count = itertools.count(1)

    def next(self) -> str:
        stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        return f"{PREFIX}{stamp}-{self.run_id}-{next(self._count)}"

    def is_ours(self, name: str) -> bool:
        return name.startswith(PREFIX) and f"-{self.run_id}-" in name


@dataclass(frozen=True)
class OtherRun:
    """An unexecuted hastack change set of another run on the stack."""

    stack: str
    region: str
    name: str
    age: float

    @property
    def stale(self) -> bool:
        return self.age >= STALE_AFTER

    def refusal(self) -> str:
        return (
            f"stack {self.stack}: another hastack run is working on it (its change set "
            f"{self.name} was created {self.age:.0f} s ago and is not executed yet). Let that run "
            "finish; if none is running, remove it with `aws cloudformation delete-change-set "
            f"--change-set-name {self.name} --stack-name {self.stack} --region {self.region}` "
            "(runs older than 15 minutes are removed automatically)"
        )


def other_runs(cfn: Any, stack: str, region: str, names: ChangeSetNames) -> list[OtherRun]:
    """Unexecuted change sets that another hastack run made on ``stack``."""
    from botocore.exceptions import ClientError

    found: list[OtherRun] = []
    now = dt.datetime.now(dt.UTC)
    token: str | None = None
    while True:
        args: dict[str, Any] = {"StackName": stack}
        if token:
            args["NextToken"] = token
        try:
            page = cfn.list_change_sets(**args)
        except ClientError as error:
            if "does not exist" in cfn_api.error_message(error):
                return found
            raise
        for summary in page.get("Summaries", []):
            name = str(summary.get("ChangeSetName", ""))
            if not name.startswith(PREFIX) or names.is_ours(name):
                continue
            if summary.get("ExecutionStatus") in EXECUTED:
                continue
            if summary.get("Description") == NO_EXECUTE:
                continue  # left for review by --no-execute; executing another discards it
            created = _stamp_of(name) or summary.get("CreationTime")
            age = (now - created).total_seconds() if isinstance(created, dt.datetime) else 0.0
            found.append(OtherRun(stack, region, name, max(0.0, age)))
        token = page.get("NextToken")
        if not token:
            return found


def _stamp_of(name: str) -> dt.datetime | None:
    """The UTC time a run wrote into its change set's name (see :class:`ChangeSetNames`)."""
    try:
        return dt.datetime.strptime(name[len(PREFIX) :][:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def claim(cfn: Any, stack: str, region: str, names: ChangeSetNames, say: Any = None) -> list[str]:
    """Refuse when another run works on ``stack``; remove change sets killed runs left behind.

    Returns the names removed. ``say(message)`` is told about each.
    """
    runs = other_runs(cfn, stack, region, names)
    live = [run for run in runs if not run.stale]
    if live:
        raise DeployError(live[0].refusal())
    removed = []
    for run in runs:
        delete(cfn, stack, run.name)
        removed.append(run.name)
        if say is not None:
            say(
                f"removed change set {run.name}, left unexecuted {run.age:.0f} s ago by a run "
                "that did not finish"
            )
    return removed


def delete(cfn: Any, stack: str, change_set: str) -> None:
    """Delete a change set by name or id; one already gone is fine."""
    from botocore.exceptions import ClientError

    try:
        cfn.delete_change_set(ChangeSetName=change_set, StackName=stack)
    except ClientError:
        pass  # already gone, or the stack was never created: nothing to clean up


def delete_review_stack(cfn: Any, stack: str) -> bool:
    """Delete ``stack`` if it is an empty REVIEW_IN_PROGRESS stack; True when it did."""
    from botocore.exceptions import ClientError

    try:
        described = cfn_api.describe_stack(cfn, stack)
        if described is not None and described.get("StackStatus") == "REVIEW_IN_PROGRESS":
            cfn.delete_stack(StackName=stack)
            return True
    except ClientError:
        pass  # nothing worth failing for: the next run reuses or removes it
    return False


def abandon(cfn: Any, stack: str, change_set: str, *, creating: bool) -> None:
    """Undo what an unfinished run did before execution; never raises.

    Called on the way out of a run that stopped for any reason (Ctrl-C included) after it asked
    for ``change_set``: an unexecuted change set is deleted (and, for a CREATE one, the empty
    stack it made); an executed one is left for CloudFormation to finish.
    """
    from botocore.exceptions import ClientError

    try:
        try:
            page = cfn.describe_change_set(ChangeSetName=change_set, StackName=stack)
        except ClientError:
            page = None  # never created, or already deleted
        if page is not None and page.get("ExecutionStatus") in EXECUTED:
            return
        if page is not None:
            delete(cfn, stack, change_set)
        if creating:
            delete_review_stack(cfn, stack)
    except Exception:  # noqa: BLE001 - clean-up is best effort; the run's own error matters
        return
