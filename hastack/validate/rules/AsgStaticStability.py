"""W9105: an Auto Scaling group (or EKS node group) keeps one instance per AZ (static stability)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    distinct_subnet_azs,
    props,
    resources,
)


class AsgStaticStability(HastackRule):
    id = "W9105"
    shortdesc = "Auto Scaling group (and EKS node group) MinSize is at least the number of AZs"
    description = (
        "Static stability: with an instance already running in each AZ, losing one AZ needs no "
        "scale-out (which may be impaired during the event) to keep serving. An EKS managed "
        "node group is an Auto Scaling group over its Subnets: the same holds for its nodes."
    )
    fix = (
        "Set MinSize (a node group's ScalingConfig.MinSize) to at least the number of AZs of "
        "VPCZoneIdentifier (Subnets)."
    )
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_mitigate_interaction_failure_static_stability.html"
    tags = ["hastack", "ha", "autoscaling", "eks"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            distinct = distinct_subnet_azs(cfn, p.get("VPCZoneIdentifier"))
            count = len(distinct) if distinct else None
            if count is None and isinstance(p.get("AvailabilityZones"), list):
                count = len(p["AvailabilityZones"])
            minimum = as_int(p.get("MinSize"))
            if count is None or minimum is None or count < 2:
                continue
            if minimum < count:
                yield (
                    ["Resources", name, "Properties", "MinSize"],
                    f"{name} MinSize is {minimum} across {count} AZs; set it to {count} or more",
                )
        for name, res in resources(cfn, ["AWS::EKS::Nodegroup"]).items():
            p = props(res)
            scaling = p.get("ScalingConfig")
            minimum = as_int(scaling.get("MinSize")) if isinstance(scaling, dict) else None
            distinct = distinct_subnet_azs(cfn, p.get("Subnets"))
            if minimum is None or not distinct or len(distinct) < 2 or minimum >= len(distinct):
                continue
            yield (
                ["Resources", name, "Properties", "ScalingConfig", "MinSize"],
                f"{name} keeps {minimum} node(s) across {len(distinct)} AZs; set "
                f"ScalingConfig.MinSize to {len(distinct)} or more",
            )
