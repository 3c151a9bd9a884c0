"""Drift: what changed in the deployed resources outside CloudFormation (DetectStackDrift).

Detection runs in CloudFormation and can take minutes on a large stack; hastack starts it per
stack, polls its status with the run's backoff (Ctrl-C stops the wait), then reads the
resources reported MODIFIED or DELETED with their property differences, and those it could not
check (UNKNOWN) with the reason. Values of secret
parameters are masked like everywhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from hastack.deploy import cfn as cfn_api
from hastack.deploy.secrets import Secrets
from hastack.deploy.spec import StackSpec
from hastack.errors import DeployError

DriftStatus = Literal["IN_SYNC", "DRIFTED", "NOT_DEPLOYED", "UNKNOWN"]


@dataclass
class PropertyDrift:
    path: str
    expected: str
    actual: str
    kind: str
    """ADD, REMOVE or NOT_EQUAL."""


@dataclass
class ResourceDrift:
    logical_id: str
    resource_type: str
    status: str
    """MODIFIED, DELETED, or UNKNOWN (drift detection could not check it: ``reason``)."""
    properties: list[PropertyDrift] = field(default_factory=list)
    reason: str | None = None


@dataclass
class StackDrift:
    stack: str
    region: str
    status: DriftStatus
    resources: list[ResourceDrift] = field(default_factory=list)
    reason: str | None = None

    @property
    def drifted(self) -> bool:
        return self.status == "DRIFTED"

    def to_dict(self) -> dict[str, Any]:
        return {
            "stack": self.stack,
            "region": self.region,
            "status": self.status,
            "reason": self.reason,
            "resources": [
                {
                    "logical_id": r.logical_id,
                    "type": r.resource_type,
                    "status": r.status,
                    "reason": r.reason,
                    "properties": [p.__dict__ for p in r.properties],
                }
                for r in self.resources
            ],
        }


def detect(
    cfn: Any,
    spec: StackSpec,
    *,
    watch: cfn_api.Watch,
    timeout: float = 900.0,
) -> StackDrift:
    """Run drift detection on ``spec``'s deployed stack and read the result."""
    description = cfn_api.describe_stack(cfn, spec.name)
    if description is None or description.get("StackStatus") == "REVIEW_IN_PROGRESS":
        return StackDrift(spec.name, spec.region, "NOT_DEPLOYED")
    secrets = Secrets()
    secrets.add_template(spec.body, {**spec.parameters, **cfn_api.parameters_of(description)})
    try:
        detection = cfn.detect_stack_drift(StackName=spec.name)["StackDriftDetectionId"]
    except Exception as error:
        if "not been implemented" in str(error) or "Unable to parse response" in str(error):
            raise DeployError(
                "this endpoint does not support DetectStackDrift (the local emulator does not); "
                "run hastack drift against AWS"
            ) from None
        raise
    delays = cfn_api.backoff()
    deadline = watch.clock() + timeout
    while True:
        status = cfn.describe_stack_drift_detection_status(StackDriftDetectionId=detection)
        if status.get("DetectionStatus") != "DETECTION_IN_PROGRESS":
            break
        if watch.clock() > deadline:
            raise DeployError(
                f"stack {spec.name}: drift detection still running after {timeout:.0f} s"
            )
        watch.pause(next(delays), spec.name)
    if status.get("DetectionStatus") == "DETECTION_FAILED" and not status.get("StackDriftStatus"):
        return StackDrift(
            spec.name, spec.region, "UNKNOWN", reason=status.get("DetectionStatusReason")
        )
    resources = []
    token: str | None = None
    while True:
        args: dict[str, Any] = {
            "StackName": spec.name,
            "StackResourceDriftStatusFilters": ["MODIFIED", "DELETED", "UNKNOWN"],
        }
        if token:
            args["NextToken"] = token
        page = cfn.describe_stack_resource_drifts(**args)
        for drift in page.get("StackResourceDrifts", []):
            resources.append(
                ResourceDrift(
                    drift.get("LogicalResourceId", "?"),
                    drift.get("ResourceType", "?"),
                    drift.get("StackResourceDriftStatus", "?"),
                    [
                        PropertyDrift(
                            str(d.get("PropertyPath", "")),
                            secrets.text(str(d.get("ExpectedValue", ""))),
                            secrets.text(str(d.get("ActualValue", ""))),
                            str(d.get("DifferenceType", "")),
                        )
                        for d in drift.get("PropertyDifferences", []) or []
                    ],
                    reason=secrets.text(drift["DriftStatusReason"])
                    if drift.get("DriftStatusReason")
                    else None,
                )
            )
        token = page.get("NextToken")
        if not token:
            break
    drifted = status.get("StackDriftStatus") == "DRIFTED" or any(
        r.status != "UNKNOWN" for r in resources
    )
    # DETECTION_FAILED: a resource could not be checked, so "in sync" is not known
    unknown = status.get("DetectionStatus") == "DETECTION_FAILED" or any(
        r.status == "UNKNOWN" for r in resources
    )
    reason = status.get("DetectionStatusReason")
    return StackDrift(
        spec.name,
        spec.region,
        "DRIFTED" if drifted else "UNKNOWN" if unknown else "IN_SYNC",
        sorted(resources, key=lambda r: r.logical_id),
        reason=secrets.text(reason) if reason else None,
    )


def drift_all(
    specs: Sequence[StackSpec], target: Any, watch: cfn_api.Watch | None = None
) -> list[StackDrift]:
    return [
        detect(target.client("cloudformation", spec.region), spec, watch=watch or cfn_api.Watch())
        for spec in specs
    ]
