"""W9603: a read replica is in its source's security groups."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.template import types
from hastack.validate.rules._helpers import Finding, HastackRule, props, ref_target, resources


class ReadReplicaSecurityGroups(HastackRule):
    id = "W9603"
    shortdesc = "RDS read replica has VPCSecurityGroups like its source"
    description = (
        "A replica created without VPCSecurityGroups gets the VPC's default security group, "
        "not its source's: the clients allowed into the source cannot reach the replica (nor "
        "a reader endpoint that points at it)."
    )
    fix = "Give the replica the same VPCSecurityGroups as its source instance."
    source_url = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstanceReadReplica.html"
    tags = ["hastack", "ha", "rds"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        instances = resources(cfn, [types.RDS_DB_INSTANCE])
        for name, res in instances.items():
            p = props(res)
            source = ref_target(p.get("SourceDBInstanceIdentifier"), cfn)
            if source is None or source not in instances:
                continue  # not a replica, or its source is in another stack or region
            if p.get("VPCSecurityGroups") is not None or p.get("DBSecurityGroups") is not None:
                continue
            if props(instances[source]).get("VPCSecurityGroups") is None:
                continue  # the source uses the default group too
            yield (
                ["Resources", name, "Properties"],
                f"{name} replicates {source} but not its VPCSecurityGroups: it gets the VPC's "
                "default group, unreachable for the source's clients",
            )
