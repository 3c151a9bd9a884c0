"""W9610: a Route 53 health check is read by something."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    evaluator_of,
    resources,
)


class UnusedHealthCheck(HastackRule):
    id = "W9610"
    shortdesc = "Route 53 health check beside DNS records is used by one of them (or an alarm)"
    description = (
        "A template that manages DNS records and a health check none of its records, "
        "calculated checks, alarms or outputs refers to pays for a check that changes nothing: "
        "a record fails over only on the health check it names."
    )
    fix = "Attach it to a failover record (HealthCheckId) or an alarm, or remove it."
    source_url = (
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-types.html"
    )
    tags = ["hastack", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        checks = resources(cfn, [types.ROUTE53_HEALTH_CHECK])
        records = resources(cfn, [types.ROUTE53_RECORD_SET, types.ROUTE53_RECORD_SET_GROUP])
        if not checks or not records:
            return  # a lone check is monitoring whose alarm may live elsewhere: not judged
        evaluate = evaluator_of(cfn)
        outputs = cfn.template.get("Outputs") if isinstance(cfn.template, dict) else None
        used = {ref.logical_id for ref in evaluate.references(outputs, across_stacks=False)}
        for name, res in all_resources(cfn).items():
            refs = evaluate.references(res, across_stacks=False)
            used |= {ref.logical_id for ref in refs if ref.logical_id != name}
        for name in sorted(set(checks) - used):
            yield ["Resources", name], f"{name} is not used by any record, alarm or output"
