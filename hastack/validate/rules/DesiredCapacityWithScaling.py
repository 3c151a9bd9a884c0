"""W9606: no DesiredCapacity on a group that scaling policies manage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources


class DesiredCapacityWithScaling(HastackRule):
    id = "W9606"
    shortdesc = "Auto Scaling group with scaling policies leaves DesiredCapacity unset"
    description = (
        "A template DesiredCapacity is applied at every stack update that touches the group: "
        "a scaled-out fleet is cut back to the template value, at peak too, until the "
        "policies scale it out again."
    )
    fix = "Remove DesiredCapacity; MinSize and the scaling policies decide the capacity."
    source_url = "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-autoscaling-autoscalinggroup.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        groups = resources(cfn, [types.AUTOSCALING_AUTO_SCALING_GROUP])
        scaled = {
            ref_target(props(policy).get("AutoScalingGroupName"), cfn)
            for policy in resources(cfn, [types.AUTOSCALING_SCALING_POLICY]).values()
        }
        for name in sorted(set(groups).intersection(scaled)):
            if props(groups[name]).get("DesiredCapacity") is not None:
                yield (
                    ["Resources", name, "Properties", "DesiredCapacity"],
                    f"{name} sets DesiredCapacity beside scaling policies: every stack "
                    "update resets the fleet to it",
                )
