"""E9303: a Multi-AZ RDS instance does not name an AvailabilityZone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, props, resources


class RdsMultiAzNoAvailabilityZone(HastackRule):
    id = "E9303"
    shortdesc = "Multi-AZ RDS instance does not set AvailabilityZone"
    description = (
        "CreateDBInstance refuses AvailabilityZone together with MultiAZ: true (RDS picks the "
        "primary's and the standby's AZs itself); the stack fails at create time."
    )
    fix = "Remove AvailabilityZone, or set MultiAZ: false if one AZ is really meant."
    source_url = (
        "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html"
    )
    tags = ["hastack", "deploy", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::RDS::DBInstance"]).items():
            p = props(res)
            if as_bool(p.get("MultiAZ")) is True and isinstance(p.get("AvailabilityZone"), str):
                yield (
                    ["Resources", name, "Properties", "AvailabilityZone"],
                    f"{name} is Multi-AZ and names AvailabilityZone {p['AvailabilityZone']}",
                )
