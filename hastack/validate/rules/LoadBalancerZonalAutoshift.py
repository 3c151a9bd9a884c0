"""I9617: a load balancer that can be zonally shifted is also shifted by zonal autoshift."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    as_bool,
    attributes,
    has_unknown_attributes,
    props,
    ref_target,
    resources,
)

AUTOSHIFT = "AWS::ARCZonalShift::ZonalAutoshiftConfiguration"
KEY = "zonal_shift.config.enabled"


class LoadBalancerZonalAutoshift(HastackRule):
    id = "I9617"
    shortdesc = "Zonal shift load balancer has zonal autoshift"
    description = (
        "Zonal shift only helps when someone starts it: during an AZ impairment that is a "
        "human noticing, deciding and acting. With zonal autoshift (and its weekly practice "
        "runs, ended by outcome alarms) AWS shifts the load balancer's traffic out of an AZ "
        "its own telemetry sees impaired, and the practice runs prove the other AZs carry the "
        "load."
    )
    fix = (
        "Add an AWS::ARCZonalShift::ZonalAutoshiftConfiguration for the load balancer with "
        "ZonalAutoshiftStatus ENABLED and a PracticeRunConfiguration whose OutcomeAlarms are "
        "its error alarms."
    )
    source_url = "https://docs.aws.amazon.com/r53recovery/latest/dg/arc-zonal-autoshift.html"
    tags = ["hastack", "ha", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        shifted = set()
        for res in all_resources(cfn).values():
            if isinstance(res, dict) and res.get("Type") == AUTOSHIFT:
                p = props(res)
                if p.get("ZonalAutoshiftStatus") == "ENABLED":
                    target = ref_target(p.get("ResourceIdentifier"), cfn)
                    shifted.add(target)
        for name, res in resources(cfn, [types.ELBV2_LOAD_BALANCER]).items():
            p = props(res)
            if p.get("Type") == "gateway" or has_unknown_attributes(p, "LoadBalancerAttributes"):
                continue
            enabled = as_bool(attributes(p, "LoadBalancerAttributes").get(KEY))
            if enabled is True and name not in shifted:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} can be zonally shifted but only by hand: configure zonal autoshift",
                )
