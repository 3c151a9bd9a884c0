"""ElastiCache replication groups: node hours for the primary and every replica.

Valkey nodes are listed 20% below Redis OSS nodes of the same type (the ElastiCache pricing
page); the catalog holds the Redis OSS price and the Valkey one is derived from it. Backup
storage up to the cluster's size is free; more is not counted.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hastack.cost.model import Component
from hastack.cost.pricers.base import NotPriced, PriceContext, as_int, charge, pricer
from hastack.cost.resolver import Unresolved

VALKEY_DISCOUNT = Decimal("0.8")


@pricer("AWS::ElastiCache::ReplicationGroup")
def replication_group(ctx: PriceContext) -> list[Component]:
    node_type = str(ctx.get_or("CacheNodeType", "?", "node type"))
    engine = str(ctx.get_or("Engine", "redis", "engine")).lower()
    try:
        if "NumCacheClusters" in ctx.props:
            nodes = as_int(ctx.get("NumCacheClusters"), "NumCacheClusters")
        else:
            groups = as_int(ctx.get("NumNodeGroups", 1), "NumNodeGroups")
            replicas = as_int(ctx.get("ReplicasPerNodeGroup", 0), "ReplicasPerNodeGroup")
            nodes = groups * (1 + replicas)
    except Unresolved as why:
        ctx.note(f"node count unresolved ({why}); assumed 1")
        nodes = 1
    if not ctx.catalog.has(ctx.region, "elasticache", node_type):
        raise NotPriced(f"{node_type} has no ElastiCache price in the catalog for {ctx.region}")
    price = ctx.price("elasticache", node_type)
    if engine == "valkey":
        price = dataclasses.replace(price, value=price.value * VALKEY_DISCOUNT)
        ctx.note("Valkey node price: the Redis OSS price less 20%")
    return [
        charge(
            f"{node_type} {engine} nodes (primary + replicas)",
            "node-hours",
            nodes * ctx.hours,
            price,
        )
    ]
