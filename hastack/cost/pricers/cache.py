"""ElastiCache: node-hours of clusters and replication groups, and serverless caches.

A replication group runs ``NumCacheClusters`` nodes, or in cluster mode ``NumNodeGroups`` shards
of ``ReplicasPerNodeGroup`` + 1 nodes; each node is billed per hour at its node type's price.
Serverless caches bill stored GB-hours and ElastiCache Processing Units by use.
"""

from __future__ import annotations

from decimal import Decimal

from hastack.cost.model import Component
from hastack.cost.pricers.base import (
    NotPriced,
    PriceContext,
    charge,
    number_or,
    pricer,
    usage_charge,
)
from hastack.cost.usage import key
from hastack.template import types


def node_hours(ctx: PriceContext, count: Decimal) -> Component:
    ntype = ctx.get("CacheNodeType")
    if not isinstance(ntype, str):
        raise NotPriced("no CacheNodeType")
    if not ctx.catalog.has(ctx.region, "elasticache", ntype):
        raise NotPriced(
            f"ElastiCache node type {ntype} has no price in the catalog for {ctx.region}"
        )
    return charge(
        f"ElastiCache {ntype} x {count}",
        "node-hours",
        ctx.hours * count,
        ctx.price("elasticache", ntype),
    )


@pricer(types.ELASTICACHE_CACHE_CLUSTER)
def cache_cluster(ctx: PriceContext) -> list[Component]:
    return [node_hours(ctx, number_or(ctx, "NumCacheNodes", 1, "NumCacheNodes"))]


@pricer(types.ELASTICACHE_REPLICATION_GROUP)
def replication_group(ctx: PriceContext) -> list[Component]:
    props = ctx.props
    if "NumNodeGroups" in props or "ReplicasPerNodeGroup" in props:
        shards = number_or(ctx, "NumNodeGroups", 1, "NumNodeGroups")
        replicas = number_or(ctx, "ReplicasPerNodeGroup", 0, "ReplicasPerNodeGroup")
        count = shards * (replicas + 1)
    elif "NodeGroupConfiguration" in props and isinstance(props["NodeGroupConfiguration"], list):
        count = Decimal(0)
        for group in props["NodeGroupConfiguration"]:
            replicas = (
                number_or(ctx, "ReplicaCount", 0, "ReplicaCount", group)
                if isinstance(group, dict)
                else Decimal(0)
            )
            count += replicas + 1
    else:
        count = number_or(ctx, "NumCacheClusters", 1, "NumCacheClusters")
        if "NumCacheClusters" not in props:
            ctx.note("NumCacheClusters not set: 1 node assumed")
    return [node_hours(ctx, count)]


@pricer(
    types.ELASTICACHE_SERVERLESS_CACHE,
    usage=[
        key("storage_gb", 1, "GB (average)", "data stored (1 GB minimum)"),
        key("ecpu_millions", 10, "million ECPUs/month", "ElastiCache Processing Units"),
    ],
)
def serverless_cache(ctx: PriceContext) -> list[Component]:
    return [
        usage_charge(
            ctx,
            "ElastiCache Serverless storage",
            "GB-hours",
            "storage_gb",
            "elasticache",
            "serverless-gb-hour",
            ctx.hours,
        ),
        usage_charge(
            ctx,
            "ElastiCache Serverless ECPUs",
            "million ECPUs",
            "ecpu_millions",
            "elasticache",
            "serverless-ecpu-million",
        ),
    ]
