"""Rebuild catalog blocks from the AWS Price List API (``pricing:GetProducts``).

The only module of ``hastack.cost`` that imports boto3, and only when called. Each query asks
one service for the on-demand products of one region (``regionCode`` filter, paginated), then
maps each product's attributes to a catalog key and takes the price of its first non-zero tier.
Only keys the catalog already carries are refreshed (the catalog stays small and every key a
pricer reads stays present); keys the API did not return keep their previous price and are
reported, so a partial answer never silently drops prices.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hastack.core.regions import region_problem
from hastack.cost.catalog import CATALOG_PATH, GLOBAL, row_basis
from hastack.errors import HastackError, UsageError

PRICING_REGION = "us-east-1"
"""The Price List API answers from us-east-1 (also ap-south-1, eu-central-1)."""

Entry = tuple[str, int | None, Decimal]
"""(catalog key, index in a [single, multi]-style pair or None, unit price)."""


class PriceRefreshError(HastackError):
    """The Price List API could not be read (no credentials, no network, throttled)."""

    exit_code = 1


@dataclass(frozen=True)
class Query:
    block: str
    service_code: str
    filters: dict[str, str]
    extract: Callable[[dict[str, str], Decimal], list[Entry]]
    regional: bool = True
    region_field: str = "regionCode"
    """Data transfer products name their region ``fromRegionCode``."""


@dataclass
class RefreshReport:
    updated: dict[str, list[str]] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)
    calls: int = 0

    def lines(self) -> list[str]:
        out = []
        for where in sorted(set(self.updated) | set(self.missing)):
            n_up, n_miss = len(self.updated.get(where, [])), len(self.missing.get(where, []))
            text = f"{where}: {n_up} prices refreshed"
            if n_miss:
                sample = ", ".join(self.missing[where][:5])
                text += (
                    f", {n_miss} not in the API answer, kept from the previous catalog "
                    f"or dropped for a new region ({sample}"
                )
                text += ", ...)" if n_miss > 5 else ")"
            out.append(text)
        return out


# -- attribute mapping ---------------------------------------------------------------------------
def _ec2(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    itype = attrs.get("instanceType")
    return [(itype, None, price)] if itype else []


def _ebs(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    api = attrs.get("volumeApiName")
    if not api:
        return []
    family = attrs.get("productFamily", "")
    if family == "Storage":
        return [(api, None, price)]
    if family == "System Operation" and attrs.get("group") == "EBS IOPS":
        return [(f"{api}-iops", None, price)]
    if family == "Provisioned Throughput":
        return [(f"{api}-throughput", None, price)]
    return []


def _ends(attrs: dict[str, str], *suffixes: str) -> bool:
    return attrs.get("usagetype", "").endswith(suffixes)


def _vpc(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    if _ends(attrs, "NatGateway-Hours"):
        return [("nat-hour", None, price)]
    if _ends(attrs, "NatGateway-Bytes"):
        return [("nat-gb", None, price)]
    if "PublicIPv4:InUseAddress" in attrs.get("usagetype", ""):
        return [("public-ipv4", None, price)]
    return []


_ELB_FAMILY = {
    "Load Balancer-Application": "alb",
    "Load Balancer-Network": "nlb",
    "Load Balancer": "clb",
}


def _elb(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    kind = _ELB_FAMILY.get(attrs.get("productFamily", ""))
    if kind is None:
        return []
    if _ends(attrs, "LoadBalancerUsage"):
        return [(f"{kind}-hour", None, price)]
    if _ends(attrs, "LCUUsage") and kind in ("alb", "nlb"):
        return [(f"{kind}-{'lcu' if kind == 'alb' else 'nlcu'}", None, price)]
    if _ends(attrs, "DataProcessing-Bytes") and kind == "clb":
        return [("clb-gb", None, price)]
    return []


_RDS_ENGINE = {"MySQL": "mysql", "PostgreSQL": "postgres"}
_AURORA_ENGINE = {"Aurora MySQL": "aurora-mysql", "Aurora PostgreSQL": "aurora-postgresql"}
_RDS_VOLUME = {
    "General Purpose": "gp2",
    "General Purpose-GP3": "gp3",
    "Provisioned IOPS": "io1",
    "Magnetic": "standard",
}


_RDS_STORAGE_ENGINES = {"", "Any", "MySQL", "PostgreSQL"}
_IO_OPTIMIZED = re.compile(r"io.?optimi")


def _io_optimized(attrs: dict[str, str]) -> int:
    text = " ".join(attrs.get(k, "") for k in ("usagetype", "volumeType", "storage")).lower()
    return 1 if _IO_OPTIMIZED.search(text) else 0


def _deployment(attrs: dict[str, str]) -> int:
    return 1 if attrs.get("deploymentOption", "").startswith("Multi-AZ") else 0


def _rds(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    family = attrs.get("productFamily", "")
    engine = attrs.get("databaseEngine", "")
    if family == "Database Instance" and engine in _RDS_ENGINE:
        if attrs.get("deploymentOption") not in ("Single-AZ", "Multi-AZ"):
            return []
        return [(f"{_RDS_ENGINE[engine]}:{attrs.get('instanceType')}", _deployment(attrs), price)]
    if (
        family == "Database Storage"
        and attrs.get("volumeType") in _RDS_VOLUME
        and attrs.get("databaseEngine", "") in _RDS_STORAGE_ENGINES
    ):
        return [(f"storage:{_RDS_VOLUME[attrs['volumeType']]}", _deployment(attrs), price)]
    if family == "Provisioned IOPS":
        kind = "gp3" if "GP3" in attrs.get("volumeType", "") + attrs.get("usagetype", "") else "io1"
        return [(f"iops:{kind}", _deployment(attrs), price)]
    if family == "Provisioned Throughput":
        return [("throughput:gp3", _deployment(attrs), price)]
    return []


def _aurora(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    family = attrs.get("productFamily", "")
    optimized = _io_optimized(attrs)
    engine = attrs.get("databaseEngine", "")
    if family == "Database Instance" and engine in _AURORA_ENGINE:
        itype = attrs.get("instanceType", "")
        if itype == "db.serverless" or "ServerlessV2" in attrs.get("usagetype", ""):
            return [("serverless-acu", optimized, price)]
        return [(f"{_AURORA_ENGINE[engine]}:{itype}", optimized, price)]
    if family == "Database Storage" and "Aurora" in attrs.get("volumeType", ""):
        return [("storage", optimized, price)]
    if family == "System Operation" and "Aurora" in attrs.get("group", ""):
        return [("io", None, price * 1_000_000)]
    return []


def _cloudwatch(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    usagetype = attrs.get("usagetype", "")
    if usagetype.endswith("CW:HighResAlarmMonitorUsage"):
        return [("alarm-high-resolution", None, price)]
    if usagetype.endswith("CW:AlarmMonitorUsage"):
        return [("alarm-standard", None, price)]
    if usagetype.endswith("CW:CompositeAlarmMonitorUsage"):
        return [("alarm-composite", None, price)]
    if usagetype.endswith("DataProcessing-Bytes") and attrs.get("group") == "Ingested Logs":
        return [("logs-ingest-gb", None, price)]
    if usagetype.endswith("TimedStorage-ByteHrs"):
        return [("logs-storage-gb", None, price)]
    return []


def _per(factor: int, key: str) -> Callable[[Decimal], list[Entry]]:
    return lambda price: [(key, None, price * factor)]


def _by_usagetype(table: dict[str, Callable[[Decimal], list[Entry]]]) -> Callable[..., list[Entry]]:
    def extract(attrs: dict[str, str], price: Decimal) -> list[Entry]:
        usagetype = attrs.get("usagetype", "")
        for suffix, make in table.items():
            if usagetype.endswith(suffix):
                return make(price)
        return []

    return extract


def _transfer(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    kind = attrs.get("transferType", "")
    if kind == "AWS Outbound":
        return [("internet-out-gb", None, price)]
    if kind == "IntraRegion":
        return [("inter-az-gb-each-direction", None, price)]  # per direction; billed out and in
    if kind == "InterRegion Outbound":
        return [("inter-region-gb", None, price)]  # billed once, by the sending region
    return []


def _s3(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    if attrs.get("productFamily") == "Storage" and attrs.get("volumeType") == "Standard":
        return [("standard-gb", None, price)]
    if attrs.get("group") == "S3-API-Tier1":
        return [("put-1k", None, price * 1000)]
    if attrs.get("group") == "S3-API-Tier2":
        return [("get-1k", None, price * 1000)]
    return []


def _route53(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    usagetype = attrs.get("usagetype", "")
    table = {
        "HostedZone": ("hosted-zone", 1),
        "DNS-Queries": ("queries-standard-million", 1_000_000),
        "LBR-Queries": ("queries-latency-million", 1_000_000),
        "Health-Check-AWS": ("health-check-aws", 1),
        "Health-Check-NonAWS": ("health-check-non-aws", 1),
        "Health-Check-Option-AWS": ("health-check-feature-aws", 1),
        "Health-Check-Option-NonAWS": ("health-check-feature-non-aws", 1),
    }
    for suffix, (key, factor) in table.items():
        if usagetype.endswith(suffix):
            return [(key, None, price * factor)]
    return []


def _instance(prefix_filter: str = "") -> Callable[[dict[str, str], Decimal], list[Entry]]:
    """Node prices keyed by ``instanceType`` (ElastiCache ``cache.*``, OpenSearch ``*.search``)."""

    def extract(attrs: dict[str, str], price: Decimal) -> list[Entry]:
        itype = attrs.get("instanceType", "")
        return [(itype, None, price)] if itype and prefix_filter in itype else []

    return extract


def _elasticache(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    """Node prices by engine: Valkey nodes under ``valkey:<type>`` (20% below Redis OSS),
    Redis OSS and Memcached (the same price) under the node type."""
    itype = attrs.get("instanceType", "")
    if not itype.startswith("cache."):
        return []
    valkey = attrs.get("cacheEngine", "").lower() == "valkey"
    return [(f"valkey:{itype}" if valkey else itype, None, price)]


def _global_accelerator(attrs: dict[str, str], price: Decimal) -> list[Entry]:
    """Data transfer-premium from and to North America (``NA-NA-Out-Bytes-Internet``); the
    fixed hourly fee is not in the Price List (see :data:`NOT_IN_PRICE_LIST`)."""
    if re.fullmatch(r"NA-NA-(In|Out)-Bytes-(Internet|AWS)", attrs.get("usagetype", "")):
        return [("dt-premium-gb", None, price)]
    return []


def _with(
    first: Callable[[dict[str, str], Decimal], list[Entry]],
    second: Callable[[dict[str, str], Decimal], list[Entry]],
) -> Callable[[dict[str, str], Decimal], list[Entry]]:
    return lambda attrs, price: first(attrs, price) or second(attrs, price)


MILLION = 1_000_000
QUERIES: tuple[Query, ...] = (
    Query(
        "ec2",
        "AmazonEC2",
        {
            "productFamily": "Compute Instance",
            "operatingSystem": "Linux",
            "tenancy": "Shared",
            "preInstalledSw": "NA",
            "capacitystatus": "Used",
            "licenseModel": "No License required",
        },
        _ec2,
    ),
    Query("ebs", "AmazonEC2", {"productFamily": "Storage"}, _ebs),
    Query("ebs", "AmazonEC2", {"productFamily": "System Operation", "group": "EBS IOPS"}, _ebs),
    Query("ebs", "AmazonEC2", {"productFamily": "Provisioned Throughput"}, _ebs),
    Query("vpc", "AmazonEC2", {"productFamily": "NAT Gateway"}, _vpc),
    Query("elb", "AWSELB", {}, _elb),
    Query("rds", "AmazonRDS", {"productFamily": "Database Instance"}, _rds),
    Query("rds", "AmazonRDS", {"productFamily": "Database Storage"}, _rds),
    Query("rds", "AmazonRDS", {"productFamily": "Provisioned IOPS"}, _rds),
    Query("aurora", "AmazonRDS", {"productFamily": "Database Instance"}, _aurora),
    Query("aurora", "AmazonRDS", {"productFamily": "Database Storage"}, _aurora),
    Query("aurora", "AmazonRDS", {"productFamily": "System Operation"}, _aurora),
    Query("cloudwatch", "AmazonCloudWatch", {}, _cloudwatch),
    Query(
        "sns",
        "AmazonSNS",
        {},
        _by_usagetype(
            {
                "Requests-Tier1": _per(1_000_000, "requests-million"),
                "DeliveryAttempts-SMTP": _per(100_000, "email-100k"),
            }
        ),
    ),
    Query(
        "secretsmanager",
        "AWSSecretsManager",
        {},
        _by_usagetype(
            {
                "AWSSecretsManager-Secrets": _per(1, "secret"),
                "AWSSecretsManager-APIRequest": _per(10_000, "api-10k"),
            }
        ),
    ),
    Query(
        "kms",
        "awskms",
        {},
        _by_usagetype({"KMS-Keys": _per(1, "key"), "KMS-Requests": _per(10_000, "requests-10k")}),
    ),
    Query("s3", "AmazonS3", {}, _s3),
    Query(
        "lambda",
        "AWSLambda",
        {},
        _by_usagetype(
            {
                "Lambda-Provisioned-GB-Second-ARM": _per(1, "arm64-provisioned-duration-gb-second"),
                "Lambda-Provisioned-Concurrency-ARM": _per(1, "arm64-provisioned-gb-second"),
                "Lambda-Provisioned-GB-Second": _per(1, "x86_64-provisioned-duration-gb-second"),
                "Lambda-Provisioned-Concurrency": _per(1, "x86_64-provisioned-gb-second"),
                "Lambda-GB-Second-ARM": _per(1, "arm64-gb-second"),
                "Lambda-GB-Second": _per(1, "x86_64-gb-second"),
                "Lambda-Storage-GB-Second": _per(1, "ephemeral-gb-second"),
                "Request": _per(MILLION, "requests-million"),
            }
        ),
    ),
    Query(
        "sqs",
        "AWSQueueService",
        {},
        _by_usagetype(
            {
                "Requests-FIFO-RBP": _per(MILLION, "fifo-million"),
                "Requests-RBP": _per(MILLION, "standard-million"),
            }
        ),
    ),
    Query(
        "events",
        "AWSEvents",
        {},
        _by_usagetype({"Event-64K-Chunks": _per(MILLION, "custom-events-million")}),
    ),
    Query(
        "stepfunctions",
        "AmazonStates",
        {},
        _by_usagetype(
            {
                "StateTransition": _per(1000, "standard-transitions-1k"),
                "ExpressWorkflow-Requests": _per(MILLION, "express-requests-million"),
                "ExpressWorkflow-Duration-GB-Second": _per(1, "express-gb-second"),
            }
        ),
    ),
    Query(
        "apigateway",
        "AmazonApiGateway",
        {},
        _by_usagetype(
            {
                "ApiGatewayHttpRequest": _per(MILLION, "http-requests-million"),
                "ApiGatewayRequest": _per(MILLION, "rest-requests-million"),
                "ApiGatewayMessage": _per(MILLION, "websocket-messages-million"),
                "ApiGatewayMinute": _per(MILLION, "websocket-connection-minutes-million"),
            }
        ),
    ),
    Query(
        "dynamodb",
        "AmazonDynamoDB",
        {},
        _by_usagetype(
            {
                "ReplWriteRequestUnits": _per(MILLION, "replicated-write-request-million"),
                "WriteRequestUnits": _per(MILLION, "write-request-million"),
                "ReadRequestUnits": _per(MILLION, "read-request-million"),
                "ReplWriteCapacityUnit-Hrs": _per(1, "replicated-wcu-hour"),
                "WriteCapacityUnit-Hrs": _per(1, "wcu-hour"),
                "ReadCapacityUnit-Hrs": _per(1, "rcu-hour"),
                "TimedPITRStorage-ByteHrs": _per(1, "pitr-gb"),
                "TimedBackupStorage-ByteHrs": _per(1, "backup-gb"),
                "TimedStorage-ByteHrs": _per(1, "storage-gb"),
            }
        ),
    ),
    Query(
        "fargate",
        "AmazonECS",
        {},
        _by_usagetype(
            {
                "Fargate-ARM-vCPU-Hours:perCPU": _per(1, "linux-arm64-vcpu-hour"),
                "Fargate-ARM-GB-Hours": _per(1, "linux-arm64-gb-hour"),
                "Fargate-Windows-OS-Hours:perCPU": _per(1, "windows-license-vcpu-hour"),
                "Fargate-Windows-vCPU-Hours:perCPU": _per(1, "windows-vcpu-hour"),
                "Fargate-Windows-GB-Hours": _per(1, "windows-gb-hour"),
                "Fargate-vCPU-Hours:perCPU": _per(1, "linux-x86_64-vcpu-hour"),
                "Fargate-GB-Hours": _per(1, "linux-x86_64-gb-hour"),
                "Fargate-EphemeralStorage-GB-Hours": _per(1, "ephemeral-gb-hour"),
            }
        ),
    ),
    Query(
        "efs",
        "AmazonEFS",
        {},
        _by_usagetype(
            {
                "IATimedStorage-Z-ByteHrs": _per(1, "onezone-ia-gb"),
                "TimedStorage-Z-ByteHrs": _per(1, "onezone-gb"),
                "IATimedStorage-ByteHrs": _per(1, "ia-gb"),
                "ArchiveTimedStorage-ByteHrs": _per(1, "archive-gb"),
                "TimedStorage-ByteHrs": _per(1, "standard-gb"),
                "ProvisionedTP-MiBpsHrs": _per(1, "provisioned-mibps-month"),
            }
        ),
    ),
    Query("elasticache", "AmazonElastiCache", {"productFamily": "Cache Instance"}, _elasticache),
    Query(
        "opensearch",
        "AmazonES",
        {},
        _with(
            _instance(".search"),
            _by_usagetype(
                {"ES:GP2-Storage": _per(1, "gp2-gb"), "ES:GP3-Storage": _per(1, "gp3-gb")}
            ),
        ),
    ),
    Query(
        "kinesis",
        "AmazonKinesis",
        {},
        _by_usagetype(
            {
                "Storage-ShardHour": _per(1, "shard-hour"),
                "PutRequestPayloadUnits": _per(MILLION, "put-units-million"),
                "OnDemand-StreamHour": _per(1, "on-demand-stream-hour"),
                "OnDemand-BilledIncomingBytes": _per(1, "on-demand-ingest-gb"),
                "OnDemand-BilledOutgoingBytes": _per(1, "on-demand-retrieval-gb"),
            }
        ),
    ),
    Query(
        "firehose",
        "AmazonKinesisFirehose",
        {},
        _by_usagetype({"BilledBytes": _per(1, "ingest-gb")}),
    ),
    Query(
        "backup",
        "AWSBackup",
        {},
        _by_usagetype({"WarmStorage-ByteHrs-EFS": _per(1, "warm-gb")}),
    ),
    Query(
        "eks",
        "AmazonEKS",
        {},
        _by_usagetype({"AmazonEKS-Hours:perCluster": _per(1, "cluster-hour")}),
    ),
    Query(
        "vpc",
        "AmazonVPC",
        {},
        _with(
            _vpc,
            _by_usagetype(
                {
                    "VpcEndpoint-Hours": _per(1, "endpoint-az-hour"),
                    "VpcEndpoint-Bytes": _per(1, "endpoint-gb"),
                    "TransitGateway-Hours": _per(1, "tgw-attachment-hour"),
                    "TransitGateway-Bytes": _per(1, "tgw-gb"),
                    "ClientVPN-EndpointHours": _per(1, "clientvpn-association-hour"),
                    "ClientVPN-ConnectionHours": _per(1, "clientvpn-connection-hour"),
                }
            ),
        ),
    ),
    Query(
        "cloudtrail",
        "AWSCloudTrail",
        {},
        _by_usagetype(
            {
                "DataEventsRecorded": _per(100_000, "data-events-100k"),
                "PaidEventsRecorded": _per(100_000, "management-events-100k"),
            }
        ),
    ),
    Query(
        "config",
        "AWSConfig",
        {},
        _by_usagetype(
            {
                "ConfigRuleEvaluations": _per(1, "rule-evaluation"),
                "ConfigurationItemRecorded": _per(1, "configuration-item"),
            }
        ),
    ),
    Query(
        "codebuild",
        "CodeBuild",
        {},
        _by_usagetype(
            {
                "Build-Min:g1.small": _per(1, "general1-small-minute"),
                "Build-Min:g1.medium": _per(1, "general1-medium-minute"),
                "Build-Min:g1.large": _per(1, "general1-large-minute"),
            }
        ),
    ),
    Query(
        "cloudfront",
        "AmazonCloudFront",
        {"fromLocation": "United States"},
        _by_usagetype(
            {
                "DataTransfer-Out-Bytes": _per(1, "out-us-eu-gb"),
                "Requests-Tier2-HTTPS": _per(10_000, "https-requests-10k"),
                "Requests-Tier1": _per(10_000, "http-requests-10k"),
            }
        ),
        regional=False,
    ),
    Query(
        "waf",
        "awswaf",
        {},
        _by_usagetype(
            {
                "WebACL": _per(1, "web-acl"),
                "Rule": _per(1, "rule"),
                "Request": _per(MILLION, "requests-million"),
            }
        ),
        regional=False,
    ),
    Query(
        "globalaccelerator",
        "AWSGlobalAccelerator",
        {},
        _global_accelerator,
        regional=False,
    ),
    Query("transfer", "AWSDataTransfer", {}, _transfer, region_field="fromRegionCode"),
    Query("route53", "AmazonRoute53", {}, _route53, regional=False),
)
SERVICES = tuple(dict.fromkeys(q.block for q in QUERIES))

NOT_IN_PRICE_LIST: dict[tuple[str, str], str] = {
    ("globalaccelerator", "accelerator-hour"): (
        "the fixed $0.025/hour accelerator fee is on the pricing page only: the Price List "
        "(AWSGlobalAccelerator) carries the data transfer-premium products alone"
    ),
    ("cloudwatch", "dashboard"): (
        "dashboard products are account-global in the Price List (no regionCode), so the "
        "per-region query does not return them; the $3 per dashboard-month is the same everywhere"
    ),
    ("cloudwatch", "logs-vended-s3-gb"): (
        "vended log delivery is tiered by volume and destination; the row is the first tier for "
        "S3 as the pricing page lists it"
    ),
    ("cloudfront", "out-other-gb"): "outside North America/Europe: one blended row, approximated",
    ("cloudfront", "https-requests-10k-other"): "outside North America/Europe, approximated",
    ("efs", "elastic-read-gb"): "Elastic Throughput usage types not mapped yet",
    ("efs", "elastic-write-gb"): "Elastic Throughput usage types not mapped yet",
    ("efs", "ia-access-gb"): "Infrequent Access request usage type not mapped yet",
    ("aurora", "global-write-io"): "Global Database replicated write I/O not mapped yet",
    ("rds", "io:standard"): "magnetic-storage I/O requests not mapped yet",
    ("elasticache", "serverless-gb-hour"): "serverless usage types not mapped yet",
    ("elasticache", "serverless-ecpu-million"): "serverless usage types not mapped yet",
    ("elasticache", "valkey-serverless-gb-hour"): "serverless usage types not mapped yet",
    ("elasticache", "valkey-serverless-ecpu-million"): "serverless usage types not mapped yet",
}
"""Catalog rows that ``prices refresh`` leaves as they are, and why: they keep their own basis
(published or approximated) and the report names them as not in the API answer."""


# -- API access ----------------------------------------------------------------------------------
def products(client: Any, query: Query, region: str | None) -> Iterator[dict[str, Any]]:
    """Every product of ``query`` (in ``region``), following NextToken."""
    filters = [{"Type": "TERM_MATCH", "Field": k, "Value": v} for k, v in query.filters.items()]
    if region is not None:
        filters.append({"Type": "TERM_MATCH", "Field": query.region_field, "Value": region})
    paginator = client.get_paginator("get_products")
    pages = paginator.paginate(
        ServiceCode=query.service_code,
        Filters=filters,
        FormatVersion="aws_v1",
        PaginationConfig={"PageSize": 100},
    )
    for page in pages:
        for item in page.get("PriceList", []):
            yield json.loads(item) if isinstance(item, str) else item


def on_demand_price(product: dict[str, Any]) -> Decimal | None:
    """The USD price of the first non-zero tier of the product's on-demand offer."""
    offers = (product.get("terms") or {}).get("OnDemand") or {}
    for offer in offers.values():
        dimensions = sorted(
            (offer.get("priceDimensions") or {}).values(),
            key=lambda d: Decimal(str(d.get("beginRange", "0")) or "0"),
        )
        for dim in dimensions:
            usd = (dim.get("pricePerUnit") or {}).get("USD")
            if usd is not None and Decimal(usd) > 0:
                return Decimal(usd)
    return None


