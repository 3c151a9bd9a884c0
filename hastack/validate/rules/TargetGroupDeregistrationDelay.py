"""I9109: a target group sets its deregistration delay."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    attributes,
    has_unknown_attributes,
    non_lambda_target_groups,
)

KEY = "deregistration_delay.timeout_seconds"


class TargetGroupDeregistrationDelay(HastackRule):
    id = "I9109"
    shortdesc = "Target group sets deregistration_delay.timeout_seconds"
    description = (
        "The delay is how long in-flight requests get to finish when a target leaves; the "
        "300-second default slows every deploy and scale-in, and should be a deliberate choice."
    )
    fix = "Add TargetGroupAttributes: deregistration_delay.timeout_seconds (e.g. 30)."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#deregistration-delay"
    tags = ["hastack", "ha", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, p in non_lambda_target_groups(cfn):
            if has_unknown_attributes(p, "TargetGroupAttributes"):
                continue
            if KEY not in attributes(p, "TargetGroupAttributes"):
                yield (["Resources", name, "Properties"], f"{name} does not set {KEY}")
