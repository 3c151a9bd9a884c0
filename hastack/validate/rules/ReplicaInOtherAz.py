"""W9408: replicas are placed in AZs other than their primary's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import (
    Finding,
    HastackRule,
    az_of,
    literal_list,
    props,
    ref_target,
    resources,
)


class ReplicaInOtherAz(HastackRule):
    id = "W9408"
    shortdesc = "RDS read replicas and ElastiCache replicas are in AZs other than the primary's"
    description = (
        "A replica in its primary's AZ fails together with it, so it is neither a failover "
        "target nor a copy of the data when that AZ goes down."
    )
    fix = "Give the replica another AvailabilityZone (or leave placement to the service)."
    source_url = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html"
    tags = ["hastack", "ha", "rds", "elasticache"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        instances = resources(cfn, ["AWS::RDS::DBInstance"])
        for name, res in instances.items():
            p = props(res)
            source = ref_target(p.get("SourceDBInstanceIdentifier"), cfn)
            if source is None or source not in instances:
                continue
            mine = az_of(p.get("AvailabilityZone"))
            theirs = az_of(props(instances[source]).get("AvailabilityZone"))
            if mine is not None and mine == theirs:
                yield (
                    ["Resources", name, "Properties", "AvailabilityZone"],
                    (f"{name} is in its source {source}'s AZ ({mine})"),
                )
        for name, res in resources(cfn, ["AWS::ElastiCache::ReplicationGroup"]).items():
            p = props(res)
            base = ["Resources", name, "Properties"]
            azs = [az_of(a) for a in literal_list(p.get("PreferredCacheClusterAZs")) or []]
            if len(azs) >= 2 and None not in azs and len(set(azs)) == 1:
                yield base + ["PreferredCacheClusterAZs"], f"{name} puts every node in {azs[0]}"
            for i, group in enumerate(literal_list(p.get("NodeGroupConfiguration")) or []):
                if not isinstance(group, dict):
                    continue
                primary = az_of(group.get("PrimaryAvailabilityZone"))
                replicas = [
                    az_of(a) for a in literal_list(group.get("ReplicaAvailabilityZones")) or []
                ]
                if primary is not None and replicas and all(r == primary for r in replicas):
                    yield (
                        base + ["NodeGroupConfiguration", i],
                        (f"{name}: shard {i} has its replicas in its primary's AZ ({primary})"),
                    )
