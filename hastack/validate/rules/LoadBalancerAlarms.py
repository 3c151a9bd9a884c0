"""W9150: load balancers have alarms on 5xx errors and unhealthy hosts, with an action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    alarm_actions,
    alarm_metric_names,
    alarms,
    lb_type,
    props,
    resources,
)

NEEDED = {
    "application": {
        "5xx errors": {
            ("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count"),
            ("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count"),
        },
        "unhealthy hosts": {("AWS/ApplicationELB", "UnHealthyHostCount")},
    },
    "network": {
        "unhealthy hosts": {("AWS/NetworkELB", "UnHealthyHostCount")},
    },
}


class LoadBalancerAlarms(HastackRule):
    id = "W9150"
    shortdesc = "Load balancer has alarms (with actions) on 5xx errors and unhealthy hosts"
    description = (
        "Failures that the fleet absorbs silently (targets failing health checks, errors behind "
        "the load balancer) must reach a person before the remaining capacity runs out."
    )
    fix = "Add alarms on HTTPCode_ELB_5XX_Count and UnHealthyHostCount, with AlarmActions."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_monitor_aws_resources_notification_monitor.html"
    tags = ["hastack", "ha", "monitoring"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        lbs = resources(cfn, ["AWS::ElasticLoadBalancingV2::LoadBalancer"])
        if not lbs:
            return
        watched: set[tuple[str, str]] = set()
        unknown = False
        for alarm in alarms(cfn).values():
            acts = alarm_actions(alarm)
            if acts is None:
                unknown = True
            if acts:
                watched |= alarm_metric_names(alarm)
        if unknown:
            return
        for name, res in lbs.items():
            kind = lb_type(props(res))
            for what, metrics in NEEDED.get(kind or "", {}).items():
                if not metrics & watched:
                    yield ["Resources", name], f"{name} has no alarm with an action on {what}"
