"""W9152: every alarm notifies or acts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, alarm_actions, alarms


class AlarmHasAction(HastackRule):
    id = "W9152"
    shortdesc = "CloudWatch alarm has AlarmActions"
    description = "An alarm without an action changes state where nobody looks."
    fix = "Add AlarmActions (an SNS topic, a scaling or a recovery action)."
    source_url = (
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html"
    )
    tags = ["hastack", "ha", "monitoring"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, alarm in alarms(cfn).items():
            if alarm.get("ActionsEnabled") is False:
                continue
            if alarm_actions(alarm) is False:
                yield ["Resources", name, "Properties"], f"{name} has no AlarmActions"
