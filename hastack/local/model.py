"""What the engine keeps per stack: its deployed version, resources, events, change sets.

Stack state follows AWS's status model:
https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html#cfn-console-view-stack-data-resources-status-codes
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

from hastack.local.handlers import Live
from hastack.local.protocol import now
from hastack.local.template import ParameterValue

IN_PROGRESS_SUFFIX = "_IN_PROGRESS"

# Statuses from which AWS accepts an update (UpdateStack / an UPDATE change set).
UPDATABLE = frozenset(
    {
        "CREATE_COMPLETE",
        "UPDATE_COMPLETE",
        "UPDATE_ROLLBACK_COMPLETE",
        "IMPORT_COMPLETE",
        "IMPORT_ROLLBACK_COMPLETE",
    }
)


@dataclass
class Resource:
    logical_id: str
    type: str
    physical_id: str
    props: dict[str, Any]
    live: Live
    status: str = "CREATE_COMPLETE"
    reason: str | None = None
    updated: dt.datetime = field(default_factory=now)
    deletion_policy: str = "Delete"
    update_replace_policy: str = "Delete"
    description: str | None = None
    metadata: Any = None
    drift: str = "NOT_CHECKED"
    drift_details: list[dict[str, Any]] = field(default_factory=list)
    drift_actual: dict[str, Any] | None = None
    drift_reason: str | None = None
    """Why drift detection could not read the resource (its drift is then UNKNOWN)."""


@dataclass
class Version:
    """Everything a stack operation deploys and a rollback restores."""

    body: dict[str, Any]
    text: str
    parameters: dict[str, ParameterValue]
    resources: dict[str, Resource] = field(default_factory=dict)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    tags: list[dict[str, str]] = field(default_factory=list)
    capabilities: list[str] = field(default_factory=list)
    notification_arns: list[str] = field(default_factory=list)
    role_arn: str | None = None
    timeout: int | None = None
    transforms: list[str] = field(default_factory=list)
    """The transforms the template declares as written (``body`` is after them)."""

    @property
    def description(self) -> str | None:
        value = self.body.get("Description")
        return str(value) if value is not None else None

    def exports(self) -> dict[str, str]:
        return {o["ExportName"]: o["OutputValue"] for o in self.outputs if o.get("ExportName")}


@dataclass
class Event:
    stack_id: str
    stack_name: str
    logical_id: str
    physical_id: str
    resource_type: str
    status: str
    reason: str | None = None
    token: str | None = None
    properties: str | None = None
    time: dt.datetime = field(default_factory=now)
    event_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    def describe(self) -> dict[str, Any]:
        return {
            "StackId": self.stack_id,
            "EventId": self.event_id,
            "StackName": self.stack_name,
            "LogicalResourceId": self.logical_id,
            "PhysicalResourceId": self.physical_id,
            "ResourceType": self.resource_type,
            "Timestamp": self.time,
            "ResourceStatus": self.status,
            "ResourceStatusReason": self.reason,
            "ResourceProperties": self.properties,
            "ClientRequestToken": self.token,
        }


@dataclass
class ChangeSet:
    change_set_id: str
    name: str
    stack_id: str
    stack_name: str
    kind: str
    version: Version
    """The candidate, parameters already resolved (AWS resolves them when the change set is
    created, SSM values included)."""
    changes: list[dict[str, Any]]
    status: str = "CREATE_COMPLETE"
    execution_status: str = "AVAILABLE"
    status_reason: str | None = None
    description: str | None = None
    created: dt.datetime = field(default_factory=now)
    given_parameters: list[dict[str, Any]] = field(default_factory=list)
    disable_rollback: bool = False


@dataclass
class Stack:
    stack_id: str
    name: str
    region: str
    account: str
    status: str = "CREATE_IN_PROGRESS"
    reason: str | None = None
    created: dt.datetime = field(default_factory=now)
    updated: dt.datetime | None = None
    deleted: dt.datetime | None = None
    version: Version | None = None
    events: list[Event] = field(default_factory=list)
    termination_protection: bool = False
    disable_rollback: bool = False
    change_sets: dict[str, ChangeSet] = field(default_factory=dict)
    parent_id: str | None = None
    root_id: str | None = None
    drift_status: str = "NOT_CHECKED"
    drift_checked: dt.datetime | None = None
    drift_failed: list[str] = field(default_factory=list)
    """Logical ids the last drift detection could not read (it is DETECTION_FAILED)."""
    policy_body: str | None = None
    cancel_requested: bool = False
    """CancelUpdateStack was called during the running update."""
    rollback_pending: Any = None
    """What a failed rollback could not restore (ContinueUpdateRollback retries it)."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def in_progress(self) -> bool:
        return self.status.endswith(IN_PROGRESS_SUFFIX) and self.status != "REVIEW_IN_PROGRESS"

    @property
    def alive(self) -> bool:
        return self.status != "DELETE_COMPLETE"

    def event(
        self,
        logical_id: str,
        resource_type: str,
        status: str,
        *,
        physical_id: str = "",
        reason: str | None = None,
        token: str | None = None,
        properties: dict[str, Any] | None = None,
    ) -> None:
        import json

        self.events.append(
            Event(
                self.stack_id,
                self.name,
                logical_id,
                physical_id,
                resource_type,
                status,
                reason,
                token,
                json.dumps(properties) if properties is not None else None,
            )
        )

    def stack_event(self, status: str, reason: str | None = None, token: str | None = None) -> None:
        """The stack's own status change, as an event and as its status."""
        self.status = status
        self.reason = reason
        self.event(
            self.name,
            "AWS::CloudFormation::Stack",
            status,
            physical_id=self.stack_id,
            reason=reason,
            token=token,
        )
