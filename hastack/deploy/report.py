"""Results of a deploy, diff or destroy: per stack, plus the whole run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from hastack.deploy.changes import StackDiff

if TYPE_CHECKING:
    from hastack.deploy.cfn import StackStatusName
    from hastack.deploy.checks import Checks

ResultStatus = Literal[
    "created",
    "updated",
    "unchanged",
    "deleted",
    "absent",
    "planned",
    "failed",
    "blocked",
    "cancelled",
    "skipped",
]
"""What happened to one stack in a run (see :attr:`StackResult.status`)."""

SUCCESS: frozenset[ResultStatus] = frozenset(
    {"created", "updated", "unchanged", "deleted", "absent", "planned"}
)


@dataclass
class FailedResource:
    logical_id: str
    resource_type: str
    status: str
    reason: str

    def describe(self) -> str:
        return f"{self.logical_id} ({self.resource_type}) {self.status}: {self.reason}"


@dataclass
class StackResult:
    """What happened to one stack."""

    name: str
    region: str
    status: ResultStatus
    """created, updated, unchanged, deleted, absent (nothing to delete), planned (a change set
    left unexecuted by ``--no-execute``), failed, blocked, cancelled (the user said no) or
    skipped (a stack it depends on did not deploy)."""
    stack_status: StackStatusName | None = None
    """CloudFormation's status at the end (CREATE_COMPLETE, ROLLBACK_COMPLETE, ...)."""
    outputs: dict[str, str] = field(default_factory=dict)
    diff: StackDiff | None = None
    reason: str | None = None
    failed_resource: FailedResource | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.name,
            "region": self.region,
            "status": self.status,
            "stack_status": self.stack_status,
            "outputs": self.outputs,
            "reason": self.reason,
            "failed_resource": None
            if self.failed_resource is None
            else {
                "logical_id": self.failed_resource.logical_id,
                "type": self.failed_resource.resource_type,
                "status": self.failed_resource.status,
                "reason": self.failed_resource.reason,
            },
            "seconds": round(self.seconds, 3),
            "diff": None if self.diff is None else self.diff.to_dict(),
        }


@dataclass
class DeployReport:
    """Every stack's result, in the order they finished being planned."""

    results: list[StackResult] = field(default_factory=list)
    checks: Checks | None = None
    """What the checks before the deploy found, or that they were skipped (deploy only)."""

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def outputs(self) -> dict[str, dict[str, str]]:
        return {r.name: r.outputs for r in self.results if r.ok}

    def result(self, name: str) -> StackResult:
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def failures(self) -> list[StackResult]:
        return [r for r in self.results if not r.ok]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"ok": self.ok, "stacks": [r.to_dict() for r in self.results]}
        if self.checks is not None:
            data["checks"] = self.checks.to_dict()
        return data
