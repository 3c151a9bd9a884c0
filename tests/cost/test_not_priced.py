"""A node or instance type the catalog lacks is never priced $0 in silence.

Each service's pricer must list the resource as not priced, naming the type and the region, and
leave it out of the total, rather than charging nothing for it or borrowing another type's price.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from hastack.cost.api import estimate
from tests.cost.conftest import template

SUBNETS = ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"]

CASES = [
    (
        "ec2",
        {"Type": "AWS::EC2::Instance", "Properties": {"InstanceType": "u-12tb1.112xlarge"}},
        "u-12tb1.112xlarge",
    ),
    (
        "rds",
        {
            "Type": "AWS::RDS::DBInstance",
            "Properties": {
                "Engine": "postgres",
                "DBInstanceClass": "db.x2iedn.32xlarge",
                "AllocatedStorage": "100",
                "MultiAZ": True,
            },
        },
        "db.x2iedn.32xlarge",
    ),
    (
        "elasticache",
        {
            "Type": "AWS::ElastiCache::ReplicationGroup",
            "Properties": {
                "ReplicationGroupDescription": "cache",
                "CacheNodeType": "cache.x2gd.12xlarge",
                "NumCacheClusters": 2,
            },
        },
        "cache.x2gd.12xlarge",
    ),
    (
        "opensearch",
        {
            "Type": "AWS::OpenSearchService::Domain",
            "Properties": {
                "ClusterConfig": {"InstanceType": "im4gn.16xlarge.search", "InstanceCount": 2},
                "EBSOptions": {"EBSEnabled": True, "VolumeSize": 10, "VolumeType": "gp3"},
            },
        },
        "im4gn.16xlarge.search",
    ),
    (
        "opensearch-master",
        {
            "Type": "AWS::OpenSearchService::Domain",
            "Properties": {
                "ClusterConfig": {
                    "InstanceType": "r6g.large.search",
                    "InstanceCount": 2,
                    "DedicatedMasterEnabled": True,
                    "DedicatedMasterType": "r7gd.16xlarge.search",
                    "DedicatedMasterCount": 3,
                },
            },
        },
        "r7gd.16xlarge.search",
    ),
]


@pytest.mark.parametrize(("service", "resource", "missing"), CASES, ids=[c[0] for c in CASES])
def test_a_type_missing_from_the_catalog_is_not_priced_with_the_type_and_region_named(
    service, resource, missing
):
    from hastack.cost.catalog import load_catalog

    catalog = load_catalog()
    block = {"opensearch-master": "opensearch"}.get(service, service)
    key = f"postgres:{missing}" if service == "rds" else missing
    assert not catalog.has("us-east-1", block, key)  # the premise: the catalog lacks it

    result = estimate(template({"Thing": resource}), region="us-east-1")
    (item,) = [n for n in result.not_priced if n.logical_id == "Thing"]
    assert missing in item.reason and "us-east-1" in item.reason
    assert all(r.logical_id != "Thing" for r in result.resources)
    assert result.total_monthly == Decimal(0)
