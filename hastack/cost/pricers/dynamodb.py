"""DynamoDB tables and global tables: capacity (on-demand or provisioned), storage, backups.

``BillingMode`` is ``PROVISIONED`` unless set (CloudFormation's default): the table and each
global secondary index bill their read and write capacity units every hour. ``PAY_PER_REQUEST``
bills request units by use. Point-in-time recovery bills the table's size; on-demand backups
their own size. A global table (``AWS::DynamoDB::GlobalTable``) stores a copy per replica and
bills every write as a replicated write in every replica; the replicas are priced at this
region's rates, and the cross-region transfer of replicated writes is left to ``data_transfer``.
The free tier (25 GB, 25 RCU/WCU) is per account and not subtracted.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hastack.cost.model import Component
from hastack.cost.pricers.base import PriceContext, as_bool, charge, number_or, pricer
from hastack.cost.usage import key
from hastack.template import types

DYNAMODB_USAGE = [
    key("writes_millions", 1, "million write request units/month", "on-demand writes (1 KB)"),
    key("reads_millions", 1, "million read request units/month", "on-demand reads (4 KB)"),
    key("storage_gb", 1, "GB-months", "table and index data"),
    key("backup_gb", 0, "GB-months", "on-demand backups kept"),
]


def _capacity(ctx: PriceContext, props: dict[str, Any]) -> tuple[Decimal, Decimal]:
    """(RCU, WCU) of the table and its global secondary indexes."""
    rcu = wcu = Decimal(0)
    blocks = [props.get("ProvisionedThroughput")]
    for index in props.get("GlobalSecondaryIndexes") or []:
        if isinstance(index, dict):
            blocks.append(index.get("ProvisionedThroughput"))
    for block in blocks:
        if isinstance(block, dict):
            rcu += number_or(ctx, "ReadCapacityUnits", 1, "ReadCapacityUnits", block)
            wcu += number_or(ctx, "WriteCapacityUnits", 1, "WriteCapacityUnits", block)
    return rcu, wcu


def _pitr(ctx: PriceContext, props: dict[str, Any]) -> bool:
    spec = props.get("PointInTimeRecoverySpecification")
    if not isinstance(spec, dict):
        return False
    return as_bool(ctx.get_or("PointInTimeRecoveryEnabled", False, "PITR", props=spec))


def table_components(
    ctx: PriceContext, props: dict[str, Any], replicas: int = 1, pitr: bool = False
) -> list[Component]:
    mode = str(ctx.get_or("BillingMode", "PROVISIONED", "billing mode", props, "PROVISIONED"))
    storage = ctx.usage.get("storage_gb")
    parts: list[Component] = []
    copies = f" x {replicas} replicas" if replicas > 1 else ""
    if mode == "PAY_PER_REQUEST":
        write_key = "replicated-write-request-million" if replicas > 1 else "write-request-million"
        parts += [
            charge(
                f"DynamoDB on-demand writes{copies}",
                "million WRUs",
                ctx.usage.get("writes_millions") * replicas,
                ctx.price("dynamodb", write_key),
                usage_based=True,
            ),
            charge(
                "DynamoDB on-demand reads",
                "million RRUs",
                ctx.usage.get("reads_millions"),
                ctx.price("dynamodb", "read-request-million"),
                usage_based=True,
            ),
        ]
    else:
        rcu, wcu = _capacity(ctx, props)
        if not rcu and not wcu:
            ctx.note("provisioned table without ProvisionedThroughput: 1 RCU and 1 WCU assumed")
            rcu = wcu = Decimal(1)
        wcu_key = "replicated-wcu-hour" if replicas > 1 else "wcu-hour"
        parts += [
            charge(
                f"DynamoDB provisioned writes ({wcu} WCU{copies})",
                "WCU-hours",
                wcu * ctx.hours * replicas,
                ctx.price("dynamodb", wcu_key),
            ),
            charge(
                f"DynamoDB provisioned reads ({rcu} RCU)",
                "RCU-hours",
                rcu * ctx.hours,
                ctx.price("dynamodb", "rcu-hour"),
            ),
        ]
    parts.append(
        charge(
            f"DynamoDB storage{copies}",
            "GB-months",
            storage * replicas,
            ctx.price("dynamodb", "storage-gb"),
            usage_based=True,
        )
    )
    if pitr:
        parts.append(
            charge(
                f"DynamoDB point-in-time recovery{copies}",
                "GB-months",
                storage * replicas,
                ctx.price("dynamodb", "pitr-gb"),
                usage_based=True,
            )
        )
    backups = ctx.usage.get("backup_gb")
    if backups:
        parts.append(
            charge(
                "DynamoDB on-demand backups",
                "GB-months",
                backups,
                ctx.price("dynamodb", "backup-gb"),
                usage_based=True,
            )
        )
    return parts


@pricer(types.DYNAMODB_TABLE, usage=DYNAMODB_USAGE)
def table(ctx: PriceContext) -> list[Component]:
    return table_components(ctx, ctx.props, 1, _pitr(ctx, ctx.props))


@pricer(types.DYNAMODB_GLOBAL_TABLE, usage=DYNAMODB_USAGE)
def global_table(ctx: PriceContext) -> list[Component]:
    replicas = ctx.props.get("Replicas")
    count = len(replicas) if isinstance(replicas, list) and replicas else 1
    pitr = any(
        isinstance(r, dict) and _pitr(ctx, r)
        for r in (replicas if isinstance(replicas, list) else [])
    )
    props = dict(ctx.props)
    write = props.get("WriteProvisionedThroughputSettings")
    if isinstance(write, dict) and "WriteCapacityAutoScalingSettings" in write:
        settings = write["WriteCapacityAutoScalingSettings"]
        props["ProvisionedThroughput"] = {
            "WriteCapacityUnits": settings.get("MinCapacity", 1),
            "ReadCapacityUnits": 1,
        }
        ctx.note("global table autoscaled writes priced at MinCapacity")
    if count > 1:
        ctx.note(f"{count} replicas priced at this region's rates")
    return table_components(ctx, props, count, pitr)
