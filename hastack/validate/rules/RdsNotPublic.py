"""W9209: RDS instances are not publicly accessible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, props, resources


class RdsNotPublic(HastackRule):
    id = "W9209"
    shortdesc = "RDS instance is not publicly accessible"
    description = (
        "A public endpoint exposes the database to password guessing and exploits from the whole "
        "internet; applications reach it inside the VPC."
    )
    fix = "Set PubliclyAccessible: false and place the instance in private or isolated subnets."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Hiding"
    tags = ["hastack", "security", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::RDS::DBInstance"]).items():
            if as_bool(props(res).get("PubliclyAccessible")) is True:
                yield (
                    ["Resources", name, "Properties", "PubliclyAccessible"],
                    f"{name} is publicly accessible",
                )
