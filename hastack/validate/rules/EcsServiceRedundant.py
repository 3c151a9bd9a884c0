"""W9401: an ECS service runs at least two tasks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_int, props, resources


class EcsServiceRedundant(HastackRule):
    id = "W9401"
    shortdesc = "ECS service runs at least two tasks"
    description = (
        "With one task, its failure or its host's AZ failure stops the service until the "
        "scheduler starts a replacement (minutes); two tasks spread over AZs keep serving."
    )
    fix = "Set DesiredCount to 2 or more (ECS spreads replica tasks over AZs)."
    source_url = (
        "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-rebalancing.html"
    )
    tags = ["hastack", "ha", "ecs"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::ECS::Service"]).items():
            p = props(res)
            if p.get("SchedulingStrategy") == "DAEMON":
                continue
            count = as_int(p.get("DesiredCount", 1))
            if count is not None and 0 < count < 2:
                path = ["Resources", name, "Properties"]
                if "DesiredCount" in p:
                    path.append("DesiredCount")
                yield path, f"{name} runs {count} task"
