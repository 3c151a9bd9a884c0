"""W9160: health checks detect a failure well within the stated recovery time objective."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    as_int,
    duration_seconds,
    non_lambda_target_groups,
    props,
    resources,
    template_objective,
)

TARGET_GROUP_DEFAULTS = {"HTTP": (30, 2), "HTTPS": (30, 2), "TCP": (30, 2)}
"""(interval, unhealthy threshold) defaults of an ELBv2 target group (documented per protocol)."""
ROUTE53_DEFAULTS = (30, 3)


class HealthCheckWithinRto(HastackRule):
    id = "W9160"
    shortdesc = "Health-check detection time (interval x threshold) is within the stated RTO"
    description = (
        "A failure is only acted on once the health check has failed threshold times in a row: "
        "interval x unhealthy threshold seconds pass before any failover or replacement starts. "
        "If that alone exceeds the recovery time objective, the objective cannot be met."
    )
    fix = (
        "Lower HealthCheckIntervalSeconds / UnhealthyThresholdCount (Route 53: RequestInterval "
        "/ FailureThreshold)."
    )
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_planning_for_recovery_objective_defined_recovery.html"
    tags = ["hastack", "ha", "elb", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        rto = duration_seconds(template_objective(cfn, "rto"))
        if rto is None:
            return
        for name, p in non_lambda_target_groups(cfn):
            protocol = p.get("HealthCheckProtocol", p.get("Protocol", "HTTP"))
            interval_default, threshold_default = TARGET_GROUP_DEFAULTS.get(
                str(protocol).upper(), (30, 2)
            )
            interval = as_int(p.get("HealthCheckIntervalSeconds", interval_default))
            threshold = as_int(p.get("UnhealthyThresholdCount", threshold_default))
            yield from _compare(name, ["Resources", name, "Properties"], interval, threshold, rto)
        for name, res in resources(cfn, ["AWS::Route53::HealthCheck"]).items():
            config = props(res).get("HealthCheckConfig")
            if not isinstance(config, dict):
                continue
            interval = as_int(config.get("RequestInterval", ROUTE53_DEFAULTS[0]))
            threshold = as_int(config.get("FailureThreshold", ROUTE53_DEFAULTS[1]))
            path: list[str | int] = ["Resources", name, "Properties", "HealthCheckConfig"]
            yield from _compare(name, path, interval, threshold, rto)


def _compare(
    name: str, path: list[str | int], interval: int | None, threshold: int | None, rto: int
) -> Iterator[Finding]:
    if interval is None or threshold is None:
        return
    detection = interval * threshold
    if detection > rto:
        yield (
            path,
            (
                f"{name} detects a failure after {interval}s x {threshold} = {detection}s, "
                f"beyond the stated RTO of {rto}s"
            ),
        )