def refresh_catalog(
    data: dict[str, Any],
    regions: Iterable[str],
    client: Any,
    services: Iterable[str] = SERVICES,
    today: str | None = None,
) -> RefreshReport:
    """Update ``data`` (a catalog document) in place for ``regions`` and ``services``."""
    day = today or date.today().isoformat()
    wanted = list(services)
    report = RefreshReport()
    reference = data["regions"].get("us-east-1") or next(iter(data["regions"].values()))
    for query in QUERIES:
        if query.block not in wanted:
            continue
        targets = list(regions) if query.regional else [GLOBAL]
        for region in targets:
            if query.regional:
                region_data = data["regions"].setdefault(region, {})
                if query.block not in region_data:
                    region_data[query.block] = _empty_block(reference[query.block])
                block = region_data[query.block]
            else:
                block = data[GLOBAL][query.block]
            block.setdefault("_previous", {k: row_basis(block, k) for k in block["prices"]})
            found = _apply(block, query, client, None if region == GLOBAL else region, report)
            block.setdefault("_found", set()).update(found)
            block["date"] = day
            block["basis"] = "price-list-api"
            block["source"] = (
                f"AWS Price List API, pricing:GetProducts ServiceCode {query.service_code}"
            )
    for where, blocks in [(r, data["regions"].get(r, {})) for r in regions] + [
        (GLOBAL, data.get(GLOBAL, {}))
    ]:
        for name, block in blocks.items():
            found = block.pop("_found", None)
            previous = block.pop("_previous", {})
            if found is None:
                continue
            label = f"{where}/{name}"
            approximated = sorted(set(block.pop("approximated", [])) - found)
            if approximated:
                block["approximated"] = approximated
            # rows the answer lacked keep the basis they had: a price transcribed from the
            # pricing page stays "published", it does not become a Price List API price
            published = sorted(
                k
                for k in set(block["prices"]) - found
                if previous.get(k) == "published" or k in block.get("published", ())
            )
            block.pop("published", None)
            if published:
                block["published"] = published
            report.updated[label] = sorted(found)
            report.missing[label] = sorted(set(block["prices"]) - found)
            if block.pop("_new", False):  # a region new to the catalog: no borrowed prices
                block["prices"] = {k: v for k, v in block["prices"].items() if k in found}
    data["catalog_date"] = day
    return report


