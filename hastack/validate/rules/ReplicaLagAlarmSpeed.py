"""W9611: a replica-lag alarm pages within minutes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, alarms, as_int, evaluator_of

LAG_METRICS = {
    "ReplicaLag",
    "AuroraReplicaLag",
    "AuroraReplicaLagMaximum",
    "AuroraGlobalDBReplicationLag",
    "AuroraGlobalDBRPOLag",
}
MAX_SECONDS = 300


class ReplicaLagAlarmSpeed(HastackRule):
    id = "W9611"
    shortdesc = "Replica-lag alarm fires within 5 minutes"
    description = (
        "Replica lag is data a failover would lose: an alarm that needs 15 minutes of lag "
        "before it fires says nothing useful about an RPO of seconds."
    )
    fix = "Period 60 with 2-3 evaluation periods (DatapointsToAlarm) for lag alarms."
    source_url = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html#alarm-evaluation"
    tags = ["hastack", "ha", "monitoring"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        for name, alarm in alarms(cfn).items():
            metric = evaluate.known(alarm.get("MetricName"))
            if not isinstance(metric, str) or metric not in LAG_METRICS:
                continue
            period = as_int(evaluate.known(alarm.get("Period")))
            periods = as_int(evaluate.known(alarm.get("DatapointsToAlarm")))
            if periods is None:
                periods = as_int(evaluate.known(alarm.get("EvaluationPeriods")))
            if period is None or periods is None:
                continue
            if period * periods > MAX_SECONDS:
                yield (
                    ["Resources", name, "Properties", "Period"],
                    f"{name} needs {period * periods // 60} minutes of lag before it fires "
                    f"(over {MAX_SECONDS // 60})",
                )
