"""I9609: a new public hosted zone serves nothing until it is delegated."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, props, resources


class NewHostedZoneDelegation(HastackRule):
    id = "I9609"
    shortdesc = "New public hosted zone needs delegation from its parent"
    description = (
        "A public hosted zone created by the stack gets its own name servers: its records are "
        "served only once the parent zone or the registrar delegates to them, and it "
        "duplicates the domain's existing zone if there is one."
    )
    fix = (
        "Put the records in the existing zone (HostedZoneId), or add the new zone's name "
        "servers as NS records in the parent; suppress with a reason once delegated."
    )
    source_url = (
        "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/CreatingNewSubdomain.html"
    )
    tags = ["hastack", "route53"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, [types.ROUTE53_HOSTED_ZONE]).items():
            if props(res).get("VPCs") is not None:
                continue  # private zone: answered inside the VPCs, no delegation
            yield (
                ["Resources", name],
                f"{name} is a new public zone: nobody is served its records until the parent "
                "delegates to its name servers",
            )
