"""``hastack prices refresh`` covers every priced row of the catalog, or says why not.

Each block's products are given here as the Price List API describes them (the attributes of
``GetProducts`` answers: usage types with their region prefix, product families, engines); every
catalog row must be produced by one of the refresh's queries for its block from these shapes, or
be listed in ``NOT_IN_PRICE_LIST`` with the reason. A service newly priced in the catalog without
a refresh path fails here.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from hastack.cost.catalog import CATALOG_PATH, parse_catalog
from hastack.cost.refresh import NOT_IN_PRICE_LIST, QUERIES, refresh
from tests.cost.test_refresh import _expect, filters, product, stubbed  # noqa: F401 (fixture)


def _usage(*types: str) -> list[dict[str, str]]:
    return [{"usagetype": f"USE1-{t}"} for t in types]


RECORDED: dict[str, list[dict[str, str]]] = {
    "apigateway": _usage(
        "ApiGatewayHttpRequest",
        "ApiGatewayRequest",
        "ApiGatewayMessage",
        "ApiGatewayMinute",
    ),
    "backup": _usage("WarmStorage-ByteHrs-EFS"),
    "cloudtrail": _usage("DataEventsRecorded", "PaidEventsRecorded"),
    "cloudwatch": _usage(
        "CW:AlarmMonitorUsage", "CW:HighResAlarmMonitorUsage", "CW:CompositeAlarmMonitorUsage"
    )
    + [
        {"usagetype": "USE1-DataProcessing-Bytes", "group": "Ingested Logs"},
        {"usagetype": "USE1-TimedStorage-ByteHrs"},
    ],
    "codebuild": _usage("Build-Min:g1.small", "Build-Min:g1.medium", "Build-Min:g1.large"),
    "config": _usage("ConfigRuleEvaluations", "ConfigurationItemRecorded"),
    "dynamodb": _usage(
        "ReplWriteRequestUnits",
        "WriteRequestUnits",
        "ReadRequestUnits",
        "ReplWriteCapacityUnit-Hrs",
        "WriteCapacityUnit-Hrs",
        "ReadCapacityUnit-Hrs",
        "TimedPITRStorage-ByteHrs",
        "TimedBackupStorage-ByteHrs",
        "TimedStorage-ByteHrs",
    ),
    "ebs": [
        {"productFamily": "Storage", "volumeApiName": v}
        for v in ("gp2", "gp3", "io1", "io2", "sc1", "st1", "standard")
    ]
    + [
        {"productFamily": "System Operation", "group": "EBS IOPS", "volumeApiName": v}
        for v in ("gp3", "io1", "io2")
    ]
    + [{"productFamily": "Provisioned Throughput", "volumeApiName": "gp3"}],
    "efs": _usage(
        "IATimedStorage-Z-ByteHrs",
        "TimedStorage-Z-ByteHrs",
        "IATimedStorage-ByteHrs",
        "ArchiveTimedStorage-ByteHrs",
        "TimedStorage-ByteHrs",
        "ProvisionedTP-MiBpsHrs",
    ),
    "eks": _usage("AmazonEKS-Hours:perCluster"),
    "elb": [
        {"productFamily": family, "usagetype": f"USE1-{usage}"}
        for family in ("Load Balancer-Application", "Load Balancer-Network", "Load Balancer")
        for usage in ("LoadBalancerUsage", "LCUUsage", "DataProcessing-Bytes")
    ],
    "events": _usage("Event-64K-Chunks"),
    "fargate": _usage(
        "Fargate-ARM-vCPU-Hours:perCPU",
        "Fargate-ARM-GB-Hours",
        "Fargate-Windows-OS-Hours:perCPU",
        "Fargate-Windows-vCPU-Hours:perCPU",
        "Fargate-Windows-GB-Hours",
        "Fargate-vCPU-Hours:perCPU",
        "Fargate-GB-Hours",
        "Fargate-EphemeralStorage-GB-Hours",
    ),
    "firehose": _usage("BilledBytes"),
    "kinesis": _usage(
        "Storage-ShardHour",
        "PutRequestPayloadUnits",
        "OnDemand-StreamHour",
        "OnDemand-BilledIncomingBytes",
        "OnDemand-BilledOutgoingBytes",
    ),
    "kms": _usage("KMS-Keys", "KMS-Requests"),
    "lambda": _usage(
        "Lambda-Provisioned-GB-Second-ARM",
        "Lambda-Provisioned-Concurrency-ARM",
        "Lambda-Provisioned-GB-Second",
        "Lambda-Provisioned-Concurrency",
        "Lambda-GB-Second-ARM",
        "Lambda-GB-Second",
        "Lambda-Storage-GB-Second",
        "Request",
    ),
    "opensearch": _usage("ES:GP2-Storage", "ES:GP3-Storage"),
    "s3": [
        {"productFamily": "Storage", "volumeType": "Standard"},
        {"group": "S3-API-Tier1"},
        {"group": "S3-API-Tier2"},
    ],
    "secretsmanager": _usage("AWSSecretsManager-Secrets", "AWSSecretsManager-APIRequest"),
    "sns": _usage("Requests-Tier1", "DeliveryAttempts-SMTP"),
    "sqs": _usage("Requests-FIFO-RBP", "Requests-RBP"),
    "stepfunctions": _usage(
        "StateTransition", "ExpressWorkflow-Requests", "ExpressWorkflow-Duration-GB-Second"
    ),
    "transfer": [
        {"transferType": "AWS Outbound"},
        {"transferType": "IntraRegion"},
        {"transferType": "InterRegion Outbound"},
    ],
    "vpc": _usage(
        "NatGateway-Hours",
        "NatGateway-Bytes",
        "PublicIPv4:InUseAddress",
        "VpcEndpoint-Hours",
        "VpcEndpoint-Bytes",
        "TransitGateway-Hours",
        "TransitGateway-Bytes",
        "ClientVPN-EndpointHours",
        "ClientVPN-ConnectionHours",
    ),
    "cloudfront": [
        {"usagetype": f"US-{t}", "fromLocation": "United States"}
        for t in ("DataTransfer-Out-Bytes", "Requests-Tier2-HTTPS", "Requests-Tier1")
    ],
    "waf": [{"usagetype": f"USE1-{t}"} for t in ("WebACL", "Rule", "Request")],
    "route53": [
        {"usagetype": t}
        for t in (
            "HostedZone",
            "DNS-Queries",
            "LBR-Queries",
            "Health-Check-AWS",
            "Health-Check-NonAWS",
            "Health-Check-Option-AWS",
            "Health-Check-Option-NonAWS",
        )
    ],
    "globalaccelerator": [{"usagetype": "NA-NA-Out-Bytes-Internet"}],
}
"""Product attributes per block, as GetProducts returns them."""


def _instance_shapes(block: str, keys: list[str]) -> list[dict[str, str]]:
    """Instance-priced blocks: one product per catalog row, the row's type and engine."""
    shapes = []
    for key in keys:
        if block == "ec2":
            shapes.append({"productFamily": "Compute Instance", "instanceType": key})
        elif block == "elasticache" and key.startswith(("cache.", "valkey:cache.")):
            engine, _, itype = key.rpartition(":")
            shapes.append({"instanceType": itype, "cacheEngine": "Valkey" if engine else "Redis"})
        elif block == "opensearch" and key.endswith(".search"):
            shapes.append({"instanceType": key})
        elif block in ("rds", "aurora") and ":db." in key:
            engine, itype = key.split(":", 1)
            names = {
                "mysql": "MySQL",
                "postgres": "PostgreSQL",
                "aurora-mysql": "Aurora MySQL",
                "aurora-postgresql": "Aurora PostgreSQL",
            }
            for deployment in ("Single-AZ", "Multi-AZ"):
                shapes.append(
                    {
                        "productFamily": "Database Instance",
                        "databaseEngine": names[engine],
                        "instanceType": itype,
                        "deploymentOption": deployment,
                    }
                )
    if block == "rds":
        for volume in ("General Purpose", "General Purpose-GP3", "Provisioned IOPS", "Magnetic"):
            shapes.append({"productFamily": "Database Storage", "volumeType": volume})
        shapes += [
            {"productFamily": "Provisioned IOPS", "volumeType": "Provisioned IOPS"},
            {"productFamily": "Provisioned IOPS", "volumeType": "General Purpose-GP3"},
            {"productFamily": "Provisioned Throughput"},
        ]
    if block == "aurora":
        shapes += [
            {
                "productFamily": "Database Instance",
                "databaseEngine": "Aurora PostgreSQL",
                "instanceType": "db.serverless",
                "usagetype": "USE1-Aurora:ServerlessV2Usage",
            },
            {"productFamily": "Database Storage", "volumeType": "General Purpose-Aurora"},
            {"productFamily": "System Operation", "group": "Aurora I/O Operation"},
        ]
    return shapes


