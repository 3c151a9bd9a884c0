"""W9151: databases have an alarm with an action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    alarm_actions,
    alarm_metric_names,
    alarms,
    resources,
)


class DatabaseAlarms(HastackRule):
    id = "W9151"
    shortdesc = "RDS databases have an alarm (with an action) on their metrics"
    description = (
        "CPU exhaustion, replica lag or a full disk degrade a database well before it fails; "
        "an alarm gives the warning in time to act."
    )
    fix = "Add a CloudWatch alarm in namespace AWS/RDS (e.g. CPUUtilization) with AlarmActions."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/creating_alarms.html"
    tags = ["hastack", "ha", "monitoring", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        dbs = resources(cfn, ["AWS::RDS::DBCluster"])
        if not dbs:
            dbs = resources(cfn, ["AWS::RDS::DBInstance"])
        if not dbs:
            return
        for alarm in alarms(cfn).values():
            acts = alarm_actions(alarm)
            if acts is None:
                return
            if acts and any(ns == "AWS/RDS" for ns, _ in alarm_metric_names(alarm)):
                return
        name = next(iter(dbs))
        yield ["Resources", name], f"{name} has no CloudWatch alarm with an action"
