"""W9111: each private route table uses the NAT gateway in its own AZ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    all_resources,
    nat_routes,
    props,
    subnet_az,
)


class PrivateRouteUsesLocalNat(HastackRule):
    id = "W9111"
    shortdesc = "Private route tables use the NAT gateway of their own AZ"
    description = (
        "A route to a NAT gateway in another AZ couples two AZs: that AZ's failure cuts this "
        "one's outbound traffic, and every packet pays cross-AZ transfer."
    )
    fix = "Give each AZ its own private route table whose default route targets that AZ's NAT."
    source_url = "https://docs.aws.amazon.com/wellarchitected/latest/reliability-pillar/rel_fault_isolation_multiaz_region_system.html"
    tags = ["hastack", "ha", "vpc"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        template_resources = all_resources(cfn)
        for table, (nat, subnets) in nat_routes(cfn).items():
            nat_res = template_resources.get(nat)
            if not isinstance(nat_res, dict):
                continue
            nat_az = subnet_az(cfn, props(nat_res).get("SubnetId"))
            if nat_az is None:
                continue
            for subnet in subnets:
                az = subnet_az(cfn, {"Ref": subnet})
                if az is not None and az != nat_az:
                    yield (
                        ["Resources", table],
                        f"{table} sends {subnet} ({az}) through {nat} in {nat_az}; "
                        "use the NAT gateway of the subnet's own AZ",
                    )
