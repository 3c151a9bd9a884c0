"""E9102: an Auto Scaling group's subnets span at least two AZs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    known_azs,
    props,
    resources,
    subnets_azs,
)


class AsgMultiAz(HastackRule):
    id = "E9102"
    shortdesc = "Auto Scaling group spans at least two AZs"
    description = (
        "One subnet means one AZ: losing it loses the whole fleet, and the group cannot launch "
        "replacements anywhere else."
    )
    fix = "List private subnets in two or more AZs in VPCZoneIdentifier."
    source_url = "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html"
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            if "VPCZoneIdentifier" in p:
                path = ["Resources", name, "Properties", "VPCZoneIdentifier"]
                azs, literal = subnets_azs(cfn, p["VPCZoneIdentifier"])
                if not literal:
                    continue
                distinct = known_azs(azs)
                if len(azs) < 2:
                    yield path, f"{name} is in {len(azs)} subnet, so one AZ; use two or more AZs"
                elif distinct is not None and len(distinct) < 2:
                    yield path, f"{name}'s {len(azs)} subnets share one AZ; use two or more AZs"
            elif isinstance(p.get("AvailabilityZones"), list) and len(p["AvailabilityZones"]) < 2:
                yield (
                    ["Resources", name, "Properties", "AvailabilityZones"],
                    f"{name} is in {len(p['AvailabilityZones'])} AZ; use two or more",
                )
