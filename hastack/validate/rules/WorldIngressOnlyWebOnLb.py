"""W9212: world-open ingress only for HTTP/HTTPS on a load balancer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    ingress_rules,
    load_balancer_groups,
)

WEB_PORTS = {80, 443}
ADMIN_PORTS = {22, 3389}


class WorldIngressOnlyWebOnLb(HastackRule):
    id = "W9212"
    shortdesc = "0.0.0.0/0 or ::/0 ingress only on ports 80/443 of a load balancer"
    description = (
        "Everything but the public entry point should be reachable only from other security "
        "groups; a world-open port on an instance or database bypasses the load balancer."
    )
    fix = "Replace the CIDR with SourceSecurityGroupId of the load balancer (or the calling tier)."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/security-pillar/sec_network_protection_layered.html"
    tags = ["hastack", "security", "vpc"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        lb_groups = load_balancer_groups(cfn)
        for rule in ingress_rules(cfn):
            if not rule.world:
                continue
            if rule.ports is None:
                if rule.unknown_ports:
                    continue
                yield rule.path, f"{rule.group} allows all traffic from {rule.cidr}"
                continue
            low, high = rule.ports
            if any(low <= p <= high for p in ADMIN_PORTS):
                continue  # reported as an error by W9211
            ports = set(range(low, high + 1)) if high - low < 1024 else None
            if ports is not None and ports <= WEB_PORTS and rule.group in lb_groups:
                continue
            where = "" if rule.group in lb_groups else ", which is not a load balancer's group"
            shown = f"{low}" if low == high else f"{low}-{high}"
            yield rule.path, f"{rule.group} allows port {shown} from {rule.cidr}{where}"
