"""E9308: an RDS DB subnet group covers at least two AZs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, props, resources, subnet_key_azs


class DbSubnetGroupTwoAzs(HastackRule):
    id = "E9308"
    shortdesc = "RDS DB subnet group has subnets in at least two AZs"
    description = (
        "RDS refuses a DB subnet group whose subnets cover one AZ (\"doesn't meet Availability "
        'Zone coverage requirement"), even for a Single-AZ instance.'
    )
    fix = "List subnets of two or more AZs in SubnetIds."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html#USER_VPC.Subnets"
    tags = ["hastack", "deploy", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::RDS::DBSubnetGroup"]).items():
            found = subnet_key_azs(cfn, props(res).get("SubnetIds"))
            if found is None:
                continue
            count, azs = found
            if count < 2 or (azs is not None and len(azs) < 2):
                yield (
                    ["Resources", name, "Properties", "SubnetIds"],
                    (f"{name} covers one AZ; RDS requires two"),
                )
