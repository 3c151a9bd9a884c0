"""Status: each stack as CloudFormation has it, and whether it matches the local template."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hastack.deploy import cfn as api
from hastack.deploy.operations.base import Operation
from hastack.deploy.run import RunState
from hastack.deploy.spec import StackSpec
from hastack.errors import DeployError

ShownStatus = api.StackStatusName | Literal["NOT_DEPLOYED", "?"]
"""CloudFormation's stack status; NOT_DEPLOYED when there is no stack (or only an empty one
waiting for a change set); ``?`` when CloudFormation's answer carries none."""


@dataclass
class StackStatus:
    """A stack as CloudFormation has it, and whether it matches the local template."""

    name: str
    region: str
    status: ShownStatus
    """CloudFormation's stack status, or NOT_DEPLOYED."""
    updated: str | None = None
    reason: str | None = None
    current: bool | None = None
    """True when template and parameters match the local ones; None when not comparable."""
    resources: int = 0
    outputs: int = 0

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class StatusOperation(Operation[StackStatus]):
    verb = "status"

    def __init__(self, run: RunState, every: Sequence[StackSpec] = ()) -> None:
        super().__init__(run, every)
        self.known: dict[str, dict[str, str]] = {}
        """Outputs of the deployed stacks read so far (the inputs of the later ones)."""

    def one(self, spec: StackSpec) -> StackStatus:
        description = api.describe_stack(self.cfn(spec.region), spec.name)
        if description is None or description.get("StackStatus") == "REVIEW_IN_PROGRESS":
            return StackStatus(
                spec.name, spec.region, "NOT_DEPLOYED", resources=len(spec.resources)
            )
        self.known[spec.name] = api.outputs_of(description)
        when = description.get("LastUpdatedTime") or description.get("CreationTime")
        updated = when.isoformat(timespec="seconds") if isinstance(when, dt.datetime) else when
        current: bool | None = None
        try:
            values = self.parameter_values(spec, self.known)
            current = self.is_unchanged(spec, values, description, self.deployed_body(spec))
        except DeployError:
            current = None
        return StackStatus(
            spec.name,
            spec.region,
            description.get("StackStatus", "?"),
            updated=updated,
            reason=description.get("StackStatusReason"),
            current=current,
            resources=len(spec.resources),
            outputs=len(description.get("Outputs") or []),
        )