def _empty_block(reference: dict[str, Any]) -> dict[str, Any]:
    """A block for a region new to the catalog: the reference region's keys, to be filled."""
    return {
        "source": reference["source"],
        "date": reference["date"],
        "_new": True,
        "basis": reference["basis"],
        "prices": json.loads(json.dumps(reference["prices"], default=str), parse_float=Decimal),
    }


def _apply(
    block: dict[str, Any], query: Query, client: Any, region: str | None, report: RefreshReport
) -> set[str]:
    prices = block["prices"]
    found: set[str] = set()
    report.calls += 1
    try:
        for product in products(client, query, region):
            info = product.get("product") or {}
            attrs = dict(info.get("attributes") or {})
            attrs.setdefault("productFamily", info.get("productFamily", ""))
            price = on_demand_price(product)
            if price is None:
                continue
            for key, index, value in query.extract(attrs, price):
                if key not in prices:
                    continue
                if index is None:
                    prices[key] = value
                else:
                    pair = list(prices[key]) if isinstance(prices[key], list) else [value, value]
                    pair[index] = value
                    prices[key] = pair
                found.add(key)
    except HastackError:
        raise
    except Exception as error:  # botocore: no credentials, endpoint unreachable, ClientError
        raise PriceRefreshError(
            f"AWS Price List API ({query.service_code}, {region or 'global'}) failed: "
            f"{type(error).__name__}: {error}"
        ) from None
    return found


