"""I9614: a load balancer can be drained out of an impaired AZ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    attributes,
    has_unknown_attributes,
    props,
    resources,
)

KEY = "zonal_shift.config.enabled"


class LoadBalancerZonalShift(HastackRule):
    id = "I9614"
    shortdesc = "Load balancer has zonal shift enabled"
    description = (
        "With zonal shift on, an operator (or zonal autoshift, when AWS detects an AZ "
        "impairment) moves traffic away from one AZ in seconds, without a deploy; a gray "
        "failure that passes health checks otherwise keeps receiving a third of the traffic."
    )
    fix = "Set the load balancer attribute zonal_shift.config.enabled to true."
    source_url = "https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-shift.html"
    tags = ["hastack", "ha", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, [types.ELBV2_LOAD_BALANCER]).items():
            p = props(res)
            if p.get("Type") == "gateway" or has_unknown_attributes(p, "LoadBalancerAttributes"):
                continue
            if as_bool(attributes(p, "LoadBalancerAttributes").get(KEY)) is not True:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} cannot be zonally shifted: set {KEY} to true",
                )
