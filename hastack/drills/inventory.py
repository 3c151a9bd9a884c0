"""The deployed resources of an app: each stack's resources with physical ids and template props.

Drills find what to exercise here (Auto Scaling groups, Aurora clusters, health checks) rather
than from blueprint objects, so they work on any template hastack deploys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hastack.errors import DeployError


class DrillError(DeployError):
    """A drill could not start: the app is not deployed, or the target did not answer (exit 1)."""


@dataclass(frozen=True)
class DeployedResource:
    stack: str
    region: str
    logical_id: str
    type: str
    physical_id: str
    properties: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def subject(self) -> str:
        return f"{self.stack}/{self.logical_id}"


def deployed_resources(target: Any, specs: Sequence[Any]) -> list[DeployedResource]:
    """Every resource of ``specs`` (StackSpecs: name, region, body) as the target reports it."""
    from botocore.exceptions import ClientError

    found: list[DeployedResource] = []
    for spec in specs:
        cfn = target.client("cloudformation", spec.region)
        try:
            rows = cfn.describe_stack_resources(StackName=spec.name)["StackResources"]
        except ClientError as error:
            raise DrillError(
                f"stack {spec.name} ({spec.region}) is not deployed: deploy the app first "
                f"({error.response.get('Error', {}).get('Message', error)})"
            ) from None
        resources = spec.body.get("Resources", {}) or {}
        for row in rows:
            logical = row["LogicalResourceId"]
            properties = (resources.get(logical) or {}).get("Properties", {}) or {}
            found.append(
                DeployedResource(
                    stack=spec.name,
                    region=spec.region,
                    logical_id=logical,
                    type=row["ResourceType"],
                    physical_id=row.get("PhysicalResourceId") or "",
                    properties=properties,
                )
            )
    return found


def of_type(resources: Sequence[DeployedResource], type_name: str) -> list[DeployedResource]:
    return [r for r in resources if r.type == type_name and r.physical_id]
