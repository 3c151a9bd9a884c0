"""E9304: ElastiCache automatic failover and Multi-AZ have what they require."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, as_int, props, resources


class ElastiCacheFailoverNeedsReplica(HastackRule):
    id = "E9304"
    shortdesc = "ElastiCache failover settings are ones AWS accepts"
    description = (
        "CreateReplicationGroup refuses AutomaticFailoverEnabled: true with a single node "
        "(NumCacheClusters 1, or no replicas per shard) and MultiAZEnabled: true without "
        "automatic failover."
    )
    fix = "Add a replica (NumCacheClusters: 2 or ReplicasPerNodeGroup: 1), or enable failover."
    source_url = "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html"
    tags = ["hastack", "deploy", "elasticache"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::ElastiCache::ReplicationGroup"]).items():
            p = props(res)
            failover = as_bool(p.get("AutomaticFailoverEnabled"))
            base = ["Resources", name, "Properties"]
            if as_bool(p.get("MultiAZEnabled")) is True and "AutomaticFailoverEnabled" in p:
                if failover is False:
                    yield (
                        base + ["MultiAZEnabled"],
                        (f"{name}: MultiAZEnabled needs AutomaticFailoverEnabled: true"),
                    )
            if failover is not True:
                continue
            nodes = _nodes_per_shard(p)
            if nodes is not None and nodes < 2:
                yield (
                    base + ["AutomaticFailoverEnabled"],
                    (f"{name}: automatic failover needs a replica; it has {nodes} node per shard"),
                )


def _nodes_per_shard(p: dict[str, Any]) -> int | None:
    if "ReplicasPerNodeGroup" in p:
        replicas = as_int(p["ReplicasPerNodeGroup"])
        return None if replicas is None else replicas + 1
    if "NodeGroupConfiguration" in p or "NumNodeGroups" in p:
        return None
    if "NumCacheClusters" in p:
        return as_int(p["NumCacheClusters"])
    if "PrimaryClusterId" in p:
        return None
    return 1  # the documented default: NumCacheClusters 1
