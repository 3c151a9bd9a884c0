"""W9107: an Auto Scaling group replaces instances in batches on update."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, resources


class AsgRollingUpdate(HastackRule):
    id = "W9107"
    shortdesc = "Auto Scaling group has a rolling or replacing UpdatePolicy"
    description = (
        "Without an UpdatePolicy a launch template change leaves old instances running and "
        "gives no safe, health-checked path to roll out (or roll back) a release."
    )
    fix = "Add UpdatePolicy: AutoScalingRollingUpdate (MinInstancesInService, MaxBatchSize)."
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-updatepolicy.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            policy = res.get("UpdatePolicy")
            if policy is None:
                yield ["Resources", name], f"{name} has no UpdatePolicy for rolling updates"
            elif (
                isinstance(policy, dict)
                and not ({"AutoScalingRollingUpdate", "AutoScalingReplacingUpdate"} & set(policy))
                and not any(k.startswith("Fn::") for k in policy)
            ):
                yield (
                    ["Resources", name, "UpdatePolicy"],
                    f"{name} UpdatePolicy has neither AutoScalingRollingUpdate nor "
                    "AutoScalingReplacingUpdate",
                )
