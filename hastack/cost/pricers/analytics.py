"""Kinesis Data Streams and Firehose, OpenSearch (and Elasticsearch) domains.

Kinesis: a provisioned stream bills shard-hours and PUT payload units (25 KB each); an
on-demand stream bills stream-hours and GB written and read. Firehose bills GB ingested (in
5 KB steps). OpenSearch bills instance-hours of data and dedicated master nodes, and EBS
storage per node; old ``*.elasticsearch`` instance names are priced as their ``*.search`` twins.
"""

from __future__ import annotations

from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import (
    PriceContext,
    as_bool,
    charge,
    number_or,
    pricer,
    usage_charge,
)
from hastack.cost.usage import key
from hastack.template import types

OPENSEARCH_DEFAULT_TYPE = "r5.large.search"
"""OpenSearch Service's default data node type when ClusterConfig sets none."""


@pricer(
    types.KINESIS_STREAM,
    usage=[
        key(
            "put_units_millions", 1, "million PUT units/month", "25 KB payload units (provisioned)"
        ),
        key("ingest_gb", 10, "GB/month", "data written (on-demand)"),
        key("retrieval_gb", 10, "GB/month", "data read (on-demand)"),
    ],
)
def kinesis_stream(ctx: PriceContext) -> list[Component]:
    mode = ctx.get_or("StreamModeDetails", {}, "stream mode") or {}
    if str(mode.get("StreamMode", "PROVISIONED")).upper() == "ON_DEMAND":
        return [
            charge(
                "Kinesis on-demand stream",
                "stream-hours",
                ctx.hours,
                ctx.price("kinesis", "on-demand-stream-hour"),
            ),
            usage_charge(
                ctx,
                "Kinesis on-demand data in",
                "GB",
                "ingest_gb",
                "kinesis",
                "on-demand-ingest-gb",
            ),
            usage_charge(
                ctx,
                "Kinesis on-demand data out",
                "GB",
                "retrieval_gb",
                "kinesis",
                "on-demand-retrieval-gb",
            ),
        ]
    shards = number_or(ctx, "ShardCount", 1, "ShardCount")
    return [
        charge(
            f"Kinesis shards ({shards})",
            "shard-hours",
            shards * ctx.hours,
            ctx.price("kinesis", "shard-hour"),
        ),
        usage_charge(
            ctx,
            "Kinesis PUT payload units",
            "million units",
            "put_units_millions",
            "kinesis",
            "put-units-million",
        ),
    ]


@pricer(
    types.KINESISFIREHOSE_DELIVERY_STREAM,
    usage=[key("ingest_gb", 10, "GB/month", "data ingested (5 KB steps)")],
)
def firehose(ctx: PriceContext) -> list[Component]:
    return [usage_charge(ctx, "Firehose data ingested", "GB", "ingest_gb", "firehose", "ingest-gb")]


def _search_type(value: Any) -> str:
    text = str(value)
    return text.replace(".elasticsearch", ".search")


@pricer(types.OPENSEARCHSERVICE_DOMAIN, types.ELASTICSEARCH_DOMAIN)
def search_domain(ctx: PriceContext) -> list[Component]:
    config = ctx.props.get("ClusterConfig", ctx.props.get("ElasticsearchClusterConfig"))
    config = config if isinstance(config, dict) else {}
    itype = ctx.get_or(
        "InstanceType", OPENSEARCH_DEFAULT_TYPE, "instance type", config, OPENSEARCH_DEFAULT_TYPE
    )
    if "InstanceType" not in config:
        ctx.note(f"InstanceType not set: {OPENSEARCH_DEFAULT_TYPE} assumed")
    count = int(number_or(ctx, "InstanceCount", 1, "InstanceCount", config))
    itype = _search_type(itype)
    parts = [_node_hours(ctx, itype, count, "data")]
    if as_bool(ctx.get_or("DedicatedMasterEnabled", False, "dedicated masters", config)):
        mtype = _search_type(ctx.get_or("DedicatedMasterType", itype, "master type", config, itype))
        masters = int(number_or(ctx, "DedicatedMasterCount", 3, "DedicatedMasterCount", config))
        parts.append(_node_hours(ctx, mtype, masters, "dedicated master"))
    ebs = ctx.props.get("EBSOptions")
    if isinstance(ebs, dict) and as_bool(ctx.get_or("EBSEnabled", True, "EBS", ebs)):
        size = number_or(ctx, "VolumeSize", 10, "VolumeSize", ebs)
        vtype = str(ctx.get_or("VolumeType", "gp2", "volume type", ebs, "gp2"))
        key_name = "gp3-gb" if vtype == "gp3" else "gp2-gb"
        parts.append(
            charge(
                f"OpenSearch EBS {vtype} storage ({size} GB x {count})",
                "GB-months",
                size * count,
                ctx.price("opensearch", key_name),
            )
        )
    return parts


def _node_hours(ctx: PriceContext, itype: str, count: int, role: str) -> Component:
    return charge(
        f"OpenSearch {role} nodes ({itype} x {count})",
        "hours",
        ctx.hours * count,
        ctx.price("opensearch", itype, what=f"OpenSearch instance type {itype}"),
    )
