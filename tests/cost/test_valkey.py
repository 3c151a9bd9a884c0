"""ElastiCache for Valkey is priced as Valkey, not as Redis OSS.

https://aws.amazon.com/elasticache/pricing/ (us-east-1): Valkey nodes cost 20% less than Redis
OSS or Memcached nodes of the same type (cache.r6g.large $0.206/h for Redis OSS, so
$0.1648/h for Valkey); Valkey serverless $0.084 per GB-hour and $0.0023 per million ECPUs
against $0.125 and $0.0034 for Redis OSS (33% less).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from tests.cost.conftest import template

D = Decimal


def _group(**props):
    return {
        "Type": "AWS::ElastiCache::ReplicationGroup",
        "Properties": {
            "ReplicationGroupDescription": "cache",
            "CacheNodeType": "cache.r6g.large",
            "NumCacheClusters": 2,
            **props,
        },
    }


@pytest.mark.parametrize(
    ("props", "hourly"),
    [
        ({}, D("0.206")),  # Engine defaults to redis
        ({"Engine": "redis"}, D("0.206")),
        ({"Engine": "valkey"}, D("0.1648")),
        ({"Engine": "Valkey"}, D("0.1648")),
    ],
)
def test_replication_group_nodes_are_priced_by_engine(props, hourly):
    result = estimate(template({"Cache": _group(**props)}), region="us-east-1")
    assert result.resource("Cache").monthly == 730 * 2 * hourly  # 240.608 for Valkey


def test_a_cache_cluster_reads_its_engine_and_memcached_costs_what_redis_costs():
    def cluster(engine):
        return {
            "Type": "AWS::ElastiCache::CacheCluster",
            "Properties": {"Engine": engine, "CacheNodeType": "cache.t3.micro", "NumCacheNodes": 1},
        }

    result = estimate(
        template({"V": cluster("valkey"), "M": cluster("memcached"), "R": cluster("redis")}),
        region="us-east-1",
    )
    assert result.resource("V").monthly == 730 * D("0.0136")
    assert result.resource("M").monthly == result.resource("R").monthly == 730 * D("0.017")


def test_valkey_serverless_is_a_third_cheaper_than_redis_serverless():
    def serverless(engine):
        return {
            "Type": "AWS::ElastiCache::ServerlessCache",
            "Properties": {"Engine": engine, "ServerlessCacheName": engine},
        }

    result = estimate(
        template({"V": serverless("valkey"), "R": serverless("redis")}), region="us-east-1"
    )
    # defaults: 1 GB stored, 10 million ECPUs a month
    assert result.resource("V").monthly == 730 * D("0.084") + 10 * D("0.0023")  # 61.343
    assert result.resource("R").monthly == 730 * D("0.125") + 10 * D("0.0034")  # 91.284


def test_an_unresolvable_engine_is_priced_as_redis_with_a_note():
    body = template(
        {"Cache": _group(Engine={"Ref": "Engine"})},
        Parameters={"Engine": {"Type": "String"}},
    )
    result = estimate(body, region="us-east-1")
    assert result.resource("Cache").monthly == 730 * 2 * D("0.206")
    assert any(
        a.logical_id == "Cache" and "Engine assumed redis" in a.message for a in result.assumptions
    )