def _catalog():
    return parse_catalog(CATALOG_PATH.read_text())


def _blocks():
    data = _catalog().data
    yield from data["regions"]["us-east-1"].items()
    yield from data["global"].items()


@pytest.mark.parametrize("block", [name for name, _ in _blocks()])
def test_every_catalog_row_has_a_refresh_path_or_a_stated_reason(block):
    prices = dict(_blocks())[block]["prices"]
    shapes = RECORDED.get(block, []) + _instance_shapes(block, sorted(prices))
    covered = set()
    queries = [q for q in QUERIES if q.block == block]
    assert queries, f"no Price List query refreshes {block}"
    for query in queries:
        for attrs in shapes:
            for key, _, _ in query.extract({"productFamily": "", **query.filters, **attrs}, 1):
                covered.add(key)
    excused = {key for (b, key) in NOT_IN_PRICE_LIST if b == block}
    assert set(prices) - covered - excused == set()
    assert excused & covered == set()  # a row with a refresh path needs no excuse
    assert excused <= set(prices)


def test_client_vpn_and_global_accelerator_and_valkey_are_refreshed_from_price_list_answers(
    tmp_path,
    stubbed,  # noqa: F811
):
    client, stubber = stubbed
    # answers in the order of QUERIES
    _expect(stubber, "AmazonEC2", filters("eu-west-1", productFamily="NAT Gateway"), [])
    _expect(
        stubber,
        "AmazonElastiCache",
        filters("eu-west-1", productFamily="Cache Instance"),
        [
            product(
                "Cache Instance",
                {"instanceType": "cache.r6g.large", "cacheEngine": "Redis"},
                "0.228",
            ),
            product(
                "Cache Instance",
                {"instanceType": "cache.r6g.large", "cacheEngine": "Valkey"},
                "0.1824",
            ),
        ],
    )
    _expect(
        stubber,
        "AmazonVPC",
        filters("eu-west-1"),
        [
            product("Client VPN", {"usagetype": "EU-ClientVPN-EndpointHours"}, "0.15"),
            product("Client VPN", {"usagetype": "EU-ClientVPN-ConnectionHours"}, "0.05"),
            product("VpcEndpoint", {"usagetype": "EU-VpcEndpoint-Hours"}, "0.011"),
            product("IP Address", {"usagetype": "EU-PublicIPv4:InUseAddress"}, "0.005"),
        ],
    )
    _expect(
        stubber,
        "AWSGlobalAccelerator",
        [],
        [
            product(
                "Data Transfer",
                {"usagetype": "NA-NA-Out-Bytes-Internet", "trafficDirection": "Out"},
                "0.015",
            ),
            product("Data Transfer", {"usagetype": "NA-EU-Out-Bytes-Internet"}, "0.015"),
        ],
    )
    path, report = refresh(
        ["eu-west-1"],
        tmp_path / "p.json",
        ["vpc", "elasticache", "globalaccelerator"],
        client=client,
    )
    catalog = parse_catalog(path.read_text())
    vpc = catalog.price("eu-west-1", "vpc", "clientvpn-association-hour")
    assert vpc.value == Decimal("0.15") and vpc.basis == "price-list-api"
    assert catalog.price("eu-west-1", "vpc", "clientvpn-connection-hour").value == Decimal("0.05")
    assert catalog.price("eu-west-1", "elasticache", "cache.r6g.large").value == Decimal("0.228")
    valkey = catalog.price("eu-west-1", "elasticache", "valkey:cache.r6g.large")
    assert valkey.value == Decimal("0.1824") and valkey.basis == "price-list-api"
    premium = catalog.price("eu-west-1", "globalaccelerator", "dt-premium-gb")
    assert premium.value == Decimal("0.015") and premium.basis == "price-list-api"
    # the fixed fee is not in the Price List: kept, and still called what it is
    fee = catalog.price("eu-west-1", "globalaccelerator", "accelerator-hour")
    assert fee.value == Decimal("0.025") and fee.basis == "published"
    assert report.missing["global/globalaccelerator"] == ["accelerator-hour"]
    # one query for all of AmazonVPC's products, one for NAT gateways (AmazonEC2)
    assert report.calls == 4
    assert json.loads(path.read_text())["global"]["globalaccelerator"]["published"] == [
        "accelerator-hour"
    ]
