"""W9604: a failover record's health check probes deeper than the load balancer's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    evaluator_of,
    props,
    record_sets,
    ref_target,
    resources,
)


class RegionalHealthCheckDepth(HastackRule):
    id = "W9604"
    shortdesc = "Failover health check probes a deeper path than the target group"
    description = (
        "The load balancer's check should be shallow (is this instance serving?) so one "
        "database blip does not empty the fleet; the check Route 53 fails a region over on "
        "must see the app and its dependencies. The same path for both means a region whose "
        "database is dead keeps passing and never fails over."
    )
    fix = (
        "Point the Route 53 check at a deep path (app + database); keep the target group's shallow."
    )
    source_url = "https://aws.amazon.com/builders-library/implementing-health-checks/"
    tags = ["hastack", "ha", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        evaluate = evaluator_of(cfn)
        paths = [
            evaluate.known(props(tg).get("HealthCheckPath"))
            for tg in resources(cfn, [types.ELBV2_TARGET_GROUP]).values()
        ]
        shallow = {path for path in paths if isinstance(path, str)}
        if not shallow:
            return
        checks = resources(cfn, [types.ROUTE53_HEALTH_CHECK])
        failover_checks = {
            ref_target(record.get("HealthCheckId"), cfn)
            for _, record in record_sets(cfn)
            if record.get("Failover") is not None
        }
        for name in sorted(set(checks).intersection(failover_checks)):
            config = props(checks[name]).get("HealthCheckConfig")
            if not isinstance(config, dict):
                continue
            path = evaluate.known(config.get("ResourcePath"))
            if isinstance(path, str) and path in shallow:
                yield (
                    ["Resources", name, "Properties", "HealthCheckConfig", "ResourcePath"],
                    f"{name} fails the region over on {path}, the target group's shallow "
                    "check: a dead database never fails the region over",
                )