def write_catalog(data: dict[str, Any], path: str | Path) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, default=_json_number)
    target.write_text(text + "\n", encoding="utf-8")
    return target


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def refresh(
    regions: Iterable[str] = (),
    output: str | Path | None = None,
    services: Iterable[str] = (),
    client: Any = None,
    source: str | Path | None = None,
) -> tuple[Path, RefreshReport]:
    """Refresh ``regions`` (default: all in the catalog) and write the catalog to ``output``."""
    src = Path(source) if source else CATALOG_PATH
    data = json.loads(src.read_text(encoding="utf-8"), parse_float=Decimal)
    chosen = list(regions) or sorted(data["regions"])
    for region in chosen:
        if region_problem(region) is not None:
            raise UsageError(f"--region {region!r}: not an AWS region name (e.g. eu-west-1)")
    picked = list(services) or list(SERVICES)
    unknown = [s for s in picked if s not in SERVICES]
    if unknown:
        raise UsageError(
            f"--service {', '.join(unknown)}: unknown; choose from {', '.join(SERVICES)}"
        )
    if client is None:
        client = _pricing_client()
    report = refresh_catalog(data, chosen, client, picked)
    return write_catalog(data, output or src), report


def _pricing_client() -> Any:
    import boto3

    return boto3.client("pricing", region_name=PRICING_REGION)
