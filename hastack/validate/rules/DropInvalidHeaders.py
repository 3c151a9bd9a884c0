"""W9204: application load balancers drop invalid HTTP headers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    albs_with_known_attributes,
    as_bool,
    attributes,
)

KEY = "routing.http.drop_invalid_header_fields.enabled"


class DropInvalidHeaders(HastackRule):
    id = "W9204"
    shortdesc = "Application load balancer drops invalid header fields"
    description = (
        "Forwarding malformed headers to targets enables HTTP desync and request smuggling "
        "attacks against the application servers."
    )
    fix = f"Set LoadBalancerAttributes {KEY}: 'true'."
    source_url = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes"
    tags = ["hastack", "security", "elb"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, p in albs_with_known_attributes(cfn):
            value = attributes(p, "LoadBalancerAttributes").get(KEY)
            if value is None or as_bool(value) is False:
                yield (["Resources", name, "Properties"], f"{name} forwards invalid header fields")
