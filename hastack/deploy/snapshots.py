"""Manual snapshots before hastack lets CloudFormation delete or replace a database.

A database whose template policy already keeps a copy (``Snapshot``, ``Retain``) is left to
CloudFormation. One without such a policy — common in templates hastack did not write — would
lose its data on a confirmed destroy or an ``--allow-replace`` deploy; hastack takes a manual
snapshot of it first and waits until the snapshot is available, so even an opted-in deletion is
never without a copy. A snapshot that cannot be taken stops the operation before anything is
deleted.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hastack.deploy.cfn import backoff
from hastack.deploy.stateful import SNAPSHOT_KINDS, needs_snapshot
from hastack.errors import DeployError


@dataclass(frozen=True)
class SnapshotNeed:
    """A database resource that would lose its data without a snapshot of ours."""

    logical_id: str
    resource_type: str

    @property
    def kind(self) -> str:
        return SNAPSHOT_KINDS[self.resource_type]


def databases_at_risk(diff: Any, deployed: dict[str, Any]) -> list[SnapshotNeed]:
    """The destructive changes of ``diff`` that would lose a database's data with no copy.

    A replacement is governed by the deployed resource's UpdateReplacePolicy, a removal by its
    DeletionPolicy.
    """
    resources = deployed.get("Resources") or {}
    needs = []
    for change in diff.destructive:
        policy_key = "UpdateReplacePolicy" if change.replaces else "DeletionPolicy"
        if needs_snapshot(resources.get(change.logical_id), policy_key):
            needs.append(SnapshotNeed(change.logical_id, change.resource_type))
    return needs


def snapshot_name(stack: str, logical_id: str, now: float) -> str:
    """A valid RDS snapshot identifier: letters, digits, single hyphens, at most 255 chars."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now))
    raw = f"hastack-{stack}-{logical_id}-{stamp}".lower()
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9-]", "-", raw)).strip("-")
    return cleaned[:255].rstrip("-")


def take_snapshots(
    *,
    cfn: Any,
    rds: Any,
    stack: str,
    needs: list[SnapshotNeed],
    say: Callable[[str], None],
    timeout: float = 3600.0,
    clock: Callable[[], float] = time.time,
    pause: Callable[[float], None] = time.sleep,
) -> list[str]:
    """Snapshot each database in ``needs`` and wait until all are available; their names.

    ``pause`` sleeps between polls; the engine passes its :class:`~hastack.deploy.cfn.Watch`,
    so Ctrl-C stops this wait like every other.
    """
    taken = []
    for need in needs:
        physical = _physical_id(cfn, stack, need.logical_id)
        name = snapshot_name(stack, need.logical_id, clock())
        try:
            if need.kind == "cluster":
                rds.create_db_cluster_snapshot(
                    DBClusterSnapshotIdentifier=name, DBClusterIdentifier=physical
                )
            else:
                rds.create_db_snapshot(DBSnapshotIdentifier=name, DBInstanceIdentifier=physical)
        except Exception as error:  # botocore ClientError and friends: say what failed
            raise DeployError(
                f"stack {stack}: could not snapshot {need.logical_id} ({physical}) before "
                f"deleting it: {error}; nothing was deleted"
            ) from None
        say(f"snapshot {name} of {need.logical_id} ({physical}) requested")
        taken.append((need, name))
    deadline = clock() + timeout
    delays = backoff(cap=15.0)
    for need, name in taken:
        while (status := _snapshot_status(rds, need.kind, name)) != "available":
            if status in {"failed", "error", "incompatible-restore"} or clock() > deadline:
                raise DeployError(
                    f"stack {stack}: snapshot {name} of {need.logical_id} is {status}, not "
                    "available; nothing was deleted"
                )
            pause(next(delays))
        say(f"snapshot {name} of {need.logical_id} is available")
    return [name for _, name in taken]


def _physical_id(cfn: Any, stack: str, logical_id: str) -> str:
    found = cfn.describe_stack_resource(StackName=stack, LogicalResourceId=logical_id)
    return str(found["StackResourceDetail"]["PhysicalResourceId"])


def _snapshot_status(rds: Any, kind: str, name: str) -> str:
    if kind == "cluster":
        found = rds.describe_db_cluster_snapshots(DBClusterSnapshotIdentifier=name)
        return str(found["DBClusterSnapshots"][0].get("Status", "")).lower()
    found = rds.describe_db_snapshots(DBSnapshotIdentifier=name)
    return str(found["DBSnapshots"][0].get("Status", "")).lower()
