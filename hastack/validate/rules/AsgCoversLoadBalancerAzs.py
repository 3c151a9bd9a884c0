"""W9103: an Auto Scaling group has instances in every AZ its load balancer serves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    asg_target_groups,
    distinct_subnet_azs,
    lb_subnets,
    props,
    resources,
    target_group_load_balancers,
)


class AsgCoversLoadBalancerAzs(HastackRule):
    id = "W9103"
    shortdesc = "Auto Scaling group covers the load balancer's AZs"
    description = (
        "A load balancer node in an AZ without targets sends that AZ's share of traffic across "
        "zones (or drops it without cross-zone balancing); the fleet must cover each LB AZ."
    )
    fix = "Give the group a subnet in every AZ the load balancer has a subnet in."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#availability-zones"
    tags = ["hastack", "ha", "autoscaling", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template_resources = all_resources(cfn)
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            asg_azs = distinct_subnet_azs(cfn, p.get("VPCZoneIdentifier"))
            if not asg_azs:
                continue
            for tg in asg_target_groups(cfn, p):
                for lb in target_group_load_balancers(cfn, tg):
                    lb_azs = distinct_subnet_azs(
                        cfn, lb_subnets(props(template_resources.get(lb, {})))
                    )
                    if not lb_azs:
                        continue
                    missing = sorted(lb_azs - asg_azs)
                    if missing:
                        yield (
                            ["Resources", name, "Properties", "VPCZoneIdentifier"],
                            f"{name} has no subnet in {', '.join(missing)}, where {lb} "
                            "receives traffic; add one",
                        )
