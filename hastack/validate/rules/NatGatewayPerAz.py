"""W9110: every AZ whose private subnets route through a NAT gateway has its own NAT."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    nat_routes,
    props,
    resources,
    subnet_az,
)


class NatGatewayPerAz(HastackRule):
    id = "W9110"
    shortdesc = "One NAT gateway per AZ that routes through NAT"
    description = (
        "A NAT gateway is zonal: private subnets in other AZs that route through it lose "
        "outbound access when its AZ fails."
    )
    fix = "Add a NAT gateway in a public subnet of each AZ and route each AZ's subnets to it."
    source_url = "https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html"
    tags = ["hastack", "ha", "vpc"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template_resources = all_resources(cfn)
        nat_azs: set[str] = set()
        for res in resources(cfn, ["AWS::EC2::NatGateway"]).values():
            az = subnet_az(cfn, props(res).get("SubnetId"))
            if az is None:
                return  # a NAT whose AZ we cannot tell: no claim about coverage
            nat_azs.add(az)
        if not nat_azs:
            return
        for table, (nat, subnets) in nat_routes(cfn).items():
            if nat not in template_resources:
                continue
            for subnet in subnets:
                az = subnet_az(cfn, {"Ref": subnet})
                if az is not None and az not in nat_azs:
                    yield (
                        ["Resources", table],
                        f"{table} serves {subnet} in {az}, an AZ with no NAT gateway; "
                        f"add a NAT gateway there",
                    )
