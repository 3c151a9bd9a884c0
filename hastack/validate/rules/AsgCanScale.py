"""W9106: an Auto Scaling group can grow and has a scaling policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    props,
    referrers,
    resources,
)


class AsgCanScale(HastackRule):
    id = "W9106"
    shortdesc = "Auto Scaling group has MaxSize above MinSize and a scaling policy"
    description = (
        "A fleet that cannot scale out absorbs neither load spikes nor the traffic of a lost AZ."
    )
    fix = "Set MaxSize above MinSize and add an AWS::AutoScaling::ScalingPolicy (target tracking)."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_adapt_to_changes_autoscale_adapt.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            minimum, maximum = as_int(p.get("MinSize")), as_int(p.get("MaxSize"))
            if minimum is not None and maximum is not None and maximum <= minimum:
                yield (
                    ["Resources", name, "Properties", "MaxSize"],
                    f"{name} MaxSize {maximum} is not above MinSize {minimum}; it cannot scale out",
                )
                continue
            policies = list(
                referrers(
                    cfn,
                    name,
                    ["AWS::AutoScaling::ScalingPolicy", "AWS::AutoScaling::ScheduledAction"],
                    "AutoScalingGroupName",
                )
            )
            if not policies:
                yield ["Resources", name], f"{name} has no scaling policy or scheduled action"
