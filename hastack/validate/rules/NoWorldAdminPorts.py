"""W9211: SSH and RDP are never open to the whole internet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, ingress_rules

ADMIN_PORTS = {22: "SSH", 3389: "RDP"}


class NoWorldAdminPorts(HastackRule):
    id = "W9211"
    shortdesc = "No SSH (22) or RDP (3389) from 0.0.0.0/0 or ::/0"
    description = (
        "Remote administration ports open to the world are scanned within minutes and are the "
        "most common way into instances."
    )
    fix = "Use SSM Session Manager, or allow the port only from a bastion's group or a VPN CIDR."
    source_url = "https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13"
    tags = ["hastack", "security", "vpc"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for rule in ingress_rules(cfn):
            if not rule.world or rule.ports is None:
                continue
            low, high = rule.ports
            opened = [label for port, label in ADMIN_PORTS.items() if low <= port <= high]
            if opened:
                yield rule.path, (f"{rule.group} allows {' and '.join(opened)} from {rule.cidr}")
