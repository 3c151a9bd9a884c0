"""W9140: a PRIMARY failover record is health checked."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, record_sets


class FailoverRecordHealth(HastackRule):
    id = "W9140"
    shortdesc = "Failover PRIMARY record has a health check or EvaluateTargetHealth"
    description = (
        "Route 53 fails over only when it knows the primary is unhealthy; without a health "
        "check the secondary never receives traffic."
    )
    fix = "Set HealthCheckId, or AliasTarget.EvaluateTargetHealth: true for an alias record."
    source_url = (
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html"
    )
    tags = ["hastack", "ha", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for path, record in record_sets(cfn):
            if record.get("Failover") != "PRIMARY":
                continue
            if record.get("HealthCheckId") is not None:
                continue
            alias = record.get("AliasTarget")
            if isinstance(alias, dict) and as_bool(alias.get("EvaluateTargetHealth")) is not False:
                if "EvaluateTargetHealth" in alias:
                    continue
            yield path, f"{path[1]}: PRIMARY failover record is not health checked"
