"""The deployed resources of an app: each stack's resources with physical ids and template props.

Drills find what to exercise here (Auto Scaling groups, Aurora clusters, health checks) rather
than from blueprint objects, so they work on any template hastack deploys.
"""

from __future__ import annotations

import types
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


FUNCTION_TYPE = "AWS::Lambda::Function"


def marked_functions(resources: Sequence[DeployedResource], marker: str) -> list[DeployedResource]:
    """The Lambda functions whose ``HASTACK_RUNBOOK`` variable is ``marker`` (the app's own
    runbooks: region failover, secret rotation)."""
    found = []
    for resource in of_type(resources, FUNCTION_TYPE):
        variables = (resource.properties.get("Environment") or {}).get("Variables") or {}
        if variables.get("HASTACK_RUNBOOK") == marker:
            found.append(resource)
    return found


def load_inline_code(resource: DeployedResource) -> types.ModuleType | None:
    """The function's inline code (``Code.ZipFile``) as a module, or None when it has none.

    The emulator cannot run Lambda code (moto needs Docker for that), so drills run the
    *deployed* code in this process, with clients pointed at the emulator."""
    code = (resource.properties.get("Code") or {}).get("ZipFile")
    if not isinstance(code, str):
        return None
    module = types.ModuleType(f"runbook_{resource.logical_id}")
    exec(compile(code, f"{resource.subject} (Code.ZipFile)", "exec"), module.__dict__)  # noqa: S102 - the app's own deployed code
    return module
