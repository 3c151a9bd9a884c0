"""W9406: file systems are not One Zone / single-AZ deployments."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, resources


class ZonalStorage(HastackRule):
    id = "W9406"
    shortdesc = "EFS and FSx file systems are Regional / Multi-AZ"
    description = (
        "An EFS One Zone file system or an FSx SINGLE_AZ deployment keeps its data in one AZ: "
        "when that AZ fails the data is unreachable (and can be lost), for clients in every AZ."
    )
    fix = "Drop AvailabilityZoneName (EFS Regional) or use a MULTI_AZ_1/MULTI_AZ_2 DeploymentType."
    source_url = "https://docs.aws.amazon.com/efs/latest/ug/availability-durability.html"
    tags = ["hastack", "ha", "efs", "fsx"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::EFS::FileSystem"]).items():
            if "AvailabilityZoneName" in props(res):
                yield (
                    ["Resources", name, "Properties", "AvailabilityZoneName"],
                    (f"{name} is an EFS One Zone file system"),
                )
        for name, res in resources(cfn, ["AWS::FSx::FileSystem"]).items():
            p = props(res)
            for key, config in p.items():
                if not key.endswith("Configuration") or not isinstance(config, dict):
                    continue
                deployment = config.get("DeploymentType")
                if isinstance(deployment, str) and deployment.upper().startswith("SINGLE_AZ"):
                    yield (
                        ["Resources", name, "Properties", key, "DeploymentType"],
                        (f"{name} is a {deployment} FSx deployment"),
                    )
