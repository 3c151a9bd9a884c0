"""W9402: Redis/Valkey caches fail over automatically to a replica in another AZ."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hastack.validate.rules._helpers import Finding, HastackRule, as_bool, as_int, props, resources


class ElastiCacheAutomaticFailover(HastackRule):
    id = "W9402"
    shortdesc = "Redis/Valkey cache has a replica and automatic failover (Multi-AZ)"
    description = (
        "A Redis or Valkey primary without automatic failover stays down when its node or AZ "
        "fails until it is replaced, and its data is lost; a replica in another AZ with "
        "automatic failover takes over in under a minute."
    )
    fix = (
        "Use a ReplicationGroup with NumCacheClusters >= 2, AutomaticFailoverEnabled and "
        "MultiAZEnabled."
    )
    source_url = "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html"
    tags = ["hastack", "ha", "elasticache"]

    def check(self, cfn: Any) -> Iterator[Finding]:
        for name, res in resources(cfn, ["AWS::ElastiCache::ReplicationGroup"]).items():
            p = props(res)
            engine = p.get("Engine", "redis")
            if not isinstance(engine, str) or engine.lower() not in ("redis", "valkey"):
                continue
            failover = p.get("AutomaticFailoverEnabled", False)
            if as_bool(failover) is False:
                path = ["Resources", name, "Properties"]
                if "AutomaticFailoverEnabled" in p:
                    path.append("AutomaticFailoverEnabled")
                yield path, f"{name} has no automatic failover"
        for name, res in resources(cfn, ["AWS::ElastiCache::CacheCluster"]).items():
            p = props(res)
            engine = p.get("Engine")
            if isinstance(engine, str) and engine.lower() in ("redis", "valkey"):
                if as_int(p.get("NumCacheNodes", 1)) == 1:
                    yield (
                        ["Resources", name, "Properties", "Engine"],
                        (f"{name} is a single {engine} node with no replica"),
                    )
