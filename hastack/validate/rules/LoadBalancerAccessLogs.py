"""I9203: application and classic load balancers write access logs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    albs_with_known_attributes,
    as_bool,
    attributes,
    props,
    resources,
)


class LoadBalancerAccessLogs(HastackRule):
    id = "I9203"
    shortdesc = "Load balancer access logs are enabled"
    description = (
        "Access logs are the record of who called what when investigating an incident or an "
        "attack; they cannot be recovered after the fact."
    )
    fix = "Set LoadBalancerAttributes access_logs.s3.enabled: 'true' and access_logs.s3.bucket."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"
    tags = ["hastack", "security", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, p in albs_with_known_attributes(cfn):
            enabled = attributes(p, "LoadBalancerAttributes").get("access_logs.s3.enabled")
            if enabled is None or as_bool(enabled) is False:
                yield (["Resources", name, "Properties"], f"{name} does not write access logs")
        for name, res in resources(cfn, ["AWS::ElasticLoadBalancing::LoadBalancer"]).items():
            policy = props(res).get("AccessLoggingPolicy")
            disabled = isinstance(policy, dict) and as_bool(policy.get("Enabled")) is False
            if policy is None or disabled:
                yield (["Resources", name, "Properties"], f"{name} does not write access logs")
