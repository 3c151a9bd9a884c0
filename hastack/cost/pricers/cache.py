"""ElastiCache: node-hours of clusters and replication groups, and serverless caches.

A replication group runs ``NumCacheClusters`` nodes, or in cluster mode ``NumNodeGroups`` shards
of ``ReplicasPerNodeGroup`` + 1 nodes; each node is billed per hour at its node type's price.
Serverless caches bill stored GB-hours and ElastiCache Processing Units by use.

The engine sets the price: Valkey nodes cost 20% less than Redis OSS or Memcached nodes of the
same type, and Valkey serverless 33% less (with a 100 MB rather than 1 GB minimum of stored
data), as https://aws.amazon.com/elasticache/pricing/ lists them. Redis OSS and Memcached nodes
cost the same.
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


def engine(ctx: PriceContext, default: str | None = None) -> str:
    """``valkey``, ``redis`` or ``memcached``: the engine the cache runs (its price depends on
    it); an unresolvable engine is priced as Redis OSS, the higher price, with a note."""
    value = ctx.get_or("Engine", default or "redis", "Engine", default=default)
    if value is None:
        ctx.note("Engine not set: priced as Redis OSS")
        return "redis"
    return str(value).strip().lower()


def node_hours(ctx: PriceContext, count: Decimal, default_engine: str | None = None) -> Component:
    ntype = ctx.get("CacheNodeType")
    if not isinstance(ntype, str):
        raise NotPriced("no CacheNodeType")
    valkey = engine(ctx, default_engine) == "valkey"
    return charge(
        f"ElastiCache {'Valkey ' if valkey else ''}{ntype} x {count}",
        "node-hours",
        ctx.hours * count,
        ctx.price(
            "elasticache",
            f"valkey:{ntype}" if valkey else ntype,
            what=f"ElastiCache {'Valkey ' if valkey else ''}node type {ntype}",
        ),
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
    return [node_hours(ctx, count, default_engine="redis")]


@pricer(
    types.ELASTICACHE_SERVERLESS_CACHE,
    usage=[
        key("storage_gb", 1, "GB (average)", "data stored (1 GB minimum)"),
        key("ecpu_millions", 10, "million ECPUs/month", "ElastiCache Processing Units"),
    ],
)
def serverless_cache(ctx: PriceContext) -> list[Component]:
    prefix = "valkey-" if engine(ctx) == "valkey" else ""
    name = f"ElastiCache Serverless{' (Valkey)' if prefix else ''}"
    return [
        usage_charge(
            ctx,
            f"{name} storage",
            "GB-hours",
            "storage_gb",
            "elasticache",
            f"{prefix}serverless-gb-hour",
            ctx.hours,
        ),
        usage_charge(
            ctx,
            f"{name} ECPUs",
            "million ECPUs",
            "ecpu_millions",
            "elasticache",
            f"{prefix}serverless-ecpu-million",
        ),
    ]
