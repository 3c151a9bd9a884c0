"""W9104: a load-balanced Auto Scaling group uses the load balancer's health check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    as_str,
    is_load_balanced,
    props,
    resources,
)


class AsgElbHealthCheck(HastackRule):
    id = "W9104"
    shortdesc = "Load-balanced Auto Scaling group uses ELB health checks with a grace period"
    description = (
        "With the default EC2 health check, an instance whose application is down keeps running "
        "and is never replaced; without a grace period, booting instances are killed."
    )
    fix = "Set HealthCheckType: ELB and HealthCheckGracePeriod (e.g. 300 seconds)."
    source_url = (
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-health-checks.html"
    )
    tags = ["hastack", "ha", "autoscaling"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::AutoScaling::AutoScalingGroup"]).items():
            p = props(res)
            if not is_load_balanced(p):
                continue
            kind = p.get("HealthCheckType", "EC2")
            kind_text = as_str(kind)
            if kind_text is not None and kind_text.upper() not in ("ELB", "ELB,EBS", "EBS,ELB"):
                path = ["Resources", name, "Properties"]
                if "HealthCheckType" in p:
                    path.append("HealthCheckType")
                yield path, f"{name} is behind a load balancer but uses {kind_text} health checks"
            grace = p.get("HealthCheckGracePeriod")
            if grace is None:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} has no HealthCheckGracePeriod; booting instances may be replaced",
                )
            elif as_int(grace) == 0:
                yield (
                    ["Resources", name, "Properties", "HealthCheckGracePeriod"],
                    f"{name} has a zero HealthCheckGracePeriod",
                )
