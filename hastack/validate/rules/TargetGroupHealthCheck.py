"""W9108: a target group's health check is configured, not left to defaults."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_bool,
    as_str,
    non_lambda_target_groups,
)


class TargetGroupHealthCheck(HastackRule):
    id = "W9108"
    shortdesc = "Target group health check has a path and a matcher (HTTP/HTTPS)"
    description = (
        "The default health check asks for / and accepts only 200: it often tests a page that "
        "does not exercise the application, or fails on a redirect and takes healthy targets out."
    )
    fix = "Set HealthCheckPath to a real health endpoint and Matcher.HttpCode (e.g. 200)."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
    tags = ["hastack", "ha", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, p in non_lambda_target_groups(cfn):
            if as_bool(p.get("HealthCheckEnabled")) is False:
                yield (
                    ["Resources", name, "Properties", "HealthCheckEnabled"],
                    f"{name} has its health check disabled",
                )
                continue
            protocol = as_str(p.get("HealthCheckProtocol")) or as_str(p.get("Protocol"))
            if protocol not in ("HTTP", "HTTPS"):
                continue
            missing = [key for key in ("HealthCheckPath", "Matcher") if key not in p]
            if missing:
                yield (
                    ["Resources", name, "Properties"],
                    f"{name} HTTP health check has no {' and no '.join(missing)}",
                )
